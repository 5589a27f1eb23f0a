package dev.switchboard.triggers.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every batch a subscription delivered, with how long it waited: a whiteboard service (register one, the
 * triggers bundle calls every one registered), as the metrics bundle does for
 * {@code switchboard_subscription_delivery_latency_seconds}. Since 1.5.0.
 * <p>
 * Called on the delivery's own thread, once the batch left the store: it must return at once and allocate little
 * (count, do not log). What it throws is caught and logged at most once per observer; delivery goes on.
 */
@ConsumerType
@FunctionalInterface
public interface DeliveryObserver {

    /**
     * A batch was delivered: to its webhook (a 2xx answer) or, for a stream subscription, taken by a listener.
     *
     * @param subscriptionId the subscription's id
     * @param connector      its connector's id
     * @param operation      its trigger operation
     * @param latencyMillis  from when the batch was stored to when its delivery succeeded, retries included (0 or
     *                       more; the clocks of two cluster nodes may differ); {@code -1} when unknown (a batch stored
     *                       by a version that did not keep the time)
     */
    void delivered(String subscriptionId, String connector, String operation, long latencyMillis);
}
