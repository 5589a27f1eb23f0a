package dev.switchboard.cluster.internal.node;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.cluster.api.ClusterMembership;
import dev.switchboard.cluster.api.ClusterNode;
import dev.switchboard.cluster.api.NodeState;
import dev.switchboard.cluster.internal.replication.ReplicationStatus;
import dev.switchboard.cluster.internal.schema.TestDatabase;

/** Nodes in one JVM against a PostgreSQL schema of their own: joining, heartbeats, DOWN after the timeout. */
public class HeartbeatTest {

    private static final long HEARTBEAT = 100;
    private static final long TIMEOUT = 600;

    private TestDatabase db;
    private final List<Heartbeat> started = new ArrayList<>();
    private final Map<String, ClusterMembership> joined = new ConcurrentHashMap<>();
    private final Map<String, ScheduledExecutorService> schedulers = new ConcurrentHashMap<>();

    @Before
    public void setUp() throws SQLException {
        db = TestDatabase.create();
    }

    @After
    public void tearDown() throws SQLException {
        started.forEach(Heartbeat::stop);
        db.drop();
    }

    @Test
    public void twoNodesSeeEachOtherUp() throws Exception {
        start("a", db.dataSource());
        start("b", db.dataSource());
        await(() -> joined.size() == 2, 5000);
        await(() -> up(joined.get("a")).equals(List.of("a", "b")), 3000);
        assertEquals(List.of("a", "b"), joined.get("b").liveNodes());
        ClusterNode b = joined.get("a").nodes().get(1);
        assertEquals("http://b.example:8080", b.url());
        assertTrue(b.lastHeartbeat() != null);
    }

    @Test
    public void aNodeThatStopsBeatingIsDownAfterTheNodeTimeout() throws Exception {
        start("a", db.dataSource());
        start("b", db.dataSource());
        await(() -> joined.size() == 2 && up(joined.get("a")).size() == 2, 5000);
        long killed = System.nanoTime();
        schedulers.get("b").shutdownNow(); // as kill -9: no clean stop, the row stays
        await(() -> up(joined.get("a")).equals(List.of("a")), TIMEOUT + 2000);
        long millis = (System.nanoTime() - killed) / 1_000_000;
        assertTrue("DOWN after " + millis + " ms", millis >= TIMEOUT - HEARTBEAT - 50);
        assertEquals(NodeState.DOWN, joined.get("a").nodes().get(1).state());
        assertEquals(List.of("a"), joined.get("a").liveNodes());
    }

    @Test
    public void aCleanStopIsDownAtOnce() throws Exception {
        start("a", db.dataSource());
        Heartbeat b = start("b", db.dataSource());
        await(() -> joined.size() == 2 && up(joined.get("a")).size() == 2, 5000);
        b.stop();
        assertEquals(List.of("a"), up(joined.get("a")));
    }

    @Test
    public void nodesStartingTogetherAllJoinOnce() throws Exception {
        for (int i = 0; i < 4; i++) {
            start("n" + i, db.dataSource());
        }
        await(() -> joined.size() == 4, 10_000);
        await(() -> up(joined.get("n0")).size() == 4, 3000);
        assertEquals(4, joined.get("n3").nodes().size());
    }

    @Test
    public void anUnreachableDatabaseIsNamedAndRetried() throws Exception {
        FlakyDataSource flaky = new FlakyDataSource(db.dataSource(), Integer.MAX_VALUE);
        Heartbeat a = start("a", flaky);
        await(() -> flaky.attempts.get() >= 3, 5000);
        Heartbeat.Status status = a.status();
        assertFalse(status.joined());
        assertFalse(status.reachable());
        assertTrue(status.problem(), status.problem().contains("the cluster database db.example:5432/cluster"));
        assertTrue(joined.isEmpty());
        assertFalse(new ClusterReadiness(a, () -> null, "a").execute().isOk());

        flaky.failuresLeft.set(0); // the database is back
        await(() -> joined.containsKey("a"), Heartbeat.MAX_BACKOFF_MILLIS + 3000);
        assertTrue(a.status().reachable());
        assertTrue(new ClusterReadiness(a, () -> null, "a").execute().isOk());
        assertEquals(List.of("a"), joined.get("a").liveNodes());
    }

    @Test
    public void aJoinedNodeIsReadyOnlyOnceReplicationHasConverged() throws Exception {
        Heartbeat a = start("a", db.dataSource());
        await(() -> joined.containsKey("a"), 5000);
        AtomicBoolean converged = new AtomicBoolean(false);
        ReplicationStatus replication = new ReplicationStatus() {
            @Override
            public long appliedRevision() {
                return 7;
            }

            @Override
            public int deployments() {
                return 3;
            }

            @Override
            public boolean converged() {
                return converged.get();
            }
        };
        ClusterReadiness readiness = new ClusterReadiness(a, () -> replication, "a");
        assertFalse(readiness.execute().isOk());
        assertTrue(
                readiness.execute().toString(), readiness.execute().toString().contains("catching up"));
        converged.set(true);
        assertTrue(readiness.execute().isOk());
    }

    @Test
    public void aNodeCutOffFromTheDatabaseLeavesItselfOutOfTheLiveNodes() throws Exception {
        FlakyDataSource flaky = new FlakyDataSource(db.dataSource(), 0);
        start("a", flaky);
        await(() -> joined.containsKey("a"), 5000);
        ClusterMembership a = joined.get("a");
        assertEquals(List.of("a"), a.liveNodes());
        flaky.failuresLeft.set(Integer.MAX_VALUE);
        await(() -> a.databaseProblem().isPresent(), 3000);
        assertTrue(a.databaseProblem().get().contains("unreachable"));
        await(() -> a.liveNodes().isEmpty(), TIMEOUT + 2000);
        assertEquals(1, a.nodes().size()); // the last view it read
    }

    @Test
    public void aHeartbeatThatHangsCountsAsUnreachableAfterThreePeriodsAndLiveUntilTheTimeout() throws Exception {
        FlakyDataSource flaky = new FlakyDataSource(db.dataSource(), 0);
        Heartbeat a = start("a", flaky);
        await(() -> joined.containsKey("a"), 5000);
        assertTrue(new ClusterReadiness(a, () -> null, "a").execute().isOk());
        long hung = System.nanoTime();
        flaky.hang.set(true); // packets dropped: the attempt neither succeeds nor fails
        await(() -> !a.status().reachable(), 2000);
        long millis = (System.nanoTime() - hung) / 1_000_000;
        assertTrue("unreachable after " + millis + " ms", millis >= (Heartbeat.STALE_BEATS - 1) * HEARTBEAT);
        assertTrue(a.status().problem(), a.status().problem().contains("no heartbeat written for"));
        assertFalse(new ClusterReadiness(a, () -> null, "a").execute().isOk());
        assertTrue(joined.get("a").databaseProblem().isPresent());
        await(() -> joined.get("a").liveNodes().isEmpty(), TIMEOUT + 2000); // fenced, though nothing failed

        flaky.hang.set(false);
        await(() -> a.status().reachable(), 3000);
        await(() -> joined.get("a").liveNodes().equals(List.of("a")), 3000);
    }

    private Heartbeat start(String id, DataSource dataSource) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        schedulers.put(id, scheduler);
        Heartbeat heartbeat = new Heartbeat(
                dataSource,
                "db.example:5432/cluster",
                id,
                "http://" + id + ".example:8080",
                HEARTBEAT,
                TIMEOUT,
                () -> null,
                m -> joined.put(id, m),
                scheduler);
        started.add(heartbeat);
        heartbeat.start();
        return heartbeat;
    }

    private static List<String> up(ClusterMembership membership) {
        return membership.nodes().stream()
                .filter(n -> n.state() == NodeState.UP)
                .map(ClusterNode::id)
                .collect(Collectors.toList());
    }

    private static void await(BooleanSupplier condition, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("condition not met within " + millis + " ms");
            }
            Thread.sleep(20);
        }
    }

    /** A database that cannot be reached while {@code failuresLeft} is positive. */
    private static final class FlakyDataSource implements DataSource {
        private final DataSource delegate;
        final AtomicInteger failuresLeft;
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicBoolean hang = new AtomicBoolean();

        FlakyDataSource(DataSource delegate, int failures) {
            this.delegate = delegate;
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public Connection getConnection() throws SQLException {
            attempts.incrementAndGet();
            while (hang.get()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted", e);
                }
            }
            if (failuresLeft.get() > 0) {
                throw new SQLException("Connection to db.example:5432 refused");
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
