package dev.switchboard.triggers.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.osgi.service.component.annotations.Component;

import dev.switchboard.connector.api.EventSink;
import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.connector.api.TriggerContext;

/** The {@code httpWebhook} binding: the host's hook endpoint pushes each posted body into the subscription's sink. */
@Component(service = TriggerBinding.class)
public final class HttpWebhookBinding implements TriggerBinding, HookReceiver {

    static final String TYPE = "httpWebhook";

    private final Map<String, EventSink> sinks = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public AutoCloseable start(TriggerContext context) {
        String id = context.subscriptionId();
        EventSink sink = context.sink();
        sinks.put(id, sink);
        return () -> sinks.remove(id, sink);
    }

    @Override
    public CompletionStage<Void> receive(String subscriptionId, JsonNode body) {
        EventSink sink = sinks.get(subscriptionId);
        if (sink == null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("subscription " + subscriptionId + " is not listening"));
        }
        return sink.emit(List.of(body));
    }
}
