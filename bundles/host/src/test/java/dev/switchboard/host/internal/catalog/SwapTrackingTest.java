package dev.switchboard.host.internal.catalog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import dev.switchboard.connector.validation.JsonSchemas;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.internal.testing.Await;
import dev.switchboard.host.internal.testing.FakeProvider;

/** What the catalog does when a provider goes away: out of the view first, drain, remember it as returning. */
public class SwapTrackingTest {

    private final ManifestAggregator catalog = new ManifestAggregator(null, 5000, 2, 60_000, 0, new JsonSchemas());

    @After
    public void close() {
        catalog.deactivate();
    }

    private ProviderRegistration add(long serviceId, long bundleId, String id, String version) {
        catalog.register(
                serviceId,
                new BundleInfo(bundleId, "b" + bundleId, version, "file:/b" + bundleId),
                FakeProvider.of(id, "op"));
        Await.until(
                id + "@" + version + " is ACTIVE", () -> catalog.view().active().containsKey(id + "@" + version));
        return catalog.view().active().get(id + "@" + version);
    }

    @Test
    public void unregisteringTakesTheProviderOutOfTheViewThenWaitsForItsCallsInFlight() throws Exception {
        ProviderRegistration registration = add(1, 10, "greeter", "1.0.0");
        assertTrue(registration.inFlight().tryAcquire());
        CountDownLatch unregistered = new CountDownLatch(1);
        Thread unbind = new Thread(() -> {
            catalog.unregister(1);
            unregistered.countDown();
        });
        unbind.start();

        Await.until(
                "greeter leaves the view",
                () -> catalog.snapshot().versionsOf("greeter").isEmpty());
        assertFalse("no new call can start on it", registration.inFlight().tryAcquire());
        assertEquals("the unbind still waits", 1, unregistered.getCount());

        registration.inFlight().release();
        assertTrue(unregistered.await(10, TimeUnit.SECONDS));
    }

    @Test
    public void theDrainEndsAfterItsTimeoutEvenIfACallNeverEnds() throws Exception {
        ManifestAggregator quick = new ManifestAggregator(null, 5000, 1, 1, 0, new JsonSchemas());
        try {
            quick.register(1, new BundleInfo(10, "b10", "1.0.0", "file:/b10"), FakeProvider.of("stuck", "op"));
            Await.until("stuck is ACTIVE", () -> quick.view().active().containsKey("stuck@1.0.0"));
            ProviderRegistration registration = quick.view().active().get("stuck@1.0.0");
            assertTrue(registration.inFlight().tryAcquire());
            quick.unregister(1); // returns although the call never ends
            assertEquals(1, registration.inFlight().count());
        } finally {
            quick.deactivate();
        }
    }

    @Test
    public void aConnectorIsReturningUntilItsBundleRegistersAgainAndHasLoaded() {
        add(1, 10, "greeter", "1.0.0");
        catalog.unregister(1);
        List<ReturningConnector> returning = catalog.view().returning("greeter");
        assertEquals(1, returning.size());
        assertEquals("1.0.0", returning.get(0).version());
        assertEquals(10, returning.get(0).bundle().id());

        add(2, 10, "greeter", "2.0.0");
        assertTrue(
                "back, in another version", catalog.view().returning("greeter").isEmpty());
    }

    @Test
    public void anotherProviderOfTheSameBundleStillBeingUnregisteredIsNotTheReturn() {
        add(1, 10, "first", "1.0.0");
        add(2, 10, "second", "1.0.0");
        catalog.unregister(1);
        assertEquals(
                "the old 'second' does not count as the bundle coming back",
                1,
                catalog.view().returning("first").size());
        catalog.unregister(2);
        assertEquals(2, catalog.view().returning().size());
        add(3, 10, "first", "1.0.1");
        add(4, 10, "second", "1.0.1");
        assertTrue(catalog.view().returning().isEmpty());
    }

    @Test
    public void anUninstalledBundleIsForgottenAtOnceAndWakesWaiters() throws Exception {
        add(1, 10, "greeter", "1.0.0");
        catalog.unregister(1);
        long revision = catalog.view().snapshot().revision();
        CompletableFuture<RegistryView> change = catalog.changeAfter(revision).toCompletableFuture();
        assertFalse(change.isDone());

        catalog.bundleUninstalled(10);
        RegistryView after = change.get(10, TimeUnit.SECONDS);
        assertTrue(after.returning("greeter").isEmpty());
        assertTrue(after.snapshot().revision() > revision);
    }

    @Test
    public void changeAfterAnOlderRevisionCompletesAtOnce() {
        add(1, 10, "greeter", "1.0.0");
        assertTrue(catalog.changeAfter(0).toCompletableFuture().isDone());
    }

    @Test
    public void theRemovedRegistrationIsNotHeldByTheView() {
        add(1, 10, "greeter", "1.0.0");
        catalog.unregister(1);
        ConnectorEntry none =
                catalog.snapshot().versionsOf("greeter").stream().findFirst().orElse(null);
        assertNull(none);
        assertTrue(catalog.view().active().isEmpty());
    }
}
