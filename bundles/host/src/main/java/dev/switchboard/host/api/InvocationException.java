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

    public InvocationException(int status, String code, String message) {
        this(status, code, message, List.of(), null);
    }

    public InvocationException(int status, String code, String message, List<ErrorDetail> details, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
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
}
