package dev.switchboard.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.api.AuditLog;
import dev.switchboard.security.api.Caller;
import dev.switchboard.security.api.ErrorResponses;

/**
 * Runs before every servlet of the host, ours and the Web Console's alike (a whiteboard Preprocessor sees every
 * request, whatever its context): security headers on every answer, TRACE refused, OPTIONS answered here, every
 * state-changing request refused unless it comes from the host's own origin (or an allowed one), JSON bodies on the
 * API required to say so, and every management action written to the audit log.
 */
@Component(service = Preprocessor.class, configurationPid = SecurityConfiguration.PID)
public final class RequestGuard implements Preprocessor {

    static final String ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final Map<String, String> HEADERS = Map.of(
            "X-Frame-Options", "SAMEORIGIN",
            "Content-Security-Policy", "frame-ancestors 'self'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin");

    private volatile OriginCheck origins;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditLog audit;

    @Activate
    public RequestGuard(SecurityConfiguration config) {
        modified(config);
    }

    @Modified
    void modified(SecurityConfiguration config) {
        this.origins = new OriginCheck(config.allowed_origins());
        if (config.allowed_origins().length > 0) {
            LOG.info(
                    "State-changing requests are accepted from the host's own origin and {}",
                    String.join(", ", config.allowed_origins()));
        }
    }

    @Override
    public void init(jakarta.servlet.FilterConfig filterConfig) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse raw)) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = new SecurityHeaders(raw, HEADERS);
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String uri = request.getRequestURI();
        boolean api = uri.equals("/api") || uri.startsWith("/api/");
        if ("TRACE".equals(method) || "TRACK".equals(method) || "CONNECT".equals(method)) {
            response.setHeader("Allow", ALLOW);
            refuse(response, api, 405, "MethodNotAllowed", method + " is not served.");
            return;
        }
        if ("OPTIONS".equals(method)) {
            // no CORS: other origins get nothing here; this only tells which methods exist
            response.setHeader("Allow", ALLOW);
            response.setStatus(204);
            return;
        }
        if (SAFE.contains(method)) {
            chain.doFilter(request, response);
            return;
        }
        String refusal = origins.refusal(request);
        if (refusal != null) {
            refuse(
                    response,
                    api,
                    403,
                    "CrossOriginRequest",
                    "Refused " + method + " " + uri + ": " + refusal
                            + ". State-changing requests must come from this host's own pages (or an origin listed in "
                            + "allowed.origins of configuration " + SecurityConfiguration.PID + ").");
            record(request, method, uri, "denied", Map.of("reason", "cross-origin"));
            return;
        }
        if (api
                && !uri.startsWith("/api/hooks/")
                && !isFileUpload(method, uri)
                && hasBody(request)
                && !isJson(request.getContentType())) {
            refuse(
                    response,
                    true,
                    415,
                    "UnsupportedMediaType",
                    "The request body must be JSON, sent with " + "Content-Type: application/json.");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            int status = response.getStatus();
            if (status != 401) {
                record(
                        request,
                        method,
                        uri,
                        status < 400 ? "success" : status == 403 ? "denied" : "failure",
                        Map.of("status", Integer.toString(status)));
            }
        }
    }

    @Override
    public void destroy() {
        // nothing to release
    }

    private void record(
            HttpServletRequest request, String method, String uri, String outcome, Map<String, String> details) {
        AuditLog log = audit;
        AuditActions.Action action = AuditActions.of(method, uri);
        if (log == null || action == null) {
            return;
        }
        Object caller = request.getAttribute(Caller.REQUEST_ATTRIBUTE);
        String who = caller instanceof Caller c ? c.id() : "anonymous";
        log.record(new AuditEntry(
                Instant.now(), who, action.action(), action.target(), request.getRemoteAddr(), outcome, details));
    }

    private static void refuse(HttpServletResponse response, boolean api, int status, String code, String message)
            throws IOException {
        if (api) {
            ErrorResponses.write(response, status, code, message);
        } else {
            text(response, status, message);
        }
    }

    /** Outside the API (the console's pages): the message as plain text. */
    private static void text(HttpServletResponse response, int status, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain; charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * {@code PUT /api/deployments/{file}}: the body is the file (a jar, a YAML document), not JSON. JSON-only bodies
     * keep forms and other "simple" cross-origin requests out; a PUT is never simple (a browser asks first, and the
     * origin check above applies), so it needs no such guard.
     */
    static boolean isFileUpload(String method, String uri) {
        return "PUT".equals(method) && uri.startsWith("/api/deployments/") && uri.indexOf('/', 17) < 0;
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json");
    }
}
