package dev.switchboard.triggers.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * What each subscription holds in a store, counted in memory (recounted from the store when it opens) so that
 * checking the {@link StoreLimits bounds} costs no scan. Not thread-safe: the store calls it holding its own lock.
 */
final class PendingUsage {

    /** What one subscription holds. */
    private static final class Usage {
        long batches;
        long bytes;
    }

    private final Map<String, Usage> usage = new HashMap<>();
    private final StoreRefusals refusals = new StoreRefusals();

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
        refusals.checkRoom(id, u.batches, u.bytes, bytes, bounds);
    }

    /** A batch of {@code bytes} left the pending ones (delivered or dead-lettered). */
    void released(String id, long bytes) {
        Usage u = usage.get(id);
        if (u != null) {
            u.batches = Math.max(0, u.batches - 1);
            u.bytes = Math.max(0, u.bytes - bytes);
            refusals.released(id);
        }
    }

    void forget(String id) {
        usage.remove(id);
        refusals.forget(id);
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
        return refusals.refused(id);
    }

    boolean full(String id, StoreLimits bounds) {
        return refusals.full(id) || batches(id) >= bounds.maxBatches();
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
