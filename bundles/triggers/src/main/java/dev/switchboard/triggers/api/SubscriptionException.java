package dev.switchboard.triggers.api;

/** A refused subscription request: an HTTP status, a short code and a message for a person. */
public final class SubscriptionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public SubscriptionException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    /** @param retryAfterSeconds when to try again (HTTP {@code Retry-After}), 0 for no advice; since 1.1.0 */
    public SubscriptionException(int status, String code, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = Math.max(0, retryAfterSeconds);
    }

    /** Seconds after which the same request may succeed, 0 when there is no such advice. Since 1.1.0. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
