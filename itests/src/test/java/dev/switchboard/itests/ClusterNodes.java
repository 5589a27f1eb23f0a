package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Several launcher processes forming one cluster (issue 15): each {@link SwitchboardProcess} has its own home and
 * port, and all share one fresh PostgreSQL schema ({@code SWITCHBOARD_CLUSTER_URL} with {@code currentSchema}, made
 * here and dropped by {@link #close}), one encryption key file ({@code SWITCHBOARD_ENCRYPTION_KEY_FILE}, mode 600)
 * and one admin password. Node {@code i} is {@code node-a}, {@code node-b}, ... ({@code SWITCHBOARD_NODE_ID}). A node
 * can be killed (kill -9), restarted on its home, or replaced by one with an empty home and the same id.
 * <p>
 * PostgreSQL: {@code SWITCHBOARD_TEST_POSTGRES_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}),
 * {@code SWITCHBOARD_TEST_POSTGRES_USER} (default {@code postgres}), {@code SWITCHBOARD_TEST_POSTGRES_PASSWORD}.
 */
final class ClusterNodes implements AutoCloseable {

    private final String name;
    private final String url;
    private final String user;
    private final String databasePassword;
    private final String schema;
    private final Path keyFolder;
    private final String adminPassword = "cluster-e2e-" + Long.toHexString(new SecureRandom().nextLong());
    private final List<SwitchboardProcess> nodes = new ArrayList<>();
    /** Whom the nodes reach the database through: {@code null} directly, else a proxy a test can cut. */
    private final PostgresProxy proxy;

    private ClusterNodes(
            String name,
            String url,
            String user,
            String databasePassword,
            String schema,
            Path keyFolder,
            PostgresProxy proxy) {
        this.name = name;
        this.proxy = proxy;
        this.url = url;
        this.user = user;
        this.databasePassword = databasePassword;
        this.schema = schema;
        this.keyFolder = keyFolder;
    }

    /** A fresh schema, a key file and {@code count} nodes with empty homes, not started yet. */
    static ClusterNodes create(String name, int count) throws IOException, SQLException {
        return create(name, count, null);
    }

    /**
     * As {@link #create(String, int)}, the nodes reaching the database through {@code proxy} (their
     * {@code SWITCHBOARD_CLUSTER_URL} names the proxy's port), while the test and trigger sources reach it directly.
     */
    static ClusterNodes create(String name, int count, PostgresProxy proxy) throws IOException, SQLException {
        String url = setting("SWITCHBOARD_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = setting("SWITCHBOARD_TEST_POSTGRES_USER", "postgres");
        String password = setting("SWITCHBOARD_TEST_POSTGRES_PASSWORD", "");
        String schema =
                "sb_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, credentials(user, password));
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new SQLException(
                    "the cluster tests need PostgreSQL at " + url + " (SWITCHBOARD_TEST_POSTGRES_URL, user " + user
                            + "): " + e.getMessage(),
                    e);
        }
        Path keys = Files.createTempDirectory(name + "-key");
        ClusterNodes cluster = new ClusterNodes(name, url, user, password, schema, keys, proxy);
        cluster.writeKey();
        for (int i = 0; i < count; i++) {
            cluster.nodes.add(cluster.newNode(i));
        }
        return cluster;
    }

    /** Starts every node at once (they migrate the schema together) and waits until all are ready. */
    ClusterNodes start() {
        // a thread per node: the common pool may have a single thread on a small machine
        ExecutorService threads = Executors.newFixedThreadPool(nodes.size());
        try {
            List<CompletableFuture<SwitchboardProcess>> starting = new ArrayList<>();
            for (SwitchboardProcess node : nodes) {
                starting.add(CompletableFuture.supplyAsync(() -> started(node), threads));
            }
            starting.forEach(CompletableFuture::join);
        } catch (CompletionException e) {
            throw new AssertionError("the cluster did not start: " + e.getCause() + tails(40), e.getCause());
        } finally {
            threads.shutdown();
        }
        return this;
    }

    /** The JDBC URL of the cluster's schema: what every node is given as {@code SWITCHBOARD_CLUSTER_URL}. */
    String clusterUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The URL the nodes are given: {@link #clusterUrl()}, or the proxy's when they reach the database through one. */
    String nodesClusterUrl() {
        return proxy == null ? clusterUrl() : proxy.rewrite(clusterUrl());
    }

    /** The test database's URL, user and password (not the cluster's schema). */
    String databaseUrl() {
        return url;
    }

    String databaseUser() {
        return user;
    }

    String databasePassword() {
        return databasePassword;
    }

    String schema() {
        return schema;
    }

    /** A connection to the cluster's schema, for what the test reads or writes itself. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(clusterUrl(), credentials(user, databasePassword));
    }

    /** A connection to the test database (its default schema). */
    Connection connectDatabase() throws SQLException {
        return DriverManager.getConnection(url, credentials(user, databasePassword));
    }

    int size() {
        return nodes.size();
    }

    SwitchboardProcess node(int index) {
        return nodes.get(index);
    }

    List<SwitchboardProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** {@code node-a}, {@code node-b}, ... */
    static String id(int index) {
        return "node-" + (char) ('a' + index);
    }

    /** The index of node {@code id}; fails for an id not of this cluster. */
    int indexOf(String id) {
        for (int i = 0; i < nodes.size(); i++) {
            if (id(i).equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no node " + id + " in this cluster (" + nodes.size() + " nodes)");
    }

    /** A further node of this cluster (the next id), not started: {@link SwitchboardProcess#launch()} or start it. */
    SwitchboardProcess addNode() throws IOException {
        SwitchboardProcess node = newNode(nodes.size());
        nodes.add(node);
        return node;
    }

    /** kill -9 of node {@code index}; returns once the process is gone. */
    void kill(int index) {
        nodes.get(index).kill();
    }

    /** Starts node {@code index} again on its home and port, and waits until it is ready. */
    SwitchboardProcess restart(int index) throws Exception {
        return nodes.get(index).start();
    }

    /**
     * Kills node {@code index} and starts a node with the same id on a new, empty home (and a new port) in its
     * place: a machine replaced, or a container without a volume. Returns it once ready.
     */
    SwitchboardProcess replaceWithEmptyHome(int index) throws Exception {
        kill(index);
        SwitchboardProcess fresh = newNode(index);
        nodes.set(index, fresh);
        return fresh.start();
    }

    /** {@code GET /api/cluster} of node {@code index}; fails unless it answers 200. */
    JsonNode cluster(int index) {
        HttpResponse<String> response = nodes.get(index).get("/api/cluster");
        assertEquals("GET /api/cluster on " + id(index) + ": " + response.body(), 200, response.statusCode());
        return SwitchboardProcess.json(response);
    }

    /** {@code GET /api/cluster} of node {@code index}, or {@code null} when it does not answer 200 (yet). */
    JsonNode clusterOrNull(int index) {
        try {
            HttpResponse<String> response = nodes.get(index).get("/api/cluster");
            return response.statusCode() == 200 ? SwitchboardProcess.json(response) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The entry of node {@code id} in a {@code GET /api/cluster} answer, or {@code null}. */
    static JsonNode member(JsonNode cluster, String id) {
        return cluster == null ? null : SwitchboardProcess.find(cluster.path("nodes"), "id", id);
    }

    /** The state ({@code UP}, {@code DOWN}) node {@code id} has in a {@code GET /api/cluster} answer, or "". */
    /** The subscription's owner as {@code node} shows it; "" when none or not answered. */
    static String owner(SwitchboardProcess node, String id) {
        try {
            HttpResponse<String> r = node.get("/api/subscriptions/" + id);
            return r.statusCode() == 200
                    ? SwitchboardProcess.json(r).path("owner").asText("")
                    : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * The body of {@code POST /api/subscriptions} for a {@code whenRowInserted} subscription on {@code table} of the
     * cluster's database (reached directly, never through a proxy), delivering to {@code webhook}.
     */
    String rowTrigger(String table, RowWebhook webhook) {
        ObjectNode request =
                new ObjectMapper().createObjectNode().put("connector", "sql").put("operation", "whenRowInserted");
        ObjectNode connection = request.putObject("connection")
                .put("connectionString", databaseUrl())
                .put("username", databaseUser());
        if (!databasePassword().isEmpty()) {
            connection.put("password", databasePassword());
        }
        request.putObject("parameters")
                .put("table", table)
                .put("keyColumn", "id")
                .put("batchSize", 200)
                .put("pollSeconds", 0.5)
                .put("includeExisting", false);
        request.putObject("target").put("webhook", webhook.url());
        return request.toString();
    }

    static String state(JsonNode cluster, String id) {
        JsonNode member = member(cluster, id);
        return member == null ? "" : member.path("state").asText();
    }

    /** The last lines every node printed, for a failure message. */
    String tails(int lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            b.append("\n--- ")
                    .append(id(i))
                    .append(" ---\n")
                    .append(nodes.get(i).tail(lines));
        }
        return b.toString();
    }

    /** Kills every node, drops the schema and deletes the key. */
    @Override
    public void close() {
        nodes.forEach(SwitchboardProcess::kill);
        try (Connection c = connectDatabase();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop schema " + schema + ": " + e);
        }
        try {
            Files.deleteIfExists(keyFolder.resolve("encryption.key"));
            Files.deleteIfExists(keyFolder);
        } catch (IOException e) {
            System.err.println("could not delete " + keyFolder + ": " + e);
        }
    }

    private SwitchboardProcess newNode(int index) throws IOException {
        Map<String, String> environment = new HashMap<>();
        environment.put("SWITCHBOARD_CLUSTER_URL", nodesClusterUrl());
        environment.put("SWITCHBOARD_CLUSTER_USER", user);
        if (!databasePassword.isEmpty()) {
            environment.put("SWITCHBOARD_CLUSTER_PASSWORD", databasePassword);
        }
        environment.put("SWITCHBOARD_NODE_ID", id(index));
        environment.put("SWITCHBOARD_ENCRYPTION_KEY_FILE", keyFile().toString());
        return SwitchboardProcess.create(name + "-" + id(index))
                .environment(environment)
                .password(adminPassword)
                .label(id(index))
                .readyTimeout(Duration.ofSeconds(180));
    }

    private static SwitchboardProcess started(SwitchboardProcess node) {
        try {
            return node.start();
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private Path keyFile() {
        return keyFolder.resolve("encryption.key");
    }

    /** 32 random bytes, Base64 on one line, readable by its owner only: the crypto bundle's key file format. */
    private void writeKey() throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path file = Files.createFile(
                keyFile(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
    }

    private static Properties credentials(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (!password.isEmpty()) {
            p.setProperty("password", password);
        }
        return p;
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
