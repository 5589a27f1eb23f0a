package dev.switchboard.triggers.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a subscription's event batches as they are stored (for a stream subscription: as they are delivered). Called
 * on the host's shared delivery threads: it must not block (queue the batch, or refuse it by returning {@code false}).
 */
@ConsumerType
@FunctionalInterface
public interface EventListener {

    /**
     * @param sequence the batch's sequence number within the subscription
     * @param batch    {@code {subscriptionId, sequence, connector, operation, events:[...]}}
     * @return {@code false} when the listener is gone (the batch is then not counted as delivered to it)
     */
    boolean onBatch(long sequence, JsonNode batch);

    /**
     * The registration ended on the host's side: the subscription was deleted or the host is stopping. Called at most
     * once, never from within {@link #onBatch}; the listener gets no batch afterwards. Since 1.1.0.
     *
     * @param reason for a person, for example {@code "the subscription was deleted"}
     */
    default void closed(String reason) {}
}
