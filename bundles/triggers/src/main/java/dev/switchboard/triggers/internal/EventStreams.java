package dev.switchboard.triggers.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.triggers.api.EventListener;
import dev.switchboard.triggers.api.SubscriptionException;

/** The event-stream listeners of every subscription, counted against {@code max.streams}. */
final class EventStreams {

    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
    /** What a client refused an event stream is told to wait. */
    private static final long RETRY_AFTER_SECONDS = 10;

    private final AtomicInteger open = new AtomicInteger();

    /** Registers {@code listener} with the subscription's delivery; the returned handle unregisters it, once. */
    AutoCloseable listen(SubscriptionRun run, EventListener listener, int max) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            throw new SubscriptionException(
                    503,
                    "TooManyStreams",
                    "This host already serves " + max
                            + " event streams, the most it allows (max.streams of " + SubscriptionManager.PID
                            + "). Try "
                            + "again later, or close a stream you no longer read.",
                    RETRY_AFTER_SECONDS);
        }
        AtomicBoolean registered = new AtomicBoolean(true);
        run.worker.listeners.add(listener);
        run.worker.wake();
        return () -> {
            if (registered.compareAndSet(true, false)) {
                open.decrementAndGet();
                run.worker.listeners.remove(listener);
            }
        };
    }

    /** Tells each listener of {@code run} that its stream ended and unregisters it. */
    static void close(SubscriptionRun run, String reason) {
        for (EventListener listener : run.worker.listeners) {
            run.worker.listeners.remove(listener);
            try {
                listener.closed(reason);
            } catch (RuntimeException e) {
                LOG.debug("A listener of subscription {} failed to close", run.id, e);
            }
        }
    }

    int open() {
        return open.get();
    }
}
