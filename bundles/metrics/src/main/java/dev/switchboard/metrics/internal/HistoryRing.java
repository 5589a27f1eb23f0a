package dev.switchboard.metrics.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.switchboard.host.api.CallOutcome;
import dev.switchboard.metrics.api.CallHistory.Bucket;

/**
 * The recent calls of one connector version: a ring of fixed-length buckets, each holding the calls that ended in it
 * by outcome and per latency bucket. Fed with the meters' cumulative counts, whose change since the previous sample
 * it adds to the bucket of the sample's moment; a read adds what happened since the last sample to the bucket in
 * progress without storing it. Not thread-safe: its owner synchronizes.
 */
final class HistoryRing {

    private static final int OUTCOMES = CallOutcome.values().length;

    private final long bucketMillis;
    private final int size;
    private final long[] starts;
    private final long[][] outcomes;
    private final long[][] latency;
    private long[] lastOutcomes;
    private long[] lastLatency;

    HistoryRing(long bucketMillis, int size) {
        this.bucketMillis = bucketMillis;
        this.size = size;
        this.starts = new long[size];
        Arrays.fill(starts, Long.MIN_VALUE);
        this.outcomes = new long[size][OUTCOMES];
        this.latency = new long[size][LatencyBuckets.BOUNDS_MILLIS.length + 1];
    }

    /**
     * Adds what the cumulative counts grew by since the previous sample to the bucket of {@code atMillis - half a
     * bucket}: sampled just after a bucket's end, the calls belong to the bucket that just ended. The first sample
     * only sets the baseline unless {@code fromZero}.
     *
     * @param outcomeTotals cumulative calls per {@link CallOutcome} ordinal
     * @param latencyTotals cumulative calls per latency bucket (per bound, then above the last)
     */
    void sample(long atMillis, long[] outcomeTotals, long[] latencyTotals, boolean fromZero) {
        long[] previousOutcomes = lastOutcomes != null ? lastOutcomes : fromZero ? new long[OUTCOMES] : outcomeTotals;
        long[] previousLatency =
                lastLatency != null ? lastLatency : fromZero ? new long[latencyTotals.length] : latencyTotals;
        int slot = slot(atMillis - bucketMillis / 2);
        for (int i = 0; i < OUTCOMES; i++) {
            outcomes[slot][i] += Math.max(0, outcomeTotals[i] - previousOutcomes[i]);
        }
        for (int i = 0; i < latencyTotals.length; i++) {
            latency[slot][i] += Math.max(0, latencyTotals[i] - previousLatency[i]);
        }
        lastOutcomes = outcomeTotals.clone();
        lastLatency = latencyTotals.clone();
    }

    /** The slot of the bucket holding {@code atMillis}, emptied first when it held an older bucket. */
    private int slot(long atMillis) {
        long start = Math.floorDiv(atMillis, bucketMillis) * bucketMillis;
        int slot = (int) Math.floorMod(Math.floorDiv(atMillis, bucketMillis), (long) size);
        if (starts[slot] != start) {
            starts[slot] = start;
            Arrays.fill(outcomes[slot], 0);
            Arrays.fill(latency[slot], 0);
        }
        return slot;
    }

    /**
     * The window ending with the bucket that holds {@code nowMillis}, oldest first; the current totals (not stored)
     * add the calls since the last sample to the bucket in progress.
     */
    List<Bucket> buckets(long nowMillis, long[] outcomeTotals, long[] latencyTotals) {
        long current = Math.floorDiv(nowMillis, bucketMillis) * bucketMillis;
        List<Bucket> result = new ArrayList<>(size);
        for (int back = size - 1; back >= 0; back--) {
            long start = current - back * bucketMillis;
            int slot = (int) Math.floorMod(Math.floorDiv(start, bucketMillis), (long) size);
            long[] o = starts[slot] == start ? outcomes[slot].clone() : new long[OUTCOMES];
            long[] l = starts[slot] == start ? latency[slot].clone() : new long[latency[0].length];
            if (back == 0 && lastOutcomes != null && outcomeTotals != null) {
                for (int i = 0; i < OUTCOMES; i++) {
                    o[i] += Math.max(0, outcomeTotals[i] - lastOutcomes[i]);
                }
                for (int i = 0; i < l.length; i++) {
                    l[i] += Math.max(0, latencyTotals[i] - lastLatency[i]);
                }
            }
            result.add(bucket(start, o, l));
        }
        return result;
    }

    private static Bucket bucket(long start, long[] o, long[] l) {
        long calls = 0;
        for (long c : o) {
            calls += c;
        }
        long clientErrors = o[CallOutcome.CLIENT_ERROR.ordinal()];
        long errors = o[CallOutcome.SERVER_ERROR.ordinal()]
                + o[CallOutcome.TIMEOUT.ordinal()]
                + o[CallOutcome.REJECTED.ordinal()];
        return new Bucket(start, calls, clientErrors, errors, LatencyBuckets.p99Millis(l));
    }
}
