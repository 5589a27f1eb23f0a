package dev.switchboard.host.api;

import java.util.List;

/**
 * The unchecked {@link Failure}s share this base: reason, status, code, message, details and Retry-After advice,
 * held once. {@link InvocationException}, the triggers' {@code SubscriptionException} and the REST layer's own errors
 * extend it; a checked exception that must be a failure implements {@link Failure} instead. Since 1.6.0.
 */
public abstract class FailureException extends RuntimeException implements Failure {

    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final int status;
    private final String code;
    private final transient List<ErrorDetail> details;
    private final long retryAfterSeconds;

    /**
     * @param status            the HTTP status: {@code reason.status()}, or one chosen elsewhere (a connector's)
     * @param retryAfterSeconds when to try again, 0 for no advice (negative counts as 0)
     * @param stackTrace        {@code false} for an answer that is no failure of ours (no stack trace is filled in)
     */
    protected FailureException(
            Reason reason,
            int status,
            String code,
            String message,
            List<ErrorDetail> details,
            long retryAfterSeconds,
            Throwable cause,
            boolean stackTrace) {
        super(message, cause, true, stackTrace);
        this.reason = reason;
        this.status = status;
        this.code = code;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.retryAfterSeconds = Math.max(0, retryAfterSeconds);
    }

    @Override
    public final Reason reason() {
        return reason;
    }

    @Override
    public final int status() {
        return status;
    }

    @Override
    public final String code() {
        return code;
    }

    @Override
    public final List<ErrorDetail> details() {
        return details;
    }

    @Override
    public final long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
