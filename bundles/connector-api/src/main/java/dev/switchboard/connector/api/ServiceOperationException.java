package dev.switchboard.connector.api;

/**
 * What a connector throws (or fails its future with) for a failed operation. The host answers the caller with
 * {@link #getStatusCode()} and an error body carrying {@link #getCode()} and the message, so the message must never
 * contain a secret.
 */
public class ServiceOperationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String code;

    public ServiceOperationException(int statusCode, String code, String message) {
        this(statusCode, code, message, null);
    }

    public ServiceOperationException(int statusCode, String code, String message, Throwable cause) {
        super(message, cause);
        if (statusCode < 400 || statusCode > 599) {
            throw new IllegalArgumentException("statusCode must be an HTTP error status (400-599): " + statusCode);
        }
        this.statusCode = statusCode;
        this.code = code == null || code.isBlank() ? "OperationFailed" : code;
    }

    /** The HTTP status reported to the caller, 400 to 599. */
    public int getStatusCode() {
        return statusCode;
    }

    /** A short machine-readable error code, for example {@code "MissingConnectionParameter"}. */
    public String getCode() {
        return code;
    }
}
