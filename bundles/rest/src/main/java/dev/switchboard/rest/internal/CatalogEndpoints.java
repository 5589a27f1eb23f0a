package dev.switchboard.rest.internal;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.JsonViews;
import dev.switchboard.host.api.TrafficControl;
import dev.switchboard.security.api.Caller;
import dev.switchboard.security.api.Role;

/**
 * The read-only catalog resources: {@code /connectors}, {@code /connectors/{id}[/operations]}, {@code /operations};
 * a connector's detail includes its traffic split.
 */
final class CatalogEndpoints {

    private final ConnectorCatalog catalog;
    private final TrafficControl traffic;
    private final ObjectMapper mapper;
    private final JsonViews views;
    private final CombinedCatalog combined;
    private final ResponseWriter writer;

    CatalogEndpoints(
            ConnectorCatalog catalog,
            TrafficControl traffic,
            ObjectMapper mapper,
            JsonViews views,
            ResponseWriter writer) {
        this.catalog = catalog;
        this.traffic = traffic;
        this.mapper = mapper;
        this.views = views;
        this.combined = new CombinedCatalog(mapper);
        this.writer = writer;
    }

    /** {@code GET /connectors}: every registered connector version, in every state. */
    void connectors(ApiCall call) throws IOException {
        ArrayNode list = mapper.createArrayNode();
        Caller caller = caller(call);
        for (ConnectorEntry entry : catalog.snapshot().connectors()) {
            if (caller == null || caller.mayUse(entry.id())) {
                list.add(views.connectorSummary(entry));
            }
        }
        writer.json(call.response(), 200, list);
    }

    private static Caller caller(ApiCall call) {
        return call.request().getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller c ? c : null;
    }

    /** {@code GET /connectors/{id}[?version=]}. */
    void connector(ApiCall call) throws IOException {
        CatalogSnapshot snapshot = catalog.snapshot();
        String id = call.path("id");
        ConnectorEntry entry = ConnectorSelector.select(snapshot, id, call.query("version"));
        List<ConnectorEntry> versions = snapshot.versionsOf(id).stream()
                .sorted(Comparator.comparing(ConnectorEntry::osgiVersion).reversed())
                .toList();
        ObjectNode detail = views.connectorDetail(entry, versions);
        // the connector's canary split, if it has one: where calls without a version go
        detail.set(
                "traffic",
                traffic.all().stream()
                        .filter(t -> t.connectorId().equals(id))
                        .findFirst()
                        .<JsonNode>map(views::traffic)
                        .orElse(NullNode.getInstance()));
        writer.json(call.response(), 200, detail);
    }

    /** {@code GET /connectors/{id}/operations[?version=&expand=true]}. */
    void operations(ApiCall call) throws IOException {
        ConnectorEntry entry = ConnectorSelector.select(catalog.snapshot(), call.path("id"), call.query("version"));
        boolean expand = call.flag("expand");
        ArrayNode list = mapper.createArrayNode();
        for (ServiceOperation operation : entry.operations()) {
            list.add(views.operation(operation, expand));
        }
        writer.json(call.response(), 200, list);
    }

    /** {@code GET /operations[?expand=true]}: the combined catalog, with an ETag from its revision. */
    void combinedCatalog(ApiCall call) throws IOException {
        CombinedCatalog.Rendered rendered = combined.render(catalog.snapshot(), call.flag("expand"));
        HttpServletResponse response = call.response();
        Caller caller = caller(call);
        if (caller != null && !caller.connectorGlobs().isEmpty() && !caller.has(Role.ADMIN)) {
            // a token limited to some connectors sees their operations only: filtered per request, no ETag
            ArrayNode visible = mapper.createArrayNode();
            for (JsonNode operation : mapper.readTree(rendered.body())) {
                if (caller.mayUse(operation.path("connector").asText())) {
                    visible.add(operation);
                }
            }
            response.setHeader("Cache-Control", "no-store");
            writer.json(response, 200, visible);
            return;
        }
        // clients may keep it, but must ask again; the ETag makes asking cheap
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("Vary", "Accept-Encoding");
        boolean gzip = CombinedCatalog.acceptsGzip(call.request().getHeader("Accept-Encoding"));
        String etag = gzip ? rendered.gzipEtag() : rendered.etag();
        String ifNoneMatch = call.request().getHeader("If-None-Match");
        // either form's tag names the same revision: the client has it
        if (CombinedCatalog.matches(ifNoneMatch, rendered.etag())
                || CombinedCatalog.matches(ifNoneMatch, rendered.gzipEtag())) {
            writer.notModified(response, etag);
            return;
        }
        response.setHeader("ETag", etag);
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
            writer.bytes(response, 200, combined.gzip(rendered));
        } else {
            writer.bytes(response, 200, rendered.body());
        }
    }
}
