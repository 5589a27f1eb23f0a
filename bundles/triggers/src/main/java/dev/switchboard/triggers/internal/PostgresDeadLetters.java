package dev.switchboard.triggers.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Cluster mode's dead letters: a batch given up moves from {@code sb_trigger_batch} to {@code sb_trigger_dead}, of
 * which the newest {@code deadletters.keep} per subscription are kept. Each method runs inside the caller's
 * transaction or connection.
 */
final class PostgresDeadLetters {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PostgresDeadLetters() {}

    /**
     * Moves the pending batch to the dead letters and trims them to the newest {@code keep}.
     *
     * @return {@code false} when the batch was not pending (nothing changed)
     */
    static boolean move(Connection c, String id, long sequence, int attempts, String error, int keep)
            throws SQLException {
        byte[] events;
        try (PreparedStatement d = c.prepareStatement(
                "DELETE FROM sb_trigger_batch WHERE subscription_id = ? AND sequence = ? RETURNING events")) {
            d.setString(1, id);
            d.setLong(2, sequence);
            try (ResultSet rs = d.executeQuery()) {
                events = rs.next() ? rs.getBytes(1) : null;
            }
        }
        if (events == null) {
            return false;
        }
        Jdbc.update(
                c,
                "INSERT INTO sb_trigger_dead (subscription_id, sequence, events, attempts, last_error, "
                        + "dead_lettered_at) VALUES (?, ?, ?, ?, ?, ?)",
                id,
                sequence,
                events,
                attempts,
                error,
                System.currentTimeMillis());
        Jdbc.update(
                c,
                "DELETE FROM sb_trigger_dead WHERE subscription_id = ? AND sequence NOT IN (SELECT sequence "
                        + "FROM sb_trigger_dead WHERE subscription_id = ? ORDER BY sequence DESC LIMIT ?)",
                id,
                id,
                keep);
        return true;
    }

    /** {@code [{sequence, attempts, lastError, deadLetteredAt, events}]}, oldest first. */
    static ArrayNode list(Connection c, String id) throws SQLException {
        ArrayNode list = MAPPER.createArrayNode();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT sequence, attempts, last_error, dead_lettered_at, events FROM sb_trigger_dead "
                        + "WHERE subscription_id = ? ORDER BY sequence")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ObjectNode entry = list.addObject();
                    entry.put("sequence", rs.getLong(1));
                    entry.put("attempts", rs.getInt(2));
                    entry.put("lastError", rs.getString(3));
                    entry.put("deadLetteredAt", rs.getLong(4));
                    entry.set("events", MAPPER.readTree(rs.getBytes(5)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("corrupt dead letter in the cluster's trigger store", e);
        }
        return list;
    }

    /** How many are kept. */
    static long kept(Connection c, String id) throws SQLException {
        return Jdbc.single(c, "SELECT count(*) FROM sb_trigger_dead WHERE subscription_id = ?", id);
    }
}
