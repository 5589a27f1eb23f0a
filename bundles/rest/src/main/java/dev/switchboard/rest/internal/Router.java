package dev.switchboard.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;

import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.FailureException;

/**
 * Maps a method and a path below {@code /api} to its handler. Patterns are literal segments and {@code {name}}
 * segments, each matching one non-empty path segment.
 */
final class Router {

    @FunctionalInterface
    interface Handler {
        void handle(ApiCall call) throws IOException;
    }

    record Match(Handler handler, Map<String, String> parameters) {}

    private record Route(String[] segments, Map<String, Handler> methods) {}

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, Handler handler) {
        String[] segments = split(pattern);
        Route route = routes.stream()
                .filter(r -> String.join("/", r.segments).equals(String.join("/", segments)))
                .findFirst()
                .orElseGet(() -> {
                    Route created = new Route(segments, new LinkedHashMap<>());
                    routes.add(created);
                    return created;
                });
        route.methods.put(method, handler);
        return this;
    }

    /**
     * @param path the path below {@code /api}, for example {@code /connectors/sql}; one trailing slash is ignored
     * @throws ApiError 404 when no pattern matches, 405 with {@code Allow} when the method is not served there
     */
    Match route(String method, String path) {
        String[] segments = split(path == null ? "" : path);
        for (Route route : routes) {
            Map<String, String> parameters = match(route.segments, segments);
            if (parameters == null) {
                continue;
            }
            Handler handler = route.methods.get(method);
            if (handler == null) {
                String allow = String.join(", ", route.methods.keySet());
                throw new ApiError(
                        Failure.Reason.METHOD_NOT_ALLOWED,
                        "MethodNotAllowed",
                        method + " is not allowed here; use " + allow + ".",
                        List.of(),
                        Map.of("Allow", allow));
            }
            return new Match(handler, parameters);
        }
        throw ApiError.notFound("NotFound", "There is no resource at this path.");
    }

    /**
     * Routes one request of a servlet below {@code /api} and answers it, errors included, as JSON: the path is the
     * servlet path and path info within the context, whatever the servlet's pattern.
     */
    void serve(HttpServletRequest request, HttpServletResponse response, ResponseWriter writer, Logger log)
            throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        try {
            Match match = route(request.getMethod(), path.isEmpty() ? "/" : path);
            match.handler().handle(new ApiCall(request, response, match.parameters()));
        } catch (ApiError e) {
            writer.error(response, e);
        } catch (FailureException e) {
            // a failure a service reported with its reason (a subscription refused while the cluster database is
            // away: 503 with Retry-After), wherever the endpoint did not map it itself
            writer.error(response, ApiError.of(e));
        } catch (RuntimeException e) {
            log.error("{} {} failed unexpectedly", request.getMethod(), request.getRequestURI(), e);
            writer.error(response, ApiError.internal());
        }
    }

    private static Map<String, String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                parameters.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return parameters;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
