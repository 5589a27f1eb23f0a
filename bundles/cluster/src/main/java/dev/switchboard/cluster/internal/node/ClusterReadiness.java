package dev.switchboard.cluster.internal.node;

import java.util.function.Supplier;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;

import dev.switchboard.cluster.internal.replication.ReplicationStatus;

/**
 * Readiness in cluster mode: the cluster database is reachable (503 naming it while it is not) and, when replication
 * runs, this node has converged with the cluster's deployments and configurations. Registered by
 * {@link ClusterNodeComponent} only in cluster mode, tagged as the other readiness checks.
 */
final class ClusterReadiness implements HealthCheck {

    static final String NAME = "Cluster node";

    private final Heartbeat heartbeat;
    private final Supplier<ReplicationStatus> replication;
    private final String self;

    ClusterReadiness(Heartbeat heartbeat, Supplier<ReplicationStatus> replication, String self) {
        this.heartbeat = heartbeat;
        this.replication = replication;
        this.self = self;
    }

    @Override
    public Result execute() {
        Heartbeat.Status status = heartbeat.status();
        if (!status.reachable() || !status.joined()) {
            return new Result(
                    Result.Status.TEMPORARILY_UNAVAILABLE,
                    "Node " + self + ": " + status.problem() + " (since " + status.since() + ")");
        }
        ReplicationStatus replicated = replication.get();
        if (replicated != null && !replicated.converged()) {
            return new Result(
                    Result.Status.TEMPORARILY_UNAVAILABLE,
                    "Node " + self + " is catching up with the cluster's deployments and configurations");
        }
        return new Result(Result.Status.OK, "Node " + self + " is UP in the cluster database");
    }
}
