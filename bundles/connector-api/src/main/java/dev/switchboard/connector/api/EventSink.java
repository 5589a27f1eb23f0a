package dev.switchboard.connector.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import org.osgi.annotation.versioning.ProviderType;

/** Receives the events of one subscription. */
@ProviderType
public interface EventSink {

    /**
     * Hands over a batch of events, delivered together and in order.
     *
     * @return completes once the events are durably stored (they will be delivered at least once, even after a
     *         crash); fails when they could not be stored or the subscription is no longer running
     */
    CompletionStage<Void> emit(List<JsonNode> events);
}
