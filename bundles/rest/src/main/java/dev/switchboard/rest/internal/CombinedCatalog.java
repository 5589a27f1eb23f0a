package dev.switchboard.rest.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;

/**
 * {@code GET /api/operations}: every operation of every ACTIVE connector version, serialized once per catalog
 * revision and form (summary or expanded) and then served from memory.
 */
final class CombinedCatalog {

    /** The serialized catalog of one revision and form, with its strong ETag. */
    record Rendered(long revision, boolean expand, byte[] body, String etag) {
    }

    private final ObjectMapper mapper;
    private final JsonViews views;
    private final AtomicReference<Rendered> summary = new AtomicReference<>();
    private final AtomicReference<Rendered> expanded = new AtomicReference<>();

    CombinedCatalog(ObjectMapper mapper, JsonViews views) {
        this.mapper = mapper;
        this.views = views;
    }

    Rendered render(CatalogSnapshot snapshot, boolean expand) throws JsonProcessingException {
        AtomicReference<Rendered> slot = expand ? expanded : summary;
        Rendered cached = slot.get();
        if (cached != null && cached.revision() == snapshot.revision()) {
            return cached;
        }
        // two requests racing here both render the same bytes; the last one stored wins, which is harmless
        Rendered rendered = renderNow(snapshot, expand);
        slot.set(rendered);
        return rendered;
    }

    private Rendered renderNow(CatalogSnapshot snapshot, boolean expand) throws JsonProcessingException {
        ArrayNode operations = mapper.createArrayNode();
        for (ConnectorEntry entry : snapshot.active()) {
            for (ServiceOperation operation : entry.operations()) {
                operations.add(views.catalogOperation(entry, operation, expand));
            }
        }
        byte[] body = mapper.writeValueAsBytes(operations);
        // the digest guards against a revision number being reused, for example after the host restarted
        String etag = "\"" + snapshot.revision() + (expand ? "-expanded-" : "-summary-") + digest(body) + "\"";
        return new Rendered(snapshot.revision(), expand, body, etag);
    }

    /**
     * Whether an {@code If-None-Match} header names {@code etag}; weak comparison, as RFC 9110 asks for this header.
     */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
