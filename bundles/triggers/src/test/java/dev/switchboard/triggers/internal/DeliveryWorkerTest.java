package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class DeliveryWorkerTest {

    private HttpServer receiver;
    private final AtomicInteger posts = new AtomicInteger();
    private volatile int status = 500;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private TriggerStore store;
    private final TriggerScheduler scheduler = new TriggerScheduler(2);

    @Before
    public void setUp() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            posts.incrementAndGet();
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        store = new EmbeddedTriggerStore(Files.createTempDirectory("delivery").resolve("t.mv.db"), false);
    }

    @After
    public void tearDown() {
        receiver.stop(0);
        store.close();
        scheduler.deactivate();
    }

    private SubscriptionRecord subscription() {
        SubscriptionRecord record = new SubscriptionRecord(
                "s",
                "c",
                null,
                "o",
                null,
                null,
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "t",
                1,
                null);
        store.saveSubscription(record);
        return record;
    }

    private static DeliveryPolicy policy(int attempts, long backoffMs) {
        return new DeliveryPolicy(attempts, new Backoff(backoffMs, backoffMs), Duration.ofSeconds(5));
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue("timed out waiting for " + what, System.nanoTime() < deadline);
            Thread.sleep(10);
        }
    }

    @Test
    public void aFailingBatchIsRetriedThenDeadLettered() throws Exception {
        SubscriptionRecord record = subscription();
        store.append("s", JsonNodeFactory.instance.arrayNode().add(1));
        DeliveryWorker worker = new DeliveryWorker(
                "s",
                () -> record,
                store,
                new WebhookSender(),
                () -> policy(3, 20),
                scheduler.executor(),
                DeliveryObservers.NONE);
        worker.start();
        try {
            await("the batch to be dead-lettered", () -> store.deadCount("s") == 1);
        } finally {
            worker.stop();
        }
        assertEquals(3, posts.get());
        assertEquals(0, store.pendingCount("s"));
        assertEquals("HTTP 500", store.deadLetters("s").get(0).path("lastError").asText());
    }

    @Test
    public void eachDeliveredBatchIsObservedWithItsLatencyAndAFailingObserverBreaksNothing() throws Exception {
        SubscriptionRecord record = subscription();
        List<String> seen = new CopyOnWriteArrayList<>();
        DeliveryObservers observers = new DeliveryObservers();
        observers.add(
                (id, connector, operation, latency) -> {
                    throw new IllegalStateException("a broken observer");
                },
                java.util.Map.of());
        observers.add(
                (id, connector, operation, latency) -> seen.add(id + " " + connector + " " + operation + " " + latency),
                java.util.Map.of());
        store.append("s", JsonNodeFactory.instance.arrayNode().add(1));
        Thread.sleep(120); // stored well before the receiver answers 2xx
        status = 200;
        DeliveryWorker worker = new DeliveryWorker(
                "s", () -> record, store, new WebhookSender(), () -> policy(3, 20), scheduler.executor(), observers);
        worker.start();
        try {
            await("the batch to be delivered", () -> store.deliveredCount("s") == 1);
            store.append("s", JsonNodeFactory.instance.arrayNode().add(2));
            worker.wake();
            await("the second batch to be observed", () -> seen.size() == 2);
        } finally {
            worker.stop();
        }
        String[] first = seen.get(0).split(" ");
        assertEquals("s c o", first[0] + " " + first[1] + " " + first[2]);
        long latency = Long.parseLong(first[3]);
        assertTrue("latency " + latency, latency >= 120 && latency < 20_000);
        assertEquals(2, store.deliveredCount("s"));
    }

    @Test
    public void aNewPolicyAppliesFromTheNextAttemptWithoutRestartingTheWorker() throws Exception {
        SubscriptionRecord record = subscription();
        store.append("s", JsonNodeFactory.instance.arrayNode().add(1));
        AtomicReference<DeliveryPolicy> policy = new AtomicReference<>(policy(100, 50));
        DeliveryWorker worker = new DeliveryWorker(
                "s",
                () -> record,
                store,
                new WebhookSender(),
                policy::get,
                scheduler.executor(),
                DeliveryObservers.NONE);
        worker.start();
        try {
            await("two failed attempts", () -> posts.get() >= 2);
            assertEquals(0, store.deadCount("s"));
            policy.set(policy(1, 50));
            await("the batch to be dead-lettered under the new policy", () -> store.deadCount("s") == 1);
            int afterDeadLetter = posts.get();
            status = 200;
            store.append("s", JsonNodeFactory.instance.arrayNode().add(2));
            worker.wake();
            await(
                    "the next batch to be delivered",
                    () -> store.pendingCount("s") == 0 && store.deliveredCount("s") == 1);
            assertEquals(afterDeadLetter + 1, posts.get());
        } finally {
            worker.stop();
        }
    }

    @Test
    public void theWebhookReceivesTheEnvelopeWithTheEventsAsStoredAndTheNextBatchFollows() throws Exception {
        status = 200;
        SubscriptionRecord record = subscription();
        ArrayNode events = JsonNodeFactory.instance.arrayNode();
        events.addObject().put("id", 1).put("text", "caf\u00e9 \"quoted\" \ud83d\ude00");
        store.append("s", events);
        store.append("s", JsonNodeFactory.instance.arrayNode().add(2));
        DeliveryWorker worker = new DeliveryWorker(
                "s",
                () -> record,
                store,
                new WebhookSender(scheduler.executor()),
                () -> policy(3, 20),
                scheduler.executor(),
                DeliveryObservers.NONE);
        worker.start();
        try {
            await("both batches delivered", () -> store.deliveredCount("s") == 2);
        } finally {
            worker.stop();
        }
        assertEquals(2, posts.get());
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode first = JsonNodeFactory.instance
                .objectNode()
                .put("subscriptionId", "s")
                .put("sequence", 1)
                .put("connector", "c")
                .put("operation", "o");
        first.set("events", events);
        assertEquals(first, mapper.readTree(bodies.get(0)));
        ObjectNode second = first.deepCopy().put("sequence", 2);
        second.putArray("events").add(2);
        assertEquals(second, mapper.readTree(bodies.get(1)));
    }

    @Test
    public void aReceiverThatCannotBeReachedCountsAsAFailedAttempt() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SubscriptionRecord record = new SubscriptionRecord(
                "s", "c", null, "o", null, null, "http://127.0.0.1:" + closed + "/hook", "t", 1, null);
        store.saveSubscription(record);
        store.append("s", JsonNodeFactory.instance.arrayNode().add(1));
        DeliveryWorker worker = new DeliveryWorker(
                "s",
                () -> record,
                store,
                new WebhookSender(scheduler.executor()),
                () -> policy(2, 20),
                scheduler.executor(),
                DeliveryObservers.NONE);
        worker.start();
        try {
            await("the batch to be dead-lettered", () -> store.deadCount("s") == 1);
        } finally {
            worker.stop();
        }
        String error = store.deadLetters("s").get(0).path("lastError").asText();
        assertTrue(error, error.startsWith("ConnectException"));
    }
}
