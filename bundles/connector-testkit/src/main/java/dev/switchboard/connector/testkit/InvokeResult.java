package dev.switchboard.connector.testkit;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.connector.validation.SchemaViolation;

/**
 * What a caller of {@code POST /api/connectors/{id}/operations/{op}/invoke} would get: on success the operation's
 * status, headers and body; on failure the HTTP status, error code and message the host answers with, and one detail
 * per field for invalid inputs or a missing connection parameter.
 *
 * @param status  the operation's status (success) or the host's HTTP error status
 * @param code    {@code null} on success, else the error code, for example {@code InvalidInput}
 * @param message {@code null} on success, else the error message
 * @param headers the operation's response headers (empty on failure)
 * @param body    the operation's output (a JSON null on failure)
 * @param details one entry per field, for example {@code /name: required property 'name' not found}
 */
public record InvokeResult(
        int status,
        String code,
        String message,
        Map<String, String> headers,
        JsonNode body,
        List<SchemaViolation> details) {

    public InvokeResult {
        headers = Map.copyOf(headers);
        details = List.copyOf(details);
    }

    /** {@code true} when the provider answered with a response. */
    public boolean isSuccess() {
        return code == null;
    }

    /**
     * @return the body
     * @throws AssertionError with the status, code and message when the call failed
     */
    public JsonNode assertSuccess() {
        if (!isSuccess()) {
            throw new AssertionError("expected a response, got " + this);
        }
        return body;
    }

    /** @throws AssertionError unless the call failed with {@code expectedStatus} and {@code expectedCode} */
    public InvokeResult assertFailure(int expectedStatus, String expectedCode) {
        if (isSuccess() || status != expectedStatus || !expectedCode.equals(code)) {
            throw new AssertionError("expected " + expectedStatus + " " + expectedCode + ", got " + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return isSuccess()
                ? status + " " + body
                : status + " " + code + ": " + message + (details.isEmpty() ? "" : " " + details);
    }
}
