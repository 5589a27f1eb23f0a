package dev.switchboard.host.internal.dispatch;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.NonBlocking;
import dev.switchboard.host.api.ConnectorLogContext;
import dev.switchboard.host.internal.catalog.ProviderRegistration;

/**
 * The calls running on their caller's thread at this moment (connectors marked {@code @NonBlocking}), in a fixed
 * array of slots, so that the timeout sweep can see one that hangs there and move its connector to the pool before
 * it holds more threads. A call takes a free slot with one compare-and-set and gives it back with one ordered write;
 * when every slot is taken the call runs on the pool instead.
 */
final class InlineCalls {

    private static final Logger LOG = LoggerFactory.getLogger(InlineCalls.class);

    private final AtomicReferenceArray<PendingCall> slots;
    private final int mask;

    /** @param size a power of two */
    InlineCalls(int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two: " + size);
        }
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** @return the slot taken, or -1 when every slot is taken */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19
    int enter(PendingCall call) {
        int start = (int) Thread.currentThread().getId();
        for (int i = 0; i <= mask; i++) {
            int index = (start + i) & mask;
            if (slots.get(index) == null && slots.compareAndSet(index, null, call)) {
                return index;
            }
        }
        return -1;
    }

    void exit(int slot) {
        slots.setRelease(slot, null);
    }

    void forEach(Consumer<PendingCall> action) {
        for (int i = 0; i <= mask; i++) {
            PendingCall call = slots.get(i);
            if (call != null) {
                action.accept(call);
            }
        }
    }

    /** How many slots are taken now (a gauge: a moment's view). */
    int count() {
        int n = 0;
        for (int i = 0; i <= mask; i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * When a connector marked {@code @NonBlocking} held its caller's thread longer than {@code non.blocking.limit.ms},
     * it is called on the connector threads from now on (said once).
     */
    static void revokeIfOver(
            ProviderRegistration registration, PendingCall call, String how, long heldNanos, long limitMs) {
        if (heldNanos <= TimeUnit.MILLISECONDS.toNanos(limitMs) || !registration.revokeInline()) {
            return;
        }
        try (ConnectorLogContext logContext = call.logContext()) {
            LOG.warn(
                    "{} is marked @NonBlocking ({}=true) but its invokeOperation {} the caller's thread for {} ms "
                            + "(limit {} ms, {} non.blocking.limit.ms); this connector is called on the connector threads "
                            + "from now on. Return a pending stage and wait elsewhere, or drop @NonBlocking.",
                    call.label(),
                    NonBlocking.PROPERTY,
                    how,
                    TimeUnit.NANOSECONDS.toMillis(heldNanos),
                    limitMs,
                    OperationDispatcher.PID);
        }
    }
}
