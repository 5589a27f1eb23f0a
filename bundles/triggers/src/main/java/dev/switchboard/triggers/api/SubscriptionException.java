package dev.switchboard.triggers.api;

/** A refused subscription request: an HTTP status, a short code and a message for a person. */
public final class SubscriptionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public SubscriptionException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
