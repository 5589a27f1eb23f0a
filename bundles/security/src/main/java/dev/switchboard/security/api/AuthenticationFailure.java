package dev.switchboard.security.api;

import dev.switchboard.host.api.Failure;

/**
 * Credentials that were missing, wrong, expired or sent too often. Carries what the answer must say: the status
 * (401, or 429 with {@link #retryAfterSeconds()}), a code and a message that never contains a secret. A
 * {@link Failure} of the host's error model since 1.1.0.
 */
public final class AuthenticationFailure extends Exception implements Failure {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public AuthenticationFailure(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** {@code UNAUTHENTICATED}, or {@code TOO_MANY_REQUESTS}. Since 1.1.0. */
    @Override
    public Reason reason() {
        return Reason.of(status);
    }

    /** 401, or 429 when the client address made too many failed attempts. */
    @Override
    public int status() {
        return status;
    }

    @Override
    public String code() {
        return code;
    }

    /** For 429: when to try again; 0 otherwise. */
    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
