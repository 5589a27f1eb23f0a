package dev.switchboard.host.internal.dispatch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.CallOutcome;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationListener;
import dev.switchboard.host.internal.catalog.TestCatalogs;
import dev.switchboard.host.internal.testing.Await;
import dev.switchboard.host.internal.testing.FakeProvider;

/** The dispatcher tells the listener's meters how each call ended, by outcome, and asks for a meter once. */
public class CallMetersTest {

    private final TestCatalogs catalog = new TestCatalogs();
    private final Recorder recorder = new Recorder();
    private OperationDispatcher dispatcher = metered(new OperationDispatcher(catalog.registry(), 5000, 4, 8, 10_000));
    private final CountDownLatch release = new CountDownLatch(1);

    @After
    public void tearDown() {
        release.countDown();
        dispatcher.deactivate();
        catalog.close();
    }

    private OperationDispatcher metered(OperationDispatcher d) {
        d.listener = recorder;
        return d;
    }

    private static Invocation call(String id, String op, String parameters) {
        return new Invocation(
                id,
                null,
                op,
                ConnectionParameters.empty(),
                ServiceOperationRequest.of(parameters == null ? null : FakeProvider.json(parameters)));
    }

    private static List<String> sorted(String... values) {
        return sorted(List.of(values));
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }

    private static void settle(CompletionStage<ServiceOperationResponse> stage) {
        try {
            stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the outcome is what the test looks at
        }
    }

    @Test
    public void eachCallIsCountedOnceByOutcomeWithItsDuration() throws Exception {
        FakeProvider provider = FakeProvider.of(
                "greeter", "hello", "missing", "broken", "strict:{'type':'object','required':['name']}");
        provider.invoker = (op, c, r) -> switch (op) {
            case "missing" ->
                CompletableFuture.completedFuture(
                        new ServiceOperationResponse(404, java.util.Map.of(), FakeProvider.json("{}")));
            case "broken" -> throw new IllegalStateException("boom");
            default -> CompletableFuture.completedFuture(ServiceOperationResponse.ok(FakeProvider.json("1")));
        };
        catalog.add(provider, "1.0.0");

        settle(dispatcher.invoke(call("greeter", "hello", null)));
        settle(dispatcher.invoke(call("greeter", "hello", null)));
        settle(dispatcher.invoke(call("greeter", "missing", null)));
        settle(dispatcher.invoke(call("greeter", "broken", null)));
        settle(dispatcher.invoke(call("greeter", "strict", "{}"))); // invalid inputs: 400 before the connector

        Await.until("every call is counted", () -> recorder.ended.size() == 5);
        // in any order: a meter is told just after the caller got its answer
        assertEquals(
                sorted(
                        "greeter@1.0.0/hello:2xx",
                        "greeter@1.0.0/hello:2xx",
                        "greeter@1.0.0/missing:4xx",
                        "greeter@1.0.0/broken:5xx",
                        "greeter@1.0.0/strict:4xx"),
                sorted(recorder.ended));
        assertTrue(recorder.durations.stream().allMatch(d -> d >= 0 && d < TimeUnit.SECONDS.toNanos(30)));
        assertEquals("one meter per operation, asked for once", 4, recorder.asked.get());
    }

    @Test
    public void callsToNoOperationAreNotCounted() throws Exception {
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        settle(dispatcher.invoke(call("nope", "hello", null)));
        settle(dispatcher.invoke(call("greeter", "nope", null)));
        assertEquals(List.of(), recorder.ended);
        assertEquals(0, recorder.asked.get());
    }

    @Test
    public void timeoutsAndRefusalsHaveTheirOwnOutcomes() throws Exception {
        dispatcher.deactivate();
        dispatcher = metered(new OperationDispatcher(catalog.registry(), 300, 1, 0, 10_000));
        FakeProvider provider = FakeProvider.of("slow", "pending", "block");
        CountDownLatch started = new CountDownLatch(1);
        provider.invoker = (op, c, r) -> {
            if (op.equals("pending")) {
                return new CompletableFuture<>();
            }
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(ServiceOperationResponse.ok(FakeProvider.json("1")));
        };
        catalog.add(provider, "1.0.0");

        settle(dispatcher.invoke(call("slow", "pending", null)));
        // the 504 may come before the only thread has run the timed-out call (a loaded machine): its bulkhead permit
        // is back once that thread is
        Await.until(
                "the timed-out call's permit is back",
                () -> dispatcher.bulkhead("slow").active() == 0);
        CompletionStage<ServiceOperationResponse> running = dispatcher.invoke(call("slow", "block", null));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        assertEquals(1, dispatcher.activeCalls());
        assertEquals(0, dispatcher.queuedCalls());
        settle(dispatcher.invoke(call("slow", "block", null))); // one thread, no queue: refused
        release.countDown();
        settle(running);

        Await.until("every call is counted", () -> recorder.ended.size() == 3);
        assertEquals(
                sorted("slow@1.0.0/pending:timeout", "slow@1.0.0/block:rejected", "slow@1.0.0/block:2xx"),
                sorted(recorder.ended));
    }

    @Test
    public void aNewListenerGetsItsOwnMeters() throws Exception {
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        settle(dispatcher.invoke(call("greeter", "hello", null)));
        Recorder other = new Recorder();
        dispatcher.listener = other;
        settle(dispatcher.invoke(call("greeter", "hello", null)));
        dispatcher.listener = null;
        settle(dispatcher.invoke(call("greeter", "hello", null)));
        Await.until("counted", () -> recorder.ended.size() == 1 && other.ended.size() == 1);
        assertEquals(1, other.asked.get());
    }

    @Test
    public void aFailingListenerNeverFailsTheCall() throws Exception {
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        dispatcher.listener = (id, version, op) -> (outcome, nanos) -> {
            throw new IllegalStateException("metrics broke");
        };
        dispatcher.invoke(call("greeter", "hello", null)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        dispatcher.listener = (id, version, op) -> {
            throw new IllegalStateException("no meter");
        };
        dispatcher.invoke(call("greeter", "hello", null)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static final class Recorder implements InvocationListener {

        final List<String> ended = new CopyOnWriteArrayList<>();
        final List<Long> durations = new CopyOnWriteArrayList<>();
        final AtomicInteger asked = new AtomicInteger();
        private final ConcurrentHashMap<String, CallMeter> meters = new ConcurrentHashMap<>();

        @Override
        public CallMeter meter(String connectorId, String version, String operationId) {
            asked.incrementAndGet();
            String key = connectorId + "@" + version + "/" + operationId;
            return meters.computeIfAbsent(key, k -> (CallOutcome outcome, long nanos) -> {
                ended.add(k + ":" + outcome.label());
                durations.add(nanos);
            });
        }
    }
}
