package dev.switchboard.triggers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether the embedded store's folder takes writes: a small file written, synced and deleted beside the store (a full
 * disk, a read-only mount or a folder that went away all fail it), and the store file itself writable.
 */
final class StoreFolderProbe {

    static final String PROBE_FILE = ".health-probe";

    private StoreFolderProbe() {}

    /** @return {@code null} when a write reaches the disk, else a short reason without the path */
    static String probe(Path folder, String storeFile) {
        if (!Files.isDirectory(folder)) {
            return "its folder is missing";
        }
        Path store = folder.resolve(storeFile);
        if (Files.exists(store) && !Files.isWritable(store)) {
            return "the store file is read-only";
        }
        Path probe = folder.resolve(PROBE_FILE);
        try {
            try (FileChannel channel = FileChannel.open(
                    probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap("probe".getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.delete(probe);
            return null;
        } catch (IOException e) {
            return "a write failed: " + e.getClass().getSimpleName();
        }
    }
}
