package dev.switchboard.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import dev.switchboard.metrics.api.CallHistory.Bucket;

public class HistoryRingTest {

    private static final int LATENCY = LatencyBuckets.BOUNDS_MILLIS.length + 1;

    private static long[] outcomes(long ok, long clientErrors, long serverErrors, long timeouts, long rejected) {
        return new long[] {ok, clientErrors, serverErrors, timeouts, rejected};
    }

    private static long[] latency(int bucket, long count) {
        long[] l = new long[LATENCY];
        l[bucket] = count;
        return l;
    }

    @Test
    public void eachSampleAddsTheGrowthSinceThePreviousToTheBucketThatJustEnded() {
        HistoryRing ring = new HistoryRing(10_000, 6);
        ring.sample(10_050, outcomes(5, 0, 0, 0, 0), latency(3, 5), false); // baseline only
        ring.sample(20_050, outcomes(15, 1, 0, 0, 0), latency(3, 16), false);
        ring.sample(30_050, outcomes(15, 1, 2, 1, 0), latency(3, 19), false);
        List<Bucket> buckets = ring.buckets(30_100, outcomes(16, 1, 2, 1, 0), latency(3, 20));
        assertEquals(6, buckets.size());
        assertEquals(30_000, buckets.get(5).start());
        assertEquals(1, buckets.get(5).calls()); // in progress, not stored
        assertEquals(3, buckets.get(4).calls());
        assertEquals(3, buckets.get(4).errors());
        assertEquals(1.0, buckets.get(4).errorRate(), 1e-9);
        assertEquals(11, buckets.get(3).calls());
        assertEquals(1, buckets.get(3).clientErrors());
        assertEquals(0, buckets.get(3).errors());
        assertEquals(0, buckets.get(0).calls());
        assertTrue(Double.isNaN(buckets.get(0).p99Millis()));
    }

    @Test
    public void aSlotIsReusedOnlyAfterTheWindowHasMovedPastIt() {
        HistoryRing ring = new HistoryRing(10_000, 3);
        ring.sample(5_000, outcomes(4, 0, 0, 0, 0), latency(0, 4), true); // counts from zero: into bucket 0
        assertEquals(4, ring.buckets(9_000, null, null).get(2).calls());
        ring.sample(35_000, outcomes(6, 0, 0, 0, 0), latency(0, 6), false); // bucket 30 s reuses slot 0
        List<Bucket> buckets = ring.buckets(35_000, null, null);
        assertEquals(
                List.of(10_000L, 20_000L, 30_000L),
                buckets.stream().map(Bucket::start).toList());
        assertEquals(List.of(0L, 0L, 2L), buckets.stream().map(Bucket::calls).toList());
    }

    @Test
    public void p99IsInterpolatedInsideTheBucketItFallsIn() {
        long[] counts = new long[LATENCY];
        counts[3] = 99; // (0.5, 1] ms
        counts[9] = 1; // (50, 100] ms
        assertEquals(1.0, LatencyBuckets.p99Millis(counts), 1e-9);
        counts[9] = 2;
        assertTrue(LatencyBuckets.p99Millis(counts) > 50);
        long[] slow = new long[LATENCY];
        slow[LATENCY - 1] = 1;
        assertEquals(60_000, LatencyBuckets.p99Millis(slow), 1e-9);
    }
}
