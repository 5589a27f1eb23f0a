package dev.switchboard.triggers.internal;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each subscription holds in a store, counted in memory (recounted from the store when it opens) so that
 * checking the {@link StoreLimits bounds} costs no scan. Not thread-safe: the store calls it holding its own lock.
 */
final class PendingUsage {

    private static final Logger LOG = LoggerFactory.getLogger(PendingUsage.class);

    /** What one subscription holds. */
    private static final class Usage {
        long batches;
        long bytes;
        long refused;
        boolean full;
    }

    private final Map<String, Usage> usage = new HashMap<>();

    /** Counts a batch that is stored (at open, or once appended). */
    void added(String id, long bytes) {
        Usage u = usage.computeIfAbsent(id, k -> new Usage());
        u.batches++;
        u.bytes += bytes;
    }

    /**
     * Checks that a batch of {@code bytes} fits; counts and throws when it does not.
     *
     * @throws StoreFullException when the subscription's bounds leave no room for it
     */
    void checkRoom(String id, long bytes, StoreLimits bounds) {
        Usage u = usage.computeIfAbsent(id, k -> new Usage());
        if (u.batches > 0 && (u.batches >= bounds.maxBatches() || u.bytes + bytes > bounds.maxBytes())) {
            u.refused++;
            if (!u.full) {
                u.full = true;
                LOG.warn(
                        "Subscription {}: its pending store is full ({} batches, {} bytes; bounds {} batches, {} "
                                + "bytes): new batches are refused until some are delivered",
                        id,
                        u.batches,
                        u.bytes,
                        bounds.maxBatches(),
                        bounds.maxBytes());
            }
            throw new StoreFullException("subscription " + id + " holds " + u.batches + " undelivered batches ("
                    + u.bytes + " bytes), the most it may hold (max.pending.batches " + bounds.maxBatches()
                    + ", max.pending.bytes " + bounds.maxBytes() + ")");
        }
    }

    /** A batch of {@code bytes} left the pending ones (delivered or dead-lettered). */
    void released(String id, long bytes) {
        Usage u = usage.get(id);
        if (u != null) {
            u.batches = Math.max(0, u.batches - 1);
            u.bytes = Math.max(0, u.bytes - bytes);
            if (u.full) {
                u.full = false;
                LOG.info(
                        "Subscription {}: its pending store has room again; {} batches were refused so far",
                        id,
                        u.refused);
            }
        }
    }

    void forget(String id) {
        usage.remove(id);
    }

    long batches(String id) {
        Usage u = usage.get(id);
        return u == null ? 0 : u.batches;
    }

    long bytes(String id) {
        Usage u = usage.get(id);
        return u == null ? 0 : u.bytes;
    }

    long refused(String id) {
        Usage u = usage.get(id);
        return u == null ? 0 : u.refused;
    }

    boolean full(String id, StoreLimits bounds) {
        Usage u = usage.get(id);
        return u != null && (u.full || u.batches >= bounds.maxBatches());
    }

    /** The UTF-8 size of {@code text}, without encoding it. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
