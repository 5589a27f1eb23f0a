package dev.switchboard.rest.internal;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.JsonViews;
import dev.switchboard.security.api.HttpContexts;

/**
 * The API's endpoints without the API's credentials, in the servlet context {@value HttpContexts#PUBLIC}:
 * {@code GET /api/health/live} (the process serves HTTP: always 200), {@code GET /api/health/ready} and its alias
 * {@code GET /api/health} (the Felix health checks tagged {@code ready}: 200 or 503, see {@link ReadinessReport}), and
 * {@code POST /api/hooks/{id}}, which the subscription's own token authenticates.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(
        "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + HttpContexts.PUBLIC + ")")
@HttpWhiteboardServletPattern({"/health", "/health/*", "/hooks/*"})
@HttpWhiteboardServletName("switchboard-rest-public")
@HttpWhiteboardServletAsyncSupported
public final class PublicApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PublicApiServlet.class);

    private final transient ResponseWriter writer;
    private final transient Router router;

    /** Felix Health Checks' executor; without it (not started yet) readiness answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile HealthCheckExecutor healthChecks;

    /** Only while the triggers feature runs: see {@link SubscriptionApi}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile SubscriptionApi subscriptions;

    @Activate
    public PublicApiServlet() {
        this.writer = new ResponseWriter(JsonViews.strictMapper());
        this.router = new Router()
                .add("GET", "/health", this::ready)
                .add("GET", "/health/ready", this::ready)
                .add("GET", "/health/live", this::live)
                .add(
                        "POST",
                        "/hooks/{id}",
                        call -> SubscriptionApi.require(subscriptions).hook(call));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        router.serve(request, response, writer, LOG);
    }

    /** Liveness: the process serves HTTP. Nothing else is evaluated, so a slow check never makes it fail. */
    private void live(ApiCall call) throws IOException {
        call.response().setHeader("Cache-Control", "no-store");
        writer.json(call.response(), 200, Map.of("status", "UP"));
    }

    /** Readiness: what clients that wait for the host need, so {@code /api/health} answers the same. */
    private void ready(ApiCall call) throws IOException {
        ReadinessReport report = ReadinessReport.of(healthChecks);
        call.response().setHeader("Cache-Control", "no-store");
        if (!report.ready()) {
            call.response().setHeader("Retry-After", "1");
        }
        writer.json(call.response(), report.ready() ? 200 : 503, report);
    }
}
