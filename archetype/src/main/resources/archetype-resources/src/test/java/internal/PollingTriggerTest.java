package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.connector.testkit.TestPollScheduler;
import dev.switchboard.connector.testkit.TriggerHarness;

/** The trigger with the test kit's recording sink and in-memory checkpoints, on a clock the test moves. */
class PollingTriggerTest {

    private final AtomicLong now = new AtomicLong(1_000);
    /** The host's shared scheduler is not running in a unit test: the test kit's stands in for it. */
    private final TestPollScheduler scheduler = new TestPollScheduler("${connectorId}-poll", 1);
    private final ConnectorProvider connector = new ConnectorProvider(scheduler, new Clock() {
        @Override public Instant instant() { return Instant.ofEpochSecond(now.get()); }
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    });

    @AfterEach
    void deactivate() {
        connector.deactivate();
        scheduler.close();
    }

    @Test
    void firesWithWhatIsNewSinceTheStartPositionAndResumesFromTheCheckpoint() throws Exception {
        try (TriggerHarness trigger = TriggerHarness.of(connector).inputs("{\"pollSeconds\":0.05}")) {
            trigger.create();                                   // the start position: now, second 1000
            assertEquals("1000", trigger.checkpoint());
            trigger.start();
            now.set(1_002);
            List<JsonNode> events = trigger.awaitEvents(2, Duration.ofSeconds(5));
            assertEquals(1_001, events.get(0).path("second").asLong());
            assertEquals(1_002, events.get(1).path("second").asLong());

            awaitCheckpoint(trigger, "1002");                   // put once the host has stored the batch
            trigger.stop();                                     // the host stops, time goes on
            now.set(1_003);
            trigger.start();                                    // from the checkpoint: 1001 and 1002 are not repeated
            events = trigger.awaitEvents(3, Duration.ofSeconds(5));
            assertEquals(1_003, events.get(2).path("second").asLong());
            awaitCheckpoint(trigger, "1003");
            assertEquals(3, trigger.events().size());
        }
    }

    private static void awaitCheckpoint(TriggerHarness trigger, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!expected.equals(trigger.checkpoint()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, trigger.checkpoint());
    }
}
