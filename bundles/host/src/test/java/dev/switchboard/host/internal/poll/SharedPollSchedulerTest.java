package dev.switchboard.host.internal.poll;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Test;

import dev.switchboard.connector.support.Polling;

/** The host's shared poll scheduler: chains of polls, failures, hung polls, sizing and stopping. */
public class SharedPollSchedulerTest {

    private SharedPollScheduler scheduler;

    @After
    public void tearDown() {
        if (scheduler != null) {
            scheduler.deactivate();
        }
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .count();
    }

    @Test
    public void aSubscriptionPollsAgainAsItsPollSaysUntilClosed() throws Exception {
        scheduler = new SharedPollScheduler(new PollSettings(2, 1, 60_000, 1000));
        AtomicInteger polls = new AtomicInteger();
        Polling polling = scheduler.start("counter", () -> {
            polls.incrementAndGet();
            return 5;
        });
        await("three polls", () -> polls.get() >= 3);
        polling.close();
        assertTrue(polling.isClosed());
        int afterClose = polls.get();
        Thread.sleep(100); // twenty poll intervals
        assertEquals(afterClose, polls.get());
    }

    @Test
    public void pollsOfOneSubscriptionNeverOverlap() throws Exception {
        scheduler = new SharedPollScheduler(new PollSettings(4, 0, 60_000, 1000));
        AtomicInteger inPoll = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger polls = new AtomicInteger();
        try (Polling polling = scheduler.start("busy", () -> {
            if (inPoll.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            Thread.sleep(2);
            inPoll.decrementAndGet();
            polls.incrementAndGet();
            return 0; // again at once
        })) {
            await("fifty polls", () -> polls.get() >= 50);
        }
        assertFalse(overlapped.get());
    }

    @Test
    public void aPollThatThrowsIsPolledAgainAfterTheRetryDelay() throws Exception {
        scheduler = new SharedPollScheduler(new PollSettings(1, 0, 60_000, 20));
        AtomicInteger polls = new AtomicInteger();
        try (Polling polling = scheduler.start("failing", () -> {
            if (polls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return 60_000;
        })) {
            await("the poll after the failure", () -> polls.get() == 2);
            assertFalse(polling.isClosed());
        }
    }

    @Test
    public void aHungPollIsInterruptedAndTheOthersPollOnASpareThreadUntilItEnds() throws Exception {
        scheduler = new SharedPollScheduler(new PollSettings(1, 1, 100, 1000));
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean started = new AtomicBoolean();
        Polling hung = scheduler.start("hung", () -> {
            started.set(true);
            while (release.getCount() > 0) { // ignores interruption, as a stuck driver call would
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            }
            return 60_000;
        });
        await("the hung poll to start", started::get);
        AtomicInteger otherPolls = new AtomicInteger();
        try (Polling other = scheduler.start("other", () -> {
            otherPolls.incrementAndGet();
            return 10;
        })) {
            await("the other subscription's polls", () -> otherPolls.get() >= 3);
            assertTrue(interrupted.get());
            assertEquals(1, scheduler.hung());
            assertEquals(2, scheduler.threads());
            release.countDown();
            await("the hung poll to end", () -> scheduler.hung() == 0);
            int before = otherPolls.get();
            await("polls after the spare thread went", () -> otherPolls.get() > before + 2);
        }
        hung.close();
    }

    @Test
    public void spareThreadsAreBounded() throws Exception {
        scheduler = new SharedPollScheduler(new PollSettings(1, 1, 100, 1000));
        CountDownLatch release = new CountDownLatch(1);
        List<Polling> pollings = new ArrayList<>();
        AtomicInteger started = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            pollings.add(scheduler.start("hung-" + i, () -> {
                started.incrementAndGet();
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        // refuses to end
                    }
                }
                return 60_000;
            }));
        }
        await("two hung polls", () -> scheduler.hung() == 2);
        assertEquals("one thread plus one spare", 2, scheduler.threads());
        assertEquals(2, started.get());
        release.countDown();
        await("the third poll", () -> started.get() == 3);
        pollings.forEach(Polling::close);
    }

    @Test
    public void manySubscriptionsShareTheFewNamedThreads() throws Exception {
        scheduler = new SharedPollScheduler(new PollSettings(2, 2, 60_000, 1000));
        AtomicInteger polls = new AtomicInteger();
        List<Polling> pollings = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            pollings.add(scheduler.start("s" + i, () -> {
                polls.incrementAndGet();
                return 20;
            }));
        }
        await("two polls each", () -> polls.get() >= 1000);
        assertTrue(scheduler.threads() <= 2);
        assertTrue(liveThreads("switchboard-poll-") >= 1);
        pollings.forEach(Polling::close);
    }

    @Test
    public void closeInterruptsAndWaitsForThePollInFlight() throws Exception {
        scheduler = new SharedPollScheduler(new PollSettings(1, 0, 60_000, 1000));
        CountDownLatch inPoll = new CountDownLatch(1);
        AtomicBoolean ended = new AtomicBoolean();
        AtomicInteger polls = new AtomicInteger();
        Polling polling = scheduler.start("waiting", () -> {
            polls.incrementAndGet();
            inPoll.countDown();
            try {
                Thread.sleep(60_000); // waiting for a sink that does not answer
            } finally {
                ended.set(true);
            }
            return 0;
        });
        inPoll.await();
        polling.close();
        assertTrue("the poll in flight ended before close returned", ended.get());
        Thread.sleep(50);
        assertEquals(1, polls.get());
    }

    @Test
    public void aNewConfigurationResizesThePoolWithoutStoppingSubscriptions() throws Exception {
        scheduler = new SharedPollScheduler(new PollSettings(1, 0, 60_000, 1000));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger blocked = new AtomicInteger();
        List<Polling> pollings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pollings.add(scheduler.start("blocking-" + i, () -> {
                blocked.incrementAndGet();
                release.await();
                return 60_000;
            }));
        }
        await("the first poll", () -> blocked.get() == 1);
        scheduler.reconfigure(new PollSettings(3, 0, 60_000, 1000));
        await("all three polls at once", () -> blocked.get() == 3);
        assertEquals(3, scheduler.threads());
        release.countDown();
        pollings.forEach(Polling::close);
    }

    @Test
    public void deactivationEndsEveryThread() throws Exception {
        SharedPollScheduler own = new SharedPollScheduler(new PollSettings(2, 0, 60_000, 1000));
        AtomicInteger polls = new AtomicInteger();
        own.start("one", () -> {
            polls.incrementAndGet();
            return 10;
        });
        await("a poll", () -> polls.get() >= 1);
        own.deactivate();
        await("no worker left", () -> own.threads() == 0);
        int after = polls.get();
        Thread.sleep(50);
        assertEquals(after, polls.get());
    }

    @Test
    public void settingsAreBounded() {
        PollSettings s = new PollSettings(0, -1, 1, 0);
        assertEquals(1, s.threads());
        assertEquals(0, s.spareThreads());
        assertEquals(100, s.pollTimeoutMs());
        assertEquals(10, s.retryDelayMs());
        assertEquals(PollSettings.MAX_THREADS, new PollSettings(1000, 1000, 1000, 1000).threads());
    }
}
