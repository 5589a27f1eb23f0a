package ${package}.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.connector.api.TriggerContext;

/**
 * The trigger {@code whenTicked}, a polling example with checkpoints. Its source is the clock: item {@code n} is the
 * second {@code n} since the epoch, so "what is new since the checkpoint" is every second after it. Replace
 * {@link #newItems} (and {@link #startPosition}) with a read of your source: rows with a key above the checkpoint,
 * files newer than it, messages after an offset.
 * <ul>
 * <li>{@link #startPosition}: where a new subscription starts, "after everything there is now"; the host stores it
 *     as the first checkpoint when the subscription is created, so nothing between then and the first poll is lost;</li>
 * <li>each poll emits the new items, waits until the host has stored them, then puts the checkpoint: after a restart
 *     or a new version of the connector, polling resumes from it, and nothing is lost or repeated.</li>
 * </ul>
 */
final class PollingTrigger {

    static final String TYPE = "${connectorId}Poll";

    /** At most this many items per batch; the rest come with the next poll. */
    static final int MAX_BATCH = 100;

    private static final Logger LOG = LoggerFactory.getLogger(PollingTrigger.class);

    private final Clock clock;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "${connectorId}-poller");
        thread.setDaemon(true);
        return thread;
    });

    PollingTrigger(Clock clock) {
        this.clock = clock;
    }

    /** After everything there is now: the current second. */
    String startPosition() {
        return Long.toString(clock.instant().getEpochSecond());
    }

    AutoCloseable start(TriggerContext context) {
        String checkpoint = context.checkpoints().get();
        Subscription subscription = new Subscription(context,
                checkpoint != null ? Long.parseLong(checkpoint) : clock.instant().getEpochSecond());
        long periodMillis = Math.max(50, Math.round(context.inputs().path("pollSeconds").asDouble(5) * 1000));
        subscription.future = poller.scheduleWithFixedDelay(subscription::poll, 0, periodMillis, TimeUnit.MILLISECONDS);
        return subscription::close;
    }

    void shutdown() {
        poller.shutdownNow();
    }

    /** The items after {@code position} up to now, at most {@link #MAX_BATCH}. */
    private List<JsonNode> newItems(long position) {
        long now = clock.instant().getEpochSecond();
        List<JsonNode> items = new ArrayList<>();
        for (long second = position + 1; second <= now && items.size() < MAX_BATCH; second++) {
            items.add(JsonNodeFactory.instance.objectNode()
                    .put("second", second)
                    .put("at", Instant.ofEpochSecond(second).toString()));
        }
        return items;
    }

    private final class Subscription {
        private final TriggerContext context;
        private volatile long position;
        private volatile boolean closed;
        private volatile ScheduledFuture<?> future;

        Subscription(TriggerContext context, long position) {
            this.context = context;
            this.position = position;
        }

        void poll() {
            try {
                List<JsonNode> items = newItems(position);
                if (items.isEmpty() || closed) {
                    return;
                }
                // wait until the host has stored the batch, then move the checkpoint past it
                context.sink().emit(items).toCompletableFuture().get(30, TimeUnit.SECONDS);
                long last = items.get(items.size() - 1).path("second").asLong();
                context.checkpoints().put(Long.toString(last));
                position = last;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // not stored (the host is stopping, the event store is full): the same items are read again next poll
                if (!closed) {
                    LOG.warn("subscription {}: the batch was not stored, retrying at the next poll: {}",
                            context.subscriptionId(), e.toString());
                }
            }
        }

        void close() {
            closed = true;
            ScheduledFuture<?> running = future;
            if (running != null) {
                running.cancel(false);
            }
        }
    }
}
