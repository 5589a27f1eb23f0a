package dev.switchboard.host.api;

/** What became of one deploy-folder file. */
public enum DeploymentState {
    /** Installed and started; its connectors (if any) are ACTIVE. */
    ACTIVE,
    /** Installed, resolved or waiting to be started. */
    INSTALLED,
    /** Installed but its requirements are not met; the reason names them. */
    UNRESOLVED,
    /** Not a valid bundle, could not be installed or started, or a connector in it failed; see the reason. */
    FAILED,
    /** A connector in it has the same id and version as one already registered. */
    CONFLICT
}
