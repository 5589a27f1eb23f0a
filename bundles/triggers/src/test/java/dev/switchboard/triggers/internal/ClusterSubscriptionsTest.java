package dev.switchboard.triggers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

import dev.switchboard.cluster.api.ClusterMembership;
import dev.switchboard.cluster.api.ClusterNode;
import dev.switchboard.cluster.api.NodeState;
import dev.switchboard.cluster.internal.schema.ClusterSchema;
import dev.switchboard.cluster.internal.schema.TestDatabase;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.triggers.api.EventListener;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.SubscriptionState;

/**
 * Two nodes in cluster mode on one PostgreSQL schema, each a subscription manager on the cluster store with a fake
 * {@link ClusterMembership} the test sets (the cluster bundle's real one is tested there): ownership, refresh of what
 * the other node created or deleted, hooks posted to a node that does not run the subscription, event streams only on
 * the owner, failover when a node stops heartbeating, and 503 before the membership is there.
 */
class ClusterSubscriptionsTest {

    private static final long BUNDLE = 7;
    private static final int SUBSCRIPTIONS = 10;

    private TestDatabase database;
    private HikariDataSource pool;
    private HttpServer receiver;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> live = new CopyOnWriteArrayList<>(List.of("a", "b"));
    private final List<TriggerScheduler> schedulers = new ArrayList<>();
    private final List<SubscriptionManager> managers = new ArrayList<>();

    private record FakeMembership(String self, List<String> live, DataSource dataSource) implements ClusterMembership {

        @Override
        public List<ClusterNode> nodes() {
            return List.of("a", "b").stream()
                    .map(id -> new ClusterNode(
                            id,
                            "http://node-" + id + ":8080",
                            live.contains(id) ? NodeState.UP : NodeState.DOWN,
                            null,
                            0,
                            0,
                            0))
                    .toList();
        }

        @Override
        public List<String> liveNodes() {
            return List.copyOf(live);
        }

        @Override
        public long heartbeatMillis() {
            return 1000;
        }

        @Override
        public long nodeTimeoutMillis() {
            return 5000;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabase.create();
        pool = TestPool.of(database);
        ClusterSchema.migrate(pool);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        managers.forEach(SubscriptionManager::deactivate);
        schedulers.forEach(TriggerScheduler::deactivate);
        receiver.stop(0);
        pool.close();
        database.drop();
    }

    private SubscriptionManager node(String id) {
        TriggerScheduler scheduler = new TriggerScheduler(TestConfig.with(Map.of()));
        schedulers.add(scheduler);
        RequestConnector connector = new RequestConnector();
        ConnectorEntry entry = new ConnectorEntry(
                connector.getService().name(),
                "1.0.0",
                ConnectorState.ACTIVE,
                null,
                connector.getService(),
                connector.getOperations(true),
                new BundleInfo(BUNDLE, "dev.switchboard.triggers", "1.0.0", "test"));
        TriggersConfiguration config = TestConfig.with(Map.of());
        SubscriptionManager manager = new SubscriptionManager(
                config,
                new PostgresTriggerStore(pool, id, StoreLimits.of(config)),
                new FakeMembership(id, live, pool),
                () -> new CatalogSnapshot(1, List.of(entry)),
                null,
                scheduler.executor(),
                DeliveryObservers.NONE);
        managers.add(manager);
        manager.bindProvider(connector, Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
        manager.bindTriggerBinding(new HttpWebhookBinding(), Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
        return manager;
    }

    private Subscription subscribe(SubscriptionManager manager) {
        return manager.create(new SubscriptionRequest(
                "request",
                null,
                "manual",
                null,
                JsonNodeFactory.instance.objectNode(),
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    private static boolean allActiveWithAnOwner(SubscriptionManager manager, int count) {
        List<Subscription> all = manager.list();
        return all.size() == count
                && all.stream().allMatch(s -> s.owner() != null && s.state() == SubscriptionState.ACTIVE);
    }

    @Test
    void eachSubscriptionRunsOnOneNodeAndEveryNodeAcceptsItsHooks() throws Exception {
        SubscriptionManager a = node("a");
        SubscriptionManager b = node("b");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            ids.add(subscribe(a).id());
        }
        await("every subscription ACTIVE with an owner on a", () -> allActiveWithAnOwner(a, SUBSCRIPTIONS));
        await("and as seen from b", () -> allActiveWithAnOwner(b, SUBSCRIPTIONS));
        long onA = a.list().stream().filter(s -> "a".equals(s.owner())).count();
        assertTrue(onA > 0 && onA < SUBSCRIPTIONS, "spread over both nodes: " + onA + " on a");
        for (Subscription s : a.list()) {
            assertEquals(s.owner(), b.get(s.id()).orElseThrow().owner(), "both nodes agree on " + s.id());
        }

        // a hook posted to each node for each subscription: stored, and delivered by its owner
        String token = a.store().subscriptions().get(ids.get(0)).token();
        assertNotNull(token);
        for (String id : ids) {
            String secret = a.store().subscriptions().get(id).token();
            a.acceptHook(id, secret, JsonNodeFactory.instance.objectNode().put("via", "a"))
                    .toCompletableFuture()
                    .join();
            b.acceptHook(id, secret, JsonNodeFactory.instance.objectNode().put("via", "b"))
                    .toCompletableFuture()
                    .join();
        }
        await("every hook delivered", () -> received.size() == 2 * SUBSCRIPTIONS);
        assertThrows(SubscriptionException.class, () -> b.acceptHook(ids.get(0), "wrong", null));

        // an event stream is served by the owner only; elsewhere the error names the owner and its URL
        Subscription first = a.get(ids.get(0)).orElseThrow();
        SubscriptionManager owner = "a".equals(first.owner()) ? a : b;
        SubscriptionManager other = owner == a ? b : a;
        EventListener listener = (sequence, envelope) -> true;
        SubscriptionException elsewhere =
                assertThrows(SubscriptionException.class, () -> other.listen(first.id(), listener));
        assertEquals(409, elsewhere.status());
        assertEquals("StreamOnOwner", elsewhere.code());
        assertTrue(elsewhere.getMessage().contains("http://node-" + first.owner() + ":8080"), elsewhere.getMessage());
        owner.listen(first.id(), listener).close();

        // deleted on one node: gone from the other within a pass
        assertTrue(b.delete(ids.get(1)));
        await("the deletion seen on a", () -> a.get(ids.get(1)).isEmpty());
    }

    @Test
    void whenANodeStopsHeartbeatingTheOtherRunsItsSubscriptions() throws Exception {
        SubscriptionManager a = node("a");
        node("b");
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            subscribe(a);
        }
        await("every subscription ACTIVE with an owner", () -> allActiveWithAnOwner(a, SUBSCRIPTIONS));
        List<String> ofB = a.list().stream()
                .filter(s -> "b".equals(s.owner()))
                .map(Subscription::id)
                .toList();
        assertFalse(ofB.isEmpty());
        // b is killed: its scheduler stops, and after the node timeout a no longer sees it live
        schedulers.get(1).deactivate();
        live.remove("b");
        long since = System.nanoTime();
        await(
                "a runs all",
                () -> a.list().stream().allMatch(s -> "a".equals(s.owner()) && s.state() == SubscriptionState.ACTIVE));
        assertTrue(Duration.ofNanos(System.nanoTime() - since).toMillis() < 3000, "taken over within a pass or two");
        for (String id : ofB) {
            a.acceptHook(id, a.store().subscriptions().get(id).token(), JsonNodeFactory.instance.objectNode())
                    .toCompletableFuture()
                    .join();
        }
        await("b's subscriptions delivered by a", () -> received.size() == ofB.size());
    }

    @Test
    void withoutTheClusterDatabaseTheApiAnswers503AndNothingRuns() {
        TriggerScheduler scheduler = new TriggerScheduler(TestConfig.with(Map.of()));
        schedulers.add(scheduler);
        ClusterSubscriptions subscriptions = new ClusterSubscriptions(
                TestConfig.with(Map.of()),
                () -> new CatalogSnapshot(1, List.of()),
                null,
                scheduler,
                DeliveryObservers.NONE);
        SubscriptionException refused = assertThrows(SubscriptionException.class, subscriptions::list);
        assertEquals(503, refused.status());
        assertEquals("ClusterUnavailable", refused.code());
        assertFalse(subscriptions.reconciledSince(0));
        assertEquals("the cluster database is not joined yet", subscriptions.storeProblem());
        assertEquals(
                503,
                assertThrows(SubscriptionException.class, () -> subscriptions.get("x"))
                        .status());
    }

    @Test
    void whileTheClusterDatabaseIsAwayTheApiAnswers503NotA500() {
        TriggerScheduler scheduler = new TriggerScheduler(TestConfig.with(Map.of()));
        schedulers.add(scheduler);
        RequestConnector connector = new RequestConnector();
        ConnectorEntry entry = new ConnectorEntry(
                connector.getService().name(),
                "1.0.0",
                ConnectorState.ACTIVE,
                null,
                connector.getService(),
                connector.getOperations(true),
                new BundleInfo(BUNDLE, "dev.switchboard.triggers", "1.0.0", "test"));
        ClusterSubscriptions subscriptions = new ClusterSubscriptions(
                TestConfig.with(Map.of()),
                () -> new CatalogSnapshot(1, List.of(entry)),
                null,
                scheduler,
                DeliveryObservers.NONE);
        subscriptions.bindProvider(connector, Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
        subscriptions.bindTriggerBinding(new HttpWebhookBinding(), Map.of(Constants.SERVICE_BUNDLEID, BUNDLE));
        HikariDataSource away = TestPool.of(database);
        try {
            subscriptions.bindMembership(new FakeMembership("a", live, away));
            assertEquals(List.of(), subscriptions.list());
            away.close(); // every connection refused from now on, as while PostgreSQL is down
            SubscriptionException refused = assertThrows(
                    SubscriptionException.class,
                    () -> subscriptions.create(new SubscriptionRequest(
                            "request",
                            null,
                            "manual",
                            null,
                            JsonNodeFactory.instance.objectNode(),
                            "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")));
            assertEquals(503, refused.status());
            assertEquals("ClusterUnavailable", refused.code());
            assertTrue(refused.getMessage().contains("cluster database cannot be reached"), refused.getMessage());
        } finally {
            subscriptions.deactivate();
            away.close();
        }
    }
}
