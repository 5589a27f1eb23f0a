package dev.switchboard.metrics.internal;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * {@code switchboard_subscription_delivery_latency_seconds} (classic histogram: {@code _bucket}, {@code _count},
 * {@code _sum}) per subscription, connector and operation: the time from storing a batch to its delivery, retries
 * included. Built at scrape time from each subscription's {@link DeliveryLatency}, as {@link CallDurationCollector}
 * does for calls.
 */
final class DeliveryLatencyCollector implements MultiCollector {

    static final String NAME = "switchboard_subscription_delivery_latency_seconds";

    private final Supplier<Collection<DeliveryLatency>> latencies;

    DeliveryLatencyCollector(Supplier<Collection<DeliveryLatency>> latencies) {
        this.latencies = latencies;
    }

    @Override
    public MetricSnapshots collect() {
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder()
                .name(NAME)
                .help("Time from storing a subscription's batch to its delivery (webhook 2xx or a stream listener), "
                        + "retries included");
        for (DeliveryLatency latency : latencies.get()) {
            histogram.dataPoint(latency.snapshot());
        }
        return MetricSnapshots.of(histogram.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(NAME);
    }
}
