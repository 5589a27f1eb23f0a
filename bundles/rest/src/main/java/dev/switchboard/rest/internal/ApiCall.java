package dev.switchboard.rest.internal;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** One routed request: the servlet request and response and the values of the path's {@code {name}} segments. */
record ApiCall(HttpServletRequest request, HttpServletResponse response, Map<String, String> pathParameters) {

    String path(String name) {
        return pathParameters.get(name);
    }

    /** A query parameter, {@code null} when absent or blank. */
    String query(String name) {
        String value = request.getParameter(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** {@code true} when the query parameter is {@code true} (any case). */
    boolean flag(String name) {
        return "true".equalsIgnoreCase(query(name));
    }
}
