package dev.switchboard.host.api;

import java.util.List;

/**
 * Why an invocation (or another request to the host, such as storing a connection) failed: a {@link Failure} with a
 * reason, a short code, a message for a person and optional details. Messages never contain connection parameter
 * values.
 */
public final class InvocationException extends RuntimeException implements Failure {

    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final int status;
    private final String code;
    private final transient List<ErrorDetail> details;

    /** Since 1.5.0. */
    public InvocationException(Reason reason, String code, String message) {
        this(reason, code, message, List.of(), null);
    }

    /** Since 1.5.0. */
    public InvocationException(Reason reason, String code, String message, List<ErrorDetail> details,
                               Throwable cause) {
        this(reason, reason.status(), code, message, details, cause);
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
        this(Reason.of(status), status, code, message, details, cause);
    }

    private InvocationException(Reason reason, int status, String code, String message, List<ErrorDetail> details,
                                Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    /** Since 1.5.0. */
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

    @Override
    public List<ErrorDetail> details() {
        return details;
    }
}
