package dev.switchboard.rest.internal;

import java.util.List;
import java.util.Map;

import dev.switchboard.host.api.ErrorBody;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.FailureException;
import dev.switchboard.host.api.Failures;

/**
 * A request that is answered with an error: a {@link Failure} of the REST layer itself, or one the host reported
 * ({@link #of}), with extra response headers. Thrown by the request handling and written by
 * {@link ResponseWriter#error}, with the status and body {@link Failures} maps it to.
 */
final class ApiError extends FailureException {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, String> headers;

    ApiError(Reason reason, String code, String message) {
        this(reason, code, message, List.of(), Map.of());
    }

    ApiError(Reason reason, String code, String message, List<ErrorDetail> details, Map<String, String> headers) {
        this(reason, reason.status(), code, message, details, 0, headers);
    }

    private ApiError(
            Reason reason,
            int status,
            String code,
            String message,
            List<ErrorDetail> details,
            long retryAfterSeconds,
            Map<String, String> headers) {
        // no stack trace: these are answers, not failures of ours
        super(reason, status, code, message, details, retryAfterSeconds, null, false);
        this.headers = Map.copyOf(headers);
    }

    static ApiError badRequest(String code, String message) {
        return new ApiError(Reason.INVALID_REQUEST, code, message);
    }

    static ApiError notFound(String code, String message) {
        return new ApiError(Reason.NOT_FOUND, code, message);
    }

    /** The answer to a failure the host reported; {@code Retry-After} when it advises one. */
    static ApiError of(Failure failure) {
        if (failure instanceof ApiError error) {
            return error;
        }
        Map<String, String> headers = failure.retryAfterSeconds() > 0
                ? Map.of("Retry-After", Long.toString(failure.retryAfterSeconds()))
                : Map.of();
        ErrorBody.Content body = Failures.body(failure).error();
        return new ApiError(
                failure.reason(),
                Failures.status(failure),
                body.code(),
                body.message(),
                body.details(),
                failure.retryAfterSeconds(),
                headers);
    }

    static ApiError internal() {
        return of(Failures.internal());
    }

    /** Extra response headers, for example {@code WWW-Authenticate}, {@code Allow} or {@code Retry-After}. */
    Map<String, String> headers() {
        return headers;
    }
}
