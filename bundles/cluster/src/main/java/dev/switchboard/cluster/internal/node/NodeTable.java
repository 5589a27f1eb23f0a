package dev.switchboard.cluster.internal.node;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import dev.switchboard.cluster.api.ClusterNode;
import dev.switchboard.cluster.api.NodeState;

/**
 * The table {@code sb_node}: one row per node, its heartbeat written in database time ({@code now()}), so nodes
 * whose clocks differ still agree on who is UP.
 */
final class NodeTable {

    private static final String BEAT = "INSERT INTO sb_node (id, url, last_heartbeat, subscriptions, catalog_revision, "
            + "deployments) VALUES (?, ?, now(), (SELECT count(*) FROM sb_subscription WHERE owner = ?), ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET url = excluded.url, last_heartbeat = excluded.last_heartbeat, "
            + "subscriptions = excluded.subscriptions, catalog_revision = excluded.catalog_revision, "
            + "deployments = excluded.deployments";

    private static final String JOIN = "UPDATE sb_node SET started_at = now() WHERE id = ?";

    private static final String NODES = "SELECT n.id, n.url, n.last_heartbeat, "
            + "n.last_heartbeat > now() - ? * interval '1 millisecond' AS up, "
            + "(SELECT count(*) FROM sb_subscription s WHERE s.owner = n.id) AS subscriptions, "
            + "n.catalog_revision, n.deployments FROM sb_node n ORDER BY n.id";

    /** A clean stop: DOWN at once, so the others take over without waiting for the timeout. */
    private static final String LEAVE = "UPDATE sb_node SET last_heartbeat = now() - interval '1 day' WHERE id = ?";

    private final DataSource dataSource;

    NodeTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void join(String id, String url) throws SQLException {
        beat(id, url, 0, 0);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(JOIN)) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    void beat(String id, String url, long catalogRevision, int deployments) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(BEAT)) {
            s.setString(1, id);
            s.setString(2, url);
            s.setString(3, id);
            s.setLong(4, catalogRevision);
            s.setInt(5, deployments);
            s.executeUpdate();
        }
    }

    List<ClusterNode> nodes(long timeoutMillis) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(NODES)) {
            s.setLong(1, timeoutMillis);
            List<ClusterNode> nodes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp beat = rs.getTimestamp(3);
                    nodes.add(new ClusterNode(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getBoolean(4) ? NodeState.UP : NodeState.DOWN,
                            beat == null ? null : beat.toInstant(),
                            rs.getInt(5),
                            rs.getLong(6),
                            rs.getInt(7)));
                }
            }
            return nodes;
        }
    }

    void leave(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(LEAVE)) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }
}
