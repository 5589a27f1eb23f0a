package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Test;
import org.osgi.framework.Constants;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.triggers.api.EventListener;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionRequest;

/** Section 6 of issue 10: what one caller can hold, against a manager running the built-in request connector. */
public class SubscriptionLimitsTest {

    private static final long BUNDLE = 7;

    private TriggerScheduler scheduler;
    private SubscriptionManager manager;

    private SubscriptionManager start(Map<String, Object> settings) throws Exception {
        scheduler = new TriggerScheduler(TestConfig.with(settings));
        RequestConnector request = new RequestConnector();
        ConnectorEntry entry = new ConnectorEntry(
                "request",
                "1.0.0",
                ConnectorState.ACTIVE,
                null,
                request.getService(),
                request.getOperations(true),
                new BundleInfo(BUNDLE, "dev.switchboard.triggers", "1.0.0", "test"));
        manager = new SubscriptionManager(
                TestConfig.with(settings),
                Files.createTempDirectory("limits"),
                () -> new CatalogSnapshot(1, List.of(entry)),
                null,
                scheduler.executor());
        manager.bindProvider(request, Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
        manager.bindTriggerBinding(new HttpWebhookBinding(), Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
        return manager;
    }

    @After
    public void stop() {
        if (manager != null) {
            manager.deactivate();
        }
        if (scheduler != null) {
            scheduler.deactivate();
        }
    }

    private Subscription subscribe(String webhook) {
        return manager.create(new SubscriptionRequest(
                "request", null, "manual", null, JsonNodeFactory.instance.objectNode(), webhook));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue("timed out waiting for " + what, System.nanoTime() < deadline);
            Thread.sleep(10);
        }
    }

    private static long liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .count();
    }

    @Test
    public void fifteenHundredSubscriptionsRunOnAFewSharedThreads() throws Exception {
        start(Map.of("max_subscriptions", 2000, "fsync", false));
        long before = liveThreads();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            ids.add(subscribe(null).id());
        }
        await(
                "every subscription ACTIVE",
                () -> manager.list().stream()
                        .allMatch(s -> s.state() == dev.switchboard.triggers.api.SubscriptionState.ACTIVE));
        long during = liveThreads();
        assertTrue("1500 subscriptions made " + (during - before) + " threads", during - before < 20);
        for (String id : ids.subList(0, 10)) {
            assertTrue(manager.delete(id));
        }
    }

    @Test
    public void oneSubscriptionMoreThanTheMaximumIsRefusedWith409() throws Exception {
        start(Map.of("max_subscriptions", 3, "fsync", false));
        String first = subscribe(null).id();
        subscribe(null);
        subscribe(null);
        try {
            subscribe(null);
            fail("a fourth subscription is refused");
        } catch (SubscriptionException e) {
            assertEquals(409, e.status());
            assertEquals("TooManySubscriptions", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("max.subscriptions"));
        }
        assertEquals(3, manager.list().size());
        manager.delete(first);
        subscribe(null);
    }

    @Test
    public void hookPostsToAFullSubscriptionAre429AndTooLargeBodiesAre413() throws Exception {
        start(Map.of("max_pending_batches", 2, "hook_max_bytes", 1000L, "fsync", false));
        Subscription created = subscribe(null);
        String id = created.id();
        String token = created.token();
        await(
                "ACTIVE",
                () -> manager.get(id).orElseThrow().state() == dev.switchboard.triggers.api.SubscriptionState.ACTIVE);
        JsonNode small = JsonNodeFactory.instance.objectNode().put("n", 1);
        manager.acceptHook(id, token, small).toCompletableFuture().get(5, TimeUnit.SECONDS);
        manager.acceptHook(id, token, small).toCompletableFuture().get(5, TimeUnit.SECONDS);
        try {
            manager.acceptHook(id, token, small).toCompletableFuture().join();
            fail("a third batch is refused");
        } catch (CompletionException e) {
            SubscriptionException refused = (SubscriptionException) e.getCause();
            assertEquals(429, refused.status());
            assertEquals("SubscriptionBacklogFull", refused.code());
            assertTrue(refused.retryAfterSeconds() > 0);
        }
        try {
            manager.acceptHook(id, token, JsonNodeFactory.instance.textNode("x".repeat(2000)));
            fail("a body over hook.max.bytes is refused");
        } catch (SubscriptionException e) {
            assertEquals(413, e.status());
        }
        Subscription shown = manager.get(id).orElseThrow();
        assertEquals(2, shown.backlog().pendingBatches());
        assertEquals(2, shown.backlog().maxBatches());
        assertEquals(1, shown.backlog().refused());
        assertTrue(shown.backlog().full());
        assertEquals(2, shown.pending());
    }

    @Test
    public void streamsAreCappedAndClosedWhenTheirSubscriptionIsDeleted() throws Exception {
        start(Map.of("max_streams", 2, "fsync", false));
        String id = subscribe(null).id();
        List<String> closed = new CopyOnWriteArrayList<>();
        EventListener one = listener(closed, "one");
        AutoCloseable first = manager.listen(id, one);
        AutoCloseable second = manager.listen(id, listener(closed, "two"));
        try {
            manager.listen(id, listener(closed, "three"));
            fail("a third stream is refused");
        } catch (SubscriptionException e) {
            assertEquals(503, e.status());
            assertEquals("TooManyStreams", e.code());
            assertTrue(e.retryAfterSeconds() > 0);
        }
        first.close();
        first.close();
        assertEquals(1, manager.openStreams());
        AutoCloseable third = manager.listen(id, listener(closed, "three"));
        assertTrue(manager.delete(id));
        assertEquals(List.of("two: the subscription was deleted", "three: the subscription was deleted"), closed);
        second.close();
        third.close();
        assertEquals(0, manager.openStreams());
    }

    private static EventListener listener(List<String> closed, String name) {
        return new EventListener() {
            @Override
            public boolean onBatch(long sequence, JsonNode batch) {
                return true;
            }

            @Override
            public void closed(String reason) {
                closed.add(name + ": " + reason);
            }
        };
    }

    @Test
    public void webhookUrlAndHookTokenAreMaskedOnceCreated() throws Exception {
        start(Map.of("fsync", false));
        Subscription created = subscribe("https://user:Pa55word@example.com/hook?token=T0kenValue&plain");
        assertNotEquals("********", created.token());
        assertEquals(
                "https://example.com/hook?token=***&plain", created.request().webhook());
        Subscription shown = manager.get(created.id()).orElseThrow();
        assertEquals("********", shown.token());
        assertEquals("https://example.com/hook?token=***&plain", shown.request().webhook());
        String listed = manager.list().toString();
        // secrets no id, timestamp or UUID can contain by chance ("abc" once matched a subscription's UUID)
        assertFalse(
                listed,
                listed.contains("Pa55word") || listed.contains("T0kenValue") || listed.contains(created.token()));
    }

    @Test
    public void aTimerWhoseStoreIsFullRetriesTheSameOccurrenceWithoutSpinning() throws Exception {
        scheduler = new TriggerScheduler(1);
        TimerBinding timer = new TimerBinding(scheduler.executor());
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        List<String> due = new CopyOnWriteArrayList<>();
        ObjectNode inputs =
                JsonNodeFactory.instance.objectNode().put("frequency", "Second").put("interval", 1);
        FakeTimerContext context = new FakeTimerContext(inputs, events -> {
            attempts.incrementAndGet();
            due.add(events.get(0).path("scheduledTime").asText());
            throw new StoreFullException("full");
        });
        try (AutoCloseable running = timer.start(context)) {
            Thread.sleep(2500);
        }
        assertTrue("attempts in 2.5 s: " + attempts.get(), attempts.get() >= 1 && attempts.get() <= 3);
        assertEquals(
                "the same occurrence each time: " + due,
                1,
                due.stream().distinct().count());
    }
}
