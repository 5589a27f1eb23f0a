package dev.switchboard.security.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.security.api.ApiToken;
import dev.switchboard.security.api.AuthenticationFailure;
import dev.switchboard.security.api.Caller;
import dev.switchboard.security.api.IssuedToken;
import dev.switchboard.security.api.Role;

/**
 * API tokens, kept in {@code data/security/tokens.json} (mode 600) as SHA-256 hashes: a token is 32 random bytes, so a
 * fast hash is enough, and the file never holds anything that signs in. A token reads {@code sbt_<id>_<secret>}; the
 * id finds the entry, the hash of the whole token must match.
 */
final class TokenStore {

    static final String PREFIX = "sbt_";
    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9._\\-*?]{1,100}");
    private static final Pattern TOKEN = Pattern.compile("sbt_([0-9a-f]{16})_[A-Za-z0-9_\\-]{43}");
    private static final int MAX_TOKENS = 1000;

    private record Entry(ApiToken token, byte[] hash) {}

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper();
    private final SecureRandom random;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** @param file where tokens are kept, or null to keep them in memory only (a host without a home) */
    TokenStore(Path file, SecureRandom random, Clock clock) {
        this.file = file;
        this.random = random;
        this.clock = clock;
        load();
    }

    synchronized IssuedToken create(
            String name, Set<Role> roles, List<String> connectors, Duration expiresIn, String createdBy) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("name must be 1 to 100 characters.");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("roles must name at least one of admin, operator, invoker, metrics.");
        }
        for (String glob : connectors) {
            if (!GLOB.matcher(glob).matches()) {
                throw new IllegalArgumentException("connectors: '" + LoginThrottle.printable(glob)
                        + "' is not a connector id pattern (letters, digits, . _ - and the wildcards * ?).");
            }
        }
        if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero())) {
            throw new IllegalArgumentException("expiresIn must be a positive number of seconds.");
        }
        if (entries.size() >= MAX_TOKENS) {
            throw new IllegalArgumentException("There are " + MAX_TOKENS + " tokens already: revoke some first.");
        }
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret =
                PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Instant now = clock.instant();
        ApiToken token = new ApiToken(
                id,
                name.strip(),
                EnumSet.copyOf(roles),
                connectors,
                now,
                createdBy,
                expiresIn == null ? null : now.plus(expiresIn));
        entries.put(id, new Entry(token, sha256(secret)));
        save();
        LOG.info(
                "API token {} ('{}', roles {}) created by {}",
                id,
                LoginThrottle.printable(token.name()),
                token.roles(),
                createdBy);
        return new IssuedToken(token, secret);
    }

    synchronized List<ApiToken> list() {
        List<ApiToken> tokens = new ArrayList<>();
        for (Entry entry : entries.values()) {
            tokens.add(entry.token());
        }
        return tokens;
    }

    synchronized boolean revoke(String id) {
        if (entries.remove(id) == null) {
            return false;
        }
        save();
        LOG.info("API token {} revoked", id);
        return true;
    }

    /** The caller {@code presented} (the Bearer value) identifies. */
    Caller verify(String presented) throws AuthenticationFailure {
        var matcher = TOKEN.matcher(presented == null ? "" : presented.strip());
        if (!matcher.matches()) {
            throw new AuthenticationFailure(401, "Unauthorized", "The Bearer token is not a Switchboard API token.", 0);
        }
        Entry entry;
        synchronized (this) {
            entry = entries.get(matcher.group(1));
        }
        // compared even when the id is unknown, so an unknown id takes as long as a wrong secret
        byte[] expected = entry == null ? new byte[32] : entry.hash();
        boolean matches = MessageDigest.isEqual(sha256(presented.strip()), expected) && entry != null;
        if (!matches) {
            throw new AuthenticationFailure(401, "Unauthorized", "The API token is unknown or was revoked.", 0);
        }
        ApiToken token = entry.token();
        if (token.expiresAt() != null && !clock.instant().isBefore(token.expiresAt())) {
            throw new AuthenticationFailure(
                    401,
                    "TokenExpired",
                    "The API token '" + token.name() + "' expired at " + token.expiresAt() + ".",
                    0);
        }
        return Caller.token(token.id(), token.roles(), token.connectors());
    }

    private void load() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            JsonNode root = mapper.readTree(Files.readString(file, StandardCharsets.UTF_8));
            for (JsonNode node : root.path("tokens")) {
                Set<Role> roles = EnumSet.noneOf(Role.class);
                for (JsonNode role : node.path("roles")) {
                    Role parsed = Role.byName(role.asText());
                    if (parsed != null) {
                        roles.add(parsed);
                    }
                }
                List<String> connectors = new ArrayList<>();
                node.path("connectors").forEach(c -> connectors.add(c.asText()));
                ApiToken token = new ApiToken(
                        node.path("id").asText(),
                        node.path("name").asText(),
                        roles,
                        connectors,
                        Instant.parse(node.path("createdAt").asText()),
                        node.path("createdBy").asText(null),
                        node.hasNonNull("expiresAt")
                                ? Instant.parse(node.path("expiresAt").asText())
                                : null);
                entries.put(
                        token.id(),
                        new Entry(
                                token,
                                Base64.getDecoder().decode(node.path("sha256").asText())));
            }
        } catch (IOException | RuntimeException e) {
            LOG.error(
                    "Cannot read the API tokens in {}: {}; no token signs in until it is fixed or deleted",
                    file,
                    e.toString());
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        ObjectNode root = mapper.createObjectNode();
        ArrayNode list = root.putArray("tokens");
        for (Entry entry : entries.values()) {
            ApiToken token = entry.token();
            ObjectNode node = list.addObject().put("id", token.id()).put("name", token.name());
            token.roles().stream().map(Role::wireName).sorted().forEach(node.putArray("roles")::add);
            token.connectors().forEach(node.putArray("connectors")::add);
            node.put("createdAt", token.createdAt().toString())
                    .put("createdBy", token.createdBy())
                    .put(
                            "expiresAt",
                            token.expiresAt() == null ? null : token.expiresAt().toString())
                    .put("sha256", Base64.getEncoder().encodeToString(entry.hash()));
        }
        try {
            OwnerOnlyFiles.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            OwnerOnlyFiles.write(
                    temporary, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the API tokens to " + file, e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
