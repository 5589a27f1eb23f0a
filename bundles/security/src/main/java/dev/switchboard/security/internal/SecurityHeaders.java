package dev.switchboard.security.internal;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/** A response that carries the security headers from the start, and again after a servlet resets it. */
final class SecurityHeaders extends HttpServletResponseWrapper {

    private final Map<String, String> headers;

    SecurityHeaders(HttpServletResponse response, Map<String, String> headers) {
        super(response);
        this.headers = headers;
        apply();
    }

    @Override
    public void reset() {
        super.reset();
        apply();
    }

    private void apply() {
        headers.forEach(this::setHeader);
    }
}
