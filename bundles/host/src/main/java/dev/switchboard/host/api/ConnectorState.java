package dev.switchboard.host.api;

/** The state of one registered connector version. */
public enum ConnectorState {
    /** Registered; its metadata and operations are being read. */
    LOADING,
    /** Its operations are listed and can be invoked. */
    ACTIVE,
    /** Its metadata could not be read or is invalid; see the reason. */
    FAILED,
    /** Another provider already registered the same connector id and version; see the reason. */
    CONFLICT
}
