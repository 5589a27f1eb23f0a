package dev.switchboard.host.api;

/** What became of one deploy-folder file. */
public enum DeploymentState {
    /**
     * Installed and started; its connectors (if any) are ACTIVE. A bundle that registers no connector by design (a
     * library: it does not use the connector API) is ACTIVE with a note in the reason.
     */
    ACTIVE,
    /** Installed, resolved or waiting to be started. */
    INSTALLED,
    /** Installed but its requirements are not met; the reason names them. */
    UNRESOLVED,
    /** Not a valid bundle, could not be installed or started, or a connector in it failed; see the reason. */
    FAILED,
    /** A connector in it has the same id and version as one already registered. */
    CONFLICT,
    /**
     * Not installed yet: the deploy folder scanner has not picked it up (a file changed moments ago); or installed and
     * waiting for its turn to start (a large folder's first scan starts its bundles in turn). Since 1.3.0.
     */
    PENDING,
    /**
     * The same bundle (symbolic name and version) as another file, which serves: this copy is left uninstalled and
     * never touches the bundle; it takes over when the other file is removed. The reason names the other file.
     * Since 1.3.0.
     */
    DUPLICATE,
    /**
     * Started, uses the connector API, but registers no connector: it has no Declarative Services component, or its
     * components are unsatisfied or disabled. The reason says which, from Declarative Services. Since 1.3.0.
     */
    NO_CONNECTOR,
    /** A configuration file ({@code .cfg}, {@code .config}) whose configuration is in ConfigAdmin. Since 1.3.0. */
    APPLIED
}
