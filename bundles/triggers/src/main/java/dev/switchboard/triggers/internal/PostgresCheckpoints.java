package dev.switchboard.triggers.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Cluster mode's checkpoints: the committed one in {@code sb_subscription.checkpoint}, those staged behind the
 * batches stored so far in {@code sb_trigger_staged}. Each method runs inside the caller's transaction.
 */
final class PostgresCheckpoints {

    private PostgresCheckpoints() {}

    /** The last value staged, else the committed checkpoint. */
    static String resumePosition(Connection c, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT value FROM sb_trigger_staged WHERE subscription_id = ? ORDER BY position DESC LIMIT 1")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        return committed(c, id);
    }

    static String committed(Connection c, String id) throws SQLException {
        return Jdbc.text(c, "SELECT checkpoint FROM sb_subscription WHERE id = ?", id);
    }

    /** Where a new subscription starts; the caller checked it has no position yet. */
    static void first(Connection c, String id, String value) throws SQLException {
        Jdbc.update(c, "UPDATE sb_subscription SET checkpoint = ? WHERE id = ?", value, id);
    }

    /** Stages {@code value} behind the batches up to {@code lastSequence}. */
    static void stage(Connection c, String id, long lastSequence, String value) throws SQLException {
        Jdbc.update(
                c,
                "INSERT INTO sb_trigger_staged (subscription_id, after_sequence, value) VALUES (?, ?, ?)",
                id,
                lastSequence,
                value);
    }

    /** Commits the staged checkpoints no pending batch holds back: the last of them becomes the checkpoint. */
    static void advance(Connection c, String id) throws SQLException {
        long firstPending;
        try (PreparedStatement q =
                c.prepareStatement("SELECT min(sequence) FROM sb_trigger_batch WHERE subscription_id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                long min = rs.getLong(1);
                firstPending = rs.wasNull() ? Long.MAX_VALUE : min;
            }
        }
        long lastPosition = -1;
        String committed = null;
        try (PreparedStatement q = c.prepareStatement("SELECT position, value FROM sb_trigger_staged "
                + "WHERE subscription_id = ? AND after_sequence < ? ORDER BY position DESC LIMIT 1")) {
            q.setString(1, id);
            q.setLong(2, firstPending);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    lastPosition = rs.getLong(1);
                    committed = rs.getString(2);
                }
            }
        }
        if (lastPosition >= 0) {
            // staged in order of position with after_sequence never decreasing: all up to it are committed
            Jdbc.update(
                    c, "DELETE FROM sb_trigger_staged WHERE subscription_id = ? AND position <= ?", id, lastPosition);
            Jdbc.update(c, "UPDATE sb_subscription SET checkpoint = ? WHERE id = ?", committed, id);
        }
    }
}
