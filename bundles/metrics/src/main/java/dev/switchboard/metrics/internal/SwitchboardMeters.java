package dev.switchboard.metrics.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.BulkheadLoad;
import dev.switchboard.host.api.CallOutcome;
import dev.switchboard.host.api.DispatcherLoad;
import dev.switchboard.host.api.InvocationListener;
import dev.switchboard.metrics.api.CallHistory;

/**
 * The host's meters in one Micrometer registry with the Prometheus format: the meters of every connector version's
 * operations (handed to the dispatcher as {@link InvocationListener}), the dispatcher's load, the JVM's binders, and
 * the recent history of each connector version ({@link CallHistory}), sampled from the same meters every bucket.
 * Other components of this bundle add their meters to {@link #registry()} and their periodic work to
 * {@link #everyBucket}, on the one sampling thread.
 */
@Component(service = {InvocationListener.class, CallHistory.class, SwitchboardMeters.class})
public final class SwitchboardMeters implements InvocationListener, CallHistory {

    static final int BUCKET_SECONDS = 10;
    static final int HISTORY_BUCKETS = 90; // 15 minutes

    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardMeters.class);

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final Counter rejected;
    private final Map<String, VersionMeters> versions = new ConcurrentHashMap<>();
    private final List<Runnable> periodic = new CopyOnWriteArrayList<>();
    /** The connectors whose bulkhead has its meters. */
    private final Set<String> bulkheadMeters = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService sampler;
    private final LongSupplier clock;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile DispatcherLoad load;

    @Activate
    public SwitchboardMeters() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), System::currentTimeMillis, true);
    }

    SwitchboardMeters(PrometheusMeterRegistry registry, LongSupplier clock, boolean sample) {
        this.registry = registry;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.gc = new JvmGcMetrics();
        gc.bindTo(registry);
        this.rejected = Counter.builder("switchboard.dispatcher.rejected.calls")
                .description("Calls refused because every connector thread was busy and the queue full")
                .register(registry);
        Gauge.builder("switchboard.dispatcher.active.calls", this, m -> m.load(true))
                .description("Calls running in a connector now")
                .register(registry);
        Gauge.builder("switchboard.dispatcher.queued.calls", this, m -> m.load(false))
                .description("Calls waiting for a connector thread now")
                .register(registry);
        registry.getPrometheusRegistry().register(new CallDurationCollector(this::operationMeters));
        if (sample) {
            sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "switchboard-metrics");
                thread.setDaemon(true);
                return thread;
            });
            long period = TimeUnit.SECONDS.toMillis(BUCKET_SECONDS);
            long now = clock.getAsLong();
            // just after each bucket's end, so that a sample closes the bucket that just ended
            long first = period - Math.floorMod(now, period) + 50;
            sampler.scheduleAtFixedRate(this::tick, first, period, TimeUnit.MILLISECONDS);
        } else {
            sampler = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        gc.close();
        registry.close();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Runs {@code task} on the sampling thread once per bucket, until {@link #stop} is called with it. */
    void everyBucket(Runnable task) {
        periodic.add(task);
    }

    void stop(Runnable task) {
        periodic.remove(task);
    }

    private double load(boolean active) {
        DispatcherLoad current = load;
        if (current == null) {
            return Double.NaN;
        }
        return active ? current.activeCalls() : current.queuedCalls();
    }

    /**
     * Meters for the bulkheads the dispatcher created since the last look (one per connector, on its first call):
     * calls holding a permit, calls in its queue, calls it refused. Called before each scrape and each sample.
     */
    void registerBulkheads() {
        DispatcherLoad current = load;
        if (current == null) {
            return;
        }
        for (BulkheadLoad bulkhead : current.bulkheads()) {
            String id = bulkhead.connectorId();
            if (!bulkheadMeters.add(id)) {
                continue;
            }
            Gauge.builder("switchboard.bulkhead.active.calls", this, m -> m.bulkhead(id, BulkheadLoad::active))
                    .tag("connector", id)
                    .description("Calls of a connector holding a permit of its bulkhead now")
                    .register(registry);
            Gauge.builder("switchboard.bulkhead.queued.calls", this, m -> m.bulkhead(id, BulkheadLoad::queued))
                    .tag("connector", id)
                    .description("Calls of a connector waiting in its bulkhead's queue now")
                    .register(registry);
            FunctionCounter.builder(
                            "switchboard.bulkhead.rejected.calls", this, m -> m.bulkhead(id, BulkheadLoad::rejected))
                    .tag("connector", id)
                    .description("Calls of a connector refused by its bulkhead (503 ConnectorBusy)")
                    .register(registry);
        }
    }

    private double bulkhead(String connectorId, ToDoubleFunction<BulkheadLoad> value) {
        DispatcherLoad current = load;
        BulkheadLoad bulkhead = current == null ? null : current.bulkhead(connectorId);
        return bulkhead == null ? 0 : value.applyAsDouble(bulkhead);
    }

    @Override
    public CallMeter meter(String connectorId, String version, String operationId) {
        VersionMeters meters =
                versions.computeIfAbsent(connectorId + "@" + version, k -> new VersionMeters(connectorId, version));
        return meters.operation(operationId);
    }

    private List<OperationMeter> operationMeters() {
        List<OperationMeter> all = new ArrayList<>();
        for (VersionMeters meters : versions.values()) {
            all.addAll(meters.operations.values());
        }
        return all;
    }

    /** One sample of every connector version into its history, then the other components' periodic work. */
    void tick() {
        registerBulkheads();
        long now = clock.getAsLong();
        for (VersionMeters meters : versions.values()) {
            meters.sample(now);
            meters.operations.values().forEach(OperationMeter::rotateMax);
        }
        for (Runnable task : periodic) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Metrics sampling failed: {}", e.toString());
            }
        }
    }

    @Override
    public List<Series> series() {
        long now = clock.getAsLong();
        List<Series> result = new ArrayList<>();
        for (VersionMeters meters : versions.values()) {
            result.add(meters.series(now));
        }
        result.sort(Comparator.comparing(Series::connectorId).thenComparing(Series::version));
        return result;
    }

    /** The operations of one connector version and its history. */
    private final class VersionMeters {

        private final String connectorId;
        private final String version;
        private final Map<String, OperationMeter> operations = new ConcurrentHashMap<>();
        private final HistoryRing history = new HistoryRing(TimeUnit.SECONDS.toMillis(BUCKET_SECONDS), HISTORY_BUCKETS);
        /** Created after the last sample: its first sample counts from zero, not from a baseline. */
        private boolean sampled;

        VersionMeters(String connectorId, String version) {
            this.connectorId = connectorId;
            this.version = version;
        }

        OperationMeter operation(String operationId) {
            return operations.computeIfAbsent(
                    operationId, op -> new OperationMeter(registry, connectorId, version, op, rejected));
        }

        private long[][] totals() {
            long[] outcomes = new long[CallOutcome.values().length];
            long[] latency = new long[LatencyBuckets.BOUNDS_MILLIS.length + 1];
            for (OperationMeter meter : operations.values()) {
                meter.addOutcomes(outcomes);
                meter.addLatency(latency);
            }
            return new long[][] {outcomes, latency};
        }

        synchronized void sample(long now) {
            long[][] totals = totals();
            history.sample(now, totals[0], totals[1], !sampled);
            sampled = true;
        }

        synchronized Series series(long now) {
            long[][] totals = totals();
            if (!sampled) {
                history.sample(
                        now + TimeUnit.SECONDS.toMillis(BUCKET_SECONDS) / 2,
                        new long[totals[0].length],
                        new long[totals[1].length],
                        true); // a zero baseline: everything so far is in progress
                sampled = true;
            }
            return new Series(connectorId, version, BUCKET_SECONDS, history.buckets(now, totals[0], totals[1]));
        }
    }
}
