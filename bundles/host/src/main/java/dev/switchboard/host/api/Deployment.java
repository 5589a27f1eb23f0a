package dev.switchboard.host.api;

import java.util.List;

/**
 * One file in the deploy folder: a bundle or a configuration file ({@code .cfg}, {@code .config}).
 *
 * @param file       the file name
 * @param state      see {@link DeploymentState}
 * @param bundle     the bundle installed from it, {@code null} when none is (always for a configuration file)
 * @param connectors the connectors it provides, as {@code id@version}
 * @param reason     why the state is not ACTIVE (or APPLIED), for a person to act on; {@code null} when there is
 *                   nothing to say. An ACTIVE bundle that registers no connector by design carries a note here.
 * @param pid        for a configuration file, the PID of the configuration it made (or would make); {@code null} for
 *                   a bundle. Since 1.3.0.
 */
public record Deployment(
        String file, DeploymentState state, BundleInfo bundle, List<String> connectors, String reason, String pid) {

    public Deployment {
        connectors = List.copyOf(connectors);
    }

    /** A bundle file: no PID. */
    public Deployment(String file, DeploymentState state, BundleInfo bundle, List<String> connectors, String reason) {
        this(file, state, bundle, connectors, reason, null);
    }
}
