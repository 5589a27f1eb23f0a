package dev.switchboard.cluster.internal.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code sb_deployment}: the deploy folder's files as the cluster holds them, one row per file name. A deleted file
 * keeps its row as a tombstone (no content), so a node that was down when it went removes it too.
 */
final class DeploymentTable {

    /**
     * A file's latest state, without its content.
     *
     * @param checksum {@code null} for a tombstone
     */
    record Row(String name, String checksum, long revision, boolean deleted) {}

    private final DataSource dataSource;
    private final String node;

    DeploymentTable(DataSource dataSource, String node) {
        this.dataSource = dataSource;
        this.node = node;
    }

    /** The rows changed after {@code revision}, oldest first ({@code 0}: every row). */
    List<Row> since(long revision) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT name, checksum, revision, deleted FROM sb_deployment "
                        + "WHERE revision > ? ORDER BY revision")) {
            q.setLong(1, revision);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4)));
                }
            }
        }
        return rows;
    }

    /** The content of {@code name} at {@code revision}; {@code null} when the row has moved on (or is a tombstone). */
    byte[] content(String name, long revision) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT content FROM sb_deployment WHERE name = ? AND revision = ? AND NOT deleted")) {
            q.setString(1, name);
            q.setLong(2, revision);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /**
     * Stores {@code content} as the file {@code name} with a new revision, unless the cluster holds exactly that.
     *
     * @return the new revision, {@code 0} when nothing changed
     */
    long put(String name, byte[] content, String checksum) throws SQLException {
        return write(
                name,
                "INSERT INTO sb_deployment (name, content, checksum, revision, deleted, updated_by) "
                        + "VALUES (?, ?, ?, ?, false, ?) ON CONFLICT (name) DO UPDATE SET content = excluded.content, "
                        + "checksum = excluded.checksum, revision = excluded.revision, deleted = false, "
                        + "updated_by = excluded.updated_by, updated_at = now() "
                        + "WHERE sb_deployment.deleted OR sb_deployment.checksum IS DISTINCT FROM excluded.checksum",
                content,
                checksum);
    }

    /**
     * Marks {@code name} deleted with a new revision, unless it is deleted or unknown already.
     *
     * @return the new revision, {@code 0} when nothing changed
     */
    long delete(String name) throws SQLException {
        return write(
                name,
                "UPDATE sb_deployment SET content = NULL, checksum = NULL, revision = ?, deleted = true, "
                        + "updated_by = ?, updated_at = now() WHERE name = ? AND NOT deleted",
                null,
                null);
    }

    private long write(String name, String sql, byte[] content, String checksum) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement u = c.prepareStatement(sql)) {
                long revision = Revisions.next(c);
                if (content != null) {
                    u.setString(1, name);
                    u.setBytes(2, content);
                    u.setString(3, checksum);
                    u.setLong(4, revision);
                    u.setString(5, node);
                } else {
                    u.setLong(1, revision);
                    u.setString(2, node);
                    u.setString(3, name);
                }
                int changed = u.executeUpdate();
                c.commit();
                return changed == 0 ? 0 : revision;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }
}
