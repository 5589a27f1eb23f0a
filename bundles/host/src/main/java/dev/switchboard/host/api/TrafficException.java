package dev.switchboard.host.api;

/**
 * Why a traffic split was not set or cleared; the message is for a person and {@link #field()} names the part of
 * the request at fault ({@code weights.3.0.0}, {@code rollbackOn.errorRate}), as every front end reports it.
 *
 * @since 1.5.0
 */
public final class TrafficException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, with the HTTP status and error code every front end answers with. */
    public enum Reason {
        /** No version of the connector is registered. */
        UNKNOWN_CONNECTOR(404, "ConnectorNotFound"),
        /** The connector has no traffic split to read or clear. */
        NO_SPLIT(404, "TrafficNotSet"),
        /** A weight, a version or a guard setting is wrong: {@link #field()} says which. */
        INVALID(400, "InvalidTraffic"),
        /** The split could not be saved: it is not in force. */
        FAILED(500, "TrafficNotSaved");

        private final int status;
        private final String code;

        Reason(int status, String code) {
            this.status = status;
            this.code = code;
        }

        /** The HTTP status to answer with. */
        public int status() {
            return status;
        }

        /** The error code to answer with, as in {@code {"error":{"code":...}}}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;
    private final String field;

    public TrafficException(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The request field at fault, {@code null} when the request as a whole is. */
    public String field() {
        return field;
    }
}
