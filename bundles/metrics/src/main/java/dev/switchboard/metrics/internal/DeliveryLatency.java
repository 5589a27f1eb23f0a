package dev.switchboard.metrics.internal;

import java.util.concurrent.atomic.LongAdder;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * One subscription's delivery latency: a count per bucket of {@link LatencyBuckets#DELIVERY_BOUNDS_MILLIS} and the
 * sum, kept in {@link LongAdder}s, so that a delivery costs a bucket search and two increments, no allocation. Read at
 * scrape time as one data point of {@link DeliveryLatencyCollector}'s histogram.
 */
final class DeliveryLatency {

    private static final double[] UPPER_BOUNDS =
            LatencyBuckets.upperBoundsSeconds(LatencyBuckets.DELIVERY_BOUNDS_MILLIS, 1e3);

    private final Labels labels;
    /** Per bound, then above the last: not cumulative. */
    private final LongAdder[] byBucket = new LongAdder[UPPER_BOUNDS.length];

    private final LongAdder sumMillis = new LongAdder();

    DeliveryLatency(String subscriptionId, String connector, String operation) {
        this.labels = Labels.of(
                "connector", String.valueOf(connector),
                "operation", String.valueOf(operation),
                "subscription", subscriptionId);
        for (int i = 0; i < byBucket.length; i++) {
            byBucket[i] = new LongAdder();
        }
    }

    void record(long latencyMillis) {
        long millis = Math.max(0, latencyMillis);
        byBucket[LatencyBuckets.indexOf(millis, LatencyBuckets.DELIVERY_BOUNDS_MILLIS)].increment();
        sumMillis.add(millis);
    }

    /** Deliveries recorded so far. */
    long count() {
        long count = 0;
        for (LongAdder bucket : byBucket) {
            count += bucket.sum();
        }
        return count;
    }

    HistogramSnapshot.HistogramDataPointSnapshot snapshot() {
        long[] counts = new long[byBucket.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = byBucket[i].sum();
        }
        return HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, counts))
                .sum(sumMillis.sum() / 1e3)
                .labels(labels)
                .build();
    }
}
