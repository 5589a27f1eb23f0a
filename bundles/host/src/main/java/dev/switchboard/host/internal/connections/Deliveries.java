package dev.switchboard.host.internal.connections;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.InvocationException;

/**
 * What ConfigAdmin has delivered to the connections' ManagedServiceFactory, and the waiting for its asynchronous
 * deliveries: a write waits until its configuration is delivered, so that a call right after the answer uses the new
 * values; a use waits until the connection's values are there at all.
 */
final class Deliveries {

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    /** How long a connection is not delivered again for its references after it was. */
    static final long REFRESH_INTERVAL_MS = 1000;

    private final long waitMs;
    private final Object lock = new Object();
    /** The delivered (interpolated) properties by PID. Guarded by {@link #lock}. */
    private final Map<String, Map<String, Object>> delivered = new HashMap<>();
    /** How many deliveries (updates and deletions) each PID had. Guarded by {@link #lock}. */
    private final Map<String, Long> counts = new HashMap<>();
    /** When each PID was last delivered again for its references. Guarded by {@link #lock}. */
    private final Map<String, Long> refreshed = new HashMap<>();

    /** @param waitMs how long to wait for a delivery before giving up */
    Deliveries(long waitMs) {
        this.waitMs = waitMs;
    }

    void updated(String pid, Map<String, Object> values) {
        synchronized (lock) {
            delivered.put(pid, values);
            counts.merge(pid, 1L, Long::sum);
            lock.notifyAll();
        }
    }

    void deleted(String pid) {
        synchronized (lock) {
            delivered.remove(pid);
            counts.merge(pid, 1L, Long::sum);
            lock.notifyAll();
        }
    }

    /** The values last delivered for {@code pid}, or {@code null}; does not wait. */
    Map<String, Object> current(String pid) {
        synchronized (lock) {
            return delivered.get(pid);
        }
    }

    /** How many deliveries {@code pid} had so far: give it to {@link #awaitAfter} after a write. */
    long count(String pid) {
        synchronized (lock) {
            return counts.getOrDefault(pid, 0L);
        }
    }

    /** Waits until {@code pid} had more than {@code before} deliveries, or the wait is over (logged). */
    void awaitAfter(String pid, long before) {
        long deadline = System.currentTimeMillis() + waitMs;
        synchronized (lock) {
            while (counts.getOrDefault(pid, 0L) <= before) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    LOG.warn(
                            "Connection configuration {} was stored but ConfigAdmin has not delivered it within {} ms",
                            pid,
                            waitMs);
                    return;
                }
                waitOn(left);
            }
        }
    }

    /** The delivered values of {@code pid}, waiting for them; {@code null} when they did not come in time. */
    Map<String, Object> await(String pid) {
        long deadline = System.currentTimeMillis() + waitMs;
        synchronized (lock) {
            while (!delivered.containsKey(pid)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return null;
                }
                waitOn(left);
            }
            return delivered.get(pid);
        }
    }

    /**
     * Whether {@code pid} may be delivered again for its references at {@code now} (at most once per
     * {@link #REFRESH_INTERVAL_MS}, so that a secret file the plugin cannot read costs no write per call); when it
     * may, {@code now} is recorded as its last time.
     */
    boolean mayRefresh(String pid, long now) {
        synchronized (lock) {
            Long last = refreshed.get(pid);
            if (last != null && now - last < REFRESH_INTERVAL_MS) {
                return false;
            }
            refreshed.put(pid, now);
            return true;
        }
    }

    private void waitOn(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvocationException(503, "Interrupted", "Interrupted while waiting for ConfigAdmin.");
        }
    }
}
