package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Cluster mode's nodes on the real launcher: two processes with {@code SWITCHBOARD_CLUSTER_URL} on a fresh PostgreSQL
 * schema start at once (one migrates, both join), see each other UP in {@code GET /api/cluster}; one killed with
 * {@code kill -9} is DOWN within the node timeout (5 s) plus a heartbeat; restarted on its home it is the same node.
 */
public class ClusterNodesE2EIT {

    private static final long NODE_TIMEOUT_MILLIS = 5000;

    private final String url = env("SWITCHBOARD_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private final String user = env("SWITCHBOARD_TEST_POSTGRES_USER", "postgres");
    private final String password = env("SWITCHBOARD_TEST_POSTGRES_PASSWORD", "");
    private final String schema =
            "sb_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<SwitchboardProcess> nodes = new ArrayList<>();

    @Before
    public void createSchema() throws SQLException {
        sql("CREATE SCHEMA " + schema);
    }

    @After
    public void stopAndDrop() throws SQLException {
        nodes.forEach(SwitchboardProcess::kill);
        sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Test
    public void twoNodesSeeEachOtherAndAKilledOneIsDownThenBackWithItsId() throws Exception {
        SwitchboardProcess a = node("cluster-a", Map.of("SWITCHBOARD_NODE_ID", "node-a"));
        SwitchboardProcess b = node("cluster-b", Map.of());
        a.environment(Map.of("SWITCHBOARD_NODE_URL", a.baseUrl()));
        // at once: both migrate the fresh schema, one waits for the other's lock
        CompletableFuture<SwitchboardProcess> startA = CompletableFuture.supplyAsync(() -> start(a));
        CompletableFuture<SwitchboardProcess> startB = CompletableFuture.supplyAsync(() -> start(b));
        startA.get();
        startB.get();
        String bId = Files.readString(b.home().resolve("data/cluster/node.id"), StandardCharsets.UTF_8)
                .trim();

        JsonNode cluster = Await.until(
                "both nodes UP", Duration.ofSeconds(10), () -> a.getJson("/api/cluster"), c -> up(c).size() == 2);
        assertEquals("node-a", cluster.path("self").asText());
        assertEquals("cluster", cluster.path("mode").asText());
        assertEquals("UP", cluster.path("database").asText());
        JsonNode nodeA = SwitchboardProcess.find(cluster.path("nodes"), "id", "node-a");
        assertEquals(a.baseUrl(), nodeA.path("url").asText());
        JsonNode nodeB = SwitchboardProcess.find(cluster.path("nodes"), "id", bId);
        assertTrue(nodeB.toString(), nodeB.path("url").asText().endsWith(":" + b.port()));
        for (String field : List.of("lastHeartbeat", "subscriptions", "catalogRevision", "deployments")) {
            assertTrue(field + " in " + nodeB, nodeB.has(field));
        }
        assertEquals(bId, b.getJson("/api/cluster").path("self").asText());
        assertEquals(200, a.getAnonymous("/api/health/ready").statusCode());

        long killed = System.nanoTime();
        b.kill();
        Await.until(
                "node " + bId + " DOWN",
                Duration.ofMillis(NODE_TIMEOUT_MILLIS + 3000),
                () -> a.getJson("/api/cluster"),
                c -> "DOWN".equals(state(c, bId)));
        long downAfter = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("ClusterNodesE2EIT: a killed node was DOWN after " + downAfter + " ms");
        assertTrue("DOWN after " + downAfter + " ms", downAfter >= NODE_TIMEOUT_MILLIS - 1500);

        b.start();
        assertEquals(bId, b.getJson("/api/cluster").path("self").asText());
        JsonNode again = Await.until(
                "node " + bId + " UP again",
                Duration.ofSeconds(5),
                () -> a.getJson("/api/cluster"),
                c -> "UP".equals(state(c, bId)));
        assertEquals(2, again.path("nodes").size());
    }

    private SwitchboardProcess node(String name, Map<String, String> extra) throws Exception {
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("SWITCHBOARD_CLUSTER_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        environment.put("SWITCHBOARD_CLUSTER_USER", user);
        environment.put("SWITCHBOARD_CLUSTER_PASSWORD", password);
        SwitchboardProcess node = SwitchboardProcess.create(name).environment(environment);
        nodes.add(node);
        return node;
    }

    private static SwitchboardProcess start(SwitchboardProcess node) {
        try {
            return node.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> up(JsonNode cluster) {
        List<String> up = new ArrayList<>();
        cluster.path("nodes").forEach(n -> {
            if ("UP".equals(n.path("state").asText())) {
                up.add(n.path("id").asText());
            }
        });
        return up;
    }

    private static String state(JsonNode cluster, String id) {
        JsonNode node = SwitchboardProcess.find(cluster.path("nodes"), "id", id);
        return node == null ? null : node.path("state").asText();
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
