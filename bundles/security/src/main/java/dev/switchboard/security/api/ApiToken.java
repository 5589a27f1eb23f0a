package dev.switchboard.security.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An API token as listed: never its secret.
 *
 * @param expiresAt null when it does not expire
 */
public record ApiToken(
        String id,
        String name,
        Set<Role> roles,
        List<String> connectors,
        Instant createdAt,
        String createdBy,
        Instant expiresAt) {
    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        connectors = List.copyOf(connectors);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
