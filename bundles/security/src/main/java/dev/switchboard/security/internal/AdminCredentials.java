package dev.switchboard.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin password's hash, read from {@code conf/admin.hash} (written by the launcher) and read again when the
 * file changes. A PBKDF2 check takes a good part of a second on purpose; so that a client that signs in on every
 * request does not pay it each time, the credentials of a successful check are remembered as an HMAC under a key that
 * lives in this process only (never the password, never on disk).
 */
final class AdminCredentials {

    static final String FILE = "admin.hash";
    private static final Logger LOG = LoggerFactory.getLogger(AdminCredentials.class);
    private static final int REMEMBERED = 16;

    private final Path file;
    private final byte[] rememberKey = new byte[32];
    private final Set<String> remembered = ConcurrentHashMap.newKeySet();
    private volatile Loaded loaded = new Loaded(null, null, "not read yet");

    private record Loaded(FileTime modified, PasswordHash hash, String problem) {}

    /** @param file {@code conf/admin.hash}, or null when the host has no home (then nobody signs in as admin) */
    AdminCredentials(Path file, SecureRandom random) {
        this.file = file;
        random.nextBytes(rememberKey);
    }

    /** Why nobody can sign in as the admin, or null when a usable hash is there. */
    String problem() {
        return current().problem();
    }

    boolean matches(byte[] userAndPassword, byte[] password) {
        Loaded current = current();
        if (current.hash() == null) {
            return false;
        }
        String key = remember(userAndPassword);
        if (remembered.contains(key)) {
            return true;
        }
        if (!current.hash().matches(password)) {
            return false;
        }
        if (remembered.size() >= REMEMBERED) {
            remembered.clear();
        }
        remembered.add(key);
        return true;
    }

    private Loaded current() {
        Loaded known = loaded;
        if (file == null) {
            return known.problem().equals("no home") ? known : (loaded = new Loaded(null, null, "no home"));
        }
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            modified = null;
        }
        if (known.modified() != null && known.modified().equals(modified)) {
            return known;
        }
        Loaded fresh = read(modified);
        remembered.clear();
        loaded = fresh;
        return fresh;
    }

    private Loaded read(FileTime modified) {
        if (modified == null) {
            return new Loaded(
                    null,
                    null,
                    "the admin password's hash " + file + " is missing (the launcher writes it; "
                            + "set SWITCHBOARD_ADMIN_PASSWORD and restart)");
        }
        try {
            PasswordHash hash = PasswordHash.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (hash == null) {
                // the content is a secret of sorts: name the file, never what is in it
                LOG.warn(
                        "{} is not a {pbkdf2-sha256} hash; nobody can sign in as the admin until it is replaced "
                                + "(delete it and restart to generate a new password)",
                        file);
                return new Loaded(modified, null, "the admin password's hash in " + file + " is not usable");
            }
            return new Loaded(modified, hash, null);
        } catch (IOException e) {
            return new Loaded(null, null, "the admin password's hash " + file + " cannot be read: " + e);
        }
    }

    private String remember(byte[] credentials) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(rememberKey, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(credentials));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
