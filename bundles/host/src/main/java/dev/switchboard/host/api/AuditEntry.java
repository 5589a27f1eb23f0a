package dev.switchboard.host.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One management action. who: "admin", "token:&lt;id&gt;", "deploy-folder", "shell" ...; action: a dotted verb such as
 * "deployment.add", "connection.put"; target: what it acted on; client: remote address or null; outcome: "success",
 * "failure" or "denied" (or an HTTP status as text); details: small non-secret facts (may be empty, never null).
 */
public record AuditEntry(Instant at, String who, String action, String target, String client, String outcome,
                         Map<String, String> details) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
