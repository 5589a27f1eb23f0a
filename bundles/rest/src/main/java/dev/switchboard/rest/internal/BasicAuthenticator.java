package dev.switchboard.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks HTTP Basic credentials against the configured user name and {@code {sha-256}} password hash (the Felix Web
 * Console's hashed form). Without a usable hash every request is refused: there is no default password.
 */
final class BasicAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(BasicAuthenticator.class);
    private static final String HASH_PREFIX = "{sha-256}";
    private static final String CHALLENGE = "Basic realm=\"Switchboard\"";
    private static final Map<String, String> CHALLENGE_HEADER = Map.of("WWW-Authenticate", CHALLENGE);

    private final byte[] username;
    /** The expected SHA-256 digest of the password, {@code null} when no usable hash is configured. */
    private final byte[] passwordDigest;
    private final String notConfiguredMessage;

    BasicAuthenticator(String username, String passwordHash) {
        this.username = (username == null ? "" : username).getBytes(StandardCharsets.UTF_8);
        String hash = passwordHash == null ? "" : passwordHash.trim();
        byte[] digest = null;
        String problem = null;
        if (hash.isEmpty()) {
            problem = "Credentials are not configured: set .password.hash of configuration " + RestServlet.PID + ".";
        } else {
            digest = decode(hash);
            if (digest == null) {
                // the value itself is a secret: name the property, never its content
                problem = "Credentials are not configured correctly: .password.hash of configuration " + RestServlet.PID
                        + " must be {sha-256} followed by the Base64 SHA-256 digest of the password.";
                LOG.warn("Ignoring .password.hash of {}: it is not {sha-256} followed by a Base64 SHA-256 digest; "
                        + "every authenticated request is refused", RestServlet.PID);
            }
        }
        this.passwordDigest = digest;
        this.notConfiguredMessage = problem;
    }

    /** The hashed form of {@code password}, as {@code .password.hash} expects it. */
    static String hash(String password) {
        return HASH_PREFIX + Base64.getEncoder().encodeToString(sha256(password.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Returns when the request carries the configured credentials.
     *
     * @throws ApiError 401 with a {@code WWW-Authenticate} challenge otherwise
     */
    void authenticate(String authorizationHeader) {
        if (passwordDigest == null) {
            throw unauthorized(notConfiguredMessage);
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized("This request needs HTTP Basic credentials.");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorizationHeader.substring(6).trim());
        } catch (IllegalArgumentException e) {
            throw unauthorized("The HTTP Basic credentials are not valid Base64.");
        }
        int colon = indexOf(decoded, (byte) ':');
        if (colon < 0) {
            throw unauthorized("The HTTP Basic credentials must be user:password.");
        }
        byte[] user = Arrays.copyOfRange(decoded, 0, colon);
        byte[] password = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
        // both compared every time, in constant time, so a wrong user name takes as long as a wrong password
        boolean userMatches = MessageDigest.isEqual(user, username);
        boolean passwordMatches = MessageDigest.isEqual(sha256(password), passwordDigest);
        Arrays.fill(password, (byte) 0);
        Arrays.fill(decoded, (byte) 0);
        if (!(userMatches && passwordMatches)) {
            throw unauthorized("The user name or password is wrong.");
        }
    }

    private static ApiError unauthorized(String message) {
        return new ApiError(401, "Unauthorized", message, List.of(), CHALLENGE_HEADER);
    }

    private static byte[] decode(String hash) {
        if (!hash.toLowerCase(Locale.ROOT).startsWith(HASH_PREFIX)) {
            return null;
        }
        try {
            byte[] digest = Base64.getDecoder().decode(hash.substring(HASH_PREFIX.length()));
            return digest.length == 32 ? digest : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
