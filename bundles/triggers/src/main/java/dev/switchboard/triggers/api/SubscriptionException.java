package dev.switchboard.triggers.api;

import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.FailureException;

/**
 * A refused subscription request: a {@link Failure} (reason, short code, message for a person), with Retry-After
 * advice. A {@link FailureException} since 1.3.0.
 */
public final class SubscriptionException extends FailureException {

    private static final long serialVersionUID = 1L;

    /** Since 1.3.0. */
    public SubscriptionException(Reason reason, String code, String message) {
        this(reason, code, message, 0);
    }

    /** Since 1.3.0. @param retryAfterSeconds when to try again (HTTP {@code Retry-After}), 0 for no advice */
    public SubscriptionException(Reason reason, String code, String message, long retryAfterSeconds) {
        super(reason, reason.status(), code, message, null, retryAfterSeconds, null, true);
    }

    /** For a status chosen elsewhere (a connector's); the reason is {@link Reason#of(int) Reason.of(status)}. */
    public SubscriptionException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    /** @param retryAfterSeconds when to try again (HTTP {@code Retry-After}), 0 for no advice; since 1.1.0 */
    public SubscriptionException(int status, String code, String message, long retryAfterSeconds) {
        super(Reason.of(status), status, code, message, null, retryAfterSeconds, null, true);
    }
}
