package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.triggers.api.Backlog;

public class TriggerStoreLimitsTest {

    private static final int MIB = 1024 * 1024;

    private static ArrayNode bytes(int size) {
        return JsonNodeFactory.instance.arrayNode().add("x".repeat(size));
    }

    private static TriggerStore open(Path file, StoreLimits limits) throws Exception {
        TriggerStore store = new TriggerStore(file, false, limits);
        store.saveSubscription("s", JsonNodeFactory.instance.objectNode().put("id", "s"));
        return store;
    }

    @Test
    public void aFullSubscriptionRefusesNewBatchesAndHasRoomAgainOnceOneIsDelivered() throws Exception {
        Path file = Files.createTempDirectory("limits").resolve("t.mv.db");
        try (TriggerStore store = open(file, new StoreLimits(3, Long.MAX_VALUE, 100))) {
            long first = store.append("s", bytes(10));
            store.append("s", bytes(10));
            store.append("s", bytes(10));
            try {
                store.append("s", bytes(10));
                fail("a fourth batch is refused");
            } catch (StoreFullException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("max.pending.batches 3"));
            }
            Backlog full = store.backlog("s");
            assertEquals(3, full.pendingBatches());
            assertEquals(1, full.refused());
            assertTrue(full.full());
            store.delivered("s", first);
            store.append("s", bytes(10));
            assertEquals(3, store.pendingCount("s"));
            assertEquals(4, store.counter("s", "emitted"));
        }
    }

    @Test
    public void pendingBytesAreBoundedAndRecountedAfterReopening() throws Exception {
        Path file = Files.createTempDirectory("limits").resolve("t.mv.db");
        long afterTwo;
        try (TriggerStore store = open(file, new StoreLimits(1000, 5 * MIB / 2, 100))) {
            store.append("s", bytes(MIB));
            store.append("s", bytes(MIB));
            afterTwo = store.backlog("s").pendingBytes();
            assertTrue("two batches of 1 MiB: " + afterTwo, afterTwo > 2L * MIB && afterTwo < 2L * MIB + 200);
            for (int i = 0; i < 5; i++) {
                try {
                    store.append("s", bytes(MIB));
                    fail("a third MiB goes over 2.5 MiB");
                } catch (StoreFullException expected) {
                    // refused
                }
            }
            assertEquals(5, store.backlog("s").refused());
        }
        try (TriggerStore store = new TriggerStore(file, false, new StoreLimits(1000, 5 * MIB / 2, 100))) {
            assertEquals(2, store.backlog("s").pendingBatches());
            assertEquals(afterTwo, store.backlog("s").pendingBytes());
        }
    }

    @Test
    public void aSingleBatchLargerThanTheByteBoundIsStoredWhenNothingIsPending() throws Exception {
        Path file = Files.createTempDirectory("limits").resolve("t.mv.db");
        try (TriggerStore store = open(file, new StoreLimits(1000, 100, 100))) {
            long sequence = store.append("s", bytes(1000));
            assertFalse(store.backlog("s").pendingBytes() < 1000);
            store.delivered("s", sequence);
            assertEquals(0, store.backlog("s").pendingBytes());
        }
    }

    @Test
    public void onlyTheNewestDeadLettersAreKeptButAllAreCounted() throws Exception {
        Path file = Files.createTempDirectory("limits").resolve("t.mv.db");
        try (TriggerStore store = open(file, new StoreLimits(1000, Long.MAX_VALUE, 2))) {
            for (int i = 1; i <= 5; i++) {
                long seq = store.append("s", JsonNodeFactory.instance.arrayNode().add(i));
                store.deadLetter("s", seq, 8, "HTTP 500");
            }
            assertEquals(5, store.deadCount("s"));
            ArrayNode kept = store.deadLetters("s");
            assertEquals(2, kept.size());
            assertEquals(4, kept.get(0).path("sequence").asLong());
            assertEquals(5, kept.get(1).path("sequence").asLong());
            assertEquals(0, store.backlog("s").pendingBatches());
        }
    }

    /** The report: 40 posts of 1 MiB added 133 MiB to triggers.mv.db. Bounded at 4 MiB, the file stays small. */
    @Test
    public void fortyOneMebibytePostsDoNotGrowTheFileBeyondTheBound() throws Exception {
        Path file = Files.createTempDirectory("limits").resolve("t.mv.db");
        long bound = 4L * MIB;
        try (TriggerStore store = open(file, new StoreLimits(1000, bound, 100))) {
            store.sync(true);
            long before = Files.size(file);
            int stored = 0;
            for (int i = 0; i < 40; i++) {
                try {
                    store.append("s", bytes(MIB - 100));
                    stored++;
                } catch (StoreFullException refused) {
                    // the bound at work
                }
            }
            long grown = Files.size(file) - before;
            assertEquals(4, stored);
            assertEquals(36, store.backlog("s").refused());
            assertTrue("the file grew by " + grown / MIB + " MiB for a bound of 4 MiB", grown < 3 * bound);
        }
    }
}
