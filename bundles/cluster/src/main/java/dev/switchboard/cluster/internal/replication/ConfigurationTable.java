package dev.switchboard.cluster.internal.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** {@code sb_configuration}: the shared configurations, one row per PID, a deleted one kept as a tombstone. */
final class ConfigurationTable {

    /**
     * A configuration's latest state.
     *
     * @param properties typed JSON ({@link ConfigurationJson}); {@code null} for a tombstone
     */
    record Row(String pid, String factoryPid, String properties, String checksum, long revision, boolean deleted) {}

    private final DataSource dataSource;
    private final String node;

    ConfigurationTable(DataSource dataSource, String node) {
        this.dataSource = dataSource;
        this.node = node;
    }

    /** The rows changed after {@code revision}, oldest first ({@code 0}: every row). */
    List<Row> since(long revision) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT pid, factory_pid, properties, checksum, revision, "
                        + "deleted FROM sb_configuration WHERE revision > ? ORDER BY revision")) {
            q.setLong(1, revision);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getBoolean(6)));
                }
            }
        }
        return rows;
    }

    /** @return the new revision, {@code 0} when the cluster held exactly these properties */
    long put(String pid, String factoryPid, String properties, String checksum) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return inTransaction(c, () -> {
                try (PreparedStatement u = c.prepareStatement("INSERT INTO sb_configuration (pid, factory_pid, "
                        + "properties, checksum, revision, deleted, updated_by) VALUES (?, ?, ?, ?, ?, false, ?) "
                        + "ON CONFLICT (pid) DO UPDATE SET factory_pid = excluded.factory_pid, "
                        + "properties = excluded.properties, checksum = excluded.checksum, "
                        + "revision = excluded.revision, deleted = false, updated_by = excluded.updated_by, "
                        + "updated_at = now() WHERE sb_configuration.deleted "
                        + "OR sb_configuration.checksum IS DISTINCT FROM excluded.checksum")) {
                    long revision = Revisions.next(c);
                    u.setString(1, pid);
                    u.setString(2, factoryPid);
                    u.setString(3, properties);
                    u.setString(4, checksum);
                    u.setLong(5, revision);
                    u.setString(6, node);
                    return u.executeUpdate() == 0 ? 0 : revision;
                }
            });
        }
    }

    /** @return the new revision, {@code 0} when it was deleted or unknown already */
    long delete(String pid) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return inTransaction(c, () -> {
                try (PreparedStatement u = c.prepareStatement("UPDATE sb_configuration SET properties = NULL, "
                        + "checksum = NULL, revision = ?, deleted = true, updated_by = ?, updated_at = now() "
                        + "WHERE pid = ? AND NOT deleted")) {
                    long revision = Revisions.next(c);
                    u.setLong(1, revision);
                    u.setString(2, node);
                    u.setString(3, pid);
                    return u.executeUpdate() == 0 ? 0 : revision;
                }
            });
        }
    }

    private interface Write {
        long run() throws SQLException;
    }

    private static long inTransaction(Connection c, Write write) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            long revision = write.run();
            c.commit();
            return revision;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
