package dev.switchboard.host.internal.dispatch;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

import dev.switchboard.host.api.CallOutcome;
import dev.switchboard.host.api.TrafficGuard;

/** The guard on a clock the test moves: no waiting, no timing. */
public class ErrorRateGuardTest {

    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    private final AtomicInteger trips = new AtomicInteger();
    private final ErrorRateGuard guard =
            new ErrorRateGuard(new TrafficGuard(0.05, Duration.ofSeconds(60), 50), now::get, trips::incrementAndGet);

    private void calls(int n, CallOutcome outcome) {
        for (int i = 0; i < n; i++) {
            guard.ended(outcome, 0);
        }
    }

    @Test
    public void belowMinCallsNothingTripsWhateverTheRate() {
        calls(49, CallOutcome.SERVER_ERROR);
        assertFalse(guard.tripped());
        assertEquals(0, trips.get());
    }

    @Test
    public void tripsOnceWhenMoreThanTheRateFailedAmongAtLeastMinCalls() {
        calls(95, CallOutcome.SUCCESS);
        calls(5, CallOutcome.SERVER_ERROR);
        assertFalse("5 of 100 is the rate, not above it", guard.tripped());
        calls(1, CallOutcome.TIMEOUT);
        assertTrue("6 of 101", guard.tripped());
        assertEquals(1, trips.get());
        assertTrue(guard.reason(), guard.reason().startsWith("6 of its last 101 calls within 60s failed (5.9 %"));
        calls(10, CallOutcome.SERVER_ERROR);
        assertEquals("told once", 1, trips.get());
    }

    @Test
    public void clientErrorsCountAsCallsAndRefusalsNotAtAll() {
        calls(60, CallOutcome.CLIENT_ERROR);
        calls(500, CallOutcome.REJECTED);
        calls(3, CallOutcome.SERVER_ERROR);
        assertArrayEquals(new long[] {63, 3}, guard.counts());
        assertFalse(guard.tripped());
    }

    @Test
    public void callsOlderThanTheWindowNoLongerCount() {
        calls(100, CallOutcome.SUCCESS);
        calls(5, CallOutcome.SERVER_ERROR);
        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        assertArrayEquals(new long[] {0, 0}, guard.counts());
        calls(47, CallOutcome.SUCCESS);
        calls(2, CallOutcome.SERVER_ERROR);
        assertFalse("49 calls in the window: fewer than minCalls", guard.tripped());
        calls(1, CallOutcome.SERVER_ERROR);
        assertTrue("3 of 50", guard.tripped());
    }

    @Test
    public void theWindowSlidesBucketByBucket() {
        calls(50, CallOutcome.SUCCESS);
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        calls(50, CallOutcome.SUCCESS);
        now.addAndGet(TimeUnit.SECONDS.toNanos(40)); // the first 50 are out, the second 50 still in
        assertArrayEquals(new long[] {50, 0}, guard.counts());
    }
}
