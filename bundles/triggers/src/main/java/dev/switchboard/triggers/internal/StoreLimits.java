package dev.switchboard.triggers.internal;

/**
 * The bounds of one subscription's share of the trigger store, swapped as a whole on a configuration change.
 *
 * @param maxBatches      undelivered batches it may hold
 * @param maxBytes        bytes of undelivered batches it may hold
 * @param deadLettersKept dead-lettered batches kept for inspection
 */
record StoreLimits(long maxBatches, long maxBytes, int deadLettersKept) {

    static final StoreLimits UNBOUNDED = new StoreLimits(Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);

    static StoreLimits of(TriggersConfiguration config) {
        return new StoreLimits(
                Math.max(1, config.max_pending_batches()),
                Math.max(1, config.max_pending_bytes()),
                Math.max(0, config.deadletters_keep()));
    }
}
