package dev.switchboard.triggers.api;

/**
 * What a subscription holds in the trigger store against its bounds, and what the bounds cost it.
 *
 * @param pendingBatches batches stored and not yet delivered
 * @param pendingBytes   their size in the store (the batches' JSON, UTF-8)
 * @param maxBatches     the most batches the subscription may hold ({@code max.pending.batches})
 * @param maxBytes       the most bytes it may hold ({@code max.pending.bytes})
 * @param full           a batch was refused since the last one left the store: new ones are refused until one does
 * @param refused        new batches refused because the store was full, since the host started: hook posts answered
 *                       429, and batches a binding could not store (a polling binding reads them again later)
 * @param deadLettered   batches given up after the configured number of webhook attempts (all time)
 * @param deadKept       dead-lettered batches still kept for inspection ({@code deadletters.keep} at most)
 */
public record Backlog(
        long pendingBatches,
        long pendingBytes,
        long maxBatches,
        long maxBytes,
        boolean full,
        long refused,
        long deadLettered,
        long deadKept) {}
