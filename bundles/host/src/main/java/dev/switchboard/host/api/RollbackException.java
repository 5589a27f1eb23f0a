package dev.switchboard.host.api;

/** Why a {@link DeploymentControl#rollback rollback} did not happen or did not complete; the message is for a person. */
public final class RollbackException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * What went wrong, with the HTTP status and error code every front end (REST API, console, shell) answers with,
     * so they all report a failed rollback alike.
     */
    public enum Reason {
        /** No version of the connector is registered. */
        UNKNOWN_CONNECTOR(404, "ConnectorNotFound"),
        /** No ACTIVE version from a deploy-folder file, or no earlier content of that file in the archive. */
        NOTHING_TO_ROLL_BACK(409, "NothingToRollBack"),
        /** The previous content was put back but the connector did not become ACTIVE at its version in time. */
        TIMED_OUT(504, "RollbackTimeout"),
        /** Reading the archive or writing the deploy folder failed. */
        FAILED(500, "RollbackFailed");

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

    public RollbackException(Reason reason, String message) {
        this(reason, message, null);
    }

    public RollbackException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
