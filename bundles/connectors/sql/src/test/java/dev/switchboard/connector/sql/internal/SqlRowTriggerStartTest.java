package dev.switchboard.connector.sql.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.After;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.testkit.RecordingTriggerContext;

/**
 * Issue 11, section 1: where a whenRowInserted subscription starts is read when it is created (rows inserted before
 * its first poll are emitted), an empty table starts at the beginning, and a database that cannot be read is reported
 * FAILING, polled again with a growing backoff, and never costs a Hikari pool per attempt.
 */
public class SqlRowTriggerStartTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RUN =
            UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    /** Nothing listens on port 1: connecting is refused at once. */
    private static final ConnectionParameters UNREACHABLE = ConnectionParameters.of(
            Map.of("connectionString", "jdbc:postgresql://127.0.0.1:1/nowhere", "username", "nobody"));

    private final TestDatabase db = TestDatabase.h2("sb_rowstart_" + RUN);
    private SqlConnector connector;

    @After
    public void tearDown() throws Exception {
        if (connector != null) {
            connector.deactivate();
        }
        db.execute("DROP TABLE IF EXISTS events");
    }

    private RecordingTriggerContext context(ConnectionParameters connection, String inputs, String checkpoint)
            throws Exception {
        return RecordingTriggerContext.of(
                "sql",
                "whenRowInserted",
                connector.getBindingConnectionInformation("whenRowInserted", connection),
                MAPPER.readTree(inputs),
                checkpoint);
    }

    private static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static List<String> names(List<JsonNode> events) {
        return events.stream().map(e -> e.get("NAME").asText()).toList();
    }

    private static final String INPUTS = "{\"table\":\"events\",\"keyColumn\":\"id\",\"pollSeconds\":0.05}";

    @Test
    public void rowsInsertedAfterTheStartIsFixedAndBeforeTheFirstPollAreEmitted() throws Exception {
        db.execute(
                "CREATE TABLE events (id " + db.identity + ", name VARCHAR(20))",
                "INSERT INTO events (name) VALUES ('before')");
        connector = TestDatabase.connector(PoolSettings.DEFAULTS);
        String start = connector.startPosition(context(db.connection(), INPUTS, null));
        assertEquals("after the existing row", "1", start);

        // the subscription was created (201); rows arrive before its binding polls, or while the host is down
        db.execute(
                "INSERT INTO events (name) VALUES ('right-after')", "INSERT INTO events (name) VALUES ('while-down')");
        RecordingTriggerContext ctx = context(db.connection(), INPUTS, start); // what the host stored with it
        try (AutoCloseable handle = connector.start(ctx)) {
            await("2 events", Duration.ofSeconds(10), () -> ctx.events().size() >= 2);
            Thread.sleep(200);
        }
        assertEquals(List.of("right-after", "while-down"), names(ctx.events()));
        assertEquals("3", ctx.checkpoint());
    }

    @Test
    public void anEmptyTableAndIncludeExistingStartAtTheBeginning() throws Exception {
        db.execute("CREATE TABLE events (id " + db.identity + ", name VARCHAR(20))");
        connector = TestDatabase.connector(PoolSettings.DEFAULTS);
        String start = connector.startPosition(context(db.connection(), INPUTS, null));
        assertEquals(SqlRowTrigger.BEGINNING, start);

        db.execute("INSERT INTO events (name) VALUES ('first')");
        assertEquals(
                SqlRowTrigger.BEGINNING,
                connector.startPosition(context(
                        db.connection(),
                        "{\"table\":\"events\",\"keyColumn\":\"id\",\"includeExisting\":true}",
                        null)));
        RecordingTriggerContext ctx = context(db.connection(), INPUTS, start);
        try (AutoCloseable handle = connector.start(ctx)) {
            await("the first row", Duration.ofSeconds(10), () -> !ctx.events().isEmpty());
        }
        assertEquals(List.of("first"), names(ctx.events()));
    }

    @Test
    public void anUnreachableDatabaseOrAnUnknownTableRefusesTheStart() throws Exception {
        connector = TestDatabase.connector(PoolSettings.DEFAULTS);
        try {
            connector.startPosition(context(UNREACHABLE, INPUTS, null));
            fail("refused");
        } catch (ServiceOperationException e) {
            assertEquals(503, e.getStatusCode());
            assertEquals("DatabaseUnavailable", e.getCode());
            assertFalse(e.getMessage(), e.getMessage().contains("127.0.0.1"));
        }
        try {
            connector.startPosition(context(db.connection(), "{\"table\":\"nope\",\"keyColumn\":\"id\"}", null));
            fail("refused");
        } catch (ServiceOperationException e) {
            assertEquals(404, e.getStatusCode());
        }
        assertEquals(
                "no Hikari pool for a database that is down",
                0,
                connector.pools().poolsStarted()
                        - (connector.pools().poolNames().isEmpty() ? 0 : 1));
    }

    @Test
    public void anUnreachableDatabaseIsReportedFailingAndPolledWithABackoffWithoutAPoolPerAttempt() throws Exception {
        connector = TestDatabase.connector(new PoolSettings(16, 1000, 60, 600_000, 8000));
        RecordingTriggerContext ctx = context(UNREACHABLE, INPUTS, "5");
        try (AutoCloseable handle = connector.start(ctx)) {
            Thread.sleep(4500);
        }
        assertFalse("reported FAILING", ctx.failures().isEmpty());
        assertTrue(ctx.failures().get(0), ctx.failures().get(0).contains("could not be reached"));
        // polled at 0, then after 1, 2 and 4 s (pollSeconds 0.05 is raised to 1 s while failing): 3 in 4.5 s
        assertTrue(
                "attempts " + ctx.failures().size(),
                ctx.failures().size() >= 2 && ctx.failures().size() <= 3);
        if (ctx.failureTimes().size() == 3) {
            long first = ctx.failureTimes().get(1) - ctx.failureTimes().get(0);
            long second = ctx.failureTimes().get(2) - ctx.failureTimes().get(1);
            assertTrue(
                    "the wait doubles: " + first / 1_000_000 + " then " + second / 1_000_000 + " ms",
                    second > first * 3 / 2);
        }
        assertEquals(
                "no Hikari pool was opened for any attempt",
                0,
                connector.pools().poolsStarted());
    }

    @Test
    public void aTableThatCannotBeReadIsFailingUntilItCanThenActiveAgain() throws Exception {
        db.execute("CREATE TABLE events (id " + db.identity + ", name VARCHAR(20))");
        connector = TestDatabase.connector(new PoolSettings(16, 1000, 60, 600_000, 1000));
        RecordingTriggerContext ctx = context(db.connection(), INPUTS, SqlRowTrigger.BEGINNING);
        db.execute("DROP TABLE events");
        try (AutoCloseable handle = connector.start(ctx)) {
            await("FAILING", Duration.ofSeconds(10), () -> !ctx.failures().isEmpty());
            db.execute(
                    "CREATE TABLE events (id " + db.identity + ", name VARCHAR(20))",
                    "INSERT INTO events (name) VALUES ('back')");
            await(
                    "the row after recovery",
                    Duration.ofSeconds(10),
                    () -> !ctx.events().isEmpty());
        }
        assertEquals(1, ctx.recoveries());
        assertEquals(List.of("back"), names(ctx.events()));
        assertEquals(1, connector.pools().poolsStarted());
    }
}
