package dev.switchboard.shell.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.api.AuditLog;
import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.TrafficControl;
import dev.switchboard.host.api.TrafficException;
import dev.switchboard.host.api.TrafficGuard;
import dev.switchboard.host.api.TrafficSplit;
import dev.switchboard.host.api.TrafficStatus;

/**
 * {@code connector:traffic}: a connector's canary traffic split, as {@code GET|PUT|DELETE /api/connectors/{id}/traffic}
 * does it, with the same rules and errors.
 * <pre>
 * connector:traffic greeter                                   the split, its guard's counts, any rollback
 * connector:traffic greeter 2.0.0=10 1.0.0=90 [sticky] [errorRate=0.05 [window=60s] [minCalls=50]]
 * connector:traffic greeter clear
 * </pre>
 * Setting and clearing are audited as {@code traffic.put} and {@code traffic.delete} by {@code shell}.
 */
@Component(
        service = TrafficCommands.class,
        property = {"osgi.command.scope=connector", "osgi.command.function=traffic"})
public final class TrafficCommands {

    private final TrafficControl traffic;
    private final AuditLog audit;

    @Activate
    public TrafficCommands(@Reference TrafficControl traffic, @Reference AuditLog audit) {
        this.traffic = traffic;
        this.audit = audit;
    }

    /** connector:traffic &lt;id&gt; — the split in force. */
    public String traffic(String id) {
        try {
            return describe(traffic.traffic(id));
        } catch (TrafficException e) {
            return error(e);
        }
    }

    /** connector:traffic &lt;id&gt; clear | &lt;version&gt;=&lt;weight&gt;... [sticky] [errorRate= window= minCalls=]. */
    public String traffic(String id, String... settings) {
        if (settings.length == 1 && "clear".equals(settings[0])) {
            try {
                traffic.clearTraffic(id);
            } catch (TrafficException e) {
                audit(
                        "traffic.delete",
                        id,
                        "failure",
                        Map.of("reason", e.reason().code()));
                return error(e);
            }
            audit("traffic.delete", id, "success", Map.of());
            return "traffic split of " + id + " removed: calls without a version go to its highest ACTIVE version";
        }
        TrafficStatus status;
        try {
            status = traffic.setTraffic(id, parse(settings));
        } catch (TrafficException e) {
            audit("traffic.put", id, "failure", Map.of("reason", e.reason().code()));
            return error(e);
        }
        audit(
                "traffic.put",
                id,
                "success",
                Map.of("weights", status.split().weights().toString()));
        return describe(status);
    }

    /** {@code 2.0.0=10 1.0.0=90 sticky errorRate=0.05 window=60s minCalls=50}: the fields of the REST body. */
    static TrafficSplit parse(String... settings) {
        Map<String, Double> weights = new LinkedHashMap<>();
        boolean sticky = false;
        Double errorRate = null;
        String window = "60s";
        int minCalls = 10;
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            String key = eq < 0 ? setting : setting.substring(0, eq);
            String value = eq < 0 ? "" : setting.substring(eq + 1);
            try {
                switch (key) {
                    case "sticky" -> sticky = value.isEmpty() || "connection".equals(value);
                    case "errorRate" -> errorRate = Double.valueOf(value);
                    case "window" -> window = value;
                    case "minCalls" -> minCalls = Integer.parseInt(value);
                    default -> {
                        if (eq < 0) {
                            throw invalid(
                                    key,
                                    "'" + setting + "' is neither <version>=<weight>, sticky, "
                                            + "errorRate=, window= nor minCalls=");
                        }
                        weights.put(key, Double.valueOf(value));
                    }
                }
            } catch (NumberFormatException e) {
                throw invalid(
                        key.matches("errorRate|minCalls") ? "rollbackOn." + key : "weights." + key,
                        "'" + value + "' is not a number");
            }
        }
        TrafficGuard guard = null;
        if (errorRate != null) {
            try {
                guard = new TrafficGuard(errorRate, TrafficGuard.parseWindow(window), minCalls);
            } catch (IllegalArgumentException e) {
                throw invalid("rollbackOn.window", e.getMessage());
            }
        }
        return new TrafficSplit(weights, sticky, guard);
    }

    static String describe(TrafficStatus status) {
        StringBuilder out = new StringBuilder(status.connectorId()).append(':');
        status.split().weights().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByKey().reversed())
                .forEach(w -> out.append(' ').append(w.getKey()).append('=').append(number(w.getValue())));
        if (status.split().stickyPerConnection()) {
            out.append(", sticky per connection");
        }
        TrafficGuard guard = status.split().rollbackOn();
        if (guard != null) {
            out.append("\nguard: ")
                    .append(status.guardedVersion())
                    .append(" -> ")
                    .append(status.previousVersion())
                    .append(" when more than ")
                    .append(number(guard.errorRate()))
                    .append(" of at least ")
                    .append(guard.minCalls())
                    .append(" calls within ")
                    .append(guard.windowText())
                    .append(" fail; now ")
                    .append(status.windowCalls())
                    .append(" calls, ")
                    .append(status.windowFailures())
                    .append(" failed");
        }
        if (status.rollback() != null) {
            out.append("\nrolled back ")
                    .append(status.rollback().fromVersion())
                    .append(" -> ")
                    .append(status.rollback().toVersion())
                    .append(" at ")
                    .append(status.rollback().at())
                    .append(": ")
                    .append(status.rollback().reason());
        }
        return out.toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    private static TrafficException invalid(String field, String message) {
        return new TrafficException(TrafficException.Reason.INVALID, field, field + ": " + message);
    }

    /** As the REST API answers it: {@code error 400 InvalidTraffic: <field>: ...} (the message names the field). */
    static String error(TrafficException e) {
        return ConnectorCommands.error(Failures.of(e));
    }

    private void audit(String action, String target, String outcome, Map<String, String> details) {
        audit.record(new AuditEntry(Instant.now(), "shell", action, target, null, outcome, details));
    }
}
