package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.felix.hc.api.Result;
import org.junit.After;
import org.junit.Test;

/**
 * "Event store writable" is CRITICAL when the store in use cannot take writes (for the embedded store: a write beside
 * it cannot reach the disk), and says so without paths.
 */
public class EventStoreCheckTest {

    private EmbeddedTriggerStore store;

    @After
    public void close() {
        if (store != null) {
            store.close();
        }
    }

    private EventStoreCheck checkOf(Path folder) throws Exception {
        store = new EmbeddedTriggerStore(folder.resolve(EmbeddedTriggerStore.FILE), false);
        return new EventStoreCheck(EventStoreState.of(store));
    }

    private static String message(Result result) {
        StringBuilder text = new StringBuilder();
        result.forEach(entry -> text.append(entry.getMessage()));
        return text.toString();
    }

    private static void deleteFolder(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(folder);
    }

    @Test
    public void aWritableFolderIsOkAndKeepsNoProbe() throws Exception {
        Path folder = Files.createTempDirectory("store");
        Result result = checkOf(folder).execute();
        assertEquals(message(result), Result.Status.OK, result.getStatus());
        assertFalse(Files.exists(folder.resolve(StoreFolderProbe.PROBE_FILE)));
    }

    @Test
    public void aMissingFolderIsCriticalAndTheAnswerHoldsNoPath() throws Exception {
        Path folder = Files.createTempDirectory("store").resolve("gone");
        EventStoreCheck check = checkOf(folder);
        deleteFolder(folder);
        Result result = check.execute();
        assertEquals(Result.Status.CRITICAL, result.getStatus());
        assertTrue(message(result), message(result).contains("cannot be written (its folder is missing)"));
        assertFalse(message(result), message(result).contains(folder.toString()));
    }

    @Test
    public void aFolderReplacedByAFileIsCritical() throws Exception {
        Path folder = Files.createTempDirectory("store");
        EventStoreCheck check = checkOf(folder);
        deleteFolder(folder);
        Files.writeString(folder, "not a folder");
        assertEquals(Result.Status.CRITICAL, check.execute().getStatus());
    }

    @Test
    public void theClusterStoreSaysWhatTheMembershipSees() {
        PostgresTriggerStore cluster =
                new PostgresTriggerStore(null, "node-a", StoreLimits.UNBOUNDED, () -> PostgresTriggerStore.UNREACHABLE);
        Result result = new EventStoreCheck(EventStoreState.of(cluster)).execute();
        assertEquals(Result.Status.CRITICAL, result.getStatus());
        assertTrue(message(result), message(result).contains(PostgresTriggerStore.UNREACHABLE));
        PostgresTriggerStore reachable = new PostgresTriggerStore(null, "node-a", StoreLimits.UNBOUNDED, () -> null);
        assertEquals(
                Result.Status.OK,
                new EventStoreCheck(EventStoreState.of(reachable)).execute().getStatus());
    }
}
