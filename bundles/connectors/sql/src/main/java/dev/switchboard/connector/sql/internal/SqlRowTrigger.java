package dev.switchboard.connector.sql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.TriggerContext;
import dev.switchboard.connector.support.Backoff;
import dev.switchboard.connector.support.PollScheduler;
import dev.switchboard.connector.support.Pollers;
import dev.switchboard.connector.support.Polling;
import dev.switchboard.connector.support.TriggerConnection;

/**
 * The {@code sqlRowTrigger} binding, "when a row is inserted": polls a table for rows whose key column is greater
 * than the last one emitted, in key order, at most {@code batchSize} at a time, and emits each batch as one batch of
 * events (one per row). The checkpoint is the last key emitted, as JSON; {@code null} (JSON) is "before every row". A
 * key must only ever increase (an identity or sequence column, an insertion timestamp).
 * <p>
 * Where a subscription starts is read when it is created ({@link #startPosition}: the current maximum key, or the
 * beginning with {@code includeExisting}) and stored by the host as its first checkpoint, so rows inserted right after
 * the subscription is created, or while the host is down before the first event, are delivered. A poll that cannot
 * read the table reports the subscription FAILING ({@link TriggerContext#failing}) and polls again after a backoff
 * that doubles up to {@code trigger.backoff.max.ms}, on the same connection pool.
 */
final class SqlRowTrigger {

    static final String TYPE = "sqlRowTrigger";
    static final String OPERATION = "whenRowInserted";

    private static final Logger LOG = LoggerFactory.getLogger(SqlRowTrigger.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private final ConnectionPools pools;
    private final int queryTimeoutSeconds;
    private final Pollers pollers;
    private final long backoffMaxMs;

    SqlRowTrigger(ConnectionPools pools, int queryTimeoutSeconds, PollScheduler scheduler, long backoffMaxMs) {
        this.pools = pools;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        this.pollers = new Pollers(scheduler);
        this.backoffMaxMs = backoffMaxMs;
    }

    /** "Before every row", as a checkpoint. */
    static final String BEGINNING = "null";

    /**
     * Where a new subscription starts: after the table's current maximum key, or {@link #BEGINNING} with
     * {@code includeExisting} or when the table is empty. Reads the table either way, so an unreachable database or
     * an unknown table or key column refuses the subscription.
     */
    String startPosition(TriggerContext context) throws JsonProcessingException {
        PoolKey key = poolKey(context);
        JsonNode in = context.inputs();
        String table = in.path("table").asText();
        try {
            JsonNode max = maxKey(key, table, in.path("keyColumn").asText());
            return in.path("includeExisting").asBoolean(false) || max == null ? BEGINNING : max.toString();
        } catch (SQLException e) {
            throw SqlFailures.statementFailure(e, key);
        }
    }

    private static PoolKey poolKey(TriggerContext context) {
        return PoolKey.of(TriggerConnection.parameters(context, "the sql connector's trigger needs a connection"));
    }

    AutoCloseable start(TriggerContext context) {
        Poller poller = new Poller(context, poolKey(context));
        Polling polling = pollers.start(TYPE + " of subscription " + context.subscriptionId(), poller::pollOnce);
        poller.polling = polling;
        return polling;
    }

    /** The table's current maximum key, {@code null} when it is empty. */
    private JsonNode maxKey(PoolKey key, String table, String keyColumn) throws SQLException {
        try (Connection c = pools.dataSource(key).getConnection()) {
            TableResolver.Table t = TableResolver.resolve(c, table);
            TableResolver.Column k = t.column(keyColumn);
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(" + k.quoted() + ") FROM " + t.quotedName())) {
                ps.setQueryTimeout(queryTimeoutSeconds);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    JsonNode max = JdbcJsonMapping.read(rs, 1, k.sqlType(), k.typeName());
                    return max == null || max.isNull() ? null : max;
                }
            }
        }
    }

    void closeAll() {
        pollers.closeAll();
    }

    int running() {
        return pollers.running();
    }

    private final class Poller {
        private final TriggerContext context;
        private final PoolKey key;
        private final String table;
        private final String keyColumn;
        private final int batchSize;
        private final long pollMillis;
        private final boolean includeExisting;
        // only touched by pollOnce, which never runs twice at once
        private JsonNode position;
        private boolean positioned;
        /** Polls in a row that could not read the table (0: reading). */
        private int failures;

        private String lastFailure;
        private volatile Polling polling;
        // the resolved table, only touched by pollOnce; null until resolved and after a failed poll
        private TableResolver.Column resolvedKey;
        private String selectFirst;
        private String selectAfter;

        Poller(TriggerContext context, PoolKey key) {
            this.context = context;
            this.key = key;
            JsonNode in = context.inputs();
            this.table = in.path("table").asText();
            this.keyColumn = in.path("keyColumn").asText();
            this.batchSize = in.path("batchSize").asInt(100);
            this.pollMillis = Math.max(50, (long) (in.path("pollSeconds").asDouble(5) * 1000));
            this.includeExisting = in.path("includeExisting").asBoolean(false);
        }

        /** One poll: at most one batch, emitted and checkpointed; returns when to poll again. */
        long pollOnce() {
            List<JsonNode> rows = new ArrayList<>();
            JsonNode last;
            try {
                if (!positioned) {
                    position();
                }
                last = poll(position, rows);
            } catch (Exception e) {
                return readFailed(e);
            }
            if (failures > 0) {
                LOG.info(
                        "sqlRowTrigger of subscription {} on {}: the table can be read again",
                        context.subscriptionId(),
                        table);
                failures = 0;
                lastFailure = null;
                context.recovered();
            }
            if (rows.isEmpty()) {
                return pollMillis;
            }
            try {
                context.sink().emit(rows).toCompletableFuture().get(60, TimeUnit.SECONDS);
                position = last;
                context.checkpoints().put(last.toString());
                return rows.size() < batchSize ? pollMillis : 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closing: no next poll
                return pollMillis;
            } catch (Exception e) {
                if (!closed()) {
                    // not stored (the subscription's store is full, say): the same rows are read again
                    LOG.warn(
                            "sqlRowTrigger of subscription {} on {}: {}; polling again",
                            context.subscriptionId(),
                            table,
                            e.toString());
                }
                return Math.max(pollMillis, 1000);
            }
        }

        /**
         * From the checkpoint (the start the host stored at creation, or the last key emitted). Without one (a
         * subscription from before starting positions were stored, or a host that stores none): as then, the current
         * maximum key, put at once so that a restart does not take a new one.
         */
        private void position() throws Exception {
            String checkpoint = context.checkpoints().get();
            if (checkpoint != null) {
                position = MAPPER.readTree(checkpoint);
            } else {
                position = includeExisting ? null : maxKey(key, table, keyColumn);
                context.checkpoints().put(position == null ? BEGINNING : position.toString());
            }
            if (position != null && position.isNull()) {
                position = null;
            }
            positioned = true;
        }

        /** Reports the subscription FAILING (once per distinct reason in the log); returns the backoff. */
        private long readFailed(Exception e) {
            if (closed()) {
                return pollMillis;
            }
            failures++;
            String reason = reason(e);
            Backoff backoff = new Backoff(Math.max(pollMillis, 1000), backoffMaxMs);
            long delay = backoff.delay(failures);
            if (!reason.equals(lastFailure)) {
                LOG.warn(
                        "sqlRowTrigger of subscription {} on {}: {}; polling again in {} ms, then less and less "
                                + "often (up to every {} ms) until it can read",
                        context.subscriptionId(),
                        table,
                        reason,
                        delay,
                        backoff.maxMs());
            } else {
                LOG.debug(
                        "sqlRowTrigger of subscription {} on {}: still {}; polling again in {} ms",
                        context.subscriptionId(),
                        table,
                        reason,
                        delay);
            }
            lastFailure = reason;
            context.failing(reason);
            return delay;
        }

        /** For a person, without the connection string, password or the driver's connection text. */
        private String reason(Exception e) {
            if (e instanceof ServiceOperationException s) {
                return s.getMessage();
            }
            if (e instanceof SQLException sql) {
                return SqlFailures.statementFailure(sql, key).getMessage();
            }
            return "reading table " + table + " failed (" + e.getClass().getSimpleName() + ")";
        }

        /**
         * Reads the next batch after {@code position} into {@code rows}; returns the last row's key. The table and
         * its key column are resolved once (their metadata is several queries) and again after a poll that failed,
         * for a table that was dropped and created again.
         */
        private JsonNode poll(JsonNode position, List<JsonNode> rows) throws SQLException {
            try (Connection c = pools.dataSource(key).getConnection()) {
                if (resolvedKey == null) {
                    TableResolver.Table t = TableResolver.resolve(c, table);
                    TableResolver.Column k = t.column(keyColumn);
                    String select = "SELECT * FROM " + t.quotedName();
                    selectFirst = select + " ORDER BY " + k.quoted();
                    selectAfter = select + " WHERE " + k.quoted() + " > ? ORDER BY " + k.quoted();
                    resolvedKey = k;
                }
                TableResolver.Column k = resolvedKey;
                try (PreparedStatement ps = c.prepareStatement(position == null ? selectFirst : selectAfter)) {
                    ps.setQueryTimeout(queryTimeoutSeconds);
                    ps.setMaxRows(batchSize);
                    ps.setFetchSize(Math.min(batchSize, 500));
                    if (position != null) {
                        JdbcJsonMapping.bind(ps, 1, position, k);
                    }
                    JsonNode last = null;
                    try (ResultSet rs = ps.executeQuery()) {
                        ResultSetMetaData md = rs.getMetaData();
                        int count = md.getColumnCount();
                        String[] labels = new String[count + 1];
                        int[] types = new int[count + 1];
                        String[] typeNames = new String[count + 1];
                        int keyIndex = 0;
                        for (int i = 1; i <= count; i++) {
                            labels[i] = md.getColumnLabel(i);
                            types[i] = md.getColumnType(i);
                            typeNames[i] = md.getColumnTypeName(i);
                            if (keyIndex == 0 && labels[i].equals(k.name())) {
                                keyIndex = i;
                            }
                        }
                        while (rows.size() < batchSize && rs.next()) {
                            ObjectNode row = JSON.objectNode();
                            for (int i = 1; i <= count; i++) {
                                row.set(labels[i], JdbcJsonMapping.read(rs, i, types[i], typeNames[i]));
                            }
                            last = keyIndex > 0 ? row.get(labels[keyIndex]) : row.get(k.name());
                            rows.add(row);
                        }
                    }
                    return last;
                }
            } catch (SQLException | RuntimeException e) {
                resolvedKey = null; // resolved again at the next poll
                throw e;
            }
        }

        private boolean closed() {
            Polling p = polling;
            return p != null && p.isClosed();
        }
    }
}
