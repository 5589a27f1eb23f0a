package dev.switchboard.host.internal.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The SHA-256 of a file's content: tells an update with the same bytes from a real one. */
final class ContentDigest {

    private ContentDigest() {}

    /** The digest of the file, {@code null} when it cannot be read. */
    static byte[] of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in.readAllBytes());
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] of(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
