package dev.switchboard.host.api;

import java.util.List;

/**
 * Why an invocation (or another request to the host, such as storing a connection) failed: an HTTP status, a short
 * code, a message for a person and optional details. Messages never contain connection parameter values.
 */
public final class InvocationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient List<ErrorDetail> details;
    private final long retryAfterSeconds;

    public InvocationException(int status, String code, String message) {
        this(status, code, message, List.of(), null);
    }

    public InvocationException(int status, String code, String message, List<ErrorDetail> details, Throwable cause) {
        this(status, code, message, details, cause, 0);
    }

    /**
     * @param retryAfterSeconds when the caller may try again (HTTP {@code Retry-After}), 0 for no advice
     * @since 1.4.0
     */
    public InvocationException(int status, String code, String message, List<ErrorDetail> details, Throwable cause,
                               long retryAfterSeconds) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
        this.retryAfterSeconds = Math.max(0, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<ErrorDetail> details() {
        return details;
    }

    /**
     * When the caller may try again, in seconds (HTTP {@code Retry-After}); 0 when there is no advice. Set on
     * 429 RateLimited and 503 ConnectorBusy answers.
     *
     * @since 1.4.0
     */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
