package dev.switchboard.host.api;

import java.util.List;

/**
 * One file in the deploy folder.
 *
 * @param file       the file name
 * @param state      see {@link DeploymentState}
 * @param bundle     the bundle installed from it, {@code null} when none is
 * @param connectors the connectors it provides, as {@code id@version}
 * @param reason     why the state is not ACTIVE, for a person to act on; {@code null} when ACTIVE
 */
public record Deployment(String file, DeploymentState state, BundleInfo bundle, List<String> connectors,
                         String reason) {

    public Deployment {
        connectors = List.copyOf(connectors);
    }
}
