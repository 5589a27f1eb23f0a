package dev.switchboard.triggers.api;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives a subscription's event batches as they are stored (for a stream subscription: as they are delivered). */
@ConsumerType
@FunctionalInterface
public interface EventListener {

    /**
     * @param sequence the batch's sequence number within the subscription
     * @param batch    {@code {subscriptionId, sequence, connector, operation, events:[...]}}
     * @return {@code false} when the listener is gone (the batch is then not counted as delivered to it)
     */
    boolean onBatch(long sequence, JsonNode batch);
}
