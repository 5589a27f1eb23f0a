package dev.switchboard.connector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import dev.switchboard.connector.support.Polling;

class TestPollSchedulerTest {

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void pollsDueAtOnceGoOnOneAtATimeUntilClosed() throws Exception {
        try (TestPollScheduler scheduler = new TestPollScheduler("kit-test", 2)) {
            AtomicInteger polls = new AtomicInteger();
            AtomicInteger inPoll = new AtomicInteger();
            AtomicBoolean overlapped = new AtomicBoolean();
            Polling polling = scheduler.start("at once", () -> {
                if (inPoll.incrementAndGet() > 1) {
                    overlapped.set(true);
                }
                Thread.sleep(1);
                inPoll.decrementAndGet();
                polls.incrementAndGet();
                return 0;
            });
            await("a hundred polls", () -> polls.get() >= 100);
            polling.close();
            assertTrue(polling.isClosed());
            int after = polls.get();
            Thread.sleep(50);
            assertEquals(after, polls.get());
            assertFalse(overlapped.get());
        }
    }

    @Test
    void aPollThatThrowsIsPolledAgain() throws Exception {
        try (TestPollScheduler scheduler = new TestPollScheduler("kit-test", 1)) {
            AtomicInteger polls = new AtomicInteger();
            try (Polling polling = scheduler.start("failing", () -> {
                if (polls.incrementAndGet() == 1) {
                    throw new IllegalStateException("boom");
                }
                return 60_000;
            })) {
                await("the poll after the failure", () -> polls.get() == 2);
            }
        }
    }
}
