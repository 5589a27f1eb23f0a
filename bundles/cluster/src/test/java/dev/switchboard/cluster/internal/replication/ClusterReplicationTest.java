package dev.switchboard.cluster.internal.replication;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

import dev.switchboard.cluster.api.ClusterMembership;
import dev.switchboard.cluster.api.ClusterNode;
import dev.switchboard.cluster.internal.schema.ClusterSchema;
import dev.switchboard.cluster.internal.schema.TestDatabase;
import dev.switchboard.crypto.api.SecretCipher;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentInventory;

/**
 * The component as DS runs it, on its own thread at the default 500 ms, two nodes on one PostgreSQL schema. The test
 * data source opens a connection per statement (about 150 ms each on a loaded machine), where a node uses a pool:
 * the times measured here are an upper bound.
 */
public class ClusterReplicationTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private TestDatabase db;
    private final List<ClusterReplication> started = new ArrayList<>();

    @Before
    public void setUp() throws SQLException {
        db = TestDatabase.create();
        ClusterSchema.migrate(db.dataSource());
    }

    @After
    public void tearDown() throws Exception {
        for (ClusterReplication node : started) {
            node.deactivate();
        }
        db.drop();
    }

    @Test
    public void aJarAndAConnectionReachTheOtherNodeWithinTwoSecondsAndBothConverge() throws Exception {
        Path homeA = temp.newFolder("a").toPath();
        Path homeB = temp.newFolder("b").toPath();
        FakeConfigurationAdmin adminA = new FakeConfigurationAdmin();
        FakeConfigurationAdmin adminB = new FakeConfigurationAdmin();
        ClusterReplication a = node("a", homeA, adminA, "key");
        ClusterReplication b = node("b", homeB, adminB, "key");
        await("both converged", 10_000, () -> a.converged() && b.converged());

        byte[] jar = "a connector bundle".getBytes(StandardCharsets.UTF_8);
        long dropped = System.nanoTime();
        Files.write(homeA.resolve("deploy").resolve("greeter.jar"), jar);
        adminA.put("dev.switchboard.connection~db", Map.of("connector", "sql", "password", "{aes-gcm}AAAA"));
        Path onB = homeB.resolve("deploy").resolve("greeter.jar");
        await("greeter.jar on b", 2_000, () -> Files.exists(onB));
        long jarMillis = (System.nanoTime() - dropped) / 1_000_000;
        await("the connection on b", 2_000, () -> adminB.properties("dev.switchboard.connection~db") != null);
        long millis = (System.nanoTime() - dropped) / 1_000_000;
        System.out.println("greeter.jar replicated to b in " + jarMillis + " ms");
        assertArrayEquals(jar, Files.readAllBytes(onB));
        assertEquals(
                "{aes-gcm}AAAA",
                adminB.properties("dev.switchboard.connection~db").get("password"));
        assertTrue("took " + millis + " ms", millis < 2_000);
        System.out.println("greeter.jar and connection db replicated to b in " + millis + " ms");
        await("same revision", 2_000, () -> a.appliedRevision() == b.appliedRevision());
        assertEquals(1, b.deployments());
        assertTrue(Files.isRegularFile(homeB.resolve("data").resolve("cluster").resolve("deployments.synced")));
    }

    @Test
    public void aNodeWithAnotherEncryptionKeyAppliesNoConfigurationButDoesNotHoldReadinessUp() throws Exception {
        FakeConfigurationAdmin adminA = new FakeConfigurationAdmin();
        adminA.put("dev.switchboard.connection~db", Map.of("connector", "sql"));
        ClusterReplication a = node("a", temp.newFolder("a").toPath(), adminA, "key");
        await("a converged", 10_000, a::converged);
        FakeConfigurationAdmin adminB = new FakeConfigurationAdmin();
        ClusterReplication b = node("b", temp.newFolder("b").toPath(), adminB, "another key");
        // ready (it serves the cluster's deployments), the key problem logged at ERROR
        await("b converged on what it can apply", 10_000, b::converged);
        Thread.sleep(1_000);
        assertNull(adminB.properties("dev.switchboard.connection~db"));
    }

    private ClusterReplication node(String id, Path home, FakeConfigurationAdmin admin, String key) throws Exception {
        Files.createDirectories(home.resolve("deploy"));
        Map<String, String> properties = Map.of(
                "switchboard.home", home.toString(),
                "felix.fileinstall.dir", home.resolve("deploy").toString());
        BundleContext context = (BundleContext) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> method.getName().equals("getProperty") ? properties.get(args[0]) : null);
        ReplicationConfiguration config = (ReplicationConfiguration) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ReplicationConfiguration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "sync_ms" -> 500L; // the default
                    case "max_file_bytes" -> 1024L * 1024;
                    case "local_pids" -> new String[0];
                    default -> null;
                });
        ClusterReplication node = new ClusterReplication(
                context, config, new Membership(id, db.dataSource()), admin, new KeyedCipher(key));
        node.bindInventory(new NothingPending(home.resolve("deploy")));
        started.add(node);
        return node;
    }

    private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }

    private record Membership(String self, DataSource dataSource) implements ClusterMembership {
        @Override
        public List<ClusterNode> nodes() {
            return List.of();
        }

        @Override
        public List<String> liveNodes() {
            return List.of(self);
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

    private record NothingPending(Path deployFolder) implements DeploymentInventory {
        @Override
        public List<Deployment> deployments() {
            return List.of();
        }
    }

    private record KeyedCipher(String key) implements SecretCipher {
        @Override
        public String encrypt(String clear) {
            return PREFIX + Base64.getEncoder().encodeToString((key + ":" + clear).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String decrypt(String encrypted) {
            String text = new String(
                    Base64.getDecoder().decode(encrypted.substring(PREFIX.length())), StandardCharsets.UTF_8);
            if (!text.startsWith(key + ":")) {
                throw new IllegalArgumentException("another key");
            }
            return text.substring(key.length() + 1);
        }
    }
}
