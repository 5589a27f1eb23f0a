package dev.switchboard.cluster.internal.replication;

/**
 * How far this node has applied what the cluster shares (a service inside the cluster bundle): the heartbeat
 * reports it, {@code GET /api/cluster} shows it and readiness waits for {@link #converged}.
 */
public interface ReplicationStatus {

    /**
     * The cluster revision of the deployment set this node has applied (written into its deploy folder and
     * settled): equal on nodes that serve the same deployments.
     */
    long appliedRevision();

    /** The deployments (deploy-folder files) this node serves from the cluster's set. */
    int deployments();

    /** Whether the node has caught up with the cluster's deployments and configurations since it started. */
    boolean converged();
}
