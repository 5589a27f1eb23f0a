package dev.switchboard.host.internal.dispatch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

import dev.switchboard.host.api.BulkheadLoad;

public class ConnectorBulkheadTest {

    @Test
    public void callsBeyondTheLimitQueueInOrderAndBeyondTheQueueAreRefused() {
        ConnectorBulkhead bulkhead = new ConnectorBulkhead("c", 2, 2);
        assertTrue(bulkhead.tryEnter());
        assertTrue(bulkhead.tryEnter());
        assertFalse(bulkhead.tryEnter());
        List<String> started = new ArrayList<>();
        assertTrue(bulkhead.enqueue(() -> started.add("first")));
        assertTrue(bulkhead.enqueue(() -> started.add("second")));
        assertFalse("the queue is full", bulkhead.enqueue(() -> started.add("third")));
        assertEquals(2, bulkhead.queued());
        assertEquals(new BulkheadLoad("c", 2, 2, 1, 2, 2), bulkhead.load());

        bulkhead.release();
        assertEquals(List.of("first"), started);
        assertFalse("a queued call goes before a new one", bulkhead.tryEnter());
        bulkhead.release();
        assertEquals(List.of("first", "second"), started);
        assertEquals(0, bulkhead.queued());
        assertEquals(2, bulkhead.active());
    }

    @Test
    public void aWithdrawnCallNeverStartsAndFreesItsPlace() {
        ConnectorBulkhead bulkhead = new ConnectorBulkhead("c", 1, 1);
        assertTrue(bulkhead.tryEnter());
        AtomicInteger started = new AtomicInteger();
        Runnable start = started::incrementAndGet;
        assertTrue(bulkhead.enqueue(start));
        assertTrue(bulkhead.withdraw(start));
        assertTrue("its place in the queue is free again", bulkhead.enqueue(started::incrementAndGet));
        bulkhead.release();
        assertEquals(1, started.get());
        assertFalse(bulkhead.withdraw(start));
    }

    @Test
    public void aZeroQueueRefusesAtOnce() {
        ConnectorBulkhead bulkhead = new ConnectorBulkhead("c", 1, 0);
        assertTrue(bulkhead.tryEnter());
        assertFalse(bulkhead.enqueue(() -> {}));
        bulkhead.release();
        assertTrue(bulkhead.tryEnter());
    }

    @Test
    public void underContentionEveryQueuedCallStartsAndNoPermitIsLost() throws Exception {
        ConnectorBulkhead bulkhead = new ConnectorBulkhead("c", 3, 1_000_000);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        int calls = 100_000;
        CountDownLatch done = new CountDownLatch(calls);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        // each started call ends on another thread, as a connector's completion would
        Runnable body = () -> {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            threads.execute(() -> {
                running.decrementAndGet();
                bulkhead.release();
                done.countDown();
            });
        };
        for (int i = 0; i < calls; i++) {
            threads.execute(() -> {
                if (bulkhead.tryEnter()) {
                    body.run();
                } else {
                    assertTrue(bulkhead.enqueue(body));
                }
            });
        }
        assertTrue("every call started and ended", done.await(60, TimeUnit.SECONDS));
        threads.shutdown();
        assertTrue(maxRunning.get() <= 3);
        assertEquals(0, bulkhead.active());
        assertEquals(0, bulkhead.queued());
    }

    @Test
    public void defaultsAreHalfTheThreadsAndAQuarterOfTheQueueAndAConfigurationOverridesThem() {
        ConnectorBulkheads bulkheads = ConnectorBulkheads.of(
                64,
                1024,
                List.of(new ConnectorLimits("big", 60, -1, 0, 0), new ConnectorLimits("tiny", 1, 0, 0, 0)),
                null);
        assertEquals(32, bulkheads.bulkhead("greeter").maxConcurrent());
        assertEquals(256, bulkheads.bulkhead("greeter").queueCapacity());
        assertEquals(60, bulkheads.bulkhead("big").maxConcurrent());
        assertEquals(256, bulkheads.bulkhead("big").queueCapacity());
        assertEquals(1, bulkheads.bulkhead("tiny").maxConcurrent());
        assertEquals(0, bulkheads.bulkhead("tiny").queueCapacity());
        assertEquals(null, bulkheads.rateLimit("greeter"));
        assertEquals(1, ConnectorBulkheads.defaultMaxConcurrent(1));
        assertEquals(1, ConnectorBulkheads.defaultQueueCapacity(1));
        assertEquals(0, ConnectorBulkheads.defaultQueueCapacity(0));
    }

    @Test
    public void aChangeForOneConnectorKeepsTheOthersBulkheads() {
        ConnectorBulkheads before = ConnectorBulkheads.of(8, 8, List.of(), null);
        ConnectorBulkhead greeter = before.bulkhead("greeter");
        ConnectorBulkhead other = before.bulkhead("other");
        ConnectorBulkheads after =
                ConnectorBulkheads.of(8, 8, List.of(new ConnectorLimits("other", 1, 0, 0, 0)), before);
        assertTrue(greeter == after.bulkhead("greeter"));
        assertFalse(other == after.bulkhead("other"));
        assertEquals(1, after.bulkhead("other").maxConcurrent());
    }

    @Test
    public void aRateLimitLetsTheBurstThroughThenRefusesWithRetryAfter() {
        CallRateLimit limit = new CallRateLimit("c", 2, 5);
        for (int i = 0; i < 5; i++) {
            assertTrue("call " + i + " of the burst", limit.tryAcquire());
        }
        assertFalse(limit.tryAcquire());
        assertEquals("a burst of 5 at 2/s refills every 2.5 s", 3, limit.retryAfterSeconds());
        CallRateLimit perSecond = new CallRateLimit("c", 100, 0);
        assertEquals("the default burst is one second's worth", 100, perSecond.burst());
        assertEquals(1, perSecond.retryAfterSeconds());
    }
}
