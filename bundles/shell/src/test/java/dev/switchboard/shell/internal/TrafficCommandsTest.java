package dev.switchboard.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.Test;

import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.api.AuditLog;
import dev.switchboard.host.api.TrafficControl;
import dev.switchboard.host.api.TrafficException;
import dev.switchboard.host.api.TrafficGuard;
import dev.switchboard.host.api.TrafficRollback;
import dev.switchboard.host.api.TrafficSplit;
import dev.switchboard.host.api.TrafficStatus;

public class TrafficCommandsTest {

    private final Map<String, TrafficStatus> splits = new ConcurrentHashMap<>();
    private final List<AuditEntry> audited = new ArrayList<>();
    private final TrafficControl control = new TrafficControl() {
        @Override
        public TrafficStatus traffic(String connectorId) {
            TrafficStatus status = splits.get(connectorId);
            if (status == null) {
                throw new TrafficException(
                        TrafficException.Reason.NO_SPLIT, null, "Connector " + connectorId + " has no traffic split");
            }
            return status;
        }

        @Override
        public List<TrafficStatus> all() {
            return List.copyOf(splits.values());
        }

        @Override
        public TrafficStatus setTraffic(String connectorId, TrafficSplit split) {
            if (split.weights().containsKey("3.0.0")) {
                throw new TrafficException(
                        TrafficException.Reason.INVALID,
                        "weights.3.0.0",
                        "weights.3.0.0: Connector greeter has no version 3.0.0");
            }
            TrafficStatus status = new TrafficStatus(
                    connectorId,
                    split,
                    split.rollbackOn() == null ? null : "2.0.0",
                    split.rollbackOn() == null ? null : "1.0.0",
                    12,
                    1,
                    null);
            splits.put(connectorId, status);
            return status;
        }

        @Override
        public void clearTraffic(String connectorId) {
            if (splits.remove(connectorId) == null) {
                traffic(connectorId);
            }
        }
    };
    private final TrafficCommands commands = new TrafficCommands(control, new AuditLog() {
        @Override
        public void record(AuditEntry entry) {
            audited.add(entry);
        }

        @Override
        public List<AuditEntry> since(Instant since, int limit) {
            return List.copyOf(audited);
        }
    });

    @Test
    public void settingsAreTheFieldsOfTheRestBody() {
        assertEquals(
                new TrafficSplit(
                        Map.of("2.0.0", 10.0, "1.0.0", 90.0), true, new TrafficGuard(0.05, Duration.ofSeconds(30), 50)),
                TrafficCommands.parse("2.0.0=10", "1.0.0=90", "sticky", "errorRate=0.05", "window=30s", "minCalls=50"));
        assertEquals(
                new TrafficSplit(Map.of("2.0.0", 1.0), false, new TrafficGuard(0.1, Duration.ofSeconds(60), 10)),
                TrafficCommands.parse("2.0.0=1", "errorRate=0.1"));
    }

    @Test
    public void setShowAndClearWithTheirAuditEntries() {
        String set = commands.traffic("greeter", "2.0.0=10", "1.0.0=90", "errorRate=0.05");
        assertTrue(
                set,
                set.startsWith("greeter: 2.0.0=10 1.0.0=90\nguard: 2.0.0 -> 1.0.0 when more than 0.05 of at "
                        + "least 10 calls within 60s fail; now 12 calls, 1 failed"));
        assertEquals(set, commands.traffic("greeter"));
        assertTrue(commands.traffic("greeter", "clear").startsWith("traffic split of greeter removed"));
        assertEquals("error 404 TrafficNotSet: Connector greeter has no traffic split", commands.traffic("greeter"));
        assertEquals(
                List.of("traffic.put:success", "traffic.delete:success"),
                audited.stream().map(e -> e.action() + ":" + e.outcome()).toList());
    }

    @Test
    public void errorsReadLikeTheApisWithTheField() {
        // as the API's body: the message, then the field at fault as a JSON pointer detail (Failures.of)
        assertEquals(
                "error 400 InvalidTraffic: weights.3.0.0: Connector greeter has no version 3.0.0\n"
                        + "  /weights/3.0.0: weights.3.0.0: Connector greeter has no version 3.0.0",
                commands.traffic("greeter", "3.0.0=1"));
        assertTrue(commands.traffic("greeter", "2.0.0=ten")
                .startsWith("error 400 InvalidTraffic: weights.2.0.0: " + "'ten' is not a number"));
        assertTrue(commands.traffic("greeter", "2.0.0=1", "errorRate=0.1", "window=soon")
                .startsWith("error 400 InvalidTraffic: rollbackOn.window: "));
        assertTrue(commands.traffic("greeter", "bogus").startsWith("error 400 InvalidTraffic: bogus: "));
        assertEquals(
                4, audited.stream().filter(e -> "failure".equals(e.outcome())).count());
    }

    @Test
    public void aRollbackIsShown() {
        splits.put(
                "greeter",
                new TrafficStatus(
                        "greeter",
                        new TrafficSplit(Map.of("2.0.0", 0.0, "1.0.0", 100.0), false, null),
                        null,
                        null,
                        0,
                        0,
                        new TrafficRollback(
                                "2.0.0",
                                "1.0.0",
                                Instant.parse("2026-12-02T04:00:00Z"),
                                "6 of its last 101 calls within 60s failed")));
        assertEquals(
                "greeter: 2.0.0=0 1.0.0=100\nrolled back 2.0.0 -> 1.0.0 at 2026-12-02T04:00:00Z: 6 of its last "
                        + "101 calls within 60s failed",
                commands.traffic("greeter"));
    }
}
