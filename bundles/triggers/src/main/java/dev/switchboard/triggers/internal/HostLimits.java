package dev.switchboard.triggers.internal;

import dev.switchboard.triggers.api.SubscriptionException;

/**
 * The bounds of a {@link SubscriptionManager} that are not the store's own ({@link StoreLimits}), swapped as a whole
 * on a configuration change.
 *
 * @param maxSubscriptions subscriptions the host keeps ({@code max.subscriptions})
 * @param maxStreams       event-stream listeners over all subscriptions ({@code max.streams})
 * @param hookMaxBytes     the largest hook body ({@code hook.max.bytes})
 */
record HostLimits(int maxSubscriptions, int maxStreams, long hookMaxBytes) {

    static HostLimits of(TriggersConfiguration config) {
        return new HostLimits(
                Math.max(0, config.max_subscriptions()),
                Math.max(0, config.max_streams()),
                Math.max(1, config.hook_max_bytes()));
    }

    /** For the log: {@code 1000 subscriptions, 64 streams, per subscription 1000 batches / 16777216 bytes, ...}. */
    String describe(StoreLimits s) {
        return maxSubscriptions + " subscriptions, " + maxStreams + " streams, per subscription " + s.maxBatches()
                + " pending batches / " + s.maxBytes() + " pending bytes, hook body " + hookMaxBytes + " bytes, "
                + s.deadLettersKept() + " dead letters kept";
    }

    /**
     * @param max     {@link #maxSubscriptions} as read once for the whole creation
     * @param running the subscriptions the host keeps now
     * @throws SubscriptionException 409 TooManySubscriptions when there is no room for one more
     */
    static void checkRoom(int max, int running) {
        if (running >= max) {
            // 409, not 429: waiting does not help; the host's state must change (a subscription deleted, or
            // max.subscriptions raised) before this request can succeed
            throw new SubscriptionException(
                    409,
                    "TooManySubscriptions",
                    "This host already runs " + running + " subscriptions, the most it allows (max.subscriptions of "
                            + SubscriptionManager.PID + "). Delete a subscription you no longer need, or raise the "
                            + "setting.");
        }
    }
}
