package dev.switchboard.rest.internal;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentControl;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.OperationInvoker;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The REST API under {@code /api}: authenticates, routes and answers every request, errors included, as JSON.
 */
@Component(service = Servlet.class, configurationPid = RestServlet.PID)
@Designate(ocd = RestConfiguration.class)
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletName("switchboard-rest")
@HttpWhiteboardServletAsyncSupported
public final class RestServlet extends HttpServlet {

    static final String PID = "dev.switchboard.rest";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RestServlet.class);
    private static final String HEALTH = "/health";
    /** Hook calls carry their subscription's own token instead of the admin credentials. */
    private static final String HOOKS = "/hooks/";

    private final transient DeploymentInventory inventory;
    private final transient BasicAuthenticator authenticator;
    private final transient ResponseWriter writer;
    private final transient JsonViews views;
    private final transient ObjectMapper mapper;
    private final transient Router router;

    /** Only while the triggers feature runs: see {@link SubscriptionApi}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile SubscriptionApi subscriptions;

    @Activate
    public RestServlet(RestConfiguration config,
                       @Reference ConnectorCatalog catalog,
                       @Reference OperationInvoker invoker,
                       @Reference DeploymentInventory inventory,
                       @Reference ConnectionStore connections,
                       @Reference DeploymentControl deploymentControl) {
        this.inventory = inventory;
        this.mapper = newMapper();
        this.authenticator = new BasicAuthenticator(config.username(), config._password_hash());
        this.writer = new ResponseWriter(mapper);
        this.views = new JsonViews(mapper);
        CatalogEndpoints catalogEndpoints = new CatalogEndpoints(catalog, mapper, views, writer);
        RequestBodyReader bodyReader = new RequestBodyReader(config.max_request_bytes());
        InvokeEndpoint invokeEndpoint = new InvokeEndpoint(invoker, bodyReader,
                new InvocationParser(mapper, connections), writer);
        ConnectionEndpoints connectionEndpoints = new ConnectionEndpoints(connections, mapper, bodyReader, writer);
        this.router = new Router()
                .add("GET", HEALTH, this::health)
                .add("GET", "/connectors", catalogEndpoints::connectors)
                .add("GET", "/connectors/{id}", catalogEndpoints::connector)
                .add("GET", "/connectors/{id}/operations", catalogEndpoints::operations)
                .add("POST", "/connectors/{id}/operations/{operationId}/invoke", invokeEndpoint::invoke)
                .add("GET", "/operations", catalogEndpoints::combinedCatalog)
                .add("GET", "/deployments", this::deployments)
                .add("GET", "/connections", connectionEndpoints::list)
                .add("GET", "/connections/{name}", connectionEndpoints::get)
                .add("PUT", "/connections/{name}", connectionEndpoints::put)
                .add("DELETE", "/connections/{name}", connectionEndpoints::delete)
                .add("POST", "/connectors/{id}/rollback",
                        new RollbackEndpoint(deploymentControl, mapper, writer)::rollback);
        router.add("POST", "/subscriptions", call -> subscriptions().create(call))
                .add("GET", "/subscriptions", call -> subscriptions().list(call))
                .add("GET", "/subscriptions/{id}", call -> subscriptions().get(call))
                .add("DELETE", "/subscriptions/{id}", call -> subscriptions().delete(call))
                .add("GET", "/subscriptions/{id}/events", call -> subscriptions().events(call))
                .add("POST", "/hooks/{id}", call -> subscriptions().hook(call));
    }

    /** How every endpoint reads and writes JSON: trailing tokens and duplicate keys are errors. */
    static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    private SubscriptionApi subscriptions() {
        SubscriptionApi api = subscriptions;
        if (api == null) {
            throw new ApiError(503, "TriggersUnavailable", "Subscriptions need the triggers feature "
                    + "(features/triggers.json), which this host was not started with or which is not running.");
        }
        return api;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        try {
            if (!HEALTH.equals(path) && !path.startsWith(HOOKS)) {
                authenticator.authenticate(request.getHeader("Authorization"));
            }
            Router.Match match = router.route(request.getMethod(), path);
            match.handler().handle(new ApiCall(request, response, match.parameters()));
        } catch (ApiError e) {
            writer.error(response, e);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed unexpectedly", request.getMethod(), request.getRequestURI(), e);
            writer.error(response, ApiError.internal());
        }
    }

    private void health(ApiCall call) throws IOException {
        writer.json(call.response(), 200, Map.of("status", "UP"));
    }

    private void deployments(ApiCall call) throws IOException {
        ArrayNode list = mapper.createArrayNode();
        for (Deployment deployment : inventory.deployments()) {
            list.add(views.deployment(deployment));
        }
        writer.json(call.response(), 200, list);
    }
}
