package dev.switchboard.cluster.api;

import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * This node's view of the cluster, registered only in cluster mode once the shared database is reachable and its
 * schema migrated. Each node writes a heartbeat every {@link #heartbeatMillis()}; a node whose last heartbeat is
 * older than {@link #nodeTimeoutMillis()} (database time) is DOWN and its work moves to the others.
 */
public interface ClusterMembership {

    /** This node's id. */
    String self();

    /** Every node known to the database, this one included, ordered by id. */
    List<ClusterNode> nodes();

    /** The ids of the nodes UP now (database time), this one included while its own heartbeats succeed. */
    List<String> liveNodes();

    /** The shared database (a pool); its schema is migrated before this service is registered. */
    DataSource dataSource();

    long heartbeatMillis();

    long nodeTimeoutMillis();

    /**
     * Why this node cannot reach the cluster database now (naming the database, never credentials), or empty while
     * its heartbeats succeed. Meanwhile {@link #nodes()} answers with the last view it read. Since 1.1.0.
     */
    default Optional<String> databaseProblem() {
        return Optional.empty();
    }
}
