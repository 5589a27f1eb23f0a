package dev.switchboard.connector.sql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.TriggerContext;

/**
 * The {@code sqlRowTrigger} binding, "when a row is inserted": polls a table for rows whose key column is greater
 * than the last one emitted, in key order, at most {@code batchSize} at a time, and emits each batch as one batch of
 * events (one per row). The checkpoint is the last key emitted, as JSON. A key must only ever increase (an identity or
 * sequence column, an insertion timestamp).
 */
final class SqlRowTrigger {

    static final String TYPE = "sqlRowTrigger";
    static final String OPERATION = "whenRowInserted";

    private static final Logger LOG = LoggerFactory.getLogger(SqlRowTrigger.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private final ConnectionPools pools;
    private final int queryTimeoutSeconds;
    private final PollScheduler scheduler;
    private final Set<Poller> running = ConcurrentHashMap.newKeySet();

    SqlRowTrigger(ConnectionPools pools, int queryTimeoutSeconds, PollScheduler scheduler) {
        this.pools = pools;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        this.scheduler = scheduler;
    }

    /** The binding's connection information: the connection parameters as JSON. */
    static String connectionInformation(ConnectionParameters parameters) {
        return parameters.toJson().toString();
    }

    AutoCloseable start(TriggerContext context) throws JsonProcessingException {
        String information = context.connectionInformation();
        if (information == null) {
            throw new IllegalArgumentException("the sql connector's trigger needs a connection");
        }
        PoolKey key = PoolKey.of(ConnectionParameters.of((ObjectNode) MAPPER.readTree(information)));
        Poller poller = new Poller(context, key);
        poller.polling = scheduler.start(poller::pollOnce);
        running.add(poller);
        return poller;
    }

    void closeAll() {
        for (Poller poller : List.copyOf(running)) {
            poller.close();
        }
    }

    private final class Poller implements AutoCloseable {
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
        private volatile boolean closed;
        private volatile PollScheduler.Polling polling;

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
            try {
                if (!positioned) {
                    String checkpoint = context.checkpoints().get();
                    position = checkpoint != null ? MAPPER.readTree(checkpoint)
                            : includeExisting ? null : maxKey();
                    positioned = true;
                }
                List<JsonNode> rows = new ArrayList<>();
                JsonNode last = poll(position, rows);
                if (rows.isEmpty()) {
                    return pollMillis;
                }
                context.sink().emit(rows).toCompletableFuture().get(60, TimeUnit.SECONDS);
                position = last;
                context.checkpoints().put(last.toString());
                return rows.size() < batchSize ? pollMillis : 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closing: no next poll
                return pollMillis;
            } catch (Exception e) {
                if (!closed) {
                    LOG.warn("sqlRowTrigger of subscription {} on {}: {}; polling again", context.subscriptionId(),
                            table, e.toString());
                }
                return Math.max(pollMillis, 1000);
            }
        }

        private JsonNode maxKey() throws SQLException {
            try (Connection c = pools.dataSource(key).getConnection()) {
                TableResolver.Table t = TableResolver.resolve(c, table);
                TableResolver.Column k = t.column(keyColumn);
                try (PreparedStatement ps = c.prepareStatement("SELECT MAX(" + k.quoted() + ") FROM "
                        + t.quotedName())) {
                    ps.setQueryTimeout(queryTimeoutSeconds);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        JsonNode max = JdbcJsonMapping.read(rs, 1, k.sqlType(), k.typeName());
                        return max == null || max.isNull() ? null : max;
                    }
                }
            }
        }

        /** Reads the next batch after {@code position} into {@code rows}; returns the last row's key. */
        private JsonNode poll(JsonNode position, List<JsonNode> rows) throws SQLException {
            try (Connection c = pools.dataSource(key).getConnection()) {
                TableResolver.Table t = TableResolver.resolve(c, table);
                TableResolver.Column k = t.column(keyColumn);
                String sql = "SELECT * FROM " + t.quotedName() + (position == null ? "" : " WHERE " + k.quoted()
                        + " > ?") + " ORDER BY " + k.quoted();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
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
                        while (rs.next() && rows.size() < batchSize) {
                            ObjectNode row = JSON.objectNode();
                            for (int i = 1; i <= count; i++) {
                                row.set(md.getColumnLabel(i), JdbcJsonMapping.read(rs, i, md.getColumnType(i),
                                        md.getColumnTypeName(i)));
                            }
                            last = row.get(k.name());
                            rows.add(row);
                        }
                    }
                    return last;
                }
            }
        }

        /** Stops polling; waits (bounded) for a poll in flight. */
        @Override
        public void close() {
            closed = true;
            running.remove(this);
            polling.close();
        }
    }
}
