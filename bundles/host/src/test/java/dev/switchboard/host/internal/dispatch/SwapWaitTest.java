package dev.switchboard.host.internal.dispatch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.internal.catalog.ProviderRegistration;
import dev.switchboard.host.internal.catalog.TestCatalogs;
import dev.switchboard.host.internal.testing.Await;
import dev.switchboard.host.internal.testing.FakeProvider;

/** Calls during a connector update: the running ones finish on the old provider, new ones wait for the new one. */
public class SwapWaitTest {

    private final TestCatalogs catalog = new TestCatalogs();
    private OperationDispatcher dispatcher = new OperationDispatcher(catalog.registry(), 30_000, 4, 8, 30_000);

    @After
    public void tearDown() {
        dispatcher.deactivate();
        catalog.close();
    }

    private static Invocation greet(String version) {
        return new Invocation(
                "greeter",
                version,
                "greet",
                ConnectionParameters.empty(),
                ServiceOperationRequest.of(FakeProvider.json("{}")));
    }

    private static FakeProvider greeter(String answer) {
        FakeProvider provider = FakeProvider.of("greeter", "greet");
        provider.invoker = (op, c, r) ->
                CompletableFuture.completedFuture(ServiceOperationResponse.ok(FakeProvider.json("\"" + answer + "\"")));
        return provider;
    }

    private static InvocationException failure(CompletableFuture<ServiceOperationResponse> answer) throws Exception {
        try {
            answer.get(30, TimeUnit.SECONDS);
            fail("expected a failure");
            return null;
        } catch (ExecutionException e) {
            return (InvocationException) e.getCause();
        }
    }

    @Test
    public void aCallDuringAnUpdateWaitsAndIsServedByTheNewVersion() throws Exception {
        ConnectorEntry v1 = catalog.add(greeter("v1"), "1.0.0");
        long bundle = v1.bundle().id();
        catalog.unregister(bundle); // service id == bundle id for add()

        CompletableFuture<ServiceOperationResponse> answer =
                dispatcher.invoke(greet(null)).toCompletableFuture();
        assertFalse("waits for the update to finish", answer.isDone());

        catalog.addToBundle(bundle, greeter("v2"), "2.0.0");
        assertEquals("v2", answer.get(30, TimeUnit.SECONDS).body().asText());
    }

    @Test
    public void aCallPinnedToTheOldVersionGets404OnceTheUpdateBroughtAnother() throws Exception {
        ConnectorEntry v1 = catalog.add(greeter("v1"), "1.0.0");
        catalog.unregister(v1.bundle().id());

        CompletableFuture<ServiceOperationResponse> answer =
                dispatcher.invoke(greet("1.0.0")).toCompletableFuture();
        assertFalse(answer.isDone());
        catalog.addToBundle(v1.bundle().id(), greeter("v2"), "2.0.0");
        InvocationException e = failure(answer);
        assertEquals(404, e.status());
        assertTrue(e.getMessage(), e.getMessage().contains("2.0.0"));
    }

    @Test
    public void aConnectorRemovedForGoodAnswers404AtOnceEvenToWaitingCalls() throws Exception {
        ConnectorEntry v1 = catalog.add(greeter("v1"), "1.0.0");
        catalog.unregister(v1.bundle().id());
        CompletableFuture<ServiceOperationResponse> waiting =
                dispatcher.invoke(greet(null)).toCompletableFuture();
        assertFalse(waiting.isDone());

        catalog.bundleUninstalled(v1.bundle().id());
        assertEquals("ConnectorNotFound", failure(waiting).code());
        assertEquals(
                404,
                failure(dispatcher.invoke(greet(null)).toCompletableFuture()).status());
    }

    @Test
    public void anUpdateThatDoesNotFinishInTimeIs503WithAClearMessage() throws Exception {
        dispatcher.deactivate();
        dispatcher = new OperationDispatcher(catalog.registry(), 30_000, 4, 8, 1);
        ConnectorEntry v1 = catalog.add(greeter("v1"), "1.0.0");
        catalog.unregister(v1.bundle().id());

        InvocationException e = failure(dispatcher.invoke(greet(null)).toCompletableFuture());
        assertEquals(503, e.status());
        assertEquals("ConnectorUpdating", e.code());
        assertTrue(
                e.getMessage(),
                e.getMessage().contains("greeter@1.0.0")
                        && e.getMessage().contains("being updated")
                        && e.getMessage().contains("swap.wait.ms"));
    }

    @Test
    public void anotherVersionKeepsServingWhileOneIsRemoved() throws Exception {
        ConnectorEntry v1 = catalog.add(greeter("v1"), "1.0.0");
        catalog.add(greeter("v2"), "2.0.0");
        catalog.unregister(v1.bundle().id());
        catalog.bundleUninstalled(v1.bundle().id());

        assertEquals(
                "v2",
                dispatcher
                        .invoke(greet(null))
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS)
                        .body()
                        .asText());
        InvocationException gone = failure(dispatcher.invoke(greet("1.0.0")).toCompletableFuture());
        assertEquals(404, gone.status());
        assertEquals("VersionNotFound", gone.code());
        assertTrue(gone.getMessage(), gone.getMessage().contains("available versions: 2.0.0"));
    }

    @Test
    public void aCallRunningOnTheOldProviderFinishesOnItBeforeTheUnregistrationProceeds() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<ServiceOperationResponse> slow = new CompletableFuture<>();
        FakeProvider old = FakeProvider.of("greeter", "greet");
        old.invoker = (op, c, r) -> {
            started.countDown();
            return slow;
        };
        ConnectorEntry v1 = catalog.add(old, "1.0.0");
        ProviderRegistration registration = catalog.registration("greeter", "1.0.0");
        CompletableFuture<ServiceOperationResponse> running =
                dispatcher.invoke(greet(null)).toCompletableFuture();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertEquals(1, registration.inFlight().count());

        CountDownLatch unregistered = new CountDownLatch(1);
        Thread unbind = new Thread(() -> {
            catalog.unregister(v1.bundle().id());
            unregistered.countDown();
        });
        unbind.start();
        Await.until(
                "the old provider leaves the view",
                () -> catalog.snapshot().versionsOf("greeter").isEmpty());
        CompletableFuture<ServiceOperationResponse> arriving =
                dispatcher.invoke(greet(null)).toCompletableFuture();
        assertEquals("the unbind waits for the call in flight", 1, unregistered.getCount());
        assertFalse(arriving.isDone());

        slow.complete(ServiceOperationResponse.ok(FakeProvider.json("\"old\"")));
        assertEquals("old", running.get(30, TimeUnit.SECONDS).body().asText());
        assertTrue(unregistered.await(10, TimeUnit.SECONDS));

        catalog.addToBundle(v1.bundle().id(), greeter("new"), "1.0.1");
        assertEquals("new", arriving.get(30, TimeUnit.SECONDS).body().asText());
    }

    @Test
    public void aCallTimedOutWhileTheProviderStillWorksStaysInFlightUntilTheStageCompletes() throws Exception {
        dispatcher.deactivate();
        dispatcher = new OperationDispatcher(catalog.registry(), 50, 4, 8, 30_000);
        CompletableFuture<ServiceOperationResponse> slow = new CompletableFuture<>();
        FakeProvider provider = FakeProvider.of("greeter", "greet");
        provider.invoker = (op, c, r) -> slow;
        catalog.add(provider, "1.0.0");
        ProviderRegistration registration = catalog.registration("greeter", "1.0.0");

        assertEquals(
                504,
                failure(dispatcher.invoke(greet(null)).toCompletableFuture()).status());
        assertEquals(1, registration.inFlight().count());
        slow.complete(ServiceOperationResponse.ok(FakeProvider.json("\"late\"")));
        assertEquals(0, registration.inFlight().count());
    }
}
