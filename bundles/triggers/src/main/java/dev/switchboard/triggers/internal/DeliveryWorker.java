package dev.switchboard.triggers.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.triggers.api.EventListener;

/**
 * Delivers one subscription's stored batches, oldest first, on a thread of its own: to its webhook (retried with
 * exponential backoff, dead-lettered after the configured number of attempts) or, for a stream subscription, to the
 * listeners connected to its event stream. A batch leaves the store only once delivered or dead-lettered.
 */
final class DeliveryWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    private final String id;
    private final Supplier<ObjectNode> record;
    private final TriggerStore store;
    private final WebhookSender sender;
    private final Supplier<DeliveryPolicy> policy;
    final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final Object signal = new Object();
    private volatile boolean stopped;
    private Thread thread;

    DeliveryWorker(String id, Supplier<ObjectNode> record, TriggerStore store, WebhookSender sender,
                   Supplier<DeliveryPolicy> policy) {
        this.id = id;
        this.record = record;
        this.store = store;
        this.sender = sender;
        this.policy = policy;
    }

    void start() {
        thread = new Thread(this, "switchboard-delivery-" + id);
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        stopped = true;
        wake();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** The JSON a webhook receives or a stream carries for one batch. */
    static ObjectNode envelope(String id, ObjectNode record, TriggerStore.Batch batch) {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("subscriptionId", id);
        envelope.put("sequence", batch.sequence());
        envelope.put("connector", record.path("connector").asText());
        envelope.put("operation", record.path("operation").asText());
        envelope.set("events", batch.events());
        return envelope;
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                deliverNext();
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                LOG.warn("Delivery of subscription {} failed unexpectedly; retrying", id, e);
                pause(1000);
            }
        }
    }

    private void deliverNext() {
        TriggerStore.Batch batch = store.firstPending(id);
        if (batch == null) {
            pause(1000);
            return;
        }
        ObjectNode rec = record.get();
        String webhook = rec.path("webhook").asText(null);
        ObjectNode envelope = envelope(id, rec, batch);
        if (webhook == null) {
            boolean taken = false;
            for (EventListener listener : listeners) {
                taken |= listener.onBatch(batch.sequence(), envelope);
            }
            if (taken) {
                store.delivered(id, batch.sequence());
            } else {
                pause(1000);
            }
            return;
        }
        long wait = batch.nextAttemptAt() - System.currentTimeMillis();
        if (wait > 0) {
            pause(Math.min(wait, 1000));
            return;
        }
        DeliveryPolicy current = policy.get();
        String failure = sender.post(webhook, id, batch.sequence(), envelope, current.webhookTimeout());
        if (stopped) {
            return;
        }
        if (failure == null) {
            store.delivered(id, batch.sequence());
            return;
        }
        int attempts = batch.attempts() + 1;
        if (attempts >= current.maxAttempts()) {
            LOG.warn("Subscription {}: batch {} dead-lettered after {} attempts ({})", id, batch.sequence(), attempts,
                    failure);
            store.deadLetter(id, batch.sequence(), attempts, failure);
        } else {
            long delay = current.backoff().delayAfter(attempts);
            LOG.debug("Subscription {}: batch {} attempt {} failed ({}); next in {} ms", id, batch.sequence(),
                    attempts, failure, delay);
            store.retryLater(id, batch.sequence(), attempts, System.currentTimeMillis() + delay, failure);
        }
    }

    private void pause(long ms) {
        synchronized (signal) {
            try {
                signal.wait(Math.max(ms, 1));
            } catch (InterruptedException e) {
                if (!stopped) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (stopped) {
            return;
        }
        Thread.interrupted();
    }
}
