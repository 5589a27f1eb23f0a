package dev.switchboard.triggers.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.triggers.api.Backlog;

/**
 * The {@link TriggerStore} of cluster mode: the tables of the cluster database's {@code V2__triggers.sql}, shared by
 * every node. Each method is one transaction; a change to one subscription locks its {@code sb_subscription} row
 * first, so appends from several nodes and the owner's marks are serialised per subscription.
 * <p>
 * <b>Fencing.</b> Built for a node ({@code self} not {@code null}), the writes only the owner of a subscription makes
 * ({@link #delivered}, {@link #retryLater}, {@link #deadLetter}, {@link #stageCheckpoint}) check in the same
 * transaction that the row's {@code owner} and {@code epoch} are still the lease this node holds ({@link #hold}); a
 * node whose lease was taken over gets {@link LeaseLostException} and nothing is written. {@link #append} is not
 * fenced: a hook is accepted on any node, and a stale poller's batch is at worst a duplicate (at-least-once).
 * <p>
 * Refusals (counted in {@link Backlog#refused()}) are counted per node, in memory, as the embedded store does.
 */
final class PostgresTriggerStore implements TriggerStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresTriggerStore.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DataSource dataSource;
    /** This node's id; {@code null}: no fencing (a single writer, as in the contract tests). */
    private final String self;
    /** The epoch of each lease this node holds. */
    private final Map<String, Long> leases = new ConcurrentHashMap<>();
    /** Refusals per subscription since this node started, and whether it is full now (for one log line each way). */
    private final Map<String, Refusals> refusals = new ConcurrentHashMap<>();

    private volatile StoreLimits limits;

    private static final class Refusals {
        long count;
        boolean full;
    }

    /** A batch row: pending or dead. */
    private record Row(long sequence, byte[] events) {}

    PostgresTriggerStore(DataSource dataSource, String self, StoreLimits limits) {
        this.dataSource = dataSource;
        this.self = self;
        this.limits = limits;
    }

    /** This node holds the lease of {@code id} at {@code epoch}: its fenced writes check it. */
    void hold(String id, long epoch) {
        leases.put(id, epoch);
    }

    /** This node no longer holds the lease of {@code id}. */
    void drop(String id) {
        leases.remove(id);
    }

    /** The epoch this node holds for {@code id}, {@code null} when it holds none. */
    Long lease(String id) {
        return leases.get(id);
    }

    /** The subscriptions whose lease this node holds. */
    Set<String> leasedIds() {
        return Set.copyOf(leases.keySet());
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void limits(StoreLimits limits) {
        this.limits = limits;
    }

    @Override
    public StoreLimits limits() {
        return limits;
    }

    @Override
    public void sync(boolean sync) {
        // PostgreSQL's own durability (synchronous_commit) applies to every commit
    }

    // ---------------------------------------------------------------- subscriptions

    @Override
    public Map<String, SubscriptionRecord> subscriptions() {
        return query(c -> {
            Map<String, SubscriptionRecord> all = new LinkedHashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT id, record FROM sb_subscription ORDER BY id");
                    ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    all.put(rs.getString(1), SubscriptionRecord.fromJson(MAPPER.readTree(rs.getString(2))));
                }
            } catch (IOException e) {
                throw new IllegalStateException("corrupt subscription in the cluster's trigger store", e);
            }
            return all;
        });
    }

    /** One subscription, {@code null} when it does not exist (any more). */
    SubscriptionRecord subscription(String id) {
        return query(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT record FROM sb_subscription WHERE id = ?")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? SubscriptionRecord.fromJson(MAPPER.readTree(rs.getString(1))) : null;
                }
            } catch (IOException e) {
                throw new IllegalStateException("corrupt subscription in the cluster's trigger store", e);
            }
        });
    }

    @Override
    public void saveSubscription(SubscriptionRecord record, String firstCheckpoint) {
        String id = record.id();
        transaction(c -> {
            update(
                    c,
                    "INSERT INTO sb_subscription (id, record) VALUES (?, ?) "
                            + "ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record",
                    id,
                    record.toJson().toString());
            if (firstCheckpoint != null && lockRow(c, id) != null && resumePosition(c, id) == null) {
                update(c, "UPDATE sb_subscription SET checkpoint = ? WHERE id = ?", firstCheckpoint, id);
            }
            return null;
        });
    }

    @Override
    public void deleteSubscription(String id) {
        transaction(c -> update(c, "DELETE FROM sb_subscription WHERE id = ?", id));
        refusals.remove(id);
        leases.remove(id);
    }

    // ---------------------------------------------------------------- batches

    @Override
    public long append(String id, byte[] eventsJson) {
        StoreLimits bounds = limits;
        return transaction(c -> {
            Long next = lockRow(c, id);
            if (next == null) {
                throw new IllegalStateException("subscription " + id + " was deleted");
            }
            long[] usage = usage(c, id);
            if (usage[0] > 0 && (usage[0] >= bounds.maxBatches() || usage[1] + eventsJson.length > bounds.maxBytes())) {
                throw refuse(id, usage, bounds);
            }
            long sequence = next + 1;
            update(
                    c,
                    "INSERT INTO sb_trigger_batch (subscription_id, sequence, events) VALUES (?, ?, ?)",
                    id,
                    sequence,
                    eventsJson);
            update(c, "UPDATE sb_subscription SET next_sequence = ?, emitted = emitted + 1 WHERE id = ?", sequence, id);
            return sequence;
        });
    }

    private StoreFullException refuse(String id, long[] usage, StoreLimits bounds) {
        Refusals r = refusals.computeIfAbsent(id, k -> new Refusals());
        synchronized (r) {
            r.count++;
            if (!r.full) {
                r.full = true;
                LOG.warn(
                        "Subscription {}: its pending store is full ({} batches, {} bytes; bounds {} batches, {} "
                                + "bytes): new batches are refused until some are delivered",
                        id,
                        usage[0],
                        usage[1],
                        bounds.maxBatches(),
                        bounds.maxBytes());
            }
        }
        return new StoreFullException("subscription " + id + " holds " + usage[0] + " undelivered batches ("
                + usage[1] + " bytes), the most it may hold (max.pending.batches " + bounds.maxBatches()
                + ", max.pending.bytes " + bounds.maxBytes() + ")");
    }

    /** A batch left the pending ones: a full subscription has room again. */
    private void released(String id) {
        Refusals r = refusals.get(id);
        if (r != null) {
            synchronized (r) {
                if (r.full) {
                    r.full = false;
                    LOG.info(
                            "Subscription {}: its pending store has room again; {} batches were refused so far",
                            id,
                            r.count);
                }
            }
        }
    }

    @Override
    public Batch firstPending(String id) {
        return query(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT sequence, events, attempts, next_attempt_at, last_error FROM sb_trigger_batch "
                            + "WHERE subscription_id = ? ORDER BY sequence LIMIT 1")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next()
                            ? new Batch(rs.getLong(1), rs.getBytes(2), rs.getInt(3), rs.getLong(4), rs.getString(5))
                            : null;
                }
            }
        });
    }

    @Override
    public long pendingCount(String id) {
        return query(c -> usage(c, id)[0]);
    }

    @Override
    public Backlog backlog(String id) {
        StoreLimits bounds = limits;
        return query(c -> {
            long[] usage = usage(c, id);
            long kept = single(c, "SELECT count(*) FROM sb_trigger_dead WHERE subscription_id = ?", id);
            Refusals r = refusals.get(id);
            long refused;
            boolean full;
            if (r == null) {
                refused = 0;
                full = false;
            } else {
                synchronized (r) {
                    refused = r.count;
                    full = r.full;
                }
            }
            return new Backlog(
                    usage[0],
                    usage[1],
                    bounds.maxBatches(),
                    bounds.maxBytes(),
                    full || usage[0] >= bounds.maxBatches(),
                    refused,
                    counter(c, id, "dead_lettered"),
                    kept);
        });
    }

    @Override
    public void delivered(String id, long sequence) {
        boolean released = transaction(c -> {
            if (!fence(c, id)) {
                return false;
            }
            if (update(c, "DELETE FROM sb_trigger_batch WHERE subscription_id = ? AND sequence = ?", id, sequence)
                    == 0) {
                return false;
            }
            update(c, "UPDATE sb_subscription SET delivered = delivered + 1, last_error = NULL WHERE id = ?", id);
            advanceCheckpoint(c, id);
            return true;
        });
        if (released) {
            released(id);
        }
    }

    @Override
    public void retryLater(String id, long sequence, int attempts, long nextAttemptAt, String error) {
        transaction(c -> {
            if (fence(c, id)
                    && update(
                                    c,
                                    "UPDATE sb_trigger_batch SET attempts = ?, next_attempt_at = ?, last_error = ? "
                                            + "WHERE subscription_id = ? AND sequence = ?",
                                    attempts,
                                    nextAttemptAt,
                                    error,
                                    id,
                                    sequence)
                            > 0) {
                update(c, "UPDATE sb_subscription SET last_error = ? WHERE id = ?", error, id);
            }
            return null;
        });
    }

    @Override
    public void deadLetter(String id, long sequence, int attempts, String error) {
        int keep = limits.deadLettersKept();
        boolean released = transaction(c -> {
            if (!fence(c, id)) {
                return false;
            }
            Row row;
            try (PreparedStatement d = c.prepareStatement("DELETE FROM sb_trigger_batch WHERE subscription_id = ? "
                    + "AND sequence = ? RETURNING sequence, events")) {
                d.setString(1, id);
                d.setLong(2, sequence);
                try (ResultSet rs = d.executeQuery()) {
                    row = rs.next() ? new Row(rs.getLong(1), rs.getBytes(2)) : null;
                }
            }
            if (row == null) {
                return false;
            }
            update(
                    c,
                    "INSERT INTO sb_trigger_dead (subscription_id, sequence, events, attempts, last_error, "
                            + "dead_lettered_at) VALUES (?, ?, ?, ?, ?, ?)",
                    id,
                    row.sequence(),
                    row.events(),
                    attempts,
                    error,
                    System.currentTimeMillis());
            update(
                    c,
                    "DELETE FROM sb_trigger_dead WHERE subscription_id = ? AND sequence NOT IN (SELECT sequence "
                            + "FROM sb_trigger_dead WHERE subscription_id = ? ORDER BY sequence DESC LIMIT ?)",
                    id,
                    id,
                    keep);
            update(
                    c,
                    "UPDATE sb_subscription SET dead_lettered = dead_lettered + 1, last_error = ? WHERE id = ?",
                    error,
                    id);
            advanceCheckpoint(c, id);
            return true;
        });
        if (released) {
            released(id);
        }
    }

    @Override
    public ArrayNode deadLetters(String id) {
        return query(c -> {
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
        });
    }

    @Override
    public long deadCount(String id) {
        return query(c -> counter(c, id, "dead_lettered"));
    }

    @Override
    public long emitted(String id) {
        return query(c -> counter(c, id, "emitted"));
    }

    @Override
    public long deliveredCount(String id) {
        return query(c -> counter(c, id, "delivered"));
    }

    @Override
    public String lastError(String id) {
        return query(c -> text(c, "SELECT last_error FROM sb_subscription WHERE id = ?", id));
    }

    // ---------------------------------------------------------------- checkpoints

    @Override
    public String checkpoint(String id) {
        return query(c -> text(c, "SELECT checkpoint FROM sb_subscription WHERE id = ?", id));
    }

    @Override
    public String resumePosition(String id) {
        return query(c -> resumePosition(c, id));
    }

    private static String resumePosition(Connection c, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT value FROM sb_trigger_staged WHERE subscription_id = ? ORDER BY position DESC LIMIT 1")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        return text(c, "SELECT checkpoint FROM sb_subscription WHERE id = ?", id);
    }

    @Override
    public void stageCheckpoint(String id, String value) {
        transaction(c -> {
            Long next = lockRow(c, id);
            if (next == null || !fence(c, id)) {
                return null;
            }
            update(
                    c,
                    "INSERT INTO sb_trigger_staged (subscription_id, after_sequence, value) VALUES (?, ?, ?)",
                    id,
                    next,
                    value);
            advanceCheckpoint(c, id);
            return null;
        });
    }

    /** Commits the staged checkpoints no pending batch holds back: the last of them becomes the checkpoint. */
    private static void advanceCheckpoint(Connection c, String id) throws SQLException {
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
            update(c, "DELETE FROM sb_trigger_staged WHERE subscription_id = ? AND position <= ?", id, lastPosition);
            update(c, "UPDATE sb_subscription SET checkpoint = ? WHERE id = ?", committed, id);
        }
    }

    // ---------------------------------------------------------------- fencing

    /**
     * Locks the subscription's row and checks this node's lease on it.
     *
     * @return {@code false} when the subscription does not exist (any more): nothing to write
     * @throws LeaseLostException when another node owns it now, or a later claim raised its epoch
     */
    private boolean fence(Connection c, String id) throws SQLException {
        try (PreparedStatement q =
                c.prepareStatement("SELECT owner, epoch FROM sb_subscription WHERE id = ? FOR UPDATE")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                if (self == null) {
                    return true;
                }
                String owner = rs.getString(1);
                long epoch = rs.getLong(2);
                Long held = leases.get(id);
                if (held == null || held != epoch || !self.equals(owner)) {
                    throw new LeaseLostException(id, self, held, owner, epoch);
                }
                return true;
            }
        }
    }

    // ---------------------------------------------------------------- JDBC

    /** Locks the subscription's row; returns its last sequence number, {@code null} when it does not exist. */
    private static Long lockRow(Connection c, String id) throws SQLException {
        try (PreparedStatement q =
                c.prepareStatement("SELECT next_sequence FROM sb_subscription WHERE id = ? FOR UPDATE")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** {@code [batches, bytes]} pending. */
    private static long[] usage(Connection c, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT count(*), coalesce(sum(octet_length(events)), 0) "
                + "FROM sb_trigger_batch WHERE subscription_id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static long counter(Connection c, String id, String column) throws SQLException {
        return single(c, "SELECT " + column + " FROM sb_subscription WHERE id = ?", id);
    }

    private static long single(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static String text(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement u = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                u.setObject(i + 1, values[i]);
            }
            return u.executeUpdate();
        }
    }

    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Reads (auto-commit). */
    private <T> T query(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** One transaction: committed when {@code work} returns, rolled back when it throws. */
    <T> T transaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static IllegalStateException unavailable(SQLException e) {
        return new IllegalStateException(
                "the cluster database could not be used (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
    }

    @Override
    public void close() {
        // the data source is the cluster bundle's pool: it stays open
        leases.clear();
    }
}
