package dev.switchboard.host.api;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One management action.
 *
 * @param at      when it happened
 * @param who     who did it: {@code "admin"}, {@code "token:<id>"}, {@code "deploy-folder"}, {@code "shell"},
 *                {@code "host"} ...
 * @param action  a dotted verb such as {@code "deployment.add"}, {@code "connection.put"}
 * @param target  what it acted on (a file name, a connector id, a connection name ...), or {@code null} when the
 *                action has no single target
 * @param client  the remote address, or {@code null} (not an HTTP request)
 * @param outcome {@code "success"}, {@code "failure"} or {@code "denied"} (or an HTTP status as text)
 * @param details small non-secret facts (may be empty, never null): names and versions, never a value that could
 *                be a secret
 */
public record AuditEntry(
        Instant at,
        String who,
        String action,
        String target,
        String client,
        String outcome,
        Map<String, String> details) {

    /** @throws NullPointerException when at, who, action or outcome is null, or a key or value of details is */
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        if (details == null || details.isEmpty()) {
            details = Map.of();
        } else {
            Map<String, String> copy = new LinkedHashMap<>();
            details.forEach((k, v) ->
                    copy.put(Objects.requireNonNull(k, "details key"), Objects.requireNonNull(v, "details value")));
            details = Collections.unmodifiableMap(copy);
        }
    }
}
