package dev.switchboard.host.internal.dispatch;

import java.io.IOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.TrafficControl;
import dev.switchboard.host.api.TrafficException;
import dev.switchboard.host.api.TrafficException.Reason;
import dev.switchboard.host.api.TrafficGuard;
import dev.switchboard.host.api.TrafficRollback;
import dev.switchboard.host.api.TrafficSplit;
import dev.switchboard.host.api.TrafficStatus;
import dev.switchboard.host.internal.catalog.ConnectorRegistry;
import dev.switchboard.host.internal.deploy.DeploymentArchive;

/**
 * The traffic splits of all connectors (canary traffic, issue #13 §6): validates and keeps them, saves them in
 * {@code <home>/data/traffic.json} so that a restart keeps them, gives the dispatcher the split of a connector (one map
 * lookup per call without a version; none at all while no connector has a split), and moves all traffic back to the
 * previous version when a split's guard trips.
 */
@Component(service = {TrafficControl.class, TrafficRouter.class})
public final class TrafficRouter implements TrafficControl {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficRouter.class);

    private final ConnectorRegistry registry;
    /** {@code null}: kept in memory only (no home folder). */
    private final TrafficFile file;

    private final Clock clock;
    private final LongSupplier nanoClock;
    /** Written under this object's lock, read without it by every call. */
    private final Map<String, ConnectorTraffic> splits = new ConcurrentHashMap<>();

    @Activate
    public TrafficRouter(@Reference ConnectorRegistry registry, BundleContext context) {
        this(
                registry,
                fileIn(context.getProperty(DeploymentArchive.HOME_PROPERTY)),
                Clock.systemUTC(),
                System::nanoTime);
    }

    TrafficRouter(ConnectorRegistry registry, TrafficFile file, Clock clock, LongSupplier nanoClock) {
        this.registry = registry;
        this.file = file;
        this.clock = clock;
        this.nanoClock = nanoClock;
        load();
    }

    /** Splits kept in memory only: outside OSGi (benchmarks, tests). */
    static TrafficRouter inMemory(ConnectorRegistry registry) {
        return new TrafficRouter(registry, null, Clock.systemUTC(), System::nanoTime);
    }

    private static TrafficFile fileIn(String home) {
        if (home == null || home.isBlank()) {
            LOG.warn(
                    "No {} framework property: traffic splits are kept in memory only and lost when the host stops",
                    DeploymentArchive.HOME_PROPERTY);
            return null;
        }
        return TrafficFile.in(home);
    }

    private void load() {
        if (file == null) {
            return;
        }
        try {
            file.read().forEach((id, saved) -> {
                try {
                    splits.put(id, new ConnectorTraffic(id, saved.split(), saved.rollback(), nanoClock, this::trip));
                    LOG.info("Traffic of connector {} from {}: {}", id, file.path(), describe(saved.split()));
                } catch (RuntimeException e) {
                    LOG.error("Ignoring the traffic split of connector {} in {}: {}", id, file.path(), e.toString());
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.error(
                    "Cannot read the traffic splits in {} ({}): calls go to the highest ACTIVE versions until a "
                            + "split is set again",
                    file.path(),
                    e.toString());
        }
    }

    /**
     * The split that chooses the version of {@code invocation}: {@code null} when it names a version or its connector
     * has no split (one emptiness check while no connector has one).
     */
    ConnectorTraffic route(Invocation invocation) {
        if (splits.isEmpty()
                || invocation.version() != null && !invocation.version().isBlank()) {
            return null;
        }
        return splits.get(invocation.connectorId());
    }

    @Override
    public TrafficStatus traffic(String connectorId) {
        ConnectorTraffic traffic = splits.get(connectorId);
        if (traffic == null) {
            throw new TrafficException(
                    Reason.NO_SPLIT,
                    null,
                    "Connector " + connectorId + " has no traffic split: "
                            + "calls without a version go to its highest ACTIVE version");
        }
        return traffic.status();
    }

    @Override
    public List<TrafficStatus> all() {
        return splits.values().stream()
                .map(ConnectorTraffic::status)
                .sorted(Comparator.comparing(TrafficStatus::connectorId))
                .toList();
    }

    @Override
    public synchronized TrafficStatus setTraffic(String connectorId, TrafficSplit split) {
        List<ConnectorEntry> versions = registry.view().versionsOf(connectorId);
        if (versions.isEmpty()) {
            throw new TrafficException(
                    Reason.UNKNOWN_CONNECTOR, null, "Connector '" + connectorId + "' is not registered");
        }
        validate(connectorId, split, versions);
        ConnectorTraffic traffic = new ConnectorTraffic(connectorId, split, null, nanoClock, this::trip);
        Map<String, ConnectorTraffic> next = new LinkedHashMap<>(splits);
        next.put(connectorId, traffic);
        save(next);
        splits.put(connectorId, traffic);
        LOG.info("Traffic of connector {}: {}", connectorId, describe(split));
        return traffic.status();
    }

    @Override
    public synchronized void clearTraffic(String connectorId) {
        if (!splits.containsKey(connectorId)) {
            traffic(connectorId); // says there is none
        }
        Map<String, ConnectorTraffic> next = new LinkedHashMap<>(splits);
        next.remove(connectorId);
        save(next);
        splits.remove(connectorId);
        LOG.info(
                "Traffic split of connector {} removed: calls without a version go to its highest ACTIVE version",
                connectorId);
    }

    /** The guard of {@code tripped} fired: all its traffic to the previous version, now, then saved. */
    private void trip(ConnectorTraffic tripped) {
        synchronized (this) {
            String id = tripped.connectorId();
            if (splits.get(id) != tripped) {
                return; // replaced meanwhile
            }
            TrafficRollback rollback = new TrafficRollback(
                    tripped.guardedVersion(),
                    tripped.previousVersion(),
                    clock.instant(),
                    tripped.guard().reason());
            ConnectorTraffic back = tripped.rolledBack(rollback, nanoClock);
            splits.put(id, back); // before saving: the traffic moves even if the file cannot be written
            LOG.warn(
                    "Connector {}: all traffic moved back from version {} to {} (rollbackOn): {}",
                    id,
                    rollback.fromVersion(),
                    rollback.toVersion(),
                    rollback.reason());
            try {
                save(splits);
            } catch (TrafficException e) {
                LOG.error("The rollback of connector {} is in force but not saved: {}", id, e.getMessage());
            }
        }
    }

    private void save(Map<String, ConnectorTraffic> all) {
        if (file == null) {
            return;
        }
        try {
            file.write(all.values());
        } catch (IOException | RuntimeException e) {
            throw new TrafficException(
                    Reason.FAILED,
                    null,
                    "Cannot save the traffic splits in " + file.path() + ": " + e + "; nothing was changed");
        }
    }

    /** Every weight a known version of the connector, none negative, their sum positive; a sensible guard. */
    static void validate(String connectorId, TrafficSplit split, List<ConnectorEntry> versions) {
        if (split == null || split.weights().isEmpty()) {
            throw invalid(
                    "weights",
                    "Give each version its weight, as in {\"weights\": {\"2.0.0\": 10, \"1.0.0\": " + "90}}");
        }
        Set<Version> known = versions.stream().map(ConnectorEntry::osgiVersion).collect(Collectors.toSet());
        Set<Version> seen = new HashSet<>();
        double sum = 0;
        for (Map.Entry<String, Double> weight : split.weights().entrySet()) {
            String field = "weights." + weight.getKey();
            Version version;
            try {
                version = Version.parseVersion(weight.getKey());
            } catch (IllegalArgumentException e) {
                throw invalid(field, "'" + weight.getKey() + "' is not a version (such as 1.2.0)");
            }
            if (!known.contains(version)) {
                throw invalid(
                        field,
                        "Connector " + connectorId + " has no version " + weight.getKey()
                                + "; its versions: "
                                + versions.stream()
                                        .map(ConnectorEntry::version)
                                        .distinct()
                                        .collect(Collectors.joining(", ")));
            }
            if (!seen.add(version)) {
                throw invalid(field, "Version " + version + " is given twice");
            }
            Double value = weight.getValue();
            if (value == null || value.isNaN() || value.isInfinite() || value < 0) {
                throw invalid(
                        field, "The weight of " + weight.getKey() + " must be a number of 0 or more, not " + value);
            }
            sum += value;
        }
        if (!(sum > 0)) {
            throw invalid("weights", "The weights must sum to more than 0: at least one version gets calls");
        }
        TrafficGuard guard = split.rollbackOn();
        if (guard == null) {
            return;
        }
        if (split.weights().size() < 2) {
            throw invalid("rollbackOn", "A guard needs a previous version in weights to move the traffic back to");
        }
        if (!(guard.errorRate() > 0 && guard.errorRate() <= 1)) {
            throw invalid(
                    "rollbackOn.errorRate",
                    "errorRate is a share of the calls, above 0 and at most 1 (0.05 " + "for 5 %), not "
                            + guard.errorRate());
        }
        if (guard.window() == null
                || guard.window().isNegative()
                || guard.window().isZero()) {
            throw invalid("rollbackOn.window", "window must be a positive duration such as 60s");
        }
        if (guard.minCalls() < 1) {
            throw invalid("rollbackOn.minCalls", "minCalls must be at least 1, not " + guard.minCalls());
        }
    }

    private static TrafficException invalid(String field, String message) {
        return new TrafficException(Reason.INVALID, field, field + ": " + message);
    }

    private static String describe(TrafficSplit split) {
        TrafficGuard guard = split.rollbackOn();
        return "weights " + split.weights() + (split.stickyPerConnection() ? ", sticky per connection" : "")
                + (guard == null
                        ? ""
                        : ", rollback on an error rate above " + guard.errorRate() + " over " + guard.windowText()
                                + " (at least " + guard.minCalls() + " calls)");
    }
}
