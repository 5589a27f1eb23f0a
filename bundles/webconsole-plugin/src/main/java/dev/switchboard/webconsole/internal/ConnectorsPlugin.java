package dev.switchboard.webconsole.internal;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorLogs;
import dev.switchboard.host.api.DeploymentControl;
import dev.switchboard.host.api.DeploymentFiles;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.FailureException;
import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.JsonViews;
import dev.switchboard.host.api.OperationInvoker;
import dev.switchboard.host.api.Rollback;
import dev.switchboard.host.api.RollbackException;
import dev.switchboard.host.api.TrafficControl;
import dev.switchboard.metrics.api.CallHistory;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.Subscriptions;

/**
 * The "Connectors" page of the Felix Web Console ({@code /system/console/connectors}): the catalog and the deploy
 * folder, connector details (with the connector's canary traffic split), Try it (inline values or a named
 * connection), named connections, rollback, upload and removal of connector jars. A plain DS servlet the console picks up by
 * its label; the console authenticates every request before it gets here. Reads and calls the host's service API
 * only.
 */
@Component(
        service = Servlet.class,
        property = {
            ServletConstants.PLUGIN_LABEL + "=" + ConnectorsPlugin.LABEL,
            ServletConstants.PLUGIN_TITLE + "=Connectors",
            ServletConstants.PLUGIN_CATEGORY + "=Switchboard"
        })
public final class ConnectorsPlugin extends AbstractServlet {

    static final String LABEL = "connectors";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorsPlugin.class);
    private static final String PREFIX = "/" + LABEL;
    private static final int MAX_JSON_BYTES = 1 << 20;
    private static final String JSON = "application/json;charset=utf-8";

    private final transient ConnectorCatalog catalog;
    private final transient ConnectorLogs logs;
    private final transient TrafficControl traffic;
    private final transient DeploymentInventory inventory;
    private final transient ConsoleDeployFolder deployFolder;
    private final transient DeploymentControl control;
    private final transient ConnectionForms connections;
    private final transient ObjectMapper mapper;
    private final transient ConsoleViews views;
    private final transient JsonViews jsonViews;
    private final transient TryItRunner tryIt;
    private final transient CsrfGuard csrf = new CsrfGuard();
    private final transient PageTemplate page = new PageTemplate();

    /**
     * The triggers bundle's {@link Subscriptions}, when it is there: the overview's Subscriptions table. Typed
     * {@code Object} on purpose: the import of its package is optional, and SCR reflects over this class's fields
     * (a field of an unresolvable type fails the whole component); the cast happens in {@link #subscriptionList()}.
     */
    @Reference(
            service = Subscriptions.class,
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    private transient volatile Object subscriptions;

    /** The host's deploy-folder writer: uploads and removals take the same checks as the REST API's. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile DeploymentFiles files;

    /** The metrics bundle's {@link CallHistory}, when it is there: the charts. {@code Object} for the same reason. */
    @Reference(
            service = CallHistory.class,
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    private transient volatile Object history;

    @Activate
    public ConnectorsPlugin(
            @Reference ConnectorCatalog catalog,
            @Reference OperationInvoker invoker,
            @Reference DeploymentInventory inventory,
            @Reference DeploymentControl control,
            @Reference ConnectionStore connectionStore,
            @Reference TrafficControl traffic,
            @Reference ConnectorLogs logs,
            @Reference JsonViews jsonViews) {
        this.traffic = traffic;
        this.catalog = catalog;
        this.logs = logs;
        this.inventory = inventory;
        this.control = control;
        this.mapper = jsonViews.mapper();
        this.jsonViews = jsonViews;
        this.views = new ConsoleViews(jsonViews);
        this.tryIt = new TryItRunner(invoker, connectionStore, views, mapper);
        this.connections = new ConnectionForms(connectionStore, mapper);
        this.deployFolder = new ConsoleDeployFolder(() -> files, inventory, mapper);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String path = path(request);
        switch (path) {
            case "/revision.json":
                writeJson(
                        response, 200, views.revision(catalog.snapshot(), inventory.deployments(), subscriptionList()));
                return;
            case "/overview.json":
                writeJson(
                        response,
                        200,
                        views.overview(
                                catalog.snapshot(),
                                inventory.deployments(),
                                inventory.deployFolder().toString(),
                                subscriptionList()));
                return;
            case "/connector.json":
                ObjectNode detail = views.detail(catalog.snapshot(), String.valueOf(request.getParameter("id")));
                if (detail == null) {
                    writeError(response, 404, "ConnectorNotFound", "No connector with that id");
                } else {
                    String id = detail.path("id").asText();
                    detail.set(
                            "traffic",
                            views.traffic(traffic.all().stream()
                                    .filter(t -> t.connectorId().equals(id))
                                    .findFirst()
                                    .orElse(null)));
                    writeJson(response, 200, detail);
                }
                return;
            case "/metrics.json":
                if (history == null) {
                    // without the metrics bundle: CallCharts (which uses its API) is never loaded
                    writeJson(
                            response,
                            200,
                            mapper.createObjectNode().put("metrics", false).set("series", mapper.createArrayNode()));
                } else {
                    writeJson(response, 200, CallCharts.json(mapper, callSeries()));
                }
                return;
            case "/logs.json":
                writeJson(
                        response,
                        200,
                        ConsoleLogs.json(
                                jsonViews,
                                logs,
                                String.valueOf(request.getParameter("id")),
                                request.getParameter("level")));
                return;
            case "/connections.json":
                writeJson(response, 200, connections.list(request.getParameter("connector")));
                return;
            default:
                // the page's scripts and styles under /connectors/res/; anything else is the page itself
                super.doGet(request, response);
        }
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String pluginRoot = (String) request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        response.getWriter().write(page.render(pluginRoot == null ? "" : pluginRoot, csrf.token(request)));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String rejection = csrf.rejection(request);
        if (rejection != null) {
            LOG.warn("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), rejection);
            writeError(response, 403, "Forbidden", "Refused: " + rejection);
            return;
        }
        try {
            switch (path(request)) {
                case "/invoke":
                    writeJson(response, 200, tryIt.run(readJson(request)));
                    return;
                case "/upload":
                    writeJson(response, 200, deployFolder.upload(request.getPart("file")));
                    return;
                case "/remove":
                    writeJson(
                            response,
                            200,
                            deployFolder.remove(readJson(request).path("file").asText("")));
                    return;
                case "/rollback":
                    rollback(readJson(request), response);
                    return;
                case "/connections/save":
                    writeJson(response, 200, connections.save(readJson(request)));
                    return;
                case "/connections/delete":
                    JsonNode which = readJson(request);
                    if (!connections.delete(which)) {
                        writeError(
                                response,
                                404,
                                "ConnectionNotFound",
                                "There is no connection named '"
                                        + which.path("name").asText() + "'.");
                        return;
                    }
                    writeJson(
                            response,
                            200,
                            mapper.createObjectNode()
                                    .put("deleted", which.path("name").asText()));
                    return;
                default:
                    writeError(response, 404, "NotFound", "No such action");
            }
        } catch (FailureException e) { // an invocation's or a deploy-folder write's, answered as the REST API does
            writeFailure(response, e);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            writeError(response, 400, "BadRequest", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writeError(response, 503, "Interrupted", "The request was interrupted");
        }
    }

    private void rollback(JsonNode request, HttpServletResponse response) throws IOException {
        // the same status and code as POST /api/connectors/{id}/rollback: both come from Failures
        String id = request.path("id").asText("");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id is required");
        }
        Rollback rollback;
        try {
            rollback = control.rollback(id);
        } catch (RollbackException e) {
            if (e.reason() == RollbackException.Reason.FAILED) {
                LOG.warn("Console rollback of {} failed: {}", id, e.getMessage(), e.getCause());
            }
            writeFailure(response, Failures.of(e));
            return;
        }
        LOG.info(
                "Console rollback: {} {} -> {} ({})",
                id,
                rollback.previousVersion(),
                rollback.version(),
                rollback.file());
        writeJson(
                response,
                200,
                mapper.createObjectNode()
                        .put("id", rollback.id())
                        .put("version", rollback.version())
                        .put("previousVersion", rollback.previousVersion())
                        .put("file", rollback.file()));
    }

    private JsonNode readJson(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_JSON_BYTES) {
            throw new IllegalArgumentException("The request body is larger than 1 MiB");
        }
        byte[] body = request.getInputStream().readNBytes(MAX_JSON_BYTES + 1);
        if (body.length > MAX_JSON_BYTES) {
            throw new IllegalArgumentException("The request body is larger than 1 MiB");
        }
        JsonNode node = mapper.readTree(body);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("The request body must be a JSON object");
        }
        return node;
    }

    /** Every subscription; {@code null} when the triggers bundle is not there (or it failed to answer). */
    private List<Subscription> subscriptionList() {
        Object service = subscriptions;
        if (service == null) {
            return null;
        }
        try {
            return ((Subscriptions) service).list();
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: the triggers bundle came after this one resolved without it (refresh this bundle)
            LOG.warn("Could not list the subscriptions", e);
            return null;
        }
    }

    /** The recent calls per connector version; {@code null} when the metrics bundle is not there. */
    private List<CallHistory.Series> callSeries() {
        Object service = history;
        if (service == null) {
            return null;
        }
        try {
            return ((CallHistory) service).series();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Could not read the call history", e);
            return null;
        }
    }

    /** The path below the plugin label: {@code /overview.json} for {@code /connectors/overview.json}. */
    private static String path(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || !info.startsWith(PREFIX)) {
            return "";
        }
        return info.substring(PREFIX.length());
    }

    private void writeError(HttpServletResponse response, int status, String code, String message) throws IOException {
        writeFailure(response, new InvocationException(status, code, message));
    }

    private void writeFailure(HttpServletResponse response, Failure failure) throws IOException {
        writeJson(response, Failures.status(failure), views.error(failure));
    }

    private void writeJson(HttpServletResponse response, int status, JsonNode body) throws IOException {
        setNoCache(response);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setStatus(status);
        response.setContentType(JSON);
        mapper.writeValue(response.getOutputStream(), body);
    }
}
