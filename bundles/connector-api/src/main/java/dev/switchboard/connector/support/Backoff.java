package dev.switchboard.connector.support;

/**
 * The delay before the next poll of a subscription whose source cannot be read: {@code base} after the first failure,
 * doubling with each failure in a row, never more than {@code max}.
 *
 * @param baseMs the delay after the first failure, in milliseconds (at least 1)
 * @param maxMs the longest delay; a value below {@code baseMs} is taken as {@code baseMs}
 */
public record Backoff(long baseMs, long maxMs) {

    /** Checks and normalises the bounds. */
    public Backoff {
        if (baseMs < 1) {
            throw new IllegalArgumentException("baseMs must be at least 1, not " + baseMs);
        }
        maxMs = Math.max(maxMs, baseMs);
    }

    /**
     * The delay after {@code failures} failures in a row.
     *
     * @param failures at least 1
     * @return milliseconds, from {@code baseMs} to {@code maxMs}
     */
    public long delay(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 20);
        return Math.min(maxMs, baseMs << doublings);
    }
}
