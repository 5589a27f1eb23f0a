package dev.switchboard.connector.sql.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.connector.testkit.OperationSchemas;
import dev.switchboard.connector.testkit.RecordingTriggerContext;

/** The sqlRowTrigger binding on H2, with an in-memory sink and checkpoint: emission, checkpoints, few threads. */
public class SqlRowTriggerTest {

    private static final OperationSchemas SCHEMAS =
            OperationSchemas.of(SqlConnector.manifest().operations());

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RUN =
            UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    private final TestDatabase db = TestDatabase.h2("sb_rowtrigger_" + RUN);
    private SqlConnector connector;

    @Before
    public void setUp() throws Exception {
        db.execute(
                "CREATE TABLE events (id " + db.identity + ", name VARCHAR(20))",
                "INSERT INTO events (name) VALUES ('before')");
        connector = TestDatabase.connector(PoolSettings.DEFAULTS);
    }

    @After
    public void tearDown() throws Exception {
        connector.deactivate();
        db.execute("DROP TABLE events");
    }

    private static JsonNode inputs(String json) throws Exception {
        ObjectNode in = (ObjectNode) MAPPER.readTree(json);
        assertTrue(
                SCHEMAS.validateInputs("whenRowInserted", in).toString(),
                SCHEMAS.validateInputs("whenRowInserted", in).isEmpty());
        return in;
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

    private void insert(String... names) throws Exception {
        for (String name : names) {
            db.execute("INSERT INTO events (name) VALUES ('" + name + "')");
        }
    }

    private static List<String> names(List<JsonNode> events) {
        return events.stream().map(e -> e.get("NAME").asText()).toList();
    }

    private static long pollThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("switchboard-sqlRowTrigger"))
                .count();
    }

    private RecordingTriggerContext context(JsonNode inputs, String checkpoint) {
        return RecordingTriggerContext.of(
                "sql",
                "whenRowInserted",
                connector.getBindingConnectionInformation("whenRowInserted", db.connection()),
                inputs,
                checkpoint);
    }

    @Test
    public void newRowsAreEmittedInKeyOrderInBatchesEachThenCheckpointed() throws Exception {
        RecordingTriggerContext ctx = context(
                inputs("{\"table\":\"events\",\"keyColumn\":\"id\",\"batchSize\":2," + "\"pollSeconds\":0.05}"), null);
        try (AutoCloseable handle = connector.start(ctx)) {
            Thread.sleep(200); // positioned after the existing row
            insert("a", "b", "c");
            await("3 events", Duration.ofSeconds(10), () -> ctx.events().size() >= 3);
            Thread.sleep(200);
            assertEquals(List.of("a", "b", "c"), names(ctx.events()));
            assertEquals("4", ctx.checkpoint());
            // without a stored start (a host that stores none) the baseline is put at once, so a restart keeps it
            assertEquals(ctx.log().toString(), "put 1", ctx.log().get(0));
            for (int i = 1; i < ctx.log().size(); i += 2) { // every batch of at most 2, then its checkpoint
                assertTrue(ctx.log().toString(), ctx.log().get(i).startsWith("emit "));
                assertTrue(ctx.log().toString(), ctx.log().get(i + 1).startsWith("put "));
            }
        }
        // restarted from the checkpoint: only what is new
        insert("d");
        RecordingTriggerContext again = context(ctx.inputs(), ctx.checkpoint());
        try (AutoCloseable handle = connector.start(again)) {
            await("the later row", Duration.ofSeconds(10), () -> !again.events().isEmpty());
            Thread.sleep(200);
            assertEquals(List.of("d"), names(again.events()));
        }
    }

    @Test
    public void fifteenHundredSubscriptionsPollOnTwoThreadsUntilClosed() throws Exception {
        JsonNode in = inputs("{\"table\":\"events\",\"keyColumn\":\"id\",\"pollSeconds\":1}");
        String afterExisting = "1";
        // the pool's own threads (Hikari's) are there before counting
        RecordingTriggerContext first = context(in, afterExisting);
        AutoCloseable firstHandle = connector.start(first);
        await("the first subscription's poll", Duration.ofSeconds(10), () -> first.positioned());
        Thread.sleep(500);
        int before = Thread.getAllStackTraces().size();
        List<RecordingTriggerContext> contexts = new ArrayList<>(List.of(first));
        List<AutoCloseable> handles = new ArrayList<>(List.of(firstHandle));
        for (int i = 1; i < 1500; i++) {
            RecordingTriggerContext ctx = context(in, afterExisting);
            contexts.add(ctx);
            handles.add(connector.start(ctx));
        }
        await(
                "every subscription's first poll",
                Duration.ofSeconds(60),
                () -> contexts.stream().allMatch(c -> c.positioned()));
        int during = Thread.getAllStackTraces().size();
        assertTrue("threads before " + before + ", with 1500 subscriptions " + during, during - before <= 4);
        assertTrue(pollThreads() <= 2);
        for (String name : new String[] {"a", "b"}) { // the polls go on, for every subscription
            insert(name);
            int expected = name.equals("a") ? 1 : 2;
            await(
                    "every subscription emitting " + name,
                    Duration.ofSeconds(90),
                    () -> contexts.stream().allMatch(c -> c.events().size() >= expected));
        }
        assertTrue(Thread.getAllStackTraces().size() - before <= 4);
        for (AutoCloseable handle : handles) {
            handle.close();
        }
        insert("c");
        Thread.sleep(2500); // two poll intervals
        for (RecordingTriggerContext ctx : contexts) {
            assertEquals(List.of("a", "b"), names(ctx.events()));
        }
        connector.deactivate();
        assertEquals(0, connector.running());
    }
}
