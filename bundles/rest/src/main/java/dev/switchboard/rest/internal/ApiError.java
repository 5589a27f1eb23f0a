package dev.switchboard.rest.internal;

import java.util.List;
import java.util.Map;

import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.InvocationException;

/**
 * A request that is answered with an error body: {@code {"error":{"code","message","details"}}}. Thrown by the
 * request handling and turned into a response by {@link ResponseWriter#error}.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient List<ErrorDetail> details;
    private final transient Map<String, String> headers;

    ApiError(int status, String code, String message) {
        this(status, code, message, List.of(), Map.of());
    }

    ApiError(int status, String code, String message, List<ErrorDetail> details, Map<String, String> headers) {
        // no stack trace: these are answers, not failures of ours
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
        this.headers = Map.copyOf(headers);
    }

    static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    static ApiError notFound(String code, String message) {
        return new ApiError(404, code, message);
    }

    /** The answer for a failure the host reported with its HTTP status. */
    static ApiError of(InvocationException e) {
        int status = e.status() >= 400 && e.status() <= 599 ? e.status() : 500;
        String code = e.code() == null || e.code().isBlank() ? "Failed" : e.code();
        String message = e.getMessage() == null ? "The request failed." : e.getMessage();
        return new ApiError(status, code, message, e.details(), Map.of());
    }

    static ApiError internal() {
        return new ApiError(500, "InternalError", "The request failed unexpectedly; the server log has the details.");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    List<ErrorDetail> details() {
        return details;
    }

    /** Extra response headers, for example {@code WWW-Authenticate} or {@code Allow}. */
    Map<String, String> headers() {
        return headers;
    }
}
