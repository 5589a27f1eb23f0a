package dev.switchboard.cluster.internal.node;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

import dev.switchboard.cluster.api.ClusterMembership;
import dev.switchboard.cluster.api.ClusterNode;
import dev.switchboard.cluster.api.NodeState;

/**
 * {@link ClusterMembership} read from {@code sb_node}. While the database cannot be reached it answers with the last
 * view it read, and leaves this node out of {@link #liveNodes()} once its own heartbeats have failed for the node
 * timeout: a node cut off from the database does not go on believing it owns work (self-fencing).
 */
final class DatabaseMembership implements ClusterMembership {

    private final NodeTable table;
    private final String self;
    private final long heartbeatMillis;
    private final long timeoutMillis;
    private final DataSource dataSource;
    private final Heartbeat heartbeat;
    private volatile List<ClusterNode> last = List.of();

    DatabaseMembership(
            NodeTable table,
            String self,
            long heartbeatMillis,
            long timeoutMillis,
            DataSource dataSource,
            Heartbeat heartbeat) {
        this.table = table;
        this.self = self;
        this.heartbeatMillis = heartbeatMillis;
        this.timeoutMillis = timeoutMillis;
        this.dataSource = dataSource;
        this.heartbeat = heartbeat;
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public List<ClusterNode> nodes() {
        if (!heartbeat.status().reachable()) {
            return last;
        }
        try {
            List<ClusterNode> nodes = List.copyOf(table.nodes(timeoutMillis));
            last = nodes;
            return nodes;
        } catch (SQLException e) {
            return last;
        }
    }

    @Override
    public List<String> liveNodes() {
        boolean selfLive = heartbeat.selfLive();
        return nodes().stream()
                .filter(n -> n.state() == NodeState.UP)
                .map(ClusterNode::id)
                .filter(id -> selfLive || !id.equals(self))
                .toList();
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public long heartbeatMillis() {
        return heartbeatMillis;
    }

    @Override
    public long nodeTimeoutMillis() {
        return timeoutMillis;
    }

    @Override
    public Optional<String> databaseProblem() {
        return Optional.ofNullable(heartbeat.status().problem());
    }
}
