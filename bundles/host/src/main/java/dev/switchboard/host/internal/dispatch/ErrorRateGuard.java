package dev.switchboard.host.internal.dispatch;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

import dev.switchboard.host.api.CallOutcome;
import dev.switchboard.host.api.InvocationListener.CallMeter;
import dev.switchboard.host.api.TrafficGuard;

/**
 * Counts the calls of a canary version over a sliding window (in {@value #BUCKETS} buckets) and trips, once, when at
 * least {@code minCalls} of them ended within the window and more than {@code errorRate} of those failed with a 5xx
 * status or a timeout. Calls the host refused (bulkhead, rate limit) are not the version's doing and do not count.
 * Told by each call before its caller has the answer, so that the call that trips it is the last one routed there.
 */
final class ErrorRateGuard implements CallMeter {

    static final int BUCKETS = 20;

    private final TrafficGuard settings;
    private final LongSupplier nanoClock;
    private final Runnable onTrip;
    private final long bucketNanos;
    /** Guarded by this: per bucket, the bucket number it counts for, its calls and its failures. */
    private final long[] bucketOf = new long[BUCKETS];

    private final long[] calls = new long[BUCKETS];
    private final long[] failures = new long[BUCKETS];
    private boolean tripped;
    private String reason;

    /** @param onTrip told once, on the thread of the call that tripped the guard, after {@link #reason()} is set */
    ErrorRateGuard(TrafficGuard settings, LongSupplier nanoClock, Runnable onTrip) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.onTrip = onTrip;
        this.bucketNanos = Math.max(1, settings.window().toNanos() / BUCKETS);
        Arrays.fill(bucketOf, Long.MIN_VALUE);
    }

    @Override
    public void ended(CallOutcome outcome, long durationNanos) {
        if (outcome == CallOutcome.REJECTED) {
            return;
        }
        boolean trip;
        synchronized (this) {
            if (tripped) {
                return;
            }
            long bucket = Math.floorDiv(nanoClock.getAsLong(), bucketNanos);
            int slot = (int) Math.floorMod(bucket, (long) BUCKETS);
            if (bucketOf[slot] != bucket) {
                bucketOf[slot] = bucket;
                calls[slot] = 0;
                failures[slot] = 0;
            }
            calls[slot]++;
            if (outcome == CallOutcome.SERVER_ERROR || outcome == CallOutcome.TIMEOUT) {
                failures[slot]++;
            }
            long[] window = window(bucket);
            trip = window[0] >= settings.minCalls() && window[1] > settings.errorRate() * window[0];
            if (trip) {
                tripped = true;
                reason = String.format(
                        Locale.ROOT,
                        "%d of its last %d calls within %s failed (%.1f %%, "
                                + "more than the %.1f %% of rollbackOn.errorRate)",
                        window[1],
                        window[0],
                        settings.windowText(),
                        100.0 * window[1] / window[0],
                        100 * settings.errorRate());
            }
        }
        if (trip) {
            onTrip.run();
        }
    }

    /** Calls and failures within the window now. */
    synchronized long[] counts() {
        return window(Math.floorDiv(nanoClock.getAsLong(), bucketNanos));
    }

    synchronized boolean tripped() {
        return tripped;
    }

    /** Why it tripped, {@code null} while it has not. */
    synchronized String reason() {
        return reason;
    }

    /** The buckets of the last {@code BUCKETS} bucket numbers up to {@code current}: the window. */
    private long[] window(long current) {
        long n = 0;
        long failed = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketOf[i] > current - BUCKETS && bucketOf[i] <= current) {
                n += calls[i];
                failed += failures[i];
            }
        }
        return new long[] {n, failed};
    }
}
