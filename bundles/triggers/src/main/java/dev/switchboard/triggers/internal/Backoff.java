package dev.switchboard.triggers.internal;

/** Exponential backoff: {@code initial * 2^(attempt-1)}, at most {@code max}. */
record Backoff(long initialMs, long maxMs) {

    /** The delay after failed attempt number {@code attempt} (1 for the first). */
    long delayAfter(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long delay = initialMs << shift;
        return delay <= 0 || delay > maxMs ? maxMs : delay;
    }
}
