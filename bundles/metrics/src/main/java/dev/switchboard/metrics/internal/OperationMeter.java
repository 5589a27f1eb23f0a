package dev.switchboard.metrics.internal;

import java.util.concurrent.TimeUnit;

import dev.switchboard.host.api.CallOutcome;
import dev.switchboard.host.api.InvocationListener.CallMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

/**
 * The meters of one operation of one connector version, resolved once (the dispatcher keeps this object), so that a
 * call costs two meter updates and no lookup: one counter per outcome and a latency histogram.
 */
final class OperationMeter implements CallMeter {

    static final String CALLS = "switchboard.calls";
    static final String DURATION = "switchboard.call.duration";

    private final Counter[] byOutcome;
    private final Timer duration;
    private final Counter rejected;

    OperationMeter(MeterRegistry registry, String connectorId, String version, String operationId, Counter rejected) {
        Tags tags = Tags.of("connector", connectorId, "version", version, "operation", operationId);
        CallOutcome[] outcomes = CallOutcome.values();
        this.byOutcome = new Counter[outcomes.length];
        for (CallOutcome outcome : outcomes) {
            byOutcome[outcome.ordinal()] = Counter.builder(CALLS).tags(tags).tag("outcome", outcome.label())
                    .description("Calls of a connector operation by outcome: 2xx, 4xx, 5xx, timeout, rejected")
                    .register(registry);
        }
        this.duration = Timer.builder(DURATION).tags(tags)
                .description("Time from accepting a call to its answer (refused calls are not timed)")
                .serviceLevelObjectives(LatencyBuckets.durations())
                .register(registry);
        this.rejected = rejected;
    }

    @Override
    public void ended(CallOutcome outcome, long durationNanos) {
        byOutcome[outcome.ordinal()].increment();
        if (outcome == CallOutcome.REJECTED) {
            rejected.increment();
        } else {
            duration.record(durationNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Adds the cumulative calls per outcome to {@code totals} (indexed by {@link CallOutcome#ordinal()}). */
    void addOutcomes(long[] totals) {
        for (int i = 0; i < byOutcome.length; i++) {
            totals[i] += (long) byOutcome[i].count();
        }
    }

    /** Adds the cumulative timed calls per latency bucket (per bound, then above the last) to {@code totals}. */
    void addLatency(long[] totals) {
        HistogramSnapshot snapshot = duration.takeSnapshot();
        CountAtBucket[] counts = snapshot.histogramCounts();
        double below = 0;
        int i = 0;
        for (CountAtBucket bucket : counts) {
            if (i >= LatencyBuckets.BOUNDS_MILLIS.length) {
                break;
            }
            double cumulative = bucket.count();
            totals[i++] += (long) Math.max(0, cumulative - below);
            below = Math.max(below, cumulative);
        }
        totals[totals.length - 1] += (long) Math.max(0, snapshot.count() - below);
    }
}
