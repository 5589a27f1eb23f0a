package dev.switchboard.connector.sql.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.osgi.service.jdbc.DataSourceFactory;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;

/** Pools: one per connection, reused, bounded, closed with their connector or driver, no thread left behind. */
public class ConnectionPoolsTest {

    private static final String RUN =
            UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    private SqlConnector connector;

    @After
    public void stop() {
        if (connector != null) {
            connector.deactivate();
        }
    }

    private static ConnectionParameters h2(String db, Integer maxPoolSize) {
        Map<String, Object> values = new HashMap<>();
        values.put("connectionString", "jdbc:h2:mem:sb_pools_" + RUN + "_" + db + ";DB_CLOSE_DELAY=-1");
        values.put("username", "sa");
        values.put("maxPoolSize", maxPoolSize);
        return ConnectionParameters.of(values);
    }

    private JsonNode selectOne(ConnectionParameters connection) {
        try {
            return connector
                    .invokeOperation(
                            "executeQuery",
                            connection,
                            ServiceOperationRequest.of(
                                    JsonNodeFactory.instance.objectNode().put("query", "SELECT 1 AS one")))
                    .toCompletableFuture()
                    .join()
                    .body();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private ServiceOperationException failure(ConnectionParameters connection) {
        try {
            selectOne(connection);
        } catch (ServiceOperationException e) {
            return e;
        }
        throw new AssertionError("did not fail");
    }

    /** Live threads of the pool named {@code poolName} (Hikari names them after it), or of all ours for the prefix. */
    private static List<String> poolThreads(String poolName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(poolName)
                        && (n.length() == poolName.length()
                                || poolName.equals(ConnectionPools.POOL_NAME_PREFIX)
                                || !Character.isDigit(n.charAt(poolName.length()))))
                .toList();
    }

    /** Waits (a little) for Hikari's threads of pools named with {@code prefix} to end. */
    private static void assertNoThreads(String prefix) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!poolThreads(prefix).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), poolThreads(prefix));
    }

    @Test
    public void oneConnectionReusesOnePool() {
        connector = TestDatabase.connector(PoolSettings.DEFAULTS);
        selectOne(h2("a", null));
        List<String> first = connector.pools().poolNames();
        for (int i = 0; i < 20; i++) {
            assertEquals(
                    1, selectOne(h2("a", null)).at("/rows/0").elements().next().asInt());
        }
        assertEquals(first, connector.pools().poolNames());
        assertEquals(1, connector.pools().size());
        selectOne(h2("a", 3)); // another pool size is another pool
        selectOne(h2("b", null));
        assertEquals(3, connector.pools().size());
    }

    @Test
    public void concurrentCallsOnOneConnectionShareOnePool() throws Exception {
        connector = TestDatabase.connector(PoolSettings.DEFAULTS);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<JsonNode>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 80; i++) {
                results.add(threads.submit(() -> selectOne(h2("concurrent", 4))));
            }
            for (var r : results) {
                assertEquals(1, r.get().get("rowCount").asInt());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, connector.pools().size());
    }

    @Test
    public void closeConnectionClosesItsPoolAndThreads() throws Exception {
        connector = TestDatabase.connector(PoolSettings.DEFAULTS);
        selectOne(h2("c", null));
        String pool = connector.pools().poolNames().get(0);
        assertFalse(
                Thread.getAllStackTraces().keySet().toString(),
                poolThreads(pool).isEmpty());
        assertTrue(connector.closeConnection(h2("c", null)));
        assertFalse(connector.closeConnection(h2("c", null)));
        assertEquals(0, connector.pools().size());
        assertNoThreads(pool);
        selectOne(h2("c", null)); // opens a new one
        assertEquals(1, connector.pools().size());
    }

    @Test
    public void theLeastRecentlyUsedPoolIsClosedBeyondTheLimit() throws Exception {
        connector = TestDatabase.connector(new PoolSettings(2, 10_000, 60, 600_000));
        selectOne(h2("d1", null));
        String oldest = connector.pools().poolNames().get(0);
        selectOne(h2("d2", null));
        selectOne(h2("d1", null)); // d1 is now the most recently used
        selectOne(h2("d3", null));
        assertEquals(2, connector.pools().size());
        List<String> open = connector.pools().poolNames();
        assertTrue(open.toString(), open.contains(oldest));
        assertEquals(2, open.size());
    }

    @Test
    public void stoppingTheConnectorClosesEveryPoolAndLeavesNoThread() throws Exception {
        connector = TestDatabase.connector(PoolSettings.DEFAULTS);
        for (String db : List.of("e1", "e2", "e3")) {
            selectOne(h2(db, 2));
        }
        assertEquals(3, connector.pools().size());
        List<String> names = connector.pools().poolNames();
        connector.deactivate();
        for (String name : names) {
            assertNoThreads(name);
        }
        assertEquals(503, failure(h2("e1", 2)).getStatusCode());
        connector = null;
    }

    @Test
    public void aDriverGoingAwayClosesItsPools() throws Exception {
        connector = new SqlConnector(PoolSettings.DEFAULTS, TestDatabase.SCHEDULER);
        DataSourceFactory h2 = TestDatabase.factories().get("org.h2.Driver");
        Map<String, Object> props = Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "org.h2.Driver");
        connector.bindDataSourceFactory(h2, props);
        selectOne(h2("f", null));
        String pool = connector.pools().poolNames().get(0);
        connector.unbindDataSourceFactory(h2, props);
        assertEquals(0, connector.pools().size());
        assertNoThreads(pool);
        ServiceOperationException e = failure(h2("f", null));
        assertEquals(503, e.getStatusCode());
        assertEquals("DriverUnavailable", e.getCode());
        connector.bindDataSourceFactory(h2, props);
        selectOne(h2("f", null));
    }

    @Test
    public void anUnknownUrlIs400NamingThePrefixesNotTheUrl() {
        connector = TestDatabase.connector(PoolSettings.DEFAULTS);
        ServiceOperationException e = failure(
                ConnectionParameters.of(Map.of("connectionString", "jdbc:oracle:thin:scott/tiger-s3cret@db:1521/x")));
        assertEquals(400, e.getStatusCode());
        assertTrue(e.getMessage(), e.getMessage().contains("jdbc:h2:, jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:"));
        assertFalse(e.getMessage(), e.getMessage().contains("tiger"));
        assertEquals(0, connector.pools().size());
    }

    @Test
    public void anUnreachableDatabaseIs503WithoutUrlOrPassword() {
        connector = TestDatabase.connector(new PoolSettings(16, 2000, 60, 600_000));
        Map<String, Object> values = new HashMap<>();
        values.put("connectionString", "jdbc:postgresql://127.0.0.1:1/nowhere?password=url-s3cret");
        values.put("username", "someone");
        values.put("password", "param-s3cret");
        ServiceOperationException e = failure(ConnectionParameters.of(values));
        assertEquals(503, e.getStatusCode());
        for (String secret : List.of("url-s3cret", "param-s3cret", "127.0.0.1:1", "nowhere")) {
            assertFalse(e.getMessage(), e.getMessage().contains(secret));
        }
        assertEquals(0, connector.pools().size());
        assertNoLeftoverThreadsOfFailedPools();
    }

    private static void assertNoLeftoverThreadsOfFailedPools() {
        // a pool that failed to open shuts itself down; nothing of it may linger
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline
                && !poolThreads(ConnectionPools.POOL_NAME_PREFIX).isEmpty()) {
            Thread.onSpinWait();
        }
        assertEquals(List.of(), poolThreads(ConnectionPools.POOL_NAME_PREFIX));
    }

    @Test
    public void aRefusedLoginIs503WithoutThePassword() {
        TestDatabase maria = TestDatabase.mariadb();
        String reason = maria.unreachableReason();
        Assume.assumeTrue("MariaDB: " + reason, reason == null);
        connector = TestDatabase.connector(PoolSettings.DEFAULTS);
        Map<String, Object> values = new HashMap<>();
        values.put("connectionString", maria.url);
        values.put("username", "sb_nobody_" + RUN);
        values.put("password", "wrong-s3cret");
        ServiceOperationException e = failure(ConnectionParameters.of(values));
        assertEquals(503, e.getStatusCode());
        assertTrue(e.getMessage(), e.getMessage().contains("login"));
        assertFalse(e.getMessage(), e.getMessage().contains("wrong-s3cret"));
    }

    @Test
    public void badPoolSizesAndMissingUrlsAre400() {
        connector = TestDatabase.connector(PoolSettings.DEFAULTS);
        assertEquals(400, failure(h2("g", 0)).getStatusCode());
        assertEquals(400, failure(h2("g", 101)).getStatusCode());
        assertEquals(
                400, failure(ConnectionParameters.of(Map.of("username", "sa"))).getStatusCode());
        assertEquals(0, connector.pools().size());
    }

    @Test
    public void messagesAreScrubbedOfSecrets() {
        PoolKey key = new PoolKey("jdbc:postgresql://h/db?password=abc123", "u", "hunter2", 10);
        assertEquals(
                "bad *** and ***", SqlFailures.scrub("bad jdbc:postgresql://h/db?password=abc123 and hunter2", key));
        assertFalse(key.toString().contains("hunter2"));
        assertFalse(key.toString().contains("jdbc:"));
    }
}
