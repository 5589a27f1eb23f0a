package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Constants;

import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.connector.api.TriggerContext;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.SubscriptionState;

/**
 * Issue 14, item 4: a binding's {@code start} and {@code close} run under no lock that other subscriptions need (a
 * poller's close may wait 10 s for its thread). While one subscription's binding is stuck closing or starting, other
 * subscriptions are created, listed, read and deleted.
 */
public class SlowBindingTest {

    private static final long BUNDLE = 7;
    /** Far longer than any of the calls takes when nothing blocks it; only reached when one is stuck. */
    private static final long STUCK_SECONDS = 20;

    /** The first start (or the close of the first start's handle) blocks until released. */
    private static final class StuckBinding implements TriggerBinding {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch stuck = new CountDownLatch(1);
        volatile boolean blockStart;
        volatile String blocked;

        @Override
        public String type() {
            return HttpWebhookBinding.TYPE;
        }

        @Override
        public String startPosition(TriggerContext context) {
            return null;
        }

        @Override
        public AutoCloseable start(TriggerContext context) throws Exception {
            boolean first = blocked == null;
            if (first) {
                blocked = context.subscriptionId();
            }
            if (first && blockStart) {
                stuck.countDown();
                release.await();
            }
            return () -> {
                if (context.subscriptionId().equals(blocked) && !blockStart) {
                    stuck.countDown();
                    release.await();
                }
            };
        }
    }

    private TriggerScheduler scheduler;
    private SubscriptionManager manager;
    private StuckBinding binding;
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @Before
    public void setUp() throws Exception {
        scheduler = new TriggerScheduler(TestConfig.with(Map.of()));
        RequestConnector connector = new RequestConnector();
        ConnectorEntry entry = new ConnectorEntry(
                connector.getService().name(),
                "1.0.0",
                ConnectorState.ACTIVE,
                null,
                connector.getService(),
                connector.getOperations(true),
                new BundleInfo(BUNDLE, "dev.switchboard.triggers", "1.0.0", "test"));
        manager = new SubscriptionManager(
                TestConfig.with(Map.of("fsync", false)),
                Files.createTempDirectory("slow"),
                () -> new CatalogSnapshot(1, List.of(entry)),
                null,
                scheduler.executor());
        binding = new StuckBinding();
        manager.bindProvider(connector, Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
        manager.bindTriggerBinding(binding, Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
    }

    @After
    public void tearDown() throws Exception {
        binding.release.countDown();
        callers.shutdown();
        callers.awaitTermination(STUCK_SECONDS, TimeUnit.SECONDS);
        manager.deactivate();
        scheduler.deactivate();
    }

    private Subscription subscribe() {
        return manager.create(
                new SubscriptionRequest("request", null, "manual", null, JsonNodeFactory.instance.objectNode(), null));
    }

    private <T> T unblocked(String what, java.util.concurrent.Callable<T> call) throws Exception {
        Future<T> result = callers.submit(call);
        try {
            return result.get(STUCK_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fail(what + " waited for another subscription's binding");
            return null;
        }
    }

    @Test
    public void aBindingStuckClosingBlocksNoOtherSubscription() throws Exception {
        String stuckId = subscribe().id();
        Future<Boolean> deleting = callers.submit(() -> manager.delete(stuckId));
        assertTrue("the close is stuck", binding.stuck.await(STUCK_SECONDS, TimeUnit.SECONDS));

        Subscription other = unblocked("creating a subscription", this::subscribe);
        assertEquals(SubscriptionState.ACTIVE, other.state());
        assertTrue(unblocked("listing", manager::list).stream().anyMatch(s -> s.id().equals(other.id())));
        assertEquals(
                SubscriptionState.ACTIVE,
                unblocked("reading", () -> manager.get(other.id()))
                        .orElseThrow()
                        .state());
        assertTrue(unblocked("deleting another subscription", () -> manager.delete(other.id())));
        assertFalse(deleting.isDone());

        binding.release.countDown();
        assertTrue(deleting.get(STUCK_SECONDS, TimeUnit.SECONDS));
        assertTrue(manager.get(stuckId).isEmpty());
    }

    @Test
    public void aBindingStuckStartingBlocksNoOtherSubscription() throws Exception {
        binding.blockStart = true;
        Future<Subscription> creating = callers.submit(this::subscribe);
        assertTrue("the start is stuck", binding.stuck.await(STUCK_SECONDS, TimeUnit.SECONDS));

        Subscription other = unblocked("creating a subscription", this::subscribe);
        assertEquals(SubscriptionState.ACTIVE, other.state());
        assertEquals(2, unblocked("listing", manager::list).size());
        assertTrue(unblocked("deleting another subscription", () -> manager.delete(other.id())));

        binding.release.countDown();
        assertEquals(
                SubscriptionState.ACTIVE,
                creating.get(STUCK_SECONDS, TimeUnit.SECONDS).state());
    }
}
