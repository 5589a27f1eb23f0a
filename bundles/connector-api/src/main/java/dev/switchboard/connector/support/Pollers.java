package dev.switchboard.connector.support;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connector's running subscriptions on the shared {@link PollScheduler}: started through here, they are closed
 * together when the connector stops ({@link #closeAll()}, from its {@code @Deactivate}), so no poll of a stopped
 * connector is left on the host's threads.
 */
public final class Pollers {

    private final PollScheduler scheduler;
    private final Set<Polling> running = ConcurrentHashMap.newKeySet();

    /** Subscriptions on {@code scheduler} (the referenced service). */
    public Pollers(PollScheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * Starts polling as {@link PollScheduler#start} does; closing the returned handle also forgets it here.
     *
     * @param name who polls, for logs and thread dumps; never a secret
     * @param poll one poll
     * @return the handle that stops the polls
     */
    public Polling start(String name, Poll poll) {
        Tracked tracked = new Tracked();
        running.add(tracked);
        Polling polling;
        try {
            polling = scheduler.start(name, poll);
        } catch (RuntimeException e) {
            running.remove(tracked);
            throw e;
        }
        tracked.polling = polling;
        if (tracked.closed) { // closeAll() ran meanwhile
            polling.close();
        }
        return tracked;
    }

    /** Closes every subscription started here (each waits, bounded, for its poll in flight). */
    public void closeAll() {
        for (Polling polling : List.copyOf(running)) {
            polling.close();
        }
    }

    /** How many subscriptions run. */
    public int running() {
        return running.size();
    }

    /** The scheduler's handle, forgotten here when closed. */
    private final class Tracked implements Polling {
        private volatile Polling polling;
        private volatile boolean closed;

        @Override
        public void close() {
            closed = true;
            running.remove(this);
            Polling p = polling;
            if (p != null) {
                p.close();
            }
        }

        @Override
        public boolean isClosed() {
            return closed;
        }
    }
}
