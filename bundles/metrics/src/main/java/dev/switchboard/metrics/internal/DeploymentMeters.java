package dev.switchboard.metrics.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.api.AuditLog;

/**
 * {@code switchboard_deployments_total{action, outcome}}: what the host did with the deploy folder and rollbacks
 * (install, swap, uninstall, rollback; success or failure), counted from the host's audit trail, which already
 * records each of them once (entries by {@code deploy-folder} and {@code host}; the API's and console's own entries
 * for the same requests are not counted again). Read once per bucket, from where the previous read ended.
 */
@Component(service = {})
public final class DeploymentMeters implements Runnable {

    static final String NAME = "switchboard.deployments";

    private final SwitchboardMeters meters;
    private final AuditLog audit;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private Instant after;
    private int seenAtAfter;

    @Activate
    public DeploymentMeters(@Reference SwitchboardMeters meters, @Reference AuditLog audit) {
        this.meters = meters;
        this.audit = audit;
        this.after = Instant.now();
        for (String action : List.of("install", "swap", "uninstall", "rollback")) {
            counter(action, "success");
            counter(action, "failure");
        }
        meters.everyBucket(this);
    }

    @Deactivate
    void deactivate() {
        meters.stop(this);
    }

    @Override
    public synchronized void run() {
        List<AuditEntry> entries = audit.since(after, 10_000);
        int skip = 0;
        for (AuditEntry entry : entries) {
            if (entry.at().equals(after) && skip < seenAtAfter) {
                skip++; // counted by the previous read: the trail is read from the last entry's instant on
                continue;
            }
            count(entry);
            if (entry.at().equals(after)) {
                seenAtAfter++;
            } else if (entry.at().isAfter(after)) {
                after = entry.at();
                seenAtAfter = 1;
            }
        }
    }

    void count(AuditEntry entry) {
        if (!"deploy-folder".equals(entry.who()) && !"host".equals(entry.who())) {
            return;
        }
        String action = switch (entry.action()) {
            case "deployment.add" -> "install";
            case "deployment.update" -> "swap";
            case "deployment.remove" -> "uninstall";
            case "deployment.rollback" -> "rollback";
            default -> null;
        };
        if (action != null) {
            counter(action, "success".equals(entry.outcome()) ? "success" : "failure")
                    .increment();
        }
    }

    private Counter counter(String action, String outcome) {
        return counters.computeIfAbsent(
                action + "/" + outcome,
                k -> Counter.builder(NAME)
                        .description(
                                "Deploy-folder installs, swaps (updates) and uninstalls, and rollbacks, by outcome")
                        .tag("action", action)
                        .tag("outcome", outcome)
                        .register(meters.registry()));
    }
}
