package dev.switchboard.host.api;

/** Why a {@link DeploymentControl#rollback rollback} did not happen or did not complete; the message is for a person. */
public final class RollbackException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, so a caller can map it (the REST API to 404, 409, 504, 500). */
    public enum Reason {
        /** No version of the connector is registered. */
        UNKNOWN_CONNECTOR,
        /** No ACTIVE version from a deploy-folder file, or no earlier content of that file in the archive. */
        NOTHING_TO_ROLL_BACK,
        /** The previous content was put back but the connector did not become ACTIVE at its version in time. */
        TIMED_OUT,
        /** Reading the archive or writing the deploy folder failed. */
        FAILED
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
