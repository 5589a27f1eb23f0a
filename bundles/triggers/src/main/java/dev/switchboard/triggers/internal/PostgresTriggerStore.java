package dev.switchboard.triggers.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.switchboard.triggers.api.Backlog;

/**
 * The {@link TriggerStore} of cluster mode: the tables of the cluster database's {@code V2__triggers.sql} (with
 * {@code V4__batch_emitted_at.sql}), shared by every node. Each method is one transaction; a change to one
 * subscription locks its {@code sb_subscription} row first, so appends from several nodes and the owner's marks are
 * serialised per subscription. Checkpoints are kept by {@link PostgresCheckpoints}, dead letters by
 * {@link PostgresDeadLetters}, the JDBC plumbing is {@link Jdbc}'s.
 * <p>
 * <b>Fencing.</b> Built for a node ({@code self} not {@code null}), the writes only the owner of a subscription makes
 * ({@link #delivered}, {@link #retryLater}, {@link #deadLetter}, {@link #stageCheckpoint}) check in the same
 * transaction that the row's {@code owner} and {@code epoch} are still the lease this node holds ({@link #hold},
 * {@link PostgresLeases}); a node whose lease was taken over gets {@link LeaseLostException} and nothing is written.
 * {@link #append} is not fenced: a hook is accepted on any node, and a stale poller's batch is at worst a duplicate
 * (at-least-once).
 * <p>
 * Refusals (counted in {@link Backlog#refused()}) are counted per node, in memory, as the embedded store does.
 */
final class PostgresTriggerStore implements TriggerStore {

    static final String UNREACHABLE = "the cluster database cannot be reached";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Jdbc jdbc;
    private final PostgresLeases leases;
    private final StoreRefusals refusals = new StoreRefusals();
    /** Why the database cannot take writes now ({@code null} when it can), for {@link #problem}. */
    private final Supplier<String> databaseProblem;

    private volatile StoreLimits limits;

    /** @param self this node's id; {@code null}: no fencing (a single writer, as in the contract tests) */
    PostgresTriggerStore(DataSource dataSource, String self, StoreLimits limits) {
        this(dataSource, self, limits, null);
    }

    /** @param databaseProblem the membership's view of the database; {@code null}: a connection is tried */
    PostgresTriggerStore(DataSource dataSource, String self, StoreLimits limits, Supplier<String> databaseProblem) {
        this.jdbc = new Jdbc(dataSource);
        this.leases = new PostgresLeases(self);
        this.limits = limits;
        this.databaseProblem = databaseProblem != null ? databaseProblem : this::tryConnection;
    }

    /** This node holds the lease of {@code id} at {@code epoch}: its fenced writes check it. */
    void hold(String id, long epoch) {
        leases.hold(id, epoch);
    }

    /** This node no longer holds the lease of {@code id}. */
    void drop(String id) {
        leases.drop(id);
    }

    /** The epoch this node holds for {@code id}, {@code null} when it holds none. */
    Long lease(String id) {
        return leases.epoch(id);
    }

    /** The subscriptions whose lease this node holds. */
    Set<String> leasedIds() {
        return leases.ids();
    }

    DataSource dataSource() {
        return jdbc.dataSource();
    }

    /** One transaction: committed when {@code work} returns, rolled back when it throws. */
    <T> T transaction(Jdbc.Work<T> work) {
        return jdbc.transaction(work);
    }

    static int update(Connection c, String sql, Object... values) throws SQLException {
        return Jdbc.update(c, sql, values);
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

    @Override
    public String problem() {
        return databaseProblem.get();
    }

    private String tryConnection() {
        try {
            jdbc.query(c -> Jdbc.single(c, "SELECT count(*) FROM sb_subscription WHERE id = ?", ""));
            return null;
        } catch (IllegalStateException e) {
            return UNREACHABLE;
        }
    }

    @Override
    public String location() {
        return "the cluster database";
    }

    // ---------------------------------------------------------------- subscriptions

    @Override
    public Map<String, SubscriptionRecord> subscriptions() {
        return jdbc.query(c -> {
            Map<String, SubscriptionRecord> all = new LinkedHashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT id, record FROM sb_subscription ORDER BY id");
                    ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    all.put(rs.getString(1), record(rs.getString(2)));
                }
            }
            return all;
        });
    }

    /** One subscription, {@code null} when it does not exist (any more). */
    SubscriptionRecord subscription(String id) {
        return jdbc.query(c -> {
            String json = Jdbc.text(c, "SELECT record FROM sb_subscription WHERE id = ?", id);
            return json == null ? null : record(json);
        });
    }

    private static SubscriptionRecord record(String json) {
        try {
            return SubscriptionRecord.fromJson(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException("corrupt subscription in the cluster's trigger store", e);
        }
    }

    @Override
    public void saveSubscription(SubscriptionRecord record, String firstCheckpoint) {
        String id = record.id();
        jdbc.transaction(c -> {
            Jdbc.update(
                    c,
                    "INSERT INTO sb_subscription (id, record) VALUES (?, ?) "
                            + "ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record",
                    id,
                    record.toJson().toString());
            if (firstCheckpoint != null
                    && lockRow(c, id) != null
                    && PostgresCheckpoints.resumePosition(c, id) == null) {
                PostgresCheckpoints.first(c, id, firstCheckpoint);
            }
            return null;
        });
    }

    @Override
    public void deleteSubscription(String id) {
        jdbc.transaction(c -> Jdbc.update(c, "DELETE FROM sb_subscription WHERE id = ?", id));
        refusals.forget(id);
        leases.drop(id);
    }

    // ---------------------------------------------------------------- batches

    @Override
    public long append(String id, byte[] eventsJson) {
        StoreLimits bounds = limits;
        return jdbc.transaction(c -> {
            Long next = lockRow(c, id);
            if (next == null) {
                throw new IllegalStateException("subscription " + id + " was deleted");
            }
            long[] usage = usage(c, id);
            refusals.checkRoom(id, usage[0], usage[1], eventsJson.length, bounds);
            long sequence = next + 1;
            Jdbc.update(
                    c,
                    "INSERT INTO sb_trigger_batch (subscription_id, sequence, events, emitted_at) VALUES (?, ?, ?, ?)",
                    id,
                    sequence,
                    eventsJson,
                    System.currentTimeMillis());
            Jdbc.update(
                    c,
                    "UPDATE sb_subscription SET next_sequence = ?, emitted = emitted + 1 WHERE id = ?",
                    sequence,
                    id);
            return sequence;
        });
    }

    @Override
    public Batch firstPending(String id) {
        return jdbc.query(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT sequence, events, attempts, next_attempt_at, last_error, emitted_at FROM sb_trigger_batch "
                            + "WHERE subscription_id = ? ORDER BY sequence LIMIT 1")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next()
                            ? new Batch(
                                    rs.getLong(1),
                                    rs.getBytes(2),
                                    rs.getInt(3),
                                    rs.getLong(4),
                                    rs.getString(5),
                                    rs.getLong(6))
                            : null;
                }
            }
        });
    }

    @Override
    public long pendingCount(String id) {
        return jdbc.query(c -> usage(c, id)[0]);
    }

    @Override
    public Backlog backlog(String id) {
        StoreLimits bounds = limits;
        return jdbc.query(c -> {
            long[] usage = usage(c, id);
            return new Backlog(
                    usage[0],
                    usage[1],
                    bounds.maxBatches(),
                    bounds.maxBytes(),
                    refusals.full(id) || usage[0] >= bounds.maxBatches(),
                    refusals.refused(id),
                    counter(c, id, "dead_lettered"),
                    PostgresDeadLetters.kept(c, id));
        });
    }

    @Override
    public void delivered(String id, long sequence) {
        boolean released = jdbc.transaction(c -> {
            if (!leases.fence(c, id)
                    || Jdbc.update(
                                    c,
                                    "DELETE FROM sb_trigger_batch WHERE subscription_id = ? AND sequence = ?",
                                    id,
                                    sequence)
                            == 0) {
                return false;
            }
            Jdbc.update(c, "UPDATE sb_subscription SET delivered = delivered + 1, last_error = NULL WHERE id = ?", id);
            PostgresCheckpoints.advance(c, id);
            return true;
        });
        if (released) {
            refusals.released(id);
        }
    }

    @Override
    public void retryLater(String id, long sequence, int attempts, long nextAttemptAt, String error) {
        jdbc.transaction(c -> {
            if (leases.fence(c, id)
                    && Jdbc.update(
                                    c,
                                    "UPDATE sb_trigger_batch SET attempts = ?, next_attempt_at = ?, last_error = ? "
                                            + "WHERE subscription_id = ? AND sequence = ?",
                                    attempts,
                                    nextAttemptAt,
                                    error,
                                    id,
                                    sequence)
                            > 0) {
                Jdbc.update(c, "UPDATE sb_subscription SET last_error = ? WHERE id = ?", error, id);
            }
            return null;
        });
    }

    @Override
    public void deadLetter(String id, long sequence, int attempts, String error) {
        int keep = limits.deadLettersKept();
        boolean released = jdbc.transaction(c -> {
            if (!leases.fence(c, id) || !PostgresDeadLetters.move(c, id, sequence, attempts, error, keep)) {
                return false;
            }
            Jdbc.update(
                    c,
                    "UPDATE sb_subscription SET dead_lettered = dead_lettered + 1, last_error = ? WHERE id = ?",
                    error,
                    id);
            PostgresCheckpoints.advance(c, id);
            return true;
        });
        if (released) {
            refusals.released(id);
        }
    }

    @Override
    public ArrayNode deadLetters(String id) {
        return jdbc.query(c -> PostgresDeadLetters.list(c, id));
    }

    @Override
    public long deadCount(String id) {
        return jdbc.query(c -> counter(c, id, "dead_lettered"));
    }

    @Override
    public long emitted(String id) {
        return jdbc.query(c -> counter(c, id, "emitted"));
    }

    @Override
    public long deliveredCount(String id) {
        return jdbc.query(c -> counter(c, id, "delivered"));
    }

    @Override
    public String lastError(String id) {
        return jdbc.query(c -> Jdbc.text(c, "SELECT last_error FROM sb_subscription WHERE id = ?", id));
    }

    // ---------------------------------------------------------------- checkpoints

    @Override
    public String checkpoint(String id) {
        return jdbc.query(c -> PostgresCheckpoints.committed(c, id));
    }

    @Override
    public String resumePosition(String id) {
        return jdbc.query(c -> PostgresCheckpoints.resumePosition(c, id));
    }

    @Override
    public void stageCheckpoint(String id, String value) {
        jdbc.transaction(c -> {
            Long next = lockRow(c, id);
            if (next != null && leases.fence(c, id)) {
                PostgresCheckpoints.stage(c, id, next, value);
                PostgresCheckpoints.advance(c, id);
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- rows

    /** Locks the subscription's row; returns its last sequence number, {@code null} when it does not exist. */
    private static Long lockRow(Connection c, String id) throws SQLException {
        return Jdbc.number(c, "SELECT next_sequence FROM sb_subscription WHERE id = ? FOR UPDATE", id);
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
        return Jdbc.single(c, "SELECT " + column + " FROM sb_subscription WHERE id = ?", id);
    }

    @Override
    public void close() {
        // the data source is the cluster bundle's pool: it stays open
        leases.clear();
    }
}
