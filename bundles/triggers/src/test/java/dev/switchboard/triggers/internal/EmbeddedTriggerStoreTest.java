package dev.switchboard.triggers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded (H2 MVStore) store: the contract, plus what only a file on this host has. */
class EmbeddedTriggerStoreTest extends TriggerStoreContract {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path folder;

    @Override
    protected TriggerStore open(StoreLimits limits) throws Exception {
        return new EmbeddedTriggerStore(folder.resolve("t.mv.db"), false, limits);
    }

    /** The report: 40 posts of 1 MiB added 133 MiB to triggers.mv.db. Bounded at 4 MiB, the file stays small. */
    @Test
    void fortyOneMebibytePostsDoNotGrowTheFileBeyondTheBound() throws Exception {
        Path file = folder.resolve("t.mv.db");
        long bound = 4L * MIB;
        try (TriggerStore store = new EmbeddedTriggerStore(file, true, new StoreLimits(1000, bound, 100))) {
            store.saveSubscription(record("s"));
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
            assertTrue(grown < 3 * bound, "the file grew by " + grown / MIB + " MiB for a bound of 4 MiB");
        }
    }

    /** Before events were kept as their own text, a pending batch was {@code {"events": [...], "attempts": ..}}. */
    @Test
    void batchesStoredByEarlierVersionsAreReadAndDelivered() throws Exception {
        Path file = folder.resolve("t.mv.db");
        MVStore old = new MVStore.Builder().fileName(file.toString()).open();
        MVMap<String, String> subscriptions = old.openMap("subscriptions");
        MVMap<String, String> pending = old.openMap("pending");
        MVMap<String, String> meta = old.openMap("meta");
        subscriptions.put("s", record("s").toJson().toString());
        pending.put("s/" + String.format("%019d", 1), "{\"events\":[{\"id\":1}],\"attempts\":0,\"nextAttemptAt\":0}");
        pending.put(
                "s/" + String.format("%019d", 2),
                "{\"events\":[{\"id\":2}],\"attempts\":3,\"nextAttemptAt\":77,\"lastError\":\"HTTP 500\"}");
        meta.put("s/nextSequence", "2");
        meta.put("s/emitted", "2");
        old.commit();
        old.close();

        try (TriggerStore store = new EmbeddedTriggerStore(file, false)) {
            assertEquals(2, store.pendingCount("s"));
            TriggerStore.Batch first = store.firstPending("s");
            assertEquals(
                    JsonNodeFactory.instance
                            .arrayNode()
                            .add(JsonNodeFactory.instance.objectNode().put("id", 1)),
                    first.events());
            assertEquals(0, first.attempts());
            store.delivered("s", 1);
            TriggerStore.Batch second = store.firstPending("s");
            assertEquals("[{\"id\":2}]", new String(second.eventsJson(), StandardCharsets.UTF_8));
            assertEquals(3, second.attempts());
            assertEquals(77, second.nextAttemptAt());
            assertEquals("HTTP 500", second.lastError());
            assertEquals(
                    3, store.append("s", JsonNodeFactory.instance.arrayNode().add(3)));
        }
    }
}
