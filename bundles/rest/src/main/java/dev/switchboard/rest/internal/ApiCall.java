package dev.switchboard.rest.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** One routed request: the servlet request and response and the values of the path's {@code {name}} segments. */
record ApiCall(HttpServletRequest request, HttpServletResponse response, Map<String, String> pathParameters) {

    String path(String name) {
        return pathParameters.get(name);
    }

    /**
     * A query parameter, {@code null} when absent or blank. Read from the query string only: the servlet's
     * {@code getParameter} would consume a form-encoded body, and {@code curl -d} sends JSON labelled as a form.
     */
    String query(String name) {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(name)) {
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                return value.isBlank() ? null : value.trim();
            }
        }
        return null;
    }

    /** {@code true} when the query parameter is {@code true} (any case). */
    boolean flag(String name) {
        return "true".equalsIgnoreCase(query(name));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("InvalidQuery", "The query string is not correctly URL-encoded.");
        }
    }
}
