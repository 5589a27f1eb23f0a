package dev.switchboard.host.api;

/**
 * Why {@link DeploymentFiles} did not write or remove a file: a {@link Failure} with its reason, code and a message
 * for a person. Since 1.8.0.
 */
public final class DeploymentException extends FailureException {

    private static final long serialVersionUID = 1L;

    public DeploymentException(Reason reason, String code, String message) {
        super(reason, reason.status(), code, message, null, 0, null, false);
    }

    public DeploymentException(Reason reason, String code, String message, Throwable cause) {
        super(reason, reason.status(), code, message, null, 0, cause, true);
    }
}
