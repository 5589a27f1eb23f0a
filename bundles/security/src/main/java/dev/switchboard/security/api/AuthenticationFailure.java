package dev.switchboard.security.api;

/**
 * Credentials that were missing, wrong, expired or sent too often. Carries what the answer must say: the status
 * (401, or 429 with {@link #retryAfterSeconds()}), a code and a message that never contains a secret.
 */
public final class AuthenticationFailure extends Exception {

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

    /** 401, or 429 when the client address made too many failed attempts. */
    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** For 429: when to try again; 0 otherwise. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
