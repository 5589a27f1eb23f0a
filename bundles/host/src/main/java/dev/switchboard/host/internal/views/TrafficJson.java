package dev.switchboard.host.internal.views;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.host.api.TrafficGuard;
import dev.switchboard.host.api.TrafficRollback;

/**
 * The JSON of a traffic split's guard and of its automatic rollback, the same in the API's view and in the file the
 * splits are kept in ({@code rollbackOn}, {@code rolledBack}).
 */
public final class TrafficJson {

    private TrafficJson() {}

    /** Puts {@code "rollbackOn": {errorRate, window, minCalls}} into {@code node}. */
    public static void putGuard(ObjectNode node, TrafficGuard guard) {
        node.putObject("rollbackOn")
                .put("errorRate", guard.errorRate())
                .put("window", guard.windowText())
                .put("minCalls", guard.minCalls());
    }

    /** Puts {@code "rolledBack": {from, to, at, reason}} into {@code node}; nothing when {@code rollback} is null. */
    public static void putRollback(ObjectNode node, TrafficRollback rollback) {
        if (rollback != null) {
            node.putObject("rolledBack")
                    .put("from", rollback.fromVersion())
                    .put("to", rollback.toVersion())
                    .put("at", rollback.at().toString())
                    .put("reason", rollback.reason());
        }
    }
}
