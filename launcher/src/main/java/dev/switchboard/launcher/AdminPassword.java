package dev.switchboard.launcher;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The admin password: from {@code SWITCHBOARD_ADMIN_PASSWORD}, else from {@code conf/admin.password}, else generated
 * into that file (mode 600) on the first start. {@link #toString()} never shows it.
 */
final class AdminPassword {
    static final String FILE_NAME = "admin.password";
    static final int GENERATED_LENGTH = 24;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    enum Source { ENVIRONMENT, FILE, GENERATED }

    private final String password;
    private final Source source;
    private final Path file;

    private AdminPassword(String password, Source source, Path file) {
        this.password = password;
        this.source = source;
        this.file = file;
    }

    static AdminPassword resolve(Path confDirectory, String fromEnvironment, SecureRandom random) throws IOException {
        Path file = confDirectory.resolve(FILE_NAME);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return new AdminPassword(fromEnvironment, Source.ENVIRONMENT, file);
        }
        if (Files.exists(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (stored.isEmpty()) {
                throw new IOException(file + " is empty: delete it to get a new password, or write one into it");
            }
            restrictToOwner(file);
            return new AdminPassword(stored, Source.FILE, file);
        }
        String generated = generate(random, GENERATED_LENGTH);
        Files.createDirectories(confDirectory);
        try {
            // created with mode 600 from the start: never readable by others, not even briefly
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return resolve(confDirectory, null, random);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(generated);
            out.write(System.lineSeparator());
        }
        return new AdminPassword(generated, Source.GENERATED, file);
    }

    static String generate(SecureRandom random, int length) {
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** The Felix Web Console's hashed form, which the REST bundle accepts too: {sha-256} + Base64(SHA-256(UTF-8)). */
    static String hash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{sha-256}" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
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

    String password() {
        return password;
    }

    String hash() {
        return hash(password);
    }

    Source source() {
        return source;
    }

    Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "AdminPassword[" + source + "]";
    }
}
