package dev.switchboard.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The admin password: from {@code SWITCHBOARD_ADMIN_PASSWORD}, else the one set earlier, else generated on the first
 * start and shown once. Only a salted, slow hash of it is kept, in {@code conf/admin.hash} (mode 600):
 * {@code {pbkdf2-sha256}<iterations>$<Base64 salt>$<Base64 hash>}, which the security bundle checks sign-ins against.
 * A clear-text {@code conf/admin.password} left by an earlier version is hashed and deleted. {@link #toString()}
 * never shows the password.
 */
final class AdminPassword {
    static final String HASH_FILE = "admin.hash";
    /** Where versions before the hash kept the password in clear. */
    static final String LEGACY_FILE = "admin.password";

    static final int GENERATED_LENGTH = 24;
    static final int ITERATIONS = 210_000;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    enum Source {
        ENVIRONMENT,
        FILE,
        MIGRATED,
        GENERATED
    }

    /** Null when the password was set earlier: then only its hash is known. */
    private final String password;

    private final Source source;
    private final Path hashFile;

    private AdminPassword(String password, Source source, Path hashFile) {
        this.password = password;
        this.source = source;
        this.hashFile = hashFile;
    }

    /** Finds out where the password comes from; {@link #storeHash} writes its hash when it is new. */
    static AdminPassword resolve(Path confDirectory, String fromEnvironment, SecureRandom random) throws IOException {
        Path hashFile = confDirectory.resolve(HASH_FILE);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return new AdminPassword(fromEnvironment, Source.ENVIRONMENT, hashFile);
        }
        Path legacy = confDirectory.resolve(LEGACY_FILE);
        if (Files.exists(legacy)) {
            String stored = Files.readString(legacy, StandardCharsets.UTF_8).strip();
            if (!stored.isEmpty()) {
                return new AdminPassword(stored, Source.MIGRATED, hashFile);
            }
        }
        if (Files.exists(hashFile)) {
            restrictToOwner(hashFile);
            return new AdminPassword(null, Source.FILE, hashFile);
        }
        return new AdminPassword(generate(random, GENERATED_LENGTH), Source.GENERATED, hashFile);
    }

    /**
     * Writes the password's hash (mode 600, replacing the old one in one step) and deletes a clear-text file of an
     * earlier version. Nothing to do when the password was set earlier.
     */
    void storeHash(SecureRandom random) throws IOException {
        if (password == null) {
            return;
        }
        Files.createDirectories(hashFile.getParent());
        Path temporary = hashFile.resolveSibling(HASH_FILE + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            // created with mode 600 from the start: never readable by others, not even briefly
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        Files.writeString(temporary, hash(password, random) + System.lineSeparator(), StandardCharsets.UTF_8);
        try {
            Files.move(temporary, hashFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, hashFile, StandardCopyOption.REPLACE_EXISTING);
        }
        if (source == Source.MIGRATED) {
            Files.deleteIfExists(hashFile.resolveSibling(LEGACY_FILE));
        }
    }

    static String generate(SecureRandom random, int length) {
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** PBKDF2-HMAC-SHA-256 with a random 16-byte salt, in the form the security bundle reads. */
    static String hash(String password, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
            return "{pbkdf2-sha256}" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                    + Base64.getEncoder().encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    /**
     * A value for the Web Console's own password setting that no password matches: the console signs in through
     * Switchboard's security provider, and its built-in fallback must never let anyone in.
     */
    static String unusableConsoleHash(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "{sha-256}" + Base64.getEncoder().encodeToString(bytes);
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to tighten
        }
    }

    /** The password in clear, or null when it was set earlier (then only its hash is known). */
    String password() {
        return password;
    }

    Source source() {
        return source;
    }

    Path hashFile() {
        return hashFile;
    }

    @Override
    public String toString() {
        return "AdminPassword[" + source + "]";
    }
}
