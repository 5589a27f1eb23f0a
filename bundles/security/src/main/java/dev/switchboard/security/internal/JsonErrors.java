package dev.switchboard.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.JsonViews;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The API's error body, {@code {"error":{"code","message","details":[]}}}, for answers the security layer gives: the
 * host's {@link Failures#body}, written without waiting for any service (the guard must never be missing).
 */
final class JsonErrors {

    private static final ObjectMapper MAPPER = JsonViews.strictMapper();

    private JsonErrors() {
    }

    static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] bytes = MAPPER.writeValueAsBytes(Failures.body(code, message));
        response.setStatus(status);
        response.setContentType("application/json; charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static void text(HttpServletResponse response, int status, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain; charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
