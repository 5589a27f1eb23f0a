package dev.switchboard.metrics.internal;

import java.util.Arrays;

/**
 * The latency histogram's bucket bounds, shared by every operation's timer (so the buckets of a connector version's
 * operations add up) and the p99 estimate the console's charts show.
 */
final class LatencyBuckets {

    /** Upper bounds in milliseconds: from a fast in-process call to the default invocation timeout (60 s). */
    static final double[] BOUNDS_MILLIS = {
        0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000
    };

    /** {@link #BOUNDS_MILLIS} in nanoseconds, for the hot path. */
    static final long[] BOUNDS_NANOS = Arrays.stream(BOUNDS_MILLIS)
            .mapToLong(ms -> Math.round(ms * 1_000_000))
            .toArray();

    /** The same bounds in seconds as Prometheus writes them (nanoseconds / 1e9, as Micrometer converted them). */
    static final double[] BOUNDS_SECONDS =
            Arrays.stream(BOUNDS_NANOS).mapToDouble(ns -> ns / 1e9).toArray();

    /**
     * A subscription's delivery latency, in milliseconds (the stores keep the time a batch was stored to the
     * millisecond): from a delivery at once to an hour of webhook retries.
     */
    static final long[] DELIVERY_BOUNDS_MILLIS = {
        1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000
    };

    private LatencyBuckets() {}

    /**
     * The upper bounds of a Prometheus classic histogram in seconds: {@code bounds} (in {@code unitsPerSecond}, as
     * Micrometer converted them) then {@code +Inf}.
     */
    static double[] upperBoundsSeconds(long[] bounds, double unitsPerSecond) {
        double[] seconds = new double[bounds.length + 1];
        for (int i = 0; i < bounds.length; i++) {
            seconds[i] = bounds[i] / unitsPerSecond;
        }
        seconds[bounds.length] = Double.POSITIVE_INFINITY;
        return seconds;
    }

    /** The bucket of a duration: the first bound it does not exceed, or {@code BOUNDS_NANOS.length} above the last. */
    static int indexOf(long nanos) {
        return indexOf(nanos, BOUNDS_NANOS);
    }

    /** The bucket of {@code value}: the first of {@code bounds} it does not exceed, or {@code bounds.length}. */
    static int indexOf(long value, long[] bounds) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        return i;
    }

    /**
     * The 99th percentile of calls counted per bucket, interpolated linearly inside the bucket it falls in;
     * {@code NaN} without calls.
     *
     * @param counts one count per bound of {@link #BOUNDS_MILLIS}, then the count above the last bound
     */
    static double p99Millis(long[] counts) {
        return quantileMillis(counts, 0.99);
    }

    static double quantileMillis(long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (seen + counts[i] >= rank) {
                if (i >= BOUNDS_MILLIS.length) {
                    return BOUNDS_MILLIS[BOUNDS_MILLIS.length - 1]; // beyond the last bound: at least that
                }
                double lower = i == 0 ? 0 : BOUNDS_MILLIS[i - 1];
                double upper = BOUNDS_MILLIS[i];
                return lower + (upper - lower) * (rank - seen) / counts[i];
            }
            seen += counts[i];
        }
        return BOUNDS_MILLIS[BOUNDS_MILLIS.length - 1];
    }
}
