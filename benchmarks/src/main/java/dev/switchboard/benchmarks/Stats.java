package dev.switchboard.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Percentiles of samples, nearest-rank. */
final class Stats {

    private final long[] sorted;

    private Stats(long[] sorted) {
        this.sorted = sorted;
    }

    static Stats of(long[] samples) {
        long[] copy = samples.clone();
        Arrays.sort(copy);
        return new Stats(copy);
    }

    static Stats of(List<Long> samples) {
        return of(samples.stream().mapToLong(Long::longValue).toArray());
    }

    int count() {
        return sorted.length;
    }

    /** The {@code p}-th percentile (0..100), nearest rank; 0 when empty. */
    long percentile(double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    long p50() {
        return percentile(50);
    }

    long max() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    /** {@code p50 / p90 / max ms}, whole milliseconds: the spread of a series of drops or swaps. */
    String spreadMs() {
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms", ms(p50()), ms(percentile(90)), ms(max()));
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
