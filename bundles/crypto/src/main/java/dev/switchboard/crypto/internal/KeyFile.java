package dev.switchboard.crypto.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES key: 32 random bytes, Base64 on one line, in a file only its owner may read (mode 600). Made on first use,
 * written beside its place and moved in, so a crash never leaves half a key; an existing file is never replaced
 * (every value encrypted with it would be lost), and one that is not a key stops the start.
 */
final class KeyFile {

    static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private KeyFile() {}

    /** @return the key in {@code file}, made there first when there is none */
    static SecretKey loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            create(file, random);
        }
        restrictToOwner(file);
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a key (Base64 of " + KEY_BYTES + " bytes); restore it from a "
                    + "backup: values encrypted with it cannot be read without it");
        }
        if (key.length != KEY_BYTES) {
            throw new IOException(file + " holds " + key.length + " bytes, not " + KEY_BYTES + "; restore it from a "
                    + "backup: values encrypted with it cannot be read without it");
        }
        return new SecretKeySpec(key, "AES");
    }

    private static void create(Path file, SecureRandom random) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path staged = Files.createTempFile(file.toAbsolutePath().getParent(), ".encryption", ".key");
        try {
            restrictToOwner(staged);
            Files.writeString(
                    staged,
                    Base64.getEncoder().encodeToString(key) + System.lineSeparator(),
                    StandardCharsets.US_ASCII);
            try {
                // no REPLACE_EXISTING: a key made meanwhile by another process is kept
                Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // kept; ours goes
            }
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(
                        file, PosixFilePermissions.asFileAttribute(OWNER_ONLY).value());
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: left to the system's defaults
        }
    }
}
