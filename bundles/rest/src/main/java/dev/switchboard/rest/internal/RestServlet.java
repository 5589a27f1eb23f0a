package dev.switchboard.rest.internal;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.AuditLog;
import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorLogs;
import dev.switchboard.host.api.DeploymentControl;
import dev.switchboard.host.api.DeploymentFiles;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.JsonViews;
import dev.switchboard.host.api.OperationInvoker;
import dev.switchboard.host.api.TrafficControl;
import dev.switchboard.security.api.ApiTokens;
import dev.switchboard.security.api.HttpContexts;

/**
 * The REST API under {@code /api}: routes and answers every request, errors included, as JSON. It runs in the servlet
 * context {@value HttpContexts#API}, which has authenticated the caller and checked its roles before this servlet sees
 * the request; health and hooks are {@link PublicApiServlet}'s.
 */
@Component(service = Servlet.class, configurationPid = RestServlet.PID)
@Designate(ocd = RestConfiguration.class)
@HttpWhiteboardContextSelect("(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + HttpContexts.API + ")")
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardServletName("switchboard-rest")
@HttpWhiteboardServletAsyncSupported
public final class RestServlet extends HttpServlet {

    static final String PID = "dev.switchboard.rest";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RestServlet.class);

    private final transient ResponseWriter writer;
    private final transient JsonViews views;
    private final transient ObjectMapper mapper;
    private final transient Router router;

    /** Only while the triggers feature runs: see {@link SubscriptionApi}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile SubscriptionApi subscriptions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile AuditLog audit;

    /** The host's deploy-folder writer, for PUT and DELETE /api/deployments/{file}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile DeploymentFiles deploymentFiles;

    /** Only once this node has joined a cluster: see {@link ClusterView}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile ClusterView cluster;

    /** Whether the launcher started this node in cluster mode (framework property {@code switchboard.cluster}). */
    private final boolean clusterMode;

    @Activate
    public RestServlet(
            BundleContext context,
            RestConfiguration config,
            @Reference ConnectorCatalog catalog,
            @Reference OperationInvoker invoker,
            @Reference DeploymentInventory inventory,
            @Reference ConnectionStore connections,
            @Reference DeploymentControl deploymentControl,
            @Reference ApiTokens tokens,
            @Reference TrafficControl traffic,
            @Reference ConnectorLogs logs,
            @Reference JsonViews views) {
        this(
                Boolean.parseBoolean(context.getProperty("switchboard.cluster")),
                config,
                catalog,
                invoker,
                inventory,
                connections,
                deploymentControl,
                tokens,
                traffic,
                logs,
                views);
    }

    /** A standalone node's API (tests). */
    RestServlet(
            RestConfiguration config,
            ConnectorCatalog catalog,
            OperationInvoker invoker,
            DeploymentInventory inventory,
            ConnectionStore connections,
            DeploymentControl deploymentControl,
            ApiTokens tokens,
            TrafficControl traffic,
            ConnectorLogs logs,
            JsonViews views) {
        this(false, config, catalog, invoker, inventory, connections, deploymentControl, tokens, traffic, logs, views);
    }

    private RestServlet(
            boolean clusterMode,
            RestConfiguration config,
            ConnectorCatalog catalog,
            OperationInvoker invoker,
            DeploymentInventory inventory,
            ConnectionStore connections,
            DeploymentControl deploymentControl,
            ApiTokens tokens,
            TrafficControl traffic,
            ConnectorLogs logs,
            JsonViews views) {
        this.clusterMode = clusterMode;
        this.views = views;
        this.mapper = views.mapper();
        this.writer = new ResponseWriter(mapper);
        CatalogEndpoints catalogEndpoints = new CatalogEndpoints(catalog, traffic, mapper, views, writer);
        RequestBodyReader bodyReader = new RequestBodyReader(config.max_request_bytes());
        TrafficEndpoints trafficEndpoints = new TrafficEndpoints(traffic, mapper, views, bodyReader, writer);
        TokenEndpoints tokenEndpoints = new TokenEndpoints(tokens, mapper, bodyReader, writer);
        AuditEndpoint auditEndpoint = new AuditEndpoint(this::auditLog, mapper, writer);
        InvokeEndpoint invokeEndpoint =
                new InvokeEndpoint(invoker, bodyReader, new InvocationParser(mapper, connections), writer);
        ConnectionEndpoints connectionEndpoints = new ConnectionEndpoints(connections, mapper, bodyReader, writer);
        DeploymentEndpoints deploymentEndpoints =
                new DeploymentEndpoints(inventory, () -> deploymentFiles, views, writer);
        this.router = new Router()
                .add("GET", "/connectors", catalogEndpoints::connectors)
                .add("GET", "/connectors/{id}", catalogEndpoints::connector)
                .add("GET", "/connectors/{id}/operations", catalogEndpoints::operations)
                .add("GET", "/connectors/{id}/logs", new LogsEndpoint(logs, catalog, views, writer)::lines)
                .add("POST", "/connectors/{id}/operations/{operationId}/invoke", invokeEndpoint::invoke)
                .add("GET", "/operations", catalogEndpoints::combinedCatalog)
                .add("GET", "/deployments", deploymentEndpoints::list)
                .add("GET", "/deployments/{file}", deploymentEndpoints::get)
                .add("PUT", "/deployments/{file}", deploymentEndpoints::put)
                .add("DELETE", "/deployments/{file}", deploymentEndpoints::delete)
                .add("GET", "/connections", connectionEndpoints::list)
                .add("GET", "/connections/{name}", connectionEndpoints::get)
                .add("PUT", "/connections/{name}", connectionEndpoints::put)
                .add("DELETE", "/connections/{name}", connectionEndpoints::delete)
                .add(
                        "POST",
                        "/connectors/{id}/rollback",
                        new RollbackEndpoint(deploymentControl, mapper, writer)::rollback)
                .add("GET", "/connectors/{id}/traffic", trafficEndpoints::get)
                .add("PUT", "/connectors/{id}/traffic", trafficEndpoints::put)
                .add("DELETE", "/connectors/{id}/traffic", trafficEndpoints::delete)
                .add("GET", "/tokens", tokenEndpoints::list)
                .add("POST", "/tokens", tokenEndpoints::create)
                .add("DELETE", "/tokens/{id}", tokenEndpoints::revoke)
                .add("GET", "/audit", auditEndpoint::since)
                .add("GET", "/cluster", this::cluster);
        router.add("POST", "/subscriptions", call -> subscriptions().create(call))
                .add("GET", "/subscriptions", call -> subscriptions().list(call))
                .add("GET", "/subscriptions/{id}", call -> subscriptions().get(call))
                .add("DELETE", "/subscriptions/{id}", call -> subscriptions().delete(call))
                .add(
                        "GET",
                        "/subscriptions/{id}/events",
                        call -> subscriptions().events(call));
    }

    private SubscriptionApi subscriptions() {
        return SubscriptionApi.require(subscriptions);
    }

    /**
     * The cluster's nodes; standalone {@code {"self": "standalone", "mode": "standalone", "nodes": []}}; 503 in
     * cluster mode until this node has joined the cluster database.
     */
    private void cluster(ApiCall call) throws IOException {
        ClusterView view = cluster;
        if (view != null) {
            view.cluster(call);
        } else if (clusterMode) {
            throw new ApiError(
                    Failure.Reason.UNAVAILABLE,
                    "ClusterUnavailable",
                    "This node runs in cluster mode but has not joined the cluster database yet (it cannot reach it, "
                            + "or is migrating its schema); GET /api/health/ready says why.");
        } else {
            ObjectNode root =
                    mapper.createObjectNode().put("self", "standalone").put("mode", "standalone");
            root.putArray("nodes");
            writer.json(call.response(), 200, root);
        }
    }

    private AuditLog auditLog() {
        AuditLog log = audit;
        if (log == null) {
            throw new ApiError(
                    Failure.Reason.UNAVAILABLE,
                    "AuditUnavailable",
                    "The audit log is not running; the host's log says why.");
        }
        return log;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        router.serve(request, response, writer, LOG);
    }
}
