package dev.switchboard.security.api;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.JsonViews;

/**
 * How a servlet context helper or preprocessor answers a refused request: the API's error body
 * ({@link Failures#body}), written without waiting for any service, so a guard never depends on one. Used by the
 * security layer and every other context that authenticates (metrics). Since 1.1.0.
 */
public final class ErrorResponses {

    /** The {@code WWW-Authenticate} challenge of the API: HTTP Basic or a Bearer API token. */
    public static final String CHALLENGE = "Basic realm=\"Switchboard\", Bearer realm=\"Switchboard\"";

    private static final ObjectMapper MAPPER = JsonViews.strictMapper();

    private ErrorResponses() {}

    /** Writes {@code {"error":{"code","message","details":[]}}} with {@code status}, unless the response is committed. */
    public static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] bytes = MAPPER.writeValueAsBytes(Failures.body(code, message));
        response.setStatus(status);
        response.setContentType("application/json; charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * Answers failed credentials: 429 with {@code Retry-After}, else 401 with the {@link #CHALLENGE}, and the
     * failure's code and message.
     */
    public static void refuse(HttpServletResponse response, AuthenticationFailure failure) throws IOException {
        if (failure.status() == 429) {
            response.setHeader("Retry-After", Long.toString(failure.retryAfterSeconds()));
        } else {
            response.setHeader("WWW-Authenticate", CHALLENGE);
        }
        write(response, failure.status(), failure.code(), failure.getMessage());
    }
}
