package dev.switchboard.host.api;

import java.util.List;

import dev.switchboard.connector.api.CompletionFailures;
import dev.switchboard.connector.api.ServiceOperationException;

/**
 * The one mapping of failures to what a caller sees (HTTP status and error body), shared by the REST API, the console
 * and the shell, as Felix Health Checks maps a result's status in one place. Since 1.6.0.
 */
public final class Failures {

    private static final String INTERNAL_MESSAGE = "The request failed unexpectedly; the server log has the details.";

    private Failures() {}

    /**
     * What a call failed with, as a {@link Failure}: a failure as it is (found inside completion wrappers); a
     * connector's {@link ServiceOperationException} with its status, code and message; a {@link RollbackException}
     * with its reason's status and code; a {@link TrafficException} as {@link #of(TrafficException)}. {@code null} for anything else: a failure of ours, which the caller logs and
     * answers with {@link #internal()}.
     */
    public static Failure of(Throwable failure) {
        Throwable cause = CompletionFailures.unwrap(failure);
        if (cause instanceof Failure known) {
            return known;
        }
        if (cause instanceof ServiceOperationException operation) {
            return of(operation);
        }
        if (cause instanceof TrafficException traffic) {
            return of(traffic);
        }
        if (cause instanceof RollbackException rollback) {
            return new InvocationException(
                    rollback.reason().status(), rollback.reason().code(), rollback.getMessage(), List.of(), rollback);
        }
        return null;
    }

    /** A connector's failure: its status, code and message, as the caller sees them. */
    public static InvocationException of(ServiceOperationException failure) {
        return new InvocationException(
                failure.getStatusCode(), failure.getCode(), failure.getMessage(), List.of(), failure);
    }

    /**
     * A refused traffic split: its reason's status and code; the field at fault, when there is one, as a detail whose
     * target is a JSON pointer into the request body ({@code weights.2.0.0} is {@code /weights/2.0.0}). Since 1.6.0.
     */
    public static InvocationException of(TrafficException failure) {
        List<ErrorDetail> details = failure.field() == null
                ? List.of()
                : List.of(new ErrorDetail(pointer(failure.field()), failure.getMessage()));
        return new InvocationException(
                failure.reason().status(), failure.reason().code(), failure.getMessage(), details, failure);
    }

    private static String pointer(String field) {
        for (String parent : List.of("weights", "rollbackOn")) {
            if (field.startsWith(parent + ".")) {
                return "/" + parent + "/"
                        + field.substring(parent.length() + 1)
                                .replace("~", "~0")
                                .replace("/", "~1");
            }
        }
        return "/" + field;
    }

    /** The answer to a failure of ours: 500 InternalError, the details left to the server log. */
    public static InvocationException internal() {
        return new InvocationException(Failure.Reason.INTERNAL, "InternalError", INTERNAL_MESSAGE);
    }

    /** The HTTP status to answer {@code failure} with: its own when it is an error status, else 500. */
    public static int status(Failure failure) {
        int status = failure.status();
        return status >= 400 && status <= 599 ? status : 500;
    }

    /** The body to answer {@code failure} with; a blank code becomes {@code Failed}, no message a generic one. */
    public static ErrorBody body(Failure failure) {
        String code = failure.code() == null || failure.code().isBlank() ? "Failed" : failure.code();
        String message = failure.getMessage() == null ? "The request failed." : failure.getMessage();
        return new ErrorBody(new ErrorBody.Content(code, message, failure.details()));
    }

    /** The body of a failure known only by code and message (the security layer's answers). */
    public static ErrorBody body(String code, String message) {
        return new ErrorBody(new ErrorBody.Content(code, message, List.of()));
    }
}
