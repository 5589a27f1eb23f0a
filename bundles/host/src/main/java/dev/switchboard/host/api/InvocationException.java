package dev.switchboard.host.api;

import java.util.List;

/**
 * Why an invocation (or another request to the host, such as storing a connection) failed: a {@link Failure} with a
 * reason, a short code, a message for a person and optional details. Messages never contain connection parameter
 * values. Extends {@link FailureException} since 1.6.0.
 */
public final class InvocationException extends FailureException {

    private static final long serialVersionUID = 1L;

    /** Since 1.6.0. */
    public InvocationException(Reason reason, String code, String message) {
        this(reason, code, message, List.of(), null);
    }

    /** Since 1.6.0. */
    public InvocationException(Reason reason, String code, String message, List<ErrorDetail> details, Throwable cause) {
        super(reason, reason.status(), code, message, details, 0, cause, true);
    }

    /**
     * A failure the same request may get past later, for example a rate limit or a full queue: every front end
     * answers it with {@code Retry-After: retryAfterSeconds} (0 for no advice). Since 1.6.0.
     */
    public InvocationException(Reason reason, String code, String message, long retryAfterSeconds) {
        super(reason, reason.status(), code, message, List.of(), retryAfterSeconds, null, true);
    }

    /**
     * For a status chosen elsewhere, such as a connector's; the reason is {@link Reason#of(int) Reason.of(status)}.
     * Code of the host names its {@link Reason} instead.
     */
    public InvocationException(int status, String code, String message) {
        this(status, code, message, List.of(), null);
    }

    /** As {@link #InvocationException(int, String, String)}, with details and a cause. */
    public InvocationException(int status, String code, String message, List<ErrorDetail> details, Throwable cause) {
        this(status, code, message, details, cause, 0);
    }

    /**
     * As {@link #InvocationException(int, String, String, List, Throwable)}, with Retry-After advice.
     *
     * @param retryAfterSeconds when the caller may try again (HTTP {@code Retry-After}), 0 for no advice
     * @since 1.5.0
     */
    public InvocationException(
            int status,
            String code,
            String message,
            List<ErrorDetail> details,
            Throwable cause,
            long retryAfterSeconds) {
        super(Reason.of(status), status, code, message, details, retryAfterSeconds, cause, true);
    }
}
