package dev.switchboard.metrics.internal;

import java.util.List;
import java.util.function.Supplier;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * {@code switchboard_call_duration_seconds} (classic histogram: {@code _bucket}, {@code _count}, {@code _sum}) and
 * {@code switchboard_call_duration_seconds_max}, built at scrape time from the counters of every {@link OperationMeter}:
 * the Prometheus client's model, registered in the Micrometer registry's {@code PrometheusRegistry}, so the calls
 * themselves never touch a Micrometer timer.
 */
final class CallDurationCollector implements MultiCollector {

    static final String NAME = "switchboard_call_duration_seconds";
    static final String MAX = NAME + "_max";
    private static final double[] UPPER_BOUNDS = LatencyBuckets.upperBoundsSeconds(LatencyBuckets.BOUNDS_NANOS, 1e9);

    private final Supplier<List<OperationMeter>> meters;

    CallDurationCollector(Supplier<List<OperationMeter>> meters) {
        this.meters = meters;
    }

    @Override
    public MetricSnapshots collect() {
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder()
                .name(NAME)
                .help("Time from accepting a call to its answer (refused calls are not timed)");
        GaugeSnapshot.Builder max =
                GaugeSnapshot.builder().name(MAX).help("The longest call of the last 10 to 20 seconds");
        long[] counts = new long[UPPER_BOUNDS.length];
        for (OperationMeter meter : meters.get()) {
            java.util.Arrays.fill(counts, 0);
            meter.addLatency(counts);
            Labels labels = Labels.of(
                    "connector", meter.connectorId(), "operation", meter.operationId(), "version", meter.version());
            histogram.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, counts))
                    .sum(meter.sumNanos() / 1e9)
                    .labels(labels)
                    .build());
            max.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .value(meter.maxNanos() / 1e9)
                    .labels(labels)
                    .build());
        }
        return MetricSnapshots.of(histogram.build(), max.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(NAME, MAX);
    }
}
