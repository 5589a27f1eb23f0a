package dev.switchboard.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, slow password hash: {@code {pbkdf2-sha256}<iterations>$<Base64 salt>$<Base64 hash>} (PBKDF2 with
 * HMAC-SHA-256 from the JDK). The launcher writes the same form into {@code conf/admin.hash}.
 */
final class PasswordHash {

    static final String PREFIX = "{pbkdf2-sha256}";
    static final int ITERATIONS = 210_000;
    private static final int MIN_ITERATIONS = 10_000;
    private static final int KEY_BITS = 256;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** The hash in {@code encoded}, or {@code null} when it is not of this form (the caller names the file). */
    static PasswordHash parse(String encoded) {
        String text = encoded == null ? "" : encoded.strip();
        if (!text.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            return null;
        }
        String[] parts = text.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            int iterations = Integer.parseInt(parts[0]);
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] hash = Base64.getDecoder().decode(parts[2]);
            if (iterations < MIN_ITERATIONS || salt.length < 16 || hash.length != KEY_BITS / 8) {
                return null;
            }
            return new PasswordHash(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String create(String password, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return PREFIX + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(derive(password.toCharArray(), salt, ITERATIONS));
    }

    boolean matches(byte[] password) {
        java.nio.CharBuffer decoded = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(password));
        char[] chars = java.util.Arrays.copyOf(decoded.array(), decoded.limit());
        java.util.Arrays.fill(decoded.array(), '\0');
        try {
            return MessageDigest.isEqual(derive(chars, salt, iterations), hash);
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
