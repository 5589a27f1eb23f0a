package dev.switchboard.security.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who an authenticated request comes from: the admin (password) or an API token. Kept on the request as attribute
 * {@value #REQUEST_ATTRIBUTE} by the security layer.
 */
public final class Caller {

    /** The request attribute that holds the {@link Caller} of an authenticated request. */
    public static final String REQUEST_ATTRIBUTE = "dev.switchboard.security.caller";

    private final String id;
    private final Set<Role> roles;
    private final List<String> connectorGlobs;
    private final List<Pattern> connectorPatterns;

    private Caller(String id, Set<Role> roles, List<String> connectorGlobs) {
        this.id = Objects.requireNonNull(id, "id");
        this.roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        this.connectorGlobs = List.copyOf(connectorGlobs);
        this.connectorPatterns =
                this.connectorGlobs.stream().map(Caller::globPattern).collect(Collectors.toList());
    }

    /** The admin, who signs in with the password. */
    public static Caller admin(String user) {
        return new Caller(user, Set.of(Role.ADMIN), List.of());
    }

    /**
     * A token's caller.
     *
     * @param tokenId        the token's id; the caller's {@link #id()} is {@code token:<tokenId>}
     * @param connectorGlobs the connector ids the token may use ({@code *} and {@code ?} wildcards); empty: all
     */
    public static Caller token(String tokenId, Set<Role> roles, List<String> connectorGlobs) {
        return new Caller("token:" + tokenId, roles, connectorGlobs);
    }

    /** {@code admin} (the user name) or {@code token:<id>}: what the audit log records as who. */
    public String id() {
        return id;
    }

    public Set<Role> roles() {
        return roles;
    }

    /** The connector id patterns the caller is limited to; empty when it may use every connector. */
    public List<String> connectorGlobs() {
        return connectorGlobs;
    }

    /** Whether the caller has {@code role}; {@link Role#ADMIN} has every role. */
    public boolean has(Role role) {
        return roles.contains(Role.ADMIN) || roles.contains(role);
    }

    /** Whether the caller may see and invoke connector {@code connectorId}. */
    public boolean mayUse(String connectorId) {
        if (connectorPatterns.isEmpty() || roles.contains(Role.ADMIN)) {
            return true;
        }
        for (Pattern pattern : connectorPatterns) {
            if (pattern.matcher(connectorId).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public String toString() {
        return id + roles.stream().map(Role::wireName).collect(Collectors.joining(",", "[", "]"));
    }
}
