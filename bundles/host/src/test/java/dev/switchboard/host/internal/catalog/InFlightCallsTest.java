package dev.switchboard.host.internal.catalog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.Test;

public class InFlightCallsTest {

    private final InFlightCalls calls = new InFlightCalls();

    @Test
    public void closingLetsNoNewCallStartAndReportsTheCallsInFlight() {
        assertTrue(calls.tryAcquire());
        assertTrue(calls.tryAcquire());
        assertEquals(2, calls.close());
        assertFalse(calls.tryAcquire());
        assertEquals(2, calls.count());
        calls.release();
        calls.release();
        assertEquals(0, calls.count());
    }

    @Test
    public void awaitIdleReturnsOnceTheLastCallIsReleased() throws Exception {
        assertTrue(calls.tryAcquire());
        calls.close();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean idle = new AtomicBoolean();
        Thread drainer = new Thread(() -> {
            waiting.countDown();
            try {
                idle.set(calls.awaitIdle(60_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        drainer.start();
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        assertTrue("still waiting while a call is in flight", drainer.isAlive());
        calls.release();
        drainer.join(10_000);
        assertFalse(drainer.isAlive());
        assertTrue(idle.get());
    }

    @Test
    public void awaitIdleGivesUpAfterItsTimeout() throws Exception {
        assertTrue(calls.tryAcquire());
        assertFalse(calls.awaitIdle(1));
        assertEquals(1, calls.count());
        assertTrue("idle at once", new InFlightCalls().awaitIdle(0));
    }

    @Test
    public void aReleaseWithoutAcquireNeverGoesNegative() {
        calls.release();
        assertEquals(0, calls.count());
    }
}
