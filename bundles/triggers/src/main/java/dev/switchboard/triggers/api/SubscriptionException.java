package dev.switchboard.triggers.api;

import dev.switchboard.host.api.Failure;

/**
 * A refused subscription request: a {@link Failure} (reason, short code, message for a person), with Retry-After
 * advice. Implements {@link Failure} since 1.3.0.
 */
public final class SubscriptionException extends RuntimeException implements Failure {

    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    /** Since 1.3.0. */
    public SubscriptionException(Reason reason, String code, String message) {
        this(reason, reason.status(), code, message, 0);
    }

    /** Since 1.3.0. @param retryAfterSeconds when to try again (HTTP {@code Retry-After}), 0 for no advice */
    public SubscriptionException(Reason reason, String code, String message, long retryAfterSeconds) {
        this(reason, reason.status(), code, message, retryAfterSeconds);
    }

    /** For a status chosen elsewhere (a connector's); the reason is {@link Reason#of(int) Reason.of(status)}. */
    public SubscriptionException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    /** @param retryAfterSeconds when to try again (HTTP {@code Retry-After}), 0 for no advice; since 1.1.0 */
    public SubscriptionException(int status, String code, String message, long retryAfterSeconds) {
        this(Reason.of(status), status, code, message, retryAfterSeconds);
    }

    private SubscriptionException(Reason reason, int status, String code, String message, long retryAfterSeconds) {
        super(message);
        this.reason = reason;
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = Math.max(0, retryAfterSeconds);
    }

    /** Seconds after which the same request may succeed, 0 when there is no such advice. Since 1.1.0. */
    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Since 1.3.0. */
    @Override
    public Reason reason() {
        return reason;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String code() {
        return code;
    }
}
