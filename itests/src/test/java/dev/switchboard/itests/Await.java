package dev.switchboard.itests;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls for a condition that the system reaches asynchronously; fails with a description of what was last seen. */
public final class Await {

    private Await() {}

    public static <T> T until(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "Timed out after " + timeout.toMillis() + " ms waiting for " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            last = probe.get();
        }
        return last;
    }
}
