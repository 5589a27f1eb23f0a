package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.felix.hc.api.Result;
import org.junit.After;
import org.junit.Test;
import org.osgi.framework.Constants;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.SubscriptionState;

/** "Subscriptions resumed": a subscription the manager has not tried against the current catalog is waited for. */
public class SubscriptionsResumedCheckTest {

    private static final long BUNDLE = 7;

    private TriggerScheduler scheduler;
    private SubscriptionManager manager;

    @After
    public void stop() {
        if (manager != null) {
            manager.deactivate();
        }
        if (scheduler != null) {
            scheduler.deactivate();
        }
    }

    private static String message(Result result) {
        StringBuilder text = new StringBuilder();
        result.forEach(entry -> text.append(entry.getMessage()));
        return text.toString();
    }

    private static Result await(SubscriptionsResumedCheck check, Result.Status status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Result result = check.execute();
        while (result.getStatus() != status) {
            assertTrue("still " + result, System.nanoTime() < deadline);
            Thread.sleep(10);
            result = check.execute();
        }
        return result;
    }

    @Test
    public void aSubscriptionWhoseConnectorJustArrivedIsWaitedForUntilItIsStarted() throws Exception {
        RequestConnector request = new RequestConnector();
        ConnectorEntry entry = new ConnectorEntry(
                "request",
                "1.0.0",
                ConnectorState.ACTIVE,
                null,
                request.getService(),
                request.getOperations(true),
                new BundleInfo(BUNDLE, "dev.switchboard.triggers", "1.0.0", "test"));
        AtomicReference<CatalogSnapshot> catalog = new AtomicReference<>(new CatalogSnapshot(1, List.of(entry)));
        scheduler = new TriggerScheduler(TestConfig.with(Map.of()));
        manager = new SubscriptionManager(
                TestConfig.with(Map.of()),
                Files.createTempDirectory("resumed"),
                catalog::get,
                null,
                scheduler.executor());
        manager.bindTriggerBinding(new HttpWebhookBinding(), Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
        // stored before the connector's provider is there (as after a restart, before the bundle started)
        Subscription created = manager.create(new SubscriptionRequest(
                "request", null, "manual", null, JsonNodeFactory.instance.objectNode(), "http://127.0.0.1:9/hook"));
        AtomicBoolean scanned = new AtomicBoolean(true);
        SubscriptionsResumedCheck check = new SubscriptionsResumedCheck(manager, catalog::get, scanned::get);
        await(check, Result.Status.OK);
        assertEquals(
                SubscriptionState.WAITING,
                manager.get(created.id()).orElseThrow().state());

        // the checker now latches; a new one sees a provider arrive: not resumed until the manager started it
        SubscriptionsResumedCheck fresh = new SubscriptionsResumedCheck(manager, catalog::get, scanned::get);
        manager.bindProvider(request, Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
        catalog.set(new CatalogSnapshot(2, List.of(entry)));
        Result waiting = fresh.execute();
        if (waiting.getStatus() != Result.Status.OK) {
            assertEquals(Result.Status.TEMPORARILY_UNAVAILABLE, waiting.getStatus());
            assertTrue(message(waiting), message(waiting).contains(created.id() + " (request manual)"));
        }
        await(fresh, Result.Status.OK);
        assertEquals(
                "resumed means started here",
                SubscriptionState.ACTIVE,
                manager.get(created.id()).orElseThrow().state());
    }

    @Test
    public void untilTheStartUpConnectorsAreInTheCheckDoesNotLatch() throws Exception {
        RequestConnector request = new RequestConnector();
        ConnectorEntry entry = new ConnectorEntry(
                "request",
                "1.0.0",
                ConnectorState.ACTIVE,
                null,
                request.getService(),
                request.getOperations(true),
                new BundleInfo(BUNDLE, "dev.switchboard.triggers", "1.0.0", "test"));
        AtomicReference<CatalogSnapshot> catalog = new AtomicReference<>(new CatalogSnapshot(1, List.of(entry)));
        // one pass at the start, then only when a binding or provider changes: nothing runs behind the test's back
        Map<String, Object> settings = Map.of("reconcile_ms", 3_600_000L);
        scheduler = new TriggerScheduler(TestConfig.with(settings));
        manager = new SubscriptionManager(
                TestConfig.with(settings),
                Files.createTempDirectory("resumed"),
                catalog::get,
                null,
                scheduler.executor());
        manager.create(new SubscriptionRequest(
                "request", null, "manual", null, JsonNodeFactory.instance.objectNode(), "http://127.0.0.1:9/hook"));
        AtomicBoolean scanned = new AtomicBoolean(false);
        SubscriptionsResumedCheck check = new SubscriptionsResumedCheck(manager, catalog::get, scanned::get);
        await(check, Result.Status.OK);
        catalog.set(new CatalogSnapshot(2, List.of(entry)));
        assertEquals(
                "not latched before the deploy folder's first scan",
                Result.Status.TEMPORARILY_UNAVAILABLE,
                check.execute().getStatus());
        scanned.set(true);
        manager.bindTriggerBinding(new HttpWebhookBinding(), Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
        await(check, Result.Status.OK);
        catalog.set(new CatalogSnapshot(3, List.of(entry)));
        assertEquals("latched once settled", Result.Status.OK, check.execute().getStatus());
    }

    @Test
    public void activeAndFailedSubscriptionsHaveResumedWaitingOnesOnlyOnceTried() {
        SubscriptionRequest request = new SubscriptionRequest("sql", null, "whenRowInserted", null, null, null);
        List<Subscription> all = List.of(
                new Subscription(
                        "a", request, null, SubscriptionState.ACTIVE, null, "1.0.0", null, 0, 0, 0, 0, null, null),
                new Subscription("f", request, null, SubscriptionState.FAILED, "x", null, null, 0, 0, 0, 0, null, null),
                new Subscription(
                        "w", request, null, SubscriptionState.WAITING, "y", null, null, 0, 0, 0, 0, null, null));
        assertEquals(List.of("w (sql whenRowInserted)"), SubscriptionsResumedCheck.pending(all, false));
        assertEquals(List.of(), SubscriptionsResumedCheck.pending(all, true));
        assertEquals(
                "3 subscription(s): 1 ACTIVE, 1 WAITING (each says why), 1 FAILED or FAILING",
                SubscriptionsResumedCheck.counts(all));
    }
}
