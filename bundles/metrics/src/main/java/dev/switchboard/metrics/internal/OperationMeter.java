package dev.switchboard.metrics.internal;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import dev.switchboard.host.api.CallOutcome;
import dev.switchboard.host.api.InvocationListener.CallMeter;

/**
 * The meters of one operation of one connector version, resolved once (the dispatcher keeps this object). A call
 * costs a few {@link LongAdder} increments and no lookup, clock read or allocation: one per outcome, one per latency
 * bucket, the duration's sum and a max. Read at scrape time: the outcome counts as Micrometer function counters
 * ({@code switchboard_calls_total}), the latency as a Prometheus classic histogram ({@link CallDurationCollector}).
 * A Micrometer {@code Timer} per call (count, total, decaying max and bucket, each reading the clock) cost about
 * 160 ns on the {@code @NonBlocking} no-op dispatch (BENCHMARKS.md).
 */
final class OperationMeter implements CallMeter {

    static final String CALLS = "switchboard.calls";

    private final String connectorId;
    private final String version;
    private final String operationId;
    private final LongAdder[] byOutcome;
    /** Per bound of {@link LatencyBuckets#BOUNDS_NANOS}, then above the last: not cumulative. */
    private final LongAdder[] byLatency;

    private final LongAdder sumNanos = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    /** The largest duration of the previous sampling window, for {@link #maxNanos()}. */
    private volatile long previousMaxNanos;

    private final Counter rejected;

    OperationMeter(MeterRegistry registry, String connectorId, String version, String operationId, Counter rejected) {
        this.connectorId = connectorId;
        this.version = version;
        this.operationId = operationId;
        Tags tags = Tags.of("connector", connectorId, "version", version, "operation", operationId);
        CallOutcome[] outcomes = CallOutcome.values();
        this.byOutcome = new LongAdder[outcomes.length];
        for (CallOutcome outcome : outcomes) {
            LongAdder count = new LongAdder();
            byOutcome[outcome.ordinal()] = count;
            FunctionCounter.builder(CALLS, count, LongAdder::doubleValue)
                    .tags(tags)
                    .tag("outcome", outcome.label())
                    .description("Calls of a connector operation by outcome: 2xx, 4xx, 5xx, timeout, rejected")
                    .register(registry);
        }
        this.byLatency = new LongAdder[LatencyBuckets.BOUNDS_NANOS.length + 1];
        for (int i = 0; i < byLatency.length; i++) {
            byLatency[i] = new LongAdder();
        }
        this.rejected = rejected;
    }

    @Override
    public void ended(CallOutcome outcome, long durationNanos) {
        byOutcome[outcome.ordinal()].increment();
        if (outcome == CallOutcome.REJECTED) {
            rejected.increment();
            return;
        }
        long nanos = Math.max(0, durationNanos);
        byLatency[LatencyBuckets.indexOf(nanos)].increment();
        sumNanos.add(nanos);
        maxNanos.accumulate(nanos);
    }

    String connectorId() {
        return connectorId;
    }

    String version() {
        return version;
    }

    String operationId() {
        return operationId;
    }

    /** Adds the cumulative calls per outcome to {@code totals} (indexed by {@link CallOutcome#ordinal()}). */
    void addOutcomes(long[] totals) {
        for (int i = 0; i < byOutcome.length; i++) {
            totals[i] += byOutcome[i].sum();
        }
    }

    /** Adds the cumulative timed calls per latency bucket (per bound, then above the last) to {@code totals}. */
    void addLatency(long[] totals) {
        for (int i = 0; i < byLatency.length; i++) {
            totals[i] += byLatency[i].sum();
        }
    }

    long sumNanos() {
        return sumNanos.sum();
    }

    /** The longest call of the current and the previous sampling window (10 to 20 s). */
    long maxNanos() {
        return Math.max(previousMaxNanos, maxNanos.get());
    }

    /** A sampling window ended: the max starts over (the previous window's is kept for {@link #maxNanos()}). */
    void rotateMax() {
        previousMaxNanos = maxNanos.getThenReset();
    }
}
