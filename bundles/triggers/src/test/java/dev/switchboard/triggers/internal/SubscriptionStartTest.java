package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.After;
import org.junit.Test;
import org.osgi.framework.Constants;

import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.connector.api.TriggerContext;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.SubscriptionState;

/**
 * Issue 11, section 1: a subscription's starting position is fixed and stored before {@code create} returns, a
 * restart resumes from it and never takes a new one, a source that cannot be read refuses the subscription, and a
 * binding that cannot read its source while it runs shows FAILING with the reason.
 */
public class SubscriptionStartTest {

    private static final long BUNDLE = 7;

    private final List<SubscriptionManager> managers = new CopyOnWriteArrayList<>();
    private TriggerScheduler scheduler;
    private Path folder;

    /** A binding of the request connector's type whose start position and contexts the test controls. */
    private static final class FakeBinding implements TriggerBinding {
        volatile String startPosition = "42";
        volatile Exception refusal;
        final AtomicInteger startPositionCalls = new AtomicInteger();
        final List<TriggerContext> started = new CopyOnWriteArrayList<>();
        final List<String> checkpointsAtStart = new CopyOnWriteArrayList<>();

        @Override
        public String type() {
            return HttpWebhookBinding.TYPE;
        }

        @Override
        public String startPosition(TriggerContext context) throws Exception {
            startPositionCalls.incrementAndGet();
            if (refusal != null) {
                throw refusal;
            }
            return startPosition;
        }

        @Override
        public AutoCloseable start(TriggerContext context) {
            started.add(context);
            checkpointsAtStart.add(context.checkpoints().get());
            return () -> {};
        }
    }

    private SubscriptionManager manager(TriggerBinding binding, BuiltInConnector connector) throws Exception {
        if (scheduler == null) {
            scheduler = new TriggerScheduler(TestConfig.with(Map.of()));
            folder = Files.createTempDirectory("start");
        }
        ConnectorEntry entry = new ConnectorEntry(
                connector.getService().name(),
                "1.0.0",
                ConnectorState.ACTIVE,
                null,
                connector.getService(),
                connector.getOperations(true),
                new BundleInfo(BUNDLE, "dev.switchboard.triggers", "1.0.0", "test"));
        SubscriptionManager manager = new SubscriptionManager(
                TestConfig.with(Map.of("fsync", false)),
                folder,
                () -> new CatalogSnapshot(1, List.of(entry)),
                null,
                scheduler.executor());
        managers.add(manager);
        manager.bindProvider(connector, Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
        manager.bindTriggerBinding(binding, Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
        return manager;
    }

    @After
    public void stop() {
        managers.forEach(SubscriptionManager::deactivate);
        if (scheduler != null) {
            scheduler.deactivate();
        }
    }

    private static Subscription subscribe(
            SubscriptionManager manager, String connector, String operation, JsonNode parameters) {
        return manager.create(new SubscriptionRequest(connector, null, operation, null, parameters, null));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue("timed out waiting for " + what, System.nanoTime() < deadline);
            Thread.sleep(10);
        }
    }

    @Test
    public void theStartIsStoredBeforeCreateReturnsAndARestartResumesFromItWithoutANewOne() throws Exception {
        FakeBinding binding = new FakeBinding();
        SubscriptionManager manager = manager(binding, new RequestConnector());
        Subscription created = subscribe(manager, "request", "manual", JsonNodeFactory.instance.objectNode());

        assertEquals(1, binding.startPositionCalls.get());
        assertNotNull("the API shows the start", created.start());
        assertEquals("42", created.start().path("checkpoint").asText());
        assertTrue(created.start().path("fixedAt").isTextual());
        assertEquals("stored as the first checkpoint", "42", created.checkpoint());
        assertEquals(List.of("42"), binding.checkpointsAtStart);

        // the restart: every store mutation is committed before it returns, so stopping loses nothing kill -9 would not
        managers.remove(manager);
        manager.deactivate();
        binding.startPosition = "99"; // what "now" would be at the restart: never asked
        SubscriptionManager restarted = manager(binding, new RequestConnector());
        await("the restarted binding", () -> binding.started.size() == 2);
        assertEquals(List.of("42", "42"), binding.checkpointsAtStart);
        assertEquals(1, binding.startPositionCalls.get());
        Subscription after = restarted.get(created.id()).orElseThrow();
        assertEquals("42", after.start().path("checkpoint").asText());
    }

    @Test
    public void aSourceThatCannotBeReadRefusesTheSubscriptionNamingTheCause() throws Exception {
        FakeBinding binding = new FakeBinding();
        binding.refusal = new ServiceOperationException(
                503, "DatabaseUnavailable", "The database could not be reached (SQLState 08001).");
        SubscriptionManager manager = manager(binding, new RequestConnector());
        try {
            subscribe(manager, "request", "manual", JsonNodeFactory.instance.objectNode());
            fail("refused");
        } catch (SubscriptionException e) {
            assertEquals(503, e.status());
            assertEquals("DatabaseUnavailable", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("could not be reached (SQLState 08001)"));
        }
        assertTrue("nothing was created", manager.list().isEmpty());
        assertTrue(binding.started.isEmpty());

        binding.refusal = new ServiceOperationException(404, "TableNotFound", "There is no table 'nope'.");
        try {
            subscribe(manager, "request", "manual", JsonNodeFactory.instance.objectNode());
            fail("refused");
        } catch (SubscriptionException e) {
            assertEquals(404, e.status());
            assertEquals("TableNotFound", e.code());
        }
        binding.refusal = new IllegalStateException("jdbc:postgresql://db/x?password=secret refused");
        try {
            subscribe(manager, "request", "manual", JsonNodeFactory.instance.objectNode());
            fail("refused");
        } catch (SubscriptionException e) {
            assertEquals(503, e.status());
            assertEquals("StartPositionUnavailable", e.code());
            assertTrue(
                    "no connection detail in " + e.getMessage(), !e.getMessage().contains("secret"));
        }
    }

    @Test
    public void aBindingThatCannotReadItsSourceShowsFailingWithTheReasonThenActiveAgain() throws Exception {
        FakeBinding binding = new FakeBinding();
        SubscriptionManager manager = manager(binding, new RequestConnector());
        String id = subscribe(manager, "request", "manual", JsonNodeFactory.instance.objectNode())
                .id();
        TriggerContext context = binding.started.get(0);
        assertEquals(SubscriptionState.ACTIVE, manager.get(id).orElseThrow().state());

        context.failing("The database could not be reached (SQLState 08001).");
        Subscription failing = manager.get(id).orElseThrow();
        assertEquals(SubscriptionState.FAILING, failing.state());
        assertEquals("The database could not be reached (SQLState 08001).", failing.reason());

        context.recovered();
        assertEquals(SubscriptionState.ACTIVE, manager.get(id).orElseThrow().state());
        assertNull(manager.get(id).orElseThrow().reason());

        manager.delete(id);
        context.failing("late report of a stopped binding"); // ignored
    }

    @Test
    public void aTimerStartsAtItsCreationSoTheOccurrenceWhileTheHostIsDownFires() throws Exception {
        Instant before = Instant.now();
        SubscriptionManager manager = manager(new TimerBinding(schedulerExecutor()), new ScheduleConnector());
        Subscription created = subscribe(
                manager,
                "schedule",
                "recurrence",
                JsonNodeFactory.instance.objectNode().put("frequency", "Second").put("interval", 2));
        Instant start = Instant.parse(created.start().path("checkpoint").asText());
        assertTrue(!start.isBefore(before) && !start.isAfter(Instant.now()));
        assertEquals(created.start().path("checkpoint").asText(), created.checkpoint());
        // down before the first occurrence (created + 2 s), up 3 s later
        managers.remove(manager);
        manager.deactivate();
        Thread.sleep(3000);
        SubscriptionManager restarted = manager(new TimerBinding(schedulerExecutor()), new ScheduleConnector());
        await(
                "the occurrence missed while down",
                () -> restarted.get(created.id()).orElseThrow().emitted() >= 1);
        TriggerStore.Batch first = restartedStore(restarted, created.id());
        String scheduled = first == null
                ? restarted.get(created.id()).orElseThrow().checkpoint()
                : first.events().get(0).path("scheduledTime").asText();
        assertEquals(
                "the first occurrence after the creation", start.plusSeconds(2).toString(), scheduled);
    }

    private java.util.concurrent.ScheduledExecutorService schedulerExecutor() throws Exception {
        if (scheduler == null) {
            scheduler = new TriggerScheduler(TestConfig.with(Map.of()));
            folder = Files.createTempDirectory("start");
        }
        return scheduler.executor();
    }

    private static TriggerStore.Batch restartedStore(SubscriptionManager manager, String id) {
        return manager.store().firstPending(id);
    }
}
