package dev.switchboard.triggers.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.triggers.api.EventListener;
import dev.switchboard.triggers.api.SubscriptionState;

/**
 * The context one start of a binding gets: its events go to the {@link TriggerStore} (and wake the subscription's
 * delivery), its checkpoints are staged there. Stops accepting events and reports once the binding is stopped.
 */
final class RunContext extends BindingContext {

    private static final Logger LOG = LoggerFactory.getLogger(RunContext.class);

    private final SubscriptionRun run;
    private final TriggerStore store;
    volatile boolean closed;

    RunContext(SubscriptionRun run, Target target, String information, TriggerStore store) {
        super(run.record, target, information);
        this.run = run;
        this.store = store;
    }

    @Override
    public CompletionStage<Void> emit(List<JsonNode> events) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("subscription " + run.id + " is no longer running"));
        }
        if (events == null || events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            byte[] json = Envelopes.array(events);
            long sequence = store.append(run.id, json);
            run.worker.wake();
            SubscriptionRecord record = run.record;
            if (record.isWebhook() && !run.worker.listeners.isEmpty()) {
                // a webhook subscription's stream shows its batches as they are stored
                ObjectNode envelope = Envelopes.tree(record, sequence, Envelopes.arrayOf(events));
                for (EventListener listener : run.worker.listeners) {
                    listener.onBatch(sequence, envelope);
                }
            }
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String get() {
        return store.resumePosition(run.id);
    }

    @Override
    public void put(String checkpoint) {
        if (!closed) {
            store.stageCheckpoint(run.id, checkpoint);
        }
    }

    @Override
    public void failing(String reason) {
        String why = reason == null || reason.isBlank() ? "the trigger cannot read its source" : reason;
        synchronized (run) {
            if (closed) {
                return;
            }
            if (run.state != SubscriptionState.FAILING || !why.equals(run.reason)) {
                LOG.warn("Subscription {} FAILING: {}", run.id, why);
            }
            run.state = SubscriptionState.FAILING;
            run.reason = why;
        }
    }

    @Override
    public void recovered() {
        synchronized (run) {
            if (closed || run.state != SubscriptionState.FAILING) {
                return;
            }
            LOG.info("Subscription {} ACTIVE again: its trigger reads its source", run.id);
            run.state = SubscriptionState.ACTIVE;
            run.reason = null;
        }
    }
}
