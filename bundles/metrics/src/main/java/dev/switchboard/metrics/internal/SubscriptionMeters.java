package dev.switchboard.metrics.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.switchboard.triggers.api.DeliveryObserver;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.Subscriptions;

/**
 * Per subscription: batches emitted, delivered and dead-lettered (counters) and pending (a gauge), read from the
 * triggers bundle's own counts once per bucket; and the delivery latency (a histogram, {@link DeliveryLatencyCollector}),
 * recorded as the triggers bundle tells this {@link DeliveryObserver} of each delivery. Meters of a deleted
 * subscription are removed. Active only with the triggers feature.
 */
@Component(service = DeliveryObserver.class)
public final class SubscriptionMeters implements Runnable, DeliveryObserver {

    private final SwitchboardMeters meters;
    private final Subscriptions subscriptions;
    private final Map<String, Subscription> latest = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> registered = new ConcurrentHashMap<>();
    private final Map<String, DeliveryLatency> latencies = new ConcurrentHashMap<>();
    private final DeliveryLatencyCollector latencyCollector = new DeliveryLatencyCollector(latencies::values);

    @Activate
    public SubscriptionMeters(@Reference SwitchboardMeters meters, @Reference Subscriptions subscriptions) {
        this.meters = meters;
        this.subscriptions = subscriptions;
        run();
        meters.registry().getPrometheusRegistry().register(latencyCollector);
        meters.everyBucket(this);
    }

    @Deactivate
    void deactivate() {
        meters.stop(this);
        meters.registry().getPrometheusRegistry().unregister(latencyCollector);
        registered.values().forEach(list -> list.forEach(meters.registry()::remove));
    }

    @Override
    public synchronized void run() {
        List<Subscription> now;
        try {
            now = subscriptions.list();
        } catch (SubscriptionException e) {
            // cluster mode while the cluster database cannot be reached (or is not joined yet): the last values stay,
            // and the next bucket tries again
            return;
        }
        Set<String> seen = new HashSet<>();
        for (Subscription subscription : now) {
            seen.add(subscription.id());
            latest.put(subscription.id(), subscription);
            registered.computeIfAbsent(subscription.id(), id -> register(subscription));
        }
        for (String gone : Set.copyOf(registered.keySet())) {
            if (!seen.contains(gone)) {
                registered.remove(gone).forEach(meters.registry()::remove);
                latest.remove(gone);
            }
        }
        latencies.keySet().retainAll(seen);
    }

    @Override
    public void delivered(String subscriptionId, String connector, String operation, long latencyMillis) {
        if (latencyMillis < 0) {
            return; // stored before the time was kept: unknown
        }
        DeliveryLatency latency = latencies.get(subscriptionId);
        if (latency == null) {
            latency = latencies.computeIfAbsent(subscriptionId, id -> new DeliveryLatency(id, connector, operation));
        }
        latency.record(latencyMillis);
    }

    /** The deliveries of a subscription recorded in its latency histogram. For tests. */
    long deliveries(String subscriptionId) {
        DeliveryLatency latency = latencies.get(subscriptionId);
        return latency == null ? 0 : latency.count();
    }

    private List<Meter> register(Subscription subscription) {
        String id = subscription.id();
        Tags tags = Tags.of(
                "subscription",
                id,
                "connector",
                subscription.request() == null
                        ? ""
                        : String.valueOf(subscription.request().connector()),
                "operation",
                subscription.request() == null
                        ? ""
                        : String.valueOf(subscription.request().operation()));
        return List.of(
                counter(
                        "switchboard.subscription.emitted",
                        tags,
                        id,
                        Subscription::emitted,
                        "Batches of events stored for the subscription"),
                counter("switchboard.subscription.delivered", tags, id, Subscription::delivered, "Batches delivered"),
                counter(
                        "switchboard.subscription.dead.lettered",
                        tags,
                        id,
                        Subscription::deadLettered,
                        "Batches given up after the configured attempts"),
                Gauge.builder("switchboard.subscription.pending", latest, m -> value(m, id, Subscription::pending))
                        .tags(tags)
                        .description("Batches stored and not yet delivered")
                        .register(meters.registry()));
    }

    private Meter counter(String name, Tags tags, String id, ToDoubleFunction<Subscription> read, String help) {
        return FunctionCounter.builder(name, latest, m -> value(m, id, read))
                .tags(tags)
                .description(help)
                .register(meters.registry());
    }

    private static double value(Map<String, Subscription> latest, String id, ToDoubleFunction<Subscription> read) {
        Subscription subscription = latest.get(id);
        return subscription == null ? Double.NaN : read.applyAsDouble(subscription);
    }
}
