package ${package}.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.connector.api.TriggerContext;
import dev.switchboard.connector.support.PollScheduler;
import dev.switchboard.connector.support.Pollers;
import dev.switchboard.connector.support.Polling;

/**
 * The trigger {@code whenTicked}, a polling example with checkpoints. Its source is the clock: item {@code n} is the
 * second {@code n} since the epoch, so "what is new since the checkpoint" is every second after it. Replace
 * {@link #newItems} (and {@link #startPosition}) with a read of your source: rows with a key above the checkpoint,
 * files newer than it, messages after an offset.
 * <ul>
 * <li>{@link #startPosition}: where a new subscription starts, "after everything there is now"; the host stores it
 *     as the first checkpoint when the subscription is created, so nothing between then and the first poll is lost;</li>
 * <li>each poll emits the new items, waits until the host has stored them, then puts the checkpoint: after a restart
 *     or a new version of the connector, polling resumes from it, and nothing is lost or repeated;</li>
 * <li>polls run on the host's shared {@link PollScheduler} (no thread of our own): one poll is one bounded step, and
 *     it returns when to poll again.</li>
 * </ul>
 */
final class PollingTrigger {

    static final String TYPE = "${connectorId}Poll";

    /** At most this many items per batch; the rest come with the next poll. */
    static final int MAX_BATCH = 100;

    private static final Logger LOG = LoggerFactory.getLogger(PollingTrigger.class);

    private final Pollers pollers;
    private final Clock clock;

    PollingTrigger(PollScheduler scheduler, Clock clock) {
        this.pollers = new Pollers(scheduler);
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
        subscription.polling = pollers.start(TYPE + " " + context.subscriptionId(), subscription::poll);
        return subscription.polling;
    }

    /** Stops every subscription (the component is deactivated). */
    void closeAll() {
        pollers.closeAll();
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
        private final long periodMillis;
        private long position; // only touched by poll(), which never runs twice at once
        private volatile Polling polling;

        Subscription(TriggerContext context, long position) {
            this.context = context;
            this.position = position;
            this.periodMillis = Math.max(50, Math.round(context.inputs().path("pollSeconds").asDouble(5) * 1000));
        }

        /** One poll; returns the milliseconds until the next one. */
        long poll() {
            try {
                List<JsonNode> items = newItems(position);
                if (items.isEmpty()) {
                    return periodMillis;
                }
                // wait until the host has stored the batch, then move the checkpoint past it
                context.sink().emit(items).toCompletableFuture().get(30, TimeUnit.SECONDS);
                long last = items.get(items.size() - 1).path("second").asLong();
                context.checkpoints().put(Long.toString(last));
                position = last;
                return items.size() < MAX_BATCH ? periodMillis : 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closing
                return periodMillis;
            } catch (Exception e) {
                // not stored (the host is stopping, the event store is full): the same items are read again next poll
                Polling p = polling;
                if (p == null || !p.isClosed()) {
                    LOG.warn("subscription {}: the batch was not stored, retrying at the next poll: {}",
                            context.subscriptionId(), e.toString());
                }
                return periodMillis;
            }
        }
    }
}
