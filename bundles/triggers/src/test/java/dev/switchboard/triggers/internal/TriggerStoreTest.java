package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

public class TriggerStoreTest {

    private static ArrayNode events(int... values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    @Test
    public void checkpointAdvancesOnlyAfterDeliveryAndSurvivesReopening() throws Exception {
        Path file = Files.createTempDirectory("store").resolve("t.mv.db");
        try (TriggerStore store = new TriggerStore(file, false)) {
            store.saveSubscription("s", JsonNodeFactory.instance.objectNode().put("id", "s"));
            long one = store.append("s", events(1, 2));
            store.stageCheckpoint("s", "2");
            long two = store.append("s", events(3));
            store.stageCheckpoint("s", "3");
            assertNull(store.checkpoint("s"));
            assertEquals("3", store.resumePosition("s"));
            store.delivered("s", one);
            assertEquals("2", store.checkpoint("s"));
            store.retryLater("s", two, 1, 0, "HTTP 500");
            assertEquals(1, store.firstPending("s").attempts());
        }
        try (TriggerStore store = new TriggerStore(file, false)) {
            assertEquals(1, store.subscriptions().size());
            assertEquals("2", store.checkpoint("s"));
            assertEquals(2, store.firstPending("s").sequence());
            store.deadLetter("s", 2, 3, "HTTP 500");
            assertEquals("3", store.checkpoint("s"));
            assertEquals(1, store.deadCount("s"));
            assertEquals(0, store.pendingCount("s"));
            store.stageCheckpoint("s", "4");
            assertEquals("4", store.checkpoint("s"));
            store.deleteSubscription("s");
            assertNull(store.checkpoint("s"));
            assertEquals(0, store.subscriptions().size());
        }
    }

    @Test
    public void backoffDoublesUpToTheMaximum() {
        Backoff b = new Backoff(100, 1000);
        assertEquals(100, b.delayAfter(1));
        assertEquals(200, b.delayAfter(2));
        assertEquals(800, b.delayAfter(4));
        assertEquals(1000, b.delayAfter(5));
        assertEquals(1000, b.delayAfter(60));
    }

    @Test
    public void cronFindsTheNextMatchingMinute() {
        ZonedDateTime t = ZonedDateTime.of(2026, 1, 1, 10, 7, 30, 0, ZoneOffset.UTC);
        assertEquals(t.withMinute(15).withSecond(0), CronSchedule.parse("*/15 * * * *").next(t));
        assertEquals(ZonedDateTime.of(2026, 1, 2, 9, 0, 0, 0, ZoneOffset.UTC),
                CronSchedule.parse("0 9 * * *").next(t));
        // 2026-01-05 is a Monday
        assertEquals(ZonedDateTime.of(2026, 1, 5, 8, 30, 0, 0, ZoneOffset.UTC),
                CronSchedule.parse("30 8 * * 1").next(t));
    }
}
