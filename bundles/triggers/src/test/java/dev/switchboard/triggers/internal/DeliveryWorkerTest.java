package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

public class DeliveryWorkerTest {

    private HttpServer receiver;
    private final AtomicInteger posts = new AtomicInteger();
    private volatile int status = 500;
    private TriggerStore store;
    private final TriggerScheduler scheduler = new TriggerScheduler(2);

    @Before
    public void setUp() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            posts.incrementAndGet();
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        store = new TriggerStore(Files.createTempDirectory("delivery").resolve("t.mv.db"), false);
    }

    @After
    public void tearDown() {
        receiver.stop(0);
        store.close();
        scheduler.deactivate();
    }

    private ObjectNode subscription() {
        ObjectNode record = JsonNodeFactory.instance.objectNode().put("id", "s").put("connector", "c")
                .put("operation", "o").put("webhook", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        store.saveSubscription("s", record);
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
        ObjectNode record = subscription();
        store.append("s", JsonNodeFactory.instance.arrayNode().add(1));
        DeliveryWorker worker = new DeliveryWorker("s", () -> record, store, new WebhookSender(),
                () -> policy(3, 20), scheduler.executor());
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
    public void aNewPolicyAppliesFromTheNextAttemptWithoutRestartingTheWorker() throws Exception {
        ObjectNode record = subscription();
        store.append("s", JsonNodeFactory.instance.arrayNode().add(1));
        AtomicReference<DeliveryPolicy> policy = new AtomicReference<>(policy(100, 50));
        DeliveryWorker worker = new DeliveryWorker("s", () -> record, store, new WebhookSender(), policy::get,
                scheduler.executor());
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
            await("the next batch to be delivered", () -> store.pendingCount("s") == 0
                    && store.counter("s", "delivered") == 1);
            assertEquals(afterDeadLetter + 1, posts.get());
        } finally {
            worker.stop();
        }
    }
}
