package dev.switchboard.host.internal.connections;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

public class DeliveriesTest {

    private final Deliveries deliveries = new Deliveries(2000);

    @Test
    public void aWriteWaitsUntilItsConfigurationIsDeliveredByAnotherThread() throws Exception {
        long before = deliveries.count("pid");
        Thread configAdmin = new Thread(() -> {
            sleep(100);
            deliveries.updated("pid", Map.of("a", "b"));
        });
        long start = System.nanoTime();
        configAdmin.start();
        deliveries.awaitAfter("pid", before);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        configAdmin.join();
        assertTrue("waited " + waitedMs + " ms", waitedMs >= 90 && waitedMs < 2000);
        assertEquals(before + 1, deliveries.count("pid"));
        assertEquals(Map.of("a", "b"), deliveries.current("pid"));
    }

    @Test
    public void aDeletionCountsAsADeliveryAndRemovesTheValues() {
        deliveries.updated("pid", Map.of("a", "b"));
        long before = deliveries.count("pid");
        deliveries.deleted("pid");
        deliveries.awaitAfter("pid", before); // returns at once
        assertNull(deliveries.current("pid"));
        assertEquals(2, deliveries.count("pid"));
    }

    @Test
    public void valuesThatNeverComeAreNullAfterTheWait() {
        Deliveries quick = new Deliveries(50);
        long start = System.nanoTime();
        assertNull(quick.await("missing"));
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 45);
        quick.awaitAfter("missing", 0); // gives up (logged), does not throw
    }

    @Test
    public void aConnectionIsDeliveredAgainForItsReferencesAtMostOnceASecond() {
        assertTrue(deliveries.mayRefresh("pid", 10_000));
        assertFalse(deliveries.mayRefresh("pid", 10_999));
        assertTrue(deliveries.mayRefresh("other", 10_999));
        assertTrue(deliveries.mayRefresh("pid", 11_000));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
