package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.felix.hc.api.Result;
import org.junit.Test;

/** "Event store writable" is CRITICAL when a write beside the store cannot reach the disk, and says so without paths. */
public class EventStoreCheckTest {

    private static String message(Result result) {
        StringBuilder text = new StringBuilder();
        result.forEach(entry -> text.append(entry.getMessage()));
        return text.toString();
    }

    @Test
    public void aWritableFolderIsOkAndKeepsNoProbe() throws Exception {
        Path folder = Files.createTempDirectory("store");
        Result result = new EventStoreCheck(folder).execute();
        assertEquals(message(result), Result.Status.OK, result.getStatus());
        assertFalse(Files.exists(folder.resolve(EventStoreCheck.PROBE_FILE)));
    }

    @Test
    public void aMissingFolderIsCriticalAndTheAnswerHoldsNoPath() throws Exception {
        Path folder = Files.createTempDirectory("store").resolve("gone");
        Result result = new EventStoreCheck(folder).execute();
        assertEquals(Result.Status.CRITICAL, result.getStatus());
        assertTrue(message(result), message(result).contains("cannot be written"));
        assertFalse(message(result), message(result).contains(folder.toString()));
    }

    @Test
    public void aFolderReplacedByAFileIsCritical() throws Exception {
        Path file = Files.createTempFile("store", ".not-a-folder");
        assertEquals(Result.Status.CRITICAL, new EventStoreCheck(file).execute().getStatus());
    }
}
