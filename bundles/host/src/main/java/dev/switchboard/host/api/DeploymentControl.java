package dev.switchboard.host.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Acts on the deploy folder. The host keeps the previous contents of every deploy-folder file in
 * {@code $SWITCHBOARD_HOME/data/archive/<file name>/}, which is what a rollback puts back.
 */
@ProviderType
public interface DeploymentControl {

    /**
     * Puts back the previous content of the deploy-folder file that provides the highest ACTIVE version of a
     * connector, and waits (bounded) until the catalog shows the connector at the version that content holds.
     * <p>
     * The content rolled away from leaves the archive, so rolling back again goes one step further back.
     *
     * @param connectorId the connector id, as in {@code GET /api/connectors}
     * @return what is active now and what was before
     * @throws RollbackException when the connector is unknown, there is nothing to roll back to, or the previous
     *                           version did not become ACTIVE in time; its message says which and why
     */
    Rollback rollback(String connectorId) throws RollbackException;
}
