package dev.switchboard.connector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.connector.api.TriggerContext;

class TriggerHarnessTest {

    /** A source of numbered rows; the binding polls it and checkpoints the last number emitted. */
    static final AtomicLong SOURCE = new AtomicLong();

    /** Emits every row above its checkpoint, as a polling binding does. */
    static final class RowBinding implements TriggerBinding {
        @Override
        public String type() {
            return "rows";
        }

        @Override
        public String startPosition(TriggerContext context) {
            return Long.toString(SOURCE.get()); // "after everything there is now"
        }

        @Override
        public AutoCloseable start(TriggerContext context) {
            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
            String start = context.checkpoints().get();
            AtomicLong position = new AtomicLong(start == null ? 0 : Long.parseLong(start));
            poller.scheduleWithFixedDelay(
                    () -> {
                        long last = SOURCE.get();
                        for (long row = position.get() + 1; row <= last; row++) {
                            JsonNode event =
                                    JsonNodeFactory.instance.objectNode().put("row", row);
                            context.sink()
                                    .emit(List.of(event))
                                    .toCompletableFuture()
                                    .join();
                            context.checkpoints().put(Long.toString(row));
                            position.set(row);
                        }
                    },
                    0,
                    10,
                    TimeUnit.MILLISECONDS);
            return poller::shutdownNow;
        }
    }

    @Test
    void eventsAreRecordedAndARestartResumesFromTheCheckpoint() throws Exception {
        SOURCE.set(5); // rows that exist before the subscription: not emitted
        try (TriggerHarness trigger =
                TriggerHarness.of(new RowBinding()).inputs("{}").create().start()) {
            assertEquals("5", trigger.checkpoint());
            SOURCE.set(7);
            List<JsonNode> events = trigger.awaitEvents(2, Duration.ofSeconds(5));
            assertEquals(6, events.get(0).path("row").asLong());
            assertEquals(7, events.get(1).path("row").asLong());
            // the binding puts its checkpoint after the host has the batch: wait for it, or a restart re-emits row 7
            // (at-least-once, as it should)
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!"7".equals(trigger.checkpoint()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals("7", trigger.checkpoint());

            trigger.stop();
            SOURCE.set(8); // while it is down
            trigger.start();
            events = trigger.awaitEvents(3, Duration.ofSeconds(5));
            assertEquals(8, events.get(2).path("row").asLong());
            Thread.sleep(50);
            assertEquals(3, trigger.events().size(), "nothing emitted twice: " + trigger.events());
            assertEquals("8", trigger.checkpoint());
            assertTrue(trigger.checkpoints().containsAll(List.of("5", "6", "7", "8")));
        }
    }

    @Test
    void awaitingTooManyEventsFailsWithWhatWasRecorded() throws Exception {
        SOURCE.set(0);
        try (TriggerHarness trigger =
                TriggerHarness.of(new RowBinding()).create().start()) {
            AssertionError error = org.junit.jupiter.api.Assertions.assertThrows(
                    AssertionError.class, () -> trigger.awaitEvents(1, Duration.ofMillis(100)));
            assertTrue(error.getMessage().startsWith("expected 1 event(s) within 100 ms, got 0"), error.getMessage());
        }
    }
}
