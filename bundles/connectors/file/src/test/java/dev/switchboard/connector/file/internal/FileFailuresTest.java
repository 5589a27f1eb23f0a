package dev.switchboard.connector.file.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NotDirectoryException;

import org.junit.Test;

import dev.switchboard.connector.api.ServiceOperationException;

public class FileFailuresTest {

    private static void check(IOException e, int status, String code) {
        ServiceOperationException failure = FileFailures.ioFailure("write", "path", "out/a.txt", e);
        assertEquals(status, failure.getStatusCode());
        assertEquals(code, failure.getCode());
        assertFalse(failure.getMessage(), failure.getMessage().contains("/srv/root"));
    }

    @Test
    public void eachIoFailureHasItsStatusAndNeverTheAbsolutePath() {
        check(new AccessDeniedException("/srv/root/out/a.txt"), 403, "AccessDenied");
        check(new NotDirectoryException("/srv/root/out"), 400, "NotAFolder");
        check(new IOException("/srv/root/out/a.txt: disk on fire"), 500, "FileSystemError");
    }

    @Test
    public void theCommonAnswersNameTheInput() {
        assertEquals(404, FileFailures.notFound("a.txt").getStatusCode());
        ServiceOperationException exists = FileFailures.exists("a.txt");
        assertEquals("FileExists", exists.getCode());
        assertEquals(
                "Input 'path' ('a.txt') already exists; set overwrite to true to replace it.", exists.getMessage());
    }
}
