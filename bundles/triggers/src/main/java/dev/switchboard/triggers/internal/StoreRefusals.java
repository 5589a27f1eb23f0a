package dev.switchboard.triggers.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound check every {@link TriggerStore} applies to an append, and what it refused: per subscription, the batches
 * refused since the store was opened (in memory, per node) and whether it is full now, with one log line when it
 * becomes full and one when it has room again. Thread-safe.
 */
final class StoreRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(StoreRefusals.class);

    /** One subscription's refusals. */
    private static final class State {
        long count;
        boolean full;
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();

    /**
     * Checks that a batch of {@code bytes} fits beside what the subscription holds; counts and throws when it does
     * not. A single batch larger than the byte bound is stored when nothing is pending (it is not stuck for ever).
     *
     * @throws StoreFullException when the subscription's bounds leave no room for it
     */
    void checkRoom(String id, long pendingBatches, long pendingBytes, long bytes, StoreLimits bounds) {
        if (pendingBatches == 0
                || (pendingBatches < bounds.maxBatches() && pendingBytes + bytes <= bounds.maxBytes())) {
            return;
        }
        State state = states.computeIfAbsent(id, k -> new State());
        synchronized (state) {
            state.count++;
            if (!state.full) {
                state.full = true;
                LOG.warn(
                        "Subscription {}: its pending store is full ({} batches, {} bytes; bounds {} batches, {} "
                                + "bytes): new batches are refused until some are delivered",
                        id,
                        pendingBatches,
                        pendingBytes,
                        bounds.maxBatches(),
                        bounds.maxBytes());
            }
        }
        throw new StoreFullException("subscription " + id + " holds " + pendingBatches + " undelivered batches ("
                + pendingBytes + " bytes), the most it may hold (max.pending.batches " + bounds.maxBatches()
                + ", max.pending.bytes " + bounds.maxBytes() + ")");
    }

    /** A batch left the pending ones (delivered or dead-lettered): a full subscription has room again. */
    void released(String id) {
        State state = states.get(id);
        if (state != null) {
            synchronized (state) {
                if (state.full) {
                    state.full = false;
                    LOG.info(
                            "Subscription {}: its pending store has room again; {} batches were refused so far",
                            id,
                            state.count);
                }
            }
        }
    }

    void forget(String id) {
        states.remove(id);
    }

    /** Batches refused since the store was opened. */
    long refused(String id) {
        State state = states.get(id);
        if (state == null) {
            return 0;
        }
        synchronized (state) {
            return state.count;
        }
    }

    /** A batch was refused since the last one left the store. */
    boolean full(String id) {
        State state = states.get(id);
        if (state == null) {
            return false;
        }
        synchronized (state) {
            return state.full;
        }
    }
}
