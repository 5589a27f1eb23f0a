package dev.switchboard.host.internal.dispatch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.After;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.internal.catalog.ProviderRegistration;
import dev.switchboard.host.internal.catalog.TestCatalogs;
import dev.switchboard.host.internal.testing.Await;
import dev.switchboard.host.internal.testing.FakeProvider;

public class OperationDispatcherTest {

    private final TestCatalogs catalog = new TestCatalogs();
    private OperationDispatcher dispatcher = new OperationDispatcher(catalog.registry(), 5000, 4, 8, 10_000);
    private final CountDownLatch release = new CountDownLatch(1);

    @After
    public void tearDown() {
        release.countDown();
        dispatcher.deactivate();
        catalog.close();
    }

    private static Invocation call(String id, String version, String op, String parameters) {
        return call(id, version, op, parameters, ConnectionParameters.empty());
    }

    private static Invocation call(
            String id, String version, String op, String parameters, ConnectionParameters connection) {
        return new Invocation(
                id,
                version,
                op,
                connection,
                ServiceOperationRequest.of(parameters == null ? null : FakeProvider.json(parameters)));
    }

    private static ServiceOperationResponse ok(CompletionStage<ServiceOperationResponse> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The failure of a stage, which must be an InvocationException. */
    private static InvocationException failure(CompletionStage<ServiceOperationResponse> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvocationException invocation) {
                return invocation;
            }
            throw new AssertionError("failed with " + e.getCause(), e.getCause());
        }
        fail("expected the invocation to fail");
        return null;
    }

    private static void assertFailure(int status, String code, InvocationException e) {
        assertEquals(e.getMessage(), status, e.status());
        assertEquals(e.getMessage(), code, e.code());
    }

    @Test
    public void successfulCallReturnsTheResponseAndReleasesTheInFlightCount() throws Exception {
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        ServiceOperationResponse response = ok(dispatcher.invoke(call("greeter", null, "hello", "{}")));
        assertEquals("hello done", response.body().asText());
        ProviderRegistration registration = catalog.registration("greeter", "1.0.0");
        Await.until("the call is released", () -> registration.inFlight().count() == 0);
    }

    @Test
    public void highestActiveVersionIsCalledByDefaultAndASpecPicksAnother() throws Exception {
        FakeProvider v1 = FakeProvider.of("greeter", "hello");
        v1.invoker =
                (op, c, r) -> CompletableFuture.completedFuture(ServiceOperationResponse.ok(FakeProvider.json("1")));
        FakeProvider v2 = FakeProvider.of("greeter", "hello");
        v2.invoker =
                (op, c, r) -> CompletableFuture.completedFuture(ServiceOperationResponse.ok(FakeProvider.json("2")));
        catalog.add(v1, "1.0.0");
        catalog.add(v2, "2.0.0");
        assertEquals(
                2,
                ok(dispatcher.invoke(call("greeter", null, "hello", null)))
                        .body()
                        .asInt());
        assertEquals(
                1,
                ok(dispatcher.invoke(call("greeter", "1.0.0", "hello", null)))
                        .body()
                        .asInt());
        assertEquals(
                1,
                ok(dispatcher.invoke(call("greeter", "[1.0,2.0)", "hello", null)))
                        .body()
                        .asInt());
    }

    @Test
    public void unknownConnectorIs404() throws Exception {
        InvocationException e = failure(dispatcher.invoke(call("nope", null, "x", null)));
        assertFailure(404, "ConnectorNotFound", e);
        assertTrue(e.getMessage().contains("nope"));
    }

    @Test
    public void unmatchedVersionIs404ListingTheAvailableVersions() throws Exception {
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        catalog.add(FakeProvider.of("greeter", "hello"), "1.1.0");
        InvocationException e = failure(dispatcher.invoke(call("greeter", "3.0", "hello", null)));
        assertFailure(404, "VersionNotFound", e);
        assertTrue(e.getMessage(), e.getMessage().contains("1.1.0, 1.0.0"));
    }

    @Test
    public void invalidVersionSpecIs400() throws Exception {
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        assertFailure(400, "InvalidVersion", failure(dispatcher.invoke(call("greeter", "one", "hello", null))));
        assertFailure(400, "InvalidVersion", failure(dispatcher.invoke(call("greeter", "[1.0", "hello", null))));
    }

    @Test
    public void connectorThatIsNotActiveIs503WithStateAndReason() throws Exception {
        FakeProvider broken = FakeProvider.of("greeter", "hello");
        broken.operations = () -> {
            throw new IllegalStateException("boom");
        };
        catalog.add(broken, "1.0.0");
        InvocationException e = failure(dispatcher.invoke(call("greeter", null, "hello", null)));
        assertFailure(503, "ConnectorUnavailable", e);
        assertTrue(e.getMessage(), e.getMessage().contains("FAILED"));
        assertTrue(e.getMessage(), e.getMessage().contains("boom"));
    }

    @Test
    public void conflictingVersionStillServesTheActiveOneAndAnotherVersionCanBeUnavailable() throws Exception {
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        assertEquals(
                ConnectorState.CONFLICT,
                catalog.snapshot().versionsOf("greeter").get(1).state());
        ok(dispatcher.invoke(call("greeter", "1.0.0", "hello", null)));
    }

    @Test
    public void unknownOperationIs404() throws Exception {
        catalog.add(FakeProvider.of("greeter", "hello"), "1.0.0");
        assertFailure(404, "OperationNotFound", failure(dispatcher.invoke(call("greeter", null, "bye", null))));
    }

    @Test
    public void triggerIsNotAnAction() throws Exception {
        ServiceOperationApi api = ServiceOperationApi.builder("events").build();
        ServiceOperation trigger = ServiceOperation.builder(api, "onRow")
                .trigger(ServiceOperation.TRIGGER_SINGLE)
                .build();
        catalog.add(new FakeProvider(api, List.of(trigger)), "1.0.0");
        assertFailure(400, "NotAnAction", failure(dispatcher.invoke(call("events", null, "onRow", null))));
    }

    @Test
    public void invalidInputsAre400WithOneDetailPerField() throws Exception {
        FakeProvider provider = FakeProvider.of(
                "sql",
                "query:{'type':'object','required':['query'],"
                        + "'properties':{'query':{'type':'string'},'limit':{'type':'integer'}}}");
        catalog.add(provider, "1.0.0");
        InvocationException e = failure(dispatcher.invoke(call("sql", null, "query", "{'limit':'ten'}")));
        assertFailure(400, "InvalidInput", e);
        assertEquals(
                List.of("/limit", "/query"),
                e.details().stream().map(ErrorDetail::target).toList());
        assertTrue(e.details().stream()
                .allMatch(d -> d.message() != null && !d.message().isBlank()));
        assertEquals(1, provider.invoked.getCount()); // never called

        InvocationException root = failure(dispatcher.invoke(call("sql", null, "query", "[]")));
        assertEquals("", root.details().get(0).target());

        ok(dispatcher.invoke(call("sql", null, "query", "{'query':'select 1','limit':1}")));
    }

    @Test
    public void missingRequiredConnectionParametersAre400NamingThemButNoValues() throws Exception {
        ServiceOperationApi api = ServiceOperationApi.builder("db")
                .connectionParameter(
                        "server", ConnectionParameter.string("Server").required())
                .connectionParameter(
                        "password", ConnectionParameter.secureString("Password").required())
                .connectionParameter("timeout", ConnectionParameter.integer("Timeout"))
                .build();
        catalog.add(
                new FakeProvider(
                        api, List.of(ServiceOperation.builder(api, "ping").build())),
                "1.0.0");

        ConnectionParameters connection = ConnectionParameters.of(Map.of("Password", "s3cret-value", "server", " "));
        InvocationException e = failure(dispatcher.invoke(call("db", null, "ping", null, connection)));
        assertFailure(400, "MissingConnectionParameter", e);
        assertEquals(
                List.of("server"), e.details().stream().map(ErrorDetail::target).toList());
        assertFalse(e.getMessage().contains("s3cret-value"));
        assertFalse(e.details().toString().contains("s3cret-value"));

        InvocationException both = failure(dispatcher.invoke(call("db", null, "ping", null)));
        assertEquals(
                List.of("server", "password"),
                both.details().stream().map(ErrorDetail::target).toList());

        ok(dispatcher.invoke(call(
                "db", null, "ping", null, ConnectionParameters.of(Map.of("SERVER", "db.local", "password", "x")))));
    }

    @Test
    public void serviceOperationExceptionKeepsItsStatusThrownOrFailed() throws Exception {
        FakeProvider provider = FakeProvider.of("sql", "thrown", "failed", "wrapped");
        provider.invoker = (op, c, r) -> {
            ServiceOperationException soe = new ServiceOperationException(409, "Conflict", op + " conflicts");
            return switch (op) {
                case "thrown" -> throw soe;
                case "failed" -> CompletableFuture.failedFuture(soe);
                default -> CompletableFuture.failedFuture(new CompletionException(new ExecutionException(soe)));
            };
        };
        catalog.add(provider, "1.0.0");
        for (String op : List.of("thrown", "failed", "wrapped")) {
            InvocationException e = failure(dispatcher.invoke(call("sql", null, op, null)));
            assertFailure(409, "Conflict", e);
            assertEquals(op + " conflicts", e.getMessage());
        }
    }

    @Test
    public void otherFailuresAre502ConnectorError() throws Exception {
        FakeProvider provider = FakeProvider.of("sql", "throws", "fails", "nullStage", "nullResponse");
        provider.invoker = (op, c, r) -> switch (op) {
            case "throws" -> throw new IllegalStateException("boom");
            case "fails" -> CompletableFuture.failedFuture(new CompletionException(new java.io.IOException("io")));
            case "nullStage" -> null;
            default -> CompletableFuture.completedFuture(null);
        };
        catalog.add(provider, "1.0.0");

        InvocationException thrown = failure(dispatcher.invoke(call("sql", null, "throws", null)));
        assertFailure(502, "ConnectorError", thrown);
        assertEquals("IllegalStateException: boom", thrown.getMessage());

        InvocationException failed = failure(dispatcher.invoke(call("sql", null, "fails", null)));
        assertFailure(502, "ConnectorError", failed);
        assertEquals("IOException: io", failed.getMessage());

        assertFailure(502, "ConnectorError", failure(dispatcher.invoke(call("sql", null, "nullStage", null))));
        assertFailure(502, "ConnectorError", failure(dispatcher.invoke(call("sql", null, "nullResponse", null))));
    }

    @Test
    public void connectorThatNeverAnswersTimesOutWith504() throws Exception {
        dispatcher.deactivate();
        dispatcher = new OperationDispatcher(catalog.registry(), 200, 2, 2, 10_000);
        FakeProvider provider = FakeProvider.of("slow", "pending", "blocking");
        AtomicBoolean interrupted = new AtomicBoolean();
        provider.invoker = (op, c, r) -> {
            if (op.equals("pending")) {
                return new CompletableFuture<>();
            }
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return new CompletableFuture<>();
        };
        catalog.add(provider, "1.0.0");

        InvocationException pending = failure(dispatcher.invoke(call("slow", null, "pending", null)));
        assertFailure(504, "Timeout", pending);
        assertEquals("Operation pending of connector slow@1.0.0 did not complete within 200 ms", pending.getMessage());

        InvocationException blocking = failure(dispatcher.invoke(call("slow", null, "blocking", null)));
        assertFailure(504, "Timeout", blocking);
        Await.until("the blocked connector thread is interrupted", interrupted::get);
        ProviderRegistration registration = catalog.registration("slow", "1.0.0");
        // the caller's 504 does not end the provider's work: both stages are still pending, so both stay in flight
        Await.until(
                "the blocked call has returned its stage",
                () -> registration.inFlight().count() == 2);
        dispatcher.deactivate();
        assertEquals("abandoned by the dispatcher", 0, registration.inFlight().count());
    }

    @Test
    public void saturatedExecutorIs503Busy() throws Exception {
        dispatcher.deactivate();
        dispatcher = new OperationDispatcher(catalog.registry(), 30_000, 1, 1, 10_000);
        // the connector's own bulkhead larger than the pool, so that the shared pool is what fills up
        dispatcher.bindLimits(new ConnectorLimits("slow", 8, 8, 0, 0));
        FakeProvider provider = FakeProvider.of("slow", "block");
        CountDownLatch started = new CountDownLatch(1);
        provider.invoker = (op, c, r) -> blockUntilReleased(started);
        catalog.add(provider, "1.0.0");

        CompletionStage<ServiceOperationResponse> running = dispatcher.invoke(call("slow", null, "block", null));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        CompletionStage<ServiceOperationResponse> queued = dispatcher.invoke(call("slow", null, "block", null));
        InvocationException busy = failure(dispatcher.invoke(call("slow", null, "block", null)));
        assertFailure(503, "Busy", busy);

        release.countDown();
        ok(running);
        ok(queued);
    }

    @Test
    public void aConfigurationChangeAppliesToNewCallsAndLetsRunningOnesFinish() throws Exception {
        dispatcher.deactivate();
        dispatcher = new OperationDispatcher(catalog.registry(), 30_000, 1, 0, 10_000);
        dispatcher.bindLimits(new ConnectorLimits("slow", 8, 8, 0, 0)); // the shared pool fills up, not the bulkhead
        FakeProvider provider = FakeProvider.of("slow", "block", "pending");
        CountDownLatch started = new CountDownLatch(1);
        provider.invoker = (op, c, r) -> op.equals("pending") ? new CompletableFuture<>() : blockUntilReleased(started);
        catalog.add(provider, "1.0.0");
        CompletionStage<ServiceOperationResponse> running = dispatcher.invoke(call("slow", null, "block", null));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        assertFailure(503, "Busy", failure(dispatcher.invoke(call("slow", null, "block", null))));

        // same component, new settings and a new pool: the running call keeps its thread and its 30 s
        dispatcher.modified(configuration(200, 2, 2));
        InvocationException timedOut = failure(dispatcher.invoke(call("slow", null, "pending", null)));
        assertFailure(504, "Timeout", timedOut);
        assertEquals("Operation pending of connector slow@1.0.0 did not complete within 200 ms", timedOut.getMessage());
        release.countDown();
        ok(running);
    }

    @Test
    public void aLoweredTimeoutReArmsTheSweepSoThatTimeoutsFireAtMostATwentiethLate() {
        dispatcher.deactivate();
        dispatcher = new OperationDispatcher(catalog.registry(), 60_000, 4, 8, 10_000); // sweep every 100 ms
        assertEquals(100, dispatcher.sweepPeriodMs());

        dispatcher.modified(configuration(40, 4, 8));
        assertEquals("40 ms / 20", 2, dispatcher.sweepPeriodMs());
        dispatcher.modified(configuration(60_000, 4, 8));
        assertEquals(100, dispatcher.sweepPeriodMs());
    }

    /* ---- bulkheads and rate limits ------------------------------------------------------------------------- */

    @Test
    public void aConnectorThatHangsFillsItsOwnBulkheadAndTheOthersKeepTheirThreads() throws Exception {
        dispatcher.deactivate();
        // 4 threads: each connector may hold 2 and queue 2 (a quarter of 8)
        dispatcher = new OperationDispatcher(catalog.registry(), 30_000, 4, 8, 10_000);
        FakeProvider hanging = FakeProvider.of("hanging", "block");
        CountDownLatch started = new CountDownLatch(2);
        hanging.invoker = (op, c, r) -> blockUntilReleased(started);
        catalog.add(hanging, "1.0.0");
        FakeProvider other = FakeProvider.of("other", "go");
        other.invoker = (op, c, r) -> CompletableFuture.completedFuture(ServiceOperationResponse.ok(null));
        catalog.add(other, "1.0.0");

        List<CompletionStage<ServiceOperationResponse>> held = List.of(
                dispatcher.invoke(call("hanging", null, "block", null)),
                dispatcher.invoke(call("hanging", null, "block", null)));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        List<CompletionStage<ServiceOperationResponse>> queued = List.of(
                dispatcher.invoke(call("hanging", null, "block", null)),
                dispatcher.invoke(call("hanging", null, "block", null)));
        InvocationException busy = failure(dispatcher.invoke(call("hanging", null, "block", null)));
        assertFailure(503, "ConnectorBusy", busy);
        assertTrue(busy.getMessage(), busy.getMessage().startsWith("Connector hanging is busy"));
        assertEquals(1, busy.retryAfterSeconds());
        for (int i = 0; i < 20; i++) {
            ok(dispatcher.invoke(call("other", null, "go", null))); // two threads are still free for it
        }
        queued.forEach(q -> assertFalse(
                "waits for a permit, not for a thread", q.toCompletableFuture().isDone()));

        release.countDown();
        for (CompletionStage<ServiceOperationResponse> stage : held) {
            ok(stage);
        }
        for (CompletionStage<ServiceOperationResponse> stage : queued) {
            ok(stage); // started when the held ones gave their permits back
        }
        assertEquals(0, catalog.registration("hanging", "1.0.0").inFlight().count());
    }

    @Test
    public void aCallThatTimedOutWhileItsThreadStillHangsKeepsItsPermitUntilTheThreadReturns() throws Exception {
        dispatcher.deactivate();
        dispatcher = new OperationDispatcher(catalog.registry(), 200, 4, 8, 10_000);
        dispatcher.bindLimits(new ConnectorLimits("stuck", 1, 0, 0, 0));
        FakeProvider stuck = FakeProvider.of("stuck", "block", "go");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        stuck.invoker = (op, c, r) -> {
            if (op.equals("go")) {
                return CompletableFuture.completedFuture(ServiceOperationResponse.ok(null));
            }
            started.countDown();
            while (release.getCount() > 0) { // ignores interruption, as a badly written connector does
                try {
                    release.await();
                } catch (InterruptedException e) {
                    // keeps hanging
                }
            }
            returned.countDown();
            return CompletableFuture.completedFuture(ServiceOperationResponse.ok(null));
        };
        catalog.add(stuck, "1.0.0");
        assertFailure(504, "Timeout", failure(dispatcher.invoke(call("stuck", null, "block", null))));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        assertFailure(503, "ConnectorBusy", failure(dispatcher.invoke(call("stuck", null, "go", null))));
        release.countDown();
        assertTrue(returned.await(30, TimeUnit.SECONDS));
        Await.until("the permit is back", () -> {
            try {
                return ok(dispatcher.invoke(call("stuck", null, "go", null))) != null;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    public void aNonBlockingConnectorGivesItsPermitBackOnTheCallersThread() throws Exception {
        dispatcher.deactivate();
        // a generous non.blocking.limit.ms: a cold first call preempted on a loaded machine must not move it to the
        // pool
        dispatcher = new OperationDispatcher(catalog.registry(), configuration(5000, 4, 8, 60_000));
        dispatcher.bindLimits(new ConnectorLimits("fast", 1, 0, 0, 0));
        FakeProvider provider = FakeProvider.of("fast", "go");
        provider.invoker = (op, c, r) -> CompletableFuture.completedFuture(ServiceOperationResponse.ok(null));
        catalog.add(provider, "1.0.0", true);
        for (int i = 0; i < 1000; i++) {
            CompletionStage<ServiceOperationResponse> stage = dispatcher.invoke(call("fast", null, "go", null));
            assertTrue(
                    "answered at once, within a limit of one call",
                    stage.toCompletableFuture().isDone());
            ok(stage);
        }
    }

    @Test
    public void aRateLimitedConnectorAnswers429WithRetryAfterAndTheOthersAreUntouched() throws Exception {
        ConnectorLimits limits = new ConnectorLimits("limited", -1, -1, 1, 3);
        dispatcher.bindLimits(limits);
        for (String id : List.of("limited", "free")) {
            FakeProvider provider = FakeProvider.of(id, "go");
            provider.invoker = (op, c, r) -> CompletableFuture.completedFuture(ServiceOperationResponse.ok(null));
            catalog.add(provider, "1.0.0");
        }
        for (int i = 0; i < 3; i++) {
            ok(dispatcher.invoke(call("limited", null, "go", null)));
        }
        InvocationException limited = failure(dispatcher.invoke(call("limited", null, "go", null)));
        assertFailure(429, "RateLimited", limited);
        assertEquals(3, limited.retryAfterSeconds());
        assertTrue(limited.getMessage(), limited.getMessage().contains("rate.per.second"));
        for (int i = 0; i < 50; i++) {
            ok(dispatcher.invoke(call("free", null, "go", null)));
        }
        dispatcher.unbindLimits(limits); // the configuration deleted: no limit any more
        ok(dispatcher.invoke(call("limited", null, "go", null)));
    }

    @Test
    public void aRateLimitOnAStoredConnectionCountsOnlyTheCallsThatUseIt() throws Exception {
        dispatcher.bindLimits(new ConnectorLimits("shared", "tenant-a", -1, -1, 1, 2));
        FakeProvider provider = FakeProvider.of("shared", "go");
        provider.invoker = (op, c, r) -> CompletableFuture.completedFuture(ServiceOperationResponse.ok(null));
        catalog.add(provider, "1.0.0");
        ok(dispatcher.invoke(named("tenant-a")));
        ok(dispatcher.invoke(named("tenant-a")));
        InvocationException limited = failure(dispatcher.invoke(named("tenant-a")));
        assertFailure(429, "RateLimited", limited);
        assertTrue(limited.getMessage(), limited.getMessage().startsWith("Connection 'tenant-a' of connector shared"));
        assertEquals(2, limited.retryAfterSeconds());
        for (int i = 0; i < 10; i++) {
            ok(dispatcher.invoke(named("tenant-b")));
            ok(dispatcher.invoke(call("shared", null, "go", null)));
        }
    }

    private static Invocation named(String connection) {
        return new Invocation(
                "shared", null, "go", ConnectionParameters.empty(), ServiceOperationRequest.of(null), connection);
    }

    /** A provider's call that holds its thread until the test releases it. */
    private CompletionStage<ServiceOperationResponse> blockUntilReleased(CountDownLatch started) {
        started.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return CompletableFuture.completedFuture(ServiceOperationResponse.ok(null));
    }

    private static DispatcherConfiguration configuration(long timeoutMs, int threads, int queue) {
        return configuration(timeoutMs, threads, queue, 50);
    }

    private static DispatcherConfiguration configuration(
            long timeoutMs, int threads, int queue, long nonBlockingLimitMs) {
        return new DispatcherConfiguration() {
            @Override
            public long non_blocking_limit_ms() {
                return nonBlockingLimitMs;
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return DispatcherConfiguration.class;
            }

            @Override
            public long invoke_timeout_ms() {
                return timeoutMs;
            }

            @Override
            public int max_threads() {
                return threads;
            }

            @Override
            public int queue_capacity() {
                return queue;
            }

            @Override
            public long swap_wait_ms() {
                return 10_000;
            }
        };
    }

    @Test
    public void deactivationAnswersCallsStillInFlight() throws Exception {
        FakeProvider provider = FakeProvider.of("slow", "pending");
        provider.invoker = (op, c, r) -> new CompletableFuture<>();
        catalog.add(provider, "1.0.0");
        CompletionStage<ServiceOperationResponse> stage = dispatcher.invoke(call("slow", null, "pending", null));
        assertTrue(provider.invoked.await(30, TimeUnit.SECONDS));
        dispatcher.deactivate();
        assertFailure(503, "ShuttingDown", failure(stage));
        assertFailure(503, "ShuttingDown", failure(dispatcher.invoke(call("slow", null, "pending", null))));
    }

    @Test
    public void returnedStageCannotBeCompletedByTheCaller() throws Exception {
        FakeProvider provider = FakeProvider.of("slow", "pending");
        CompletableFuture<ServiceOperationResponse> connectorStage = new CompletableFuture<>();
        provider.invoker = (op, c, r) -> connectorStage;
        catalog.add(provider, "1.0.0");
        CompletionStage<ServiceOperationResponse> stage = dispatcher.invoke(call("slow", null, "pending", null));
        stage.toCompletableFuture().complete(ServiceOperationResponse.ok(FakeProvider.json("'forged'")));
        assertTrue(provider.invoked.await(30, TimeUnit.SECONDS));
        connectorStage.complete(ServiceOperationResponse.ok(FakeProvider.json("'real'")));
        assertEquals("real", ok(stage).body().asText());
    }

    /* ---- @NonBlocking providers: called on the caller's thread ------------------------------------------------ */

    @Test
    public void aNonBlockingProviderRunsOnTheCallersThreadAndIsCountedInFlightUntilItsStageCompletes()
            throws Exception {
        FakeProvider provider = FakeProvider.of("fast", "go");
        CompletableFuture<ServiceOperationResponse> connectorStage = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicReference<Thread> ranOn = new java.util.concurrent.atomic.AtomicReference<>();
        provider.invoker = (op, c, r) -> {
            ranOn.set(Thread.currentThread());
            return connectorStage;
        };
        catalog.add(provider, "1.0.0", true);
        ProviderRegistration registration = catalog.registration("fast", "1.0.0");
        CompletionStage<ServiceOperationResponse> stage = dispatcher.invoke(call("fast", null, "go", null));
        assertEquals("called before invoke returned, on the caller's thread", Thread.currentThread(), ranOn.get());
        assertEquals(1, registration.inFlight().count());
        assertFalse(stage.toCompletableFuture().isDone());
        connectorStage.complete(ServiceOperationResponse.ok(FakeProvider.json("'done'")));
        assertEquals("done", ok(stage).body().asText());
        assertEquals(0, registration.inFlight().count());
        assertTrue(registration.invokeInline());
    }

    @Test
    public void aProviderWithoutTheMarkRunsOnAConnectorThread() throws Exception {
        FakeProvider provider = FakeProvider.of("plain", "go");
        java.util.concurrent.atomic.AtomicReference<Thread> ranOn = new java.util.concurrent.atomic.AtomicReference<>();
        provider.invoker = (op, c, r) -> {
            ranOn.set(Thread.currentThread());
            return CompletableFuture.completedFuture(ServiceOperationResponse.ok(null));
        };
        catalog.add(provider, "1.0.0");
        ok(dispatcher.invoke(call("plain", null, "go", null)));
        assertTrue(ranOn.get().getName(), ranOn.get().getName().startsWith("switchboard-invoke"));
    }

    @Test
    public void aNonBlockingProviderThatBlocksIsMovedToTheConnectorThreads() throws Exception {
        dispatcher.deactivate();
        dispatcher = new OperationDispatcher(catalog.registry(), configuration(5000, 4, 8, 20));
        FakeProvider provider = FakeProvider.of("liar", "go");
        List<Thread> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        provider.invoker = (op, c, r) -> {
            ranOn.add(Thread.currentThread());
            try {
                Thread.sleep(100); // blocks, although it is marked @NonBlocking
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(ServiceOperationResponse.ok(FakeProvider.json("'slow'")));
        };
        catalog.add(provider, "1.0.0", true);
        ProviderRegistration registration = catalog.registration("liar", "1.0.0");
        assertEquals(
                "the call that blocked still answers",
                "slow",
                ok(dispatcher.invoke(call("liar", null, "go", null))).body().asText());
        assertFalse(registration.invokeInline());
        assertEquals(
                "slow",
                ok(dispatcher.invoke(call("liar", null, "go", null))).body().asText());
        assertEquals(Thread.currentThread(), ranOn.get(0));
        assertTrue(ranOn.get(1).getName(), ranOn.get(1).getName().startsWith("switchboard-invoke"));
    }

    @Test
    public void aNonBlockingProviderThatHangsIsMovedToTheConnectorThreadsWhileItStillHangs() throws Exception {
        dispatcher.deactivate();
        dispatcher = new OperationDispatcher(catalog.registry(), configuration(5000, 4, 8, 20));
        FakeProvider provider = FakeProvider.of("hangs", "go");
        CountDownLatch hanging = new CountDownLatch(1);
        provider.invoker = (op, c, r) -> {
            if (Thread.currentThread().getName().startsWith("caller")) {
                return blockUntilReleased(hanging); // marked @NonBlocking, and blocks until the test ends
            }
            return CompletableFuture.completedFuture(ServiceOperationResponse.ok(FakeProvider.json("'pool'")));
        };
        catalog.add(provider, "1.0.0", true);
        ProviderRegistration registration = catalog.registration("hangs", "1.0.0");
        CompletableFuture<CompletionStage<ServiceOperationResponse>> stuck = new CompletableFuture<>();
        Thread caller =
                new Thread(() -> stuck.complete(dispatcher.invoke(call("hangs", null, "go", null))), "caller-1");
        caller.start();
        assertTrue(hanging.await(10, TimeUnit.SECONDS));
        Await.until("the sweep moves the connector to the pool", () -> !registration.invokeInline());
        assertTrue("the first call still hangs", caller.isAlive());
        assertEquals(
                "pool",
                ok(dispatcher.invoke(call("hangs", null, "go", null))).body().asText());
        release.countDown();
        caller.join(10_000);
        ok(stuck.get(10, TimeUnit.SECONDS));
    }

    @Test
    public void aNonBlockingProviderWhoseStageNeverCompletesTimesOut() throws Exception {
        dispatcher.deactivate();
        dispatcher = new OperationDispatcher(catalog.registry(), configuration(200, 4, 8));
        FakeProvider provider = FakeProvider.of("stuck", "go");
        provider.invoker = (op, c, r) -> new CompletableFuture<>();
        catalog.add(provider, "1.0.0", true);
        InvocationException e = failure(dispatcher.invoke(call("stuck", null, "go", null)));
        assertFailure(504, "Timeout", e);
        assertEquals(
                "the connector still holds the call",
                1,
                catalog.registration("stuck", "1.0.0").inFlight().count());
    }

    @Test
    public void aNonBlockingProviderThatThrowsIsAConnectorFailure() throws Exception {
        FakeProvider provider = FakeProvider.of("thrower", "go");
        provider.invoker = (op, c, r) -> {
            throw new IllegalStateException("boom");
        };
        catalog.add(provider, "1.0.0", true);
        InvocationException e = failure(dispatcher.invoke(call("thrower", null, "go", null)));
        assertEquals(e.getMessage(), 502, e.status());
        assertEquals(0, catalog.registration("thrower", "1.0.0").inFlight().count());
    }
}
