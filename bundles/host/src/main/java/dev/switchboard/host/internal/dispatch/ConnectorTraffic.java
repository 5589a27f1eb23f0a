package dev.switchboard.host.internal.dispatch;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.osgi.framework.Version;

import dev.switchboard.host.api.TrafficRollback;
import dev.switchboard.host.api.TrafficSplit;
import dev.switchboard.host.api.TrafficStatus;

/**
 * The traffic split of one connector as the dispatcher uses it: the chooser built from the weights and, with a
 * guard, the version it watches (the newest of the split) and the one it falls back to (the next older one in the
 * split). Immutable apart from its guard's counts; replaced as a whole when the split changes or the guard trips.
 */
final class ConnectorTraffic {

    private final String connectorId;
    private final TrafficSplit split;
    private final WeightedChooser chooser;
    private final Version guarded;
    private final Version previous;
    private final ErrorRateGuard guard;
    private final TrafficRollback rollback;

    /**
     * @param split  valid: its weights are versions, non-negative, summing to more than 0; with a guard, at least two
     * @param onTrip told with this once its guard trips
     */
    ConnectorTraffic(
            String connectorId,
            TrafficSplit split,
            TrafficRollback rollback,
            LongSupplier nanoClock,
            Consumer<ConnectorTraffic> onTrip) {
        this.connectorId = connectorId;
        this.split = split;
        this.rollback = rollback;
        Map<Version, Double> weights = new LinkedHashMap<>();
        split.weights().forEach((version, weight) -> weights.put(Version.parseVersion(version), weight));
        this.chooser = new WeightedChooser(weights);
        if (split.rollbackOn() != null) {
            var newestFirst =
                    weights.keySet().stream().sorted(Comparator.reverseOrder()).toList();
            this.guarded = newestFirst.get(0);
            this.previous = newestFirst.get(1);
            this.guard = new ErrorRateGuard(split.rollbackOn(), nanoClock, () -> onTrip.accept(this));
        } else {
            this.guarded = null;
            this.previous = null;
            this.guard = null;
        }
    }

    /** The version for a call without a version spec. */
    Version choose(String connectionName) {
        if (split.stickyPerConnection() && connectionName != null) {
            return chooser.choose(connectionName);
        }
        return chooser.choose(ThreadLocalRandom.current().nextDouble());
    }

    /** A call bound to {@code version}: the guard watches it when that is the guarded version. */
    void observe(Version version, PendingCall call) {
        if (guard != null && version.equals(guarded)) {
            call.guard(guard);
        }
    }

    /** After the guard tripped: all traffic on the previous version, no guard, and why. */
    ConnectorTraffic rolledBack(TrafficRollback what, LongSupplier nanoClock) {
        Map<String, Double> weights = new LinkedHashMap<>();
        split.weights().keySet().forEach(v -> weights.put(v, 0.0));
        weights.put(versionKey(previous), 100.0);
        return new ConnectorTraffic(
                connectorId, new TrafficSplit(weights, split.stickyPerConnection(), null), what, nanoClock, t -> {});
    }

    /** The key of {@code version} in the split's weights, as the operator wrote it. */
    private String versionKey(Version version) {
        return split.weights().keySet().stream()
                .filter(k -> Version.parseVersion(k).equals(version))
                .findFirst()
                .orElse(version.toString());
    }

    String connectorId() {
        return connectorId;
    }

    TrafficSplit split() {
        return split;
    }

    TrafficRollback rollback() {
        return rollback;
    }

    ErrorRateGuard guard() {
        return guard;
    }

    String guardedVersion() {
        return guarded == null ? null : versionKey(guarded);
    }

    String previousVersion() {
        return previous == null ? null : versionKey(previous);
    }

    TrafficStatus status() {
        long[] counts = guard == null ? new long[2] : guard.counts();
        return new TrafficStatus(
                connectorId, split, guardedVersion(), previousVersion(), counts[0], counts[1], rollback);
    }
}
