package dev.switchboard.security.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed sign-ins per client address over a window: each failure is answered a little later than the one
 * before, and once an address reaches the limit its requests are refused (429) until its window has passed. A
 * successful sign-in from another address is never affected; one from the same address clears its count.
 */
final class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    private static final long MAX_DELAY_MS = 1000;
    /** Addresses tracked at most; beyond it the expired windows are dropped first. */
    private static final int MAX_ADDRESSES = 10_000;

    private final int maxFailures;
    private final long windowNanos;
    private final long delayMs;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long start, int failures) {}

    LoginThrottle(int maxFailures, long windowSeconds, long delayMs, LongSupplier nanoClock) {
        this.maxFailures = Math.max(1, maxFailures);
        this.windowNanos = Math.max(1, windowSeconds) * 1_000_000_000L;
        this.delayMs = Math.max(0, delayMs);
        this.clock = nanoClock;
    }

    /** Seconds until {@code address} may try again, or 0 when it may try now. */
    long retryAfterSeconds(String address) {
        Window window = windows.get(address);
        if (window == null) {
            return 0;
        }
        long left = window.start() + windowNanos - clock.getAsLong();
        if (left <= 0) {
            windows.remove(address, window);
            return 0;
        }
        return window.failures() >= maxFailures ? Math.max(1, (left + 999_999_999L) / 1_000_000_000L) : 0;
    }

    /**
     * Counts a failure of {@code address} (signing in as {@code user}, shown in the log, never the password).
     *
     * @return how long to hold the answer, in milliseconds
     */
    long failed(String address, String user) {
        long now = clock.getAsLong();
        if (windows.size() >= MAX_ADDRESSES) {
            windows.values().removeIf(w -> now - w.start() >= windowNanos);
        }
        Window window = windows.compute(
                address,
                (key, old) -> old == null || now - old.start() >= windowNanos
                        ? new Window(now, 1)
                        : new Window(old.start(), old.failures() + 1));
        if (window.failures() == 1) {
            LOG.info("Failed sign-in from {} as user '{}'", address, printable(user));
        } else if (window.failures() == maxFailures) {
            LOG.warn(
                    "{} failed sign-ins from {} (last as user '{}') within {} s: refusing its sign-ins with 429 "
                            + "until the window has passed",
                    maxFailures,
                    address,
                    printable(user),
                    windowNanos / 1_000_000_000L);
        }
        return Math.min(MAX_DELAY_MS, (window.failures() - 1) * delayMs);
    }

    void succeeded(String address) {
        windows.remove(address);
    }

    /** A user name as typed by anybody: no line breaks or control characters in the log, and not too long. */
    static String printable(String user) {
        if (user == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < user.length() && out.length() < 64; i++) {
            char c = user.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
