package dev.switchboard.triggers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.cluster.api.ClusterMembership;
import dev.switchboard.cluster.api.ClusterNode;
import dev.switchboard.cluster.internal.schema.ClusterSchema;
import dev.switchboard.cluster.internal.schema.TestDatabase;

/** Leases on PostgreSQL between three nodes whose memberships are fakes the test sets. */
class SubscriptionLeasesTest {

    private static final int SUBSCRIPTIONS = 60;

    private TestDatabase database;
    private HikariDataSource pool;
    private final List<String> live = new CopyOnWriteArrayList<>(List.of("a", "b", "c"));
    private final Map<String, Node> nodes = new HashMap<>();

    /** One node: its store, its leases and the runs it has started. */
    private final class Node implements SubscriptionLeases.Runs {
        final PostgresTriggerStore store;
        final SubscriptionLeases leases;
        final Set<String> running = ConcurrentHashMap.newKeySet();
        final List<String> live;

        Node(String id, DataSource dataSource, List<String> live) {
            this.live = live;
            store = new PostgresTriggerStore(dataSource, id, StoreLimits.UNBOUNDED);
            leases = new SubscriptionLeases(new FakeMembership(id, live, dataSource), store, this);
        }

        @Override
        public void acquired(String id) {
            assertTrue(running.add(id), id + " started twice");
        }

        @Override
        public void lost(String id, String reason) {
            running.remove(id);
        }
    }

    private record FakeMembership(String self, List<String> live, DataSource dataSource) implements ClusterMembership {

        @Override
        public List<ClusterNode> nodes() {
            return List.of();
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
    void cluster() throws Exception {
        database = TestDatabase.create();
        pool = TestPool.of(database);
        ClusterSchema.migrate(pool);
        for (String id : List.of("a", "b", "c")) {
            nodes.put(id, new Node(id, pool, live));
        }
        PostgresTriggerStore any = nodes.get("a").store;
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            any.saveSubscription(TriggerStoreContract.record("s" + i), "0");
        }
    }

    @AfterEach
    void drop() throws Exception {
        pool.close();
        database.drop();
    }

    private void passAll() {
        for (Node node : nodes.values()) {
            if (node.live.contains(node.leases.self())) {
                node.leases.pass();
            }
        }
    }

    private Map<String, Integer> owners() {
        Map<String, Integer> counts = new HashMap<>();
        for (var lease : nodes.get("a").leases.pass()) {
            counts.merge(String.valueOf(lease.owner()), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void subscriptionsSpreadEvenlyAndEachRunsOnExactlyOneNode() {
        passAll();
        passAll();
        int total = 0;
        for (Node node : nodes.values()) {
            int n = node.running.size();
            assertEquals(SUBSCRIPTIONS / 3, n, node.leases.self() + " runs " + n + " of " + SUBSCRIPTIONS);
            total += n;
        }
        assertEquals(SUBSCRIPTIONS, total, "each subscription runs once");
        assertEquals(
                Map.of(
                        "a",
                        nodes.get("a").running.size(),
                        "b",
                        nodes.get("b").running.size(),
                        "c",
                        nodes.get("c").running.size()),
                owners());
    }

    @Test
    void aDownNodesSubscriptionsMoveToTheOthersAndComeBackWhenItJoins() {
        passAll();
        List<String> ofC = new ArrayList<>(nodes.get("c").running);
        assertTrue(!ofC.isEmpty());
        // c stops heartbeating (kill -9): the others see it DOWN; c itself does not run a pass any more
        live.remove("c");
        passAll();
        assertEquals(
                SUBSCRIPTIONS,
                nodes.get("a").running.size() + nodes.get("b").running.size());
        for (String id : ofC) {
            assertTrue(
                    nodes.get("a").running.contains(id)
                            || nodes.get("b").running.contains(id),
                    id);
            assertEquals(2, epoch(id), "claimed twice: by c, then by its new owner");
        }
        Set<String> ofABefore = Set.copyOf(nodes.get("a").running);
        Set<String> ofBBefore = Set.copyOf(nodes.get("b").running);
        // c comes back (a restart: it holds no lease): a and b release its share, c claims it on its next pass
        Node restarted = new Node("c", pool, live);
        nodes.put("c", restarted);
        live.add("c");
        passAll();
        passAll();
        assertEquals(SUBSCRIPTIONS / 3, restarted.running.size(), "c runs its share again");
        assertTrue(ofABefore.containsAll(nodes.get("a").running), "nothing moved from b to a");
        assertTrue(ofBBefore.containsAll(nodes.get("b").running), "nothing moved from a to b");
        assertEquals(
                SUBSCRIPTIONS,
                nodes.get("a").running.size() + nodes.get("b").running.size() + restarted.running.size());
    }

    @Test
    void aStaleOwnersFencedWritesAreRefused() {
        passAll();
        Node c = nodes.get("c");
        String id = c.running.iterator().next();
        long sequence = c.store.append(id, TriggerStoreContract.bytes(10));
        c.store.stageCheckpoint(id, "7");
        assertEquals("0", c.store.checkpoint(id));
        // c is partitioned away but still believes it owns id; a claims it after the node timeout
        live.remove("c");
        nodes.get("a").leases.pass();
        nodes.get("b").leases.pass();
        assertThrows(LeaseLostException.class, () -> c.store.delivered(id, sequence));
        assertThrows(LeaseLostException.class, () -> c.store.stageCheckpoint(id, "8"));
        assertThrows(LeaseLostException.class, () -> c.store.retryLater(id, sequence, 1, 0, "HTTP 500"));
        assertThrows(LeaseLostException.class, () -> c.store.deadLetter(id, sequence, 1, "HTTP 500"));
        assertEquals(1, c.store.pendingCount(id), "the batch is still pending for the new owner");
        assertEquals("7", c.store.resumePosition(id), "nothing staged by the stale owner");
        // its own next pass: c is not live in its own view, so it fences itself and stops everything
        c.leases.pass();
        assertTrue(c.running.isEmpty());
        assertTrue(c.leases.fenced().contains("heartbeat is stale"), c.leases.fenced());
        // the new owner's writes go through
        Node owner = nodes.get("a").running.contains(id) ? nodes.get("a") : nodes.get("b");
        owner.store.delivered(id, sequence);
        assertEquals("7", owner.store.checkpoint(id));
    }

    @Test
    void aDeletedSubscriptionStopsOnItsOwner() {
        passAll();
        Node a = nodes.get("a");
        String id = a.running.iterator().next();
        nodes.get("b").store.deleteSubscription(id);
        a.leases.pass();
        assertTrue(!a.running.contains(id));
        assertNull(a.store.lease(id));
    }

    @Test
    void subscriptionsSpreadEvenlyTheSameOnEveryNodeAndOnlyWhatMustMoveMoves() {
        for (int n : new int[] {1, 2, 5, 6, 7, 100, 3000}) {
            Map<String, String> unowned = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                unowned.put("sub-" + i, null);
            }
            Map<String, String> three = SubscriptionLeases.assign(unowned, List.of("a", "b", "c"));
            assertEquals(three, SubscriptionLeases.assign(unowned, List.of("c", "b", "a")), "order does not matter");
            assertEquals(unowned.keySet(), three.keySet(), "every subscription has a node");
            assertSpread(three, 3, n);
            // c dies: only c's subscriptions move, and the two others are even again
            Map<String, String> two = SubscriptionLeases.assign(three, List.of("a", "b"));
            assertSpread(two, 2, n);
            for (String id : unowned.keySet()) {
                if (!"c".equals(three.get(id))) {
                    assertEquals(three.get(id), two.get(id), n + ": " + id + " stays on its live owner");
                }
            }
            // c joins again: it takes its share from a and b, nothing moves between a and b
            Map<String, String> back = SubscriptionLeases.assign(two, List.of("a", "b", "c"));
            assertSpread(back, 3, n);
            for (String id : unowned.keySet()) {
                if (!"c".equals(back.get(id))) {
                    assertEquals(two.get(id), back.get(id), n + ": " + id + " moves to c or not at all");
                }
            }
            assertEquals(back, SubscriptionLeases.assign(back, List.of("b", "c", "a")), "stable once assigned");
        }
    }

    private static void assertSpread(Map<String, String> assignment, int nodes, int n) {
        Map<String, Long> counts =
                assignment.values().stream().collect(Collectors.groupingBy(node -> node, Collectors.counting()));
        long min = n < nodes
                ? 0
                : counts.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        assertTrue(max - min <= 1, n + " subscriptions over " + nodes + " nodes: " + counts);
    }

    private long epoch(String id) {
        return nodes.get("a").leases.pass().stream()
                .filter(l -> l.id().equals(id))
                .findFirst()
                .orElseThrow()
                .epoch();
    }
}
