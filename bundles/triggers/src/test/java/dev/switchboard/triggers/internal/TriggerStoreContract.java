package dev.switchboard.triggers.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.triggers.api.Backlog;

/**
 * What every {@link TriggerStore} does, as tests: the embedded store runs them ({@link EmbeddedTriggerStoreTest}),
 * and so must any other implementation (cluster mode's PostgreSQL store): extend this class and implement
 * {@link #open}. Each test starts from an empty store.
 */
public abstract class TriggerStoreContract {

    private static final int MIB = 1024 * 1024;

    private final List<TriggerStore> opened = new ArrayList<>();

    /**
     * Opens the store under test with {@code limits}. Called again after {@link TriggerStore#close} within one test,
     * it must open the same data (a restart); each test begins with an empty store.
     */
    protected abstract TriggerStore open(StoreLimits limits) throws Exception;

    private TriggerStore store(StoreLimits limits) throws Exception {
        TriggerStore store = open(limits);
        opened.add(store);
        return store;
    }

    private TriggerStore store() throws Exception {
        return store(StoreLimits.UNBOUNDED);
    }

    /** The same data, opened again after the current store is closed. */
    private TriggerStore reopen(TriggerStore current, StoreLimits limits) throws Exception {
        current.close();
        return store(limits);
    }

    @AfterEach
    final void closeStores() {
        opened.forEach(TriggerStore::close);
    }

    static SubscriptionRecord record(String id) {
        return new SubscriptionRecord(
                id,
                "sql",
                "[1.0,2)",
                "whenRowInserted",
                TextNode.valueOf("warehouse"),
                JsonNodeFactory.instance.objectNode().put("table", "orders"),
                "http://127.0.0.1:9/hook",
                "t0ken",
                1_700_000_000_000L,
                null);
    }

    private static ArrayNode events(int... values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (int v : values) {
            a.addObject().put("id", v).put("name", "caf\u00e9 \u2615 \ud83d\ude00");
        }
        return a;
    }

    @Test
    void aSubscriptionIsReadBackAsSavedAfterReopening() throws Exception {
        TriggerStore store = store();
        ObjectNode inline = JsonNodeFactory.instance.objectNode().put("url", "jdbc:h2:mem:x");
        SubscriptionRecord inlineRecord = new SubscriptionRecord(
                "b",
                "sql",
                null,
                "whenRowInserted",
                inline,
                null,
                null,
                "tok",
                2,
                new SubscriptionRecord.Start(null, "2026-12-02T00:00:00Z"));
        store.saveSubscription(record("a").withStart(new SubscriptionRecord.Start("42", "2026-12-02T00:00:00Z")), "42");
        store.saveSubscription(inlineRecord);
        store = reopen(store, StoreLimits.UNBOUNDED);
        assertEquals(2, store.subscriptions().size());
        SubscriptionRecord a = store.subscriptions().get("a");
        assertEquals(record("a").withStart(new SubscriptionRecord.Start("42", "2026-12-02T00:00:00Z")), a);
        assertEquals("warehouse", a.connectionName());
        assertEquals(inlineRecord, store.subscriptions().get("b"));
        assertEquals("42", store.checkpoint("a"));
        assertNull(store.checkpoint("b"));
    }

    @Test
    void savingAgainReplacesTheRecordButNeverMovesTheStart() throws Exception {
        TriggerStore store = store();
        store.saveSubscription(record("s"), "10");
        SubscriptionRecord fixed = record("s").withStart(new SubscriptionRecord.Start("10", "2026-12-02T00:00:00Z"));
        store.saveSubscription(fixed, "99");
        assertEquals(fixed, store.subscriptions().get("s"));
        assertEquals("10", store.checkpoint("s"));
        assertEquals("10", store.resumePosition("s"));
    }

    @Test
    void batchesAreNumberedInOrderAndHandedOutOldestFirstExactlyAsAppended() throws Exception {
        TriggerStore store = store();
        store.saveSubscription(record("s"));
        store.saveSubscription(record("s2"));
        byte[] first = events(1, 2).toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(1, store.append("s", first));
        assertEquals(2, store.append("s", events(3)));
        assertEquals(1, store.append("s2", events(9)));
        TriggerStore.Batch batch = store.firstPending("s");
        assertEquals(1, batch.sequence());
        assertArrayEquals(first, batch.eventsJson());
        assertEquals(events(1, 2), batch.events());
        assertEquals(0, batch.attempts());
        assertNull(batch.lastError());
        assertEquals(2, store.pendingCount("s"));
        assertEquals(1, store.pendingCount("s2"));
        assertEquals(2, store.emitted("s"));
        store.delivered("s", 1);
        assertEquals(2, store.firstPending("s").sequence());
        store.delivered("s", 2);
        assertNull(store.firstPending("s"));
        assertEquals(2, store.deliveredCount("s"));
        assertEquals(9, store.firstPending("s2").events().get(0).path("id").asInt());
    }

    @Test
    void aBatchKeepsTheTimeItWasStoredThroughRetriesAndReopening() throws Exception {
        TriggerStore store = store();
        store.saveSubscription(record("s"));
        long before = System.currentTimeMillis();
        long one = store.append("s", events(1));
        long after = System.currentTimeMillis();
        Thread.sleep(5);
        long two = store.append("s", events(2));
        long emitted = store.firstPending("s").emittedAt();
        assertTrue(emitted >= before && emitted <= after, before + " <= " + emitted + " <= " + after);
        store.retryLater("s", one, 1, after + 60_000, "HTTP 503");
        assertEquals(emitted, store.firstPending("s").emittedAt(), "a retry keeps the time it was stored");
        store = reopen(store, StoreLimits.UNBOUNDED);
        assertEquals(emitted, store.firstPending("s").emittedAt());
        store.delivered("s", one);
        TriggerStore.Batch next = store.firstPending("s");
        assertEquals(two, next.sequence());
        assertTrue(next.emittedAt() > emitted, "each batch has its own time: " + next.emittedAt());
    }

    @Test
    void aWorkingStoreReportsNoProblemAndSaysWhereItIs() throws Exception {
        TriggerStore store = store();
        assertNull(store.problem());
        assertNotNull(store.location());
    }

    @Test
    void checkpointAdvancesOnlyAfterDeliveryAndSurvivesReopening() throws Exception {
        TriggerStore store = store();
        store.saveSubscription(record("s"));
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

        store = reopen(store, StoreLimits.UNBOUNDED);
        assertEquals(1, store.subscriptions().size());
        assertEquals("2", store.checkpoint("s"));
        assertEquals("3", store.resumePosition("s"));
        assertEquals(2, store.firstPending("s").sequence());
        assertEquals(1, store.firstPending("s").attempts());
        store.deadLetter("s", 2, 3, "HTTP 500");
        assertEquals("3", store.checkpoint("s"));
        assertEquals(1, store.deadCount("s"));
        assertEquals(0, store.pendingCount("s"));
        store.stageCheckpoint("s", "4");
        assertEquals("4", store.checkpoint("s"), "staged with nothing pending: committed at once");
    }

    @Test
    void aFailedAttemptIsKeptWithItsBatchUntilOneIsDelivered() throws Exception {
        TriggerStore store = store();
        store.saveSubscription(record("s"));
        long one = store.append("s", events(1));
        store.retryLater("s", one, 2, 123_456L, "HTTP 503");
        TriggerStore.Batch batch = store.firstPending("s");
        assertEquals(2, batch.attempts());
        assertEquals(123_456L, batch.nextAttemptAt());
        assertEquals("HTTP 503", batch.lastError());
        assertEquals(events(1), batch.events());
        assertEquals("HTTP 503", store.lastError("s"));
        store.delivered("s", one);
        assertNull(store.lastError("s"));
        store.retryLater("s", one, 3, 0, "gone");
        assertNull(store.firstPending("s"), "a batch no longer pending is not brought back");
    }

    @Test
    void deadLettersKeepTheirEventsAndTheLastError() throws Exception {
        TriggerStore store = store();
        store.saveSubscription(record("s"));
        long one = store.append("s", events(7));
        store.deadLetter("s", one, 8, "HTTP 500");
        ArrayNode dead = store.deadLetters("s");
        assertEquals(1, dead.size());
        assertEquals(one, dead.get(0).path("sequence").asLong());
        assertEquals(8, dead.get(0).path("attempts").asInt());
        assertEquals("HTTP 500", dead.get(0).path("lastError").asText());
        assertTrue(dead.get(0).path("deadLetteredAt").asLong() > 0);
        assertEquals(events(7), dead.get(0).path("events"));
        assertEquals("HTTP 500", store.lastError("s"));
    }

    @Test
    void appendingToASubscriptionThatIsNotStoredIsRefused() throws Exception {
        TriggerStore store = store();
        assertThrows(IllegalStateException.class, () -> store.append("nope", events(1)));
        store.stageCheckpoint("nope", "1");
        assertNull(store.checkpoint("nope"));
    }

    @Test
    void deletingASubscriptionRemovesEverythingStoredForIt() throws Exception {
        TriggerStore store = store();
        store.saveSubscription(record("s"), "1");
        store.saveSubscription(record("s2"), "5");
        long one = store.append("s", events(1));
        store.append("s", events(2));
        store.deadLetter("s", one, 1, "HTTP 500");
        store.stageCheckpoint("s", "2");
        store.deleteSubscription("s");
        assertFalse(store.subscriptions().containsKey("s"));
        assertNull(store.checkpoint("s"));
        assertNull(store.resumePosition("s"));
        assertNull(store.firstPending("s"));
        assertEquals(0, store.pendingCount("s"));
        assertEquals(0, store.deadLetters("s").size());
        assertEquals(0, store.emitted("s"));
        assertNull(store.lastError("s"));
        assertEquals("5", store.checkpoint("s2"), "another subscription keeps its own");
        store = reopen(store, StoreLimits.UNBOUNDED);
        assertEquals(1, store.subscriptions().size());
        assertNull(store.firstPending("s"));
    }

    @Test
    void aFullSubscriptionRefusesNewBatchesAndHasRoomAgainOnceOneIsDelivered() throws Exception {
        TriggerStore store = store(new StoreLimits(3, Long.MAX_VALUE, 100));
        store.saveSubscription(record("s"));
        long first = store.append("s", bytes(10));
        store.append("s", bytes(10));
        store.append("s", bytes(10));
        StoreFullException refused = assertThrows(StoreFullException.class, () -> store.append("s", bytes(10)));
        assertTrue(refused.getMessage().contains("max.pending.batches 3"), refused.getMessage());
        Backlog full = store.backlog("s");
        assertEquals(3, full.pendingBatches());
        assertEquals(1, full.refused());
        assertTrue(full.full());
        store.delivered("s", first);
        store.append("s", bytes(10));
        assertEquals(3, store.pendingCount("s"));
        assertEquals(4, store.emitted("s"));
    }

    @Test
    void pendingBytesAreBoundedAndRecountedAfterReopening() throws Exception {
        StoreLimits limits = new StoreLimits(1000, 5 * MIB / 2, 100);
        TriggerStore store = store(limits);
        store.saveSubscription(record("s"));
        store.append("s", bytes(MIB));
        store.append("s", bytes(MIB));
        long afterTwo = store.backlog("s").pendingBytes();
        assertTrue(afterTwo > 2L * MIB && afterTwo < 2L * MIB + 200, "two batches of 1 MiB: " + afterTwo);
        for (int i = 0; i < 5; i++) {
            TriggerStore current = store;
            assertThrows(
                    StoreFullException.class, () -> current.append("s", bytes(MIB)), "a third MiB goes over 2.5 MiB");
        }
        assertEquals(5, store.backlog("s").refused());
        store = reopen(store, limits);
        assertEquals(2, store.backlog("s").pendingBatches());
        assertEquals(afterTwo, store.backlog("s").pendingBytes());
    }

    @Test
    void aSingleBatchLargerThanTheByteBoundIsStoredWhenNothingIsPending() throws Exception {
        TriggerStore store = store(new StoreLimits(1000, 100, 100));
        store.saveSubscription(record("s"));
        long sequence = store.append("s", bytes(1000));
        assertFalse(store.backlog("s").pendingBytes() < 1000);
        store.delivered("s", sequence);
        assertEquals(0, store.backlog("s").pendingBytes());
    }

    @Test
    void onlyTheNewestDeadLettersAreKeptButAllAreCounted() throws Exception {
        TriggerStore store = store(new StoreLimits(1000, Long.MAX_VALUE, 2));
        store.saveSubscription(record("s"));
        for (int i = 1; i <= 5; i++) {
            long seq = store.append("s", JsonNodeFactory.instance.arrayNode().add(i));
            store.deadLetter("s", seq, 8, "HTTP 500");
        }
        assertEquals(5, store.deadCount("s"));
        ArrayNode kept = store.deadLetters("s");
        assertEquals(2, kept.size());
        assertEquals(4, kept.get(0).path("sequence").asLong());
        assertEquals(5, kept.get(1).path("sequence").asLong());
        Backlog backlog = store.backlog("s");
        assertEquals(0, backlog.pendingBatches());
        assertEquals(5, backlog.deadLettered());
    }

    @Test
    void newBoundsApplyFromTheNextAppend() throws Exception {
        TriggerStore store = store(new StoreLimits(1, Long.MAX_VALUE, 100));
        store.saveSubscription(record("s"));
        store.append("s", events(1));
        assertThrows(StoreFullException.class, () -> store.append("s", events(2)));
        store.limits(new StoreLimits(2, Long.MAX_VALUE, 100));
        assertEquals(2, store.append("s", events(2)));
        assertNotNull(store.limits());
        assertEquals(2, store.backlog("s").maxBatches());
    }

    static ArrayNode bytes(int size) {
        return JsonNodeFactory.instance.arrayNode().add("x".repeat(size));
    }
}
