package dev.switchboard.benchmarks;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Part {@code cluster} (issue 15): launcher processes in cluster mode on one fresh PostgreSQL schema (the test
 * database: {@code SWITCHBOARD_TEST_POSTGRES_URL}, dropped at the end), all on this machine's cores together with the
 * load generator. Measures the no-op invoke throughput on 1, 2 and 3 nodes (the load generator round-robin over them)
 * against a standalone host; jar dropped on one node → invocable on all three (p50, max); and the failover time of a
 * {@code whenRowInserted} subscription (kill -9 of its owner → the first row inserted after the kill delivered by
 * another node; p50, max over the kills), with rows inserted all along and checked all delivered at the end.
 */
final class ClusterBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOOP_INVOKE = "/api/connectors/bench-noop/operations/noop/invoke";
    private static final String BODY = "{\"parameters\":{}}";
    private static final String READY = "/api/health/ready";
    private static final String PART = "10 cluster";
    private static final int CLIENTS = 16;
    private static final int NODES = 3;

    private final Path distribution;
    private final Path work;
    private final Path logs;
    private final Path noopJar;
    private final ConnectorJars jars;
    private final Report report;
    private final boolean quick;
    private final String url =
            TriggerBenchmark.env("SWITCHBOARD_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private final String user = TriggerBenchmark.env("SWITCHBOARD_TEST_POSTGRES_USER", "postgres");
    private final String password = TriggerBenchmark.env("SWITCHBOARD_TEST_POSTGRES_PASSWORD", "");
    private final String schema =
            "sb_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String adminPassword = "bench-cluster-" + Long.toHexString(new SecureRandom().nextLong());
    private final HostProcess[] nodes = new HostProcess[NODES];
    private final int[] starts = new int[NODES];

    ClusterBenchmark(
            Path distribution, Path work, Path logs, Path noopJar, ConnectorJars jars, Report report, boolean quick) {
        this.distribution = distribution;
        this.work = work;
        this.logs = logs;
        this.noopJar = noopJar;
        this.jars = jars;
        this.report = report;
        this.quick = quick;
    }

    void run() throws Exception {
        sql(url, "CREATE SCHEMA " + schema);
        writeKey();
        try {
            throughput();
            deployEverywhere();
            failover();
        } finally {
            for (HostProcess node : nodes) {
                if (node != null) {
                    node.close();
                }
            }
            try {
                sql(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("could not drop schema " + schema + ": " + e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ throughput

    private void throughput() throws Exception {
        Duration warmup = Duration.ofSeconds(quick ? 1 : 3);
        Duration measure = Duration.ofSeconds(quick ? 2 : 5);
        HttpLoad.Result standalone;
        try (HostProcess host = HostProcess.start(
                distribution, work.resolve("cluster-standalone"), logs.resolve("cluster-standalone.log"), List.of())) {
            host.awaitHealthy(READY, Duration.ofSeconds(120), 20);
            host.drop(host.stage(noopJar, "bench-noop.jar"), "bench-noop.jar");
            RunBenchmarks.pollPost(host, NOOP_INVOKE, 200, Duration.ofSeconds(30));
            HttpLoad load = new HttpLoad(host.port(), "POST", NOOP_INVOKE, host.authorization(), BODY);
            load.run(CLIENTS, warmup, Duration.ZERO);
            standalone = load.run(CLIENTS, warmup, measure);
        }
        double one = 0;
        for (int n = 1; n <= NODES; n++) {
            startNode(n - 1);
            if (n == 1) {
                nodes[0].drop(nodes[0].stage(noopJar, "bench-noop.jar"), "bench-noop.jar");
            }
            for (int i = 0; i < n; i++) {
                RunBenchmarks.pollPost(nodes[i], NOOP_INVOKE, 200, Duration.ofSeconds(60));
            }
            int[] ports = new int[n];
            String[] authorizations = new String[n];
            for (int i = 0; i < n; i++) {
                ports[i] = nodes[i].port();
                authorizations[i] = nodes[i].authorization();
            }
            HttpLoad load = new HttpLoad(ports, authorizations, "POST", NOOP_INVOKE, BODY);
            load.run(CLIENTS, warmup, Duration.ZERO);
            HttpLoad.Result result = load.run(CLIENTS, warmup, measure);
            Stats latency = result.latencies();
            if (n == 1) {
                one = result.throughput();
            }
            String baseline = n == 1
                    ? String.format(Locale.ROOT, "standalone host %.0f req/s", standalone.throughput())
                    : String.format(Locale.ROOT, "1 node %.0f req/s", one);
            report.row(
                    PART,
                    "no-op invoke throughput, " + n + " node" + (n > 1 ? "s" : "") + ", " + CLIENTS
                            + " clients round-robin over them (all on " + cores() + " cores)",
                    String.format(
                            Locale.ROOT,
                            "%.0f req/s (p50 %.2f / p99 %.2f ms)",
                            result.throughput(),
                            Stats.ms(latency.p50()),
                            Stats.ms(latency.percentile(99))),
                    baseline,
                    RunBenchmarks.ratio(result.throughput(), n == 1 ? standalone.throughput() : one),
                    "—",
                    null);
            if (!result.failures().isEmpty()) {
                report.note(
                        "Cluster throughput on " + n + " nodes: calls that did not answer 200: " + result.failures());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- deploy

    private void deployEverywhere() throws Exception {
        int drops = quick ? 3 : 10;
        List<Long> everywhere = new ArrayList<>();
        List<Long> local = new ArrayList<>();
        List<Long> removed = new ArrayList<>();
        for (int i = 0; i < drops; i++) {
            String id = "bench-cl" + i;
            String file = id + ".jar";
            String invoke = "/api/connectors/" + id + "/operations/noop/invoke";
            Path jar = jars.connector(work.resolve(file), "dev.switchboard.bench.cluster" + i, "1.0.0", id, 1);
            HostProcess on = nodes[i % NODES];
            Path staged = on.stage(jar, file);
            long start = System.nanoTime();
            on.drop(staged, file);
            long[] at = untilEveryNode(invoke, 200, start);
            local.add(at[i % NODES]);
            everywhere.add(max(at));
            Files.delete(on.deploy().resolve(file));
            long deleted = System.nanoTime();
            removed.add(max(untilEveryNode(invoke, 404, deleted)));
        }
        Stats all = Stats.of(everywhere);
        Stats own = Stats.of(local);
        Stats gone = Stats.of(removed);
        report.row(
                PART,
                drops + " drops on one node (in turn): jar moved in → first 200 of its operation on all " + NODES
                        + " nodes (p50 / max)",
                String.format(Locale.ROOT, "%.0f / %.0f ms", Stats.ms(all.p50()), Stats.ms(all.max())),
                String.format(
                        Locale.ROOT,
                        "on the node it was dropped on %.0f / %.0f ms",
                        Stats.ms(own.p50()),
                        Stats.ms(own.max())),
                RunBenchmarks.ratio(all.p50(), own.p50()) + " (p50)",
                "≤ 2 s",
                Stats.ms(all.max()) <= 2000);
        report.row(
                PART,
                "jar deleted on that node → 404 on all " + NODES + " nodes (p50 / max)",
                String.format(Locale.ROOT, "%.0f / %.0f ms", Stats.ms(gone.p50()), Stats.ms(gone.max())),
                "—",
                "—",
                "≤ 2 s",
                Stats.ms(gone.max()) <= 2000);
    }

    /** Polls the operation on every node every 5 ms until each answers {@code status}; nanoseconds per node. */
    private long[] untilEveryNode(String path, int status, long start) throws InterruptedException {
        long[] at = new long[NODES];
        java.util.Arrays.fill(at, -1);
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        while (java.util.Arrays.stream(at).anyMatch(t -> t < 0)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " did not answer " + status + " on every node within 60 s: "
                        + java.util.Arrays.toString(at));
            }
            for (int i = 0; i < NODES; i++) {
                if (at[i] < 0 && status(nodes[i], path) == status) {
                    at[i] = System.nanoTime() - start;
                }
            }
            Thread.sleep(5);
        }
        return at;
    }

    // -------------------------------------------------------------------------------------------------- failover

    private void failover() throws Exception {
        int kills = quick ? 3 : 10;
        String table = "bench_cluster_" + Long.toHexString(System.nanoTime());
        sql(
                url,
                "CREATE TABLE " + table + " (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                        + " t BIGINT NOT NULL, payload TEXT NOT NULL)");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong inserted = new AtomicLong();
        Thread inserter = new Thread(() -> insertRows(table, inserted, stop), "cluster-failover-rows");
        inserter.setDaemon(true);
        String subscription = null;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookReceiver.Sink sink = receiver.sink("failover");
            subscription = subscribe(table, receiver.url("failover"));
            inserter.start();
            List<Long> failovers = new ArrayList<>();
            for (int k = 0; k < kills; k++) {
                sink.watchAbove(inserted.get());
                sink.awaitAbove(60_000); // delivery flows
                String owner = owner(subscription);
                int victim = owner.charAt(owner.length() - 1) - 'a';
                sink.watchAbove(inserted.get());
                nodes[victim].kill();
                long killed = System.nanoTime();
                long resumed = sink.awaitAbove(60_000);
                failovers.add(resumed - killed);
                System.out.printf(
                        Locale.ROOT,
                        "[cluster] kill %d of %s: delivery resumed after %.0f ms%n",
                        k + 1,
                        owner,
                        Stats.ms(resumed - killed));
                startNode(victim);
                Thread.sleep(2_000); // the subscriptions spread again before the next kill
            }
            stop.set(true);
            inserter.join(10_000);
            long total = inserted.get();
            sink.await(total, 120_000);
            Stats s = Stats.of(failovers);
            report.row(
                    PART,
                    "failover: kill -9 of a `whenRowInserted` subscription's owner (200 rows/s inserted) → the first"
                            + " row inserted after the kill delivered by another node (p50 / max of " + kills
                            + " kills)",
                    String.format(Locale.ROOT, "%.0f / %.0f ms", Stats.ms(s.p50()), Stats.ms(s.max())),
                    "node timeout " + nodeTimeoutMs() + " ms (default)",
                    RunBenchmarks.ratio(s.p50(), nodeTimeoutMs() * 1e6) + " (p50)",
                    "< 10 s",
                    Stats.ms(s.max()) < 10_000);
            report.note("Cluster failover: " + total + " rows inserted over " + kills + " kills, all delivered, "
                    + sink.duplicates() + " delivered twice (at-least-once across a kill).");
        } finally {
            stop.set(true);
            if (subscription != null) {
                deleteSubscription(subscription);
            }
            sql(url, "DROP TABLE IF EXISTS " + table);
        }
    }

    private String subscribe(String table, String webhook) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("connector", "sql").put("operation", "whenRowInserted");
        ObjectNode connection =
                request.putObject("connection").put("connectionString", url).put("username", user);
        if (!password.isEmpty()) {
            connection.put("password", password);
        }
        request.putObject("parameters")
                .put("table", table)
                .put("keyColumn", "id")
                .put("batchSize", 500)
                .put("pollSeconds", 0.1)
                .put("includeExisting", false);
        request.putObject("target").put("webhook", webhook);
        HttpResponse<String> created = nodes[0].post("/api/subscriptions", request.toString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException(
                    "POST /api/subscriptions answered " + created.statusCode() + ": " + created.body());
        }
        return JSON.readTree(created.body()).path("id").asText();
    }

    /** The subscription's owner, as the first live node shows it (waits up to 30 s for one). */
    private String owner(String subscription) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (HostProcess node : nodes) {
                HttpResponse<String> r = node.isAlive() ? node.tryGet("/api/subscriptions/" + subscription) : null;
                if (r != null && r.statusCode() == 200) {
                    String owner = JSON.readTree(r.body()).path("owner").asText("");
                    if (owner.matches("node-[a-c]")) {
                        return owner;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("subscription " + subscription + " shows no owner node-a..c within 30 s");
    }

    private void deleteSubscription(String subscription) {
        for (HostProcess node : nodes) {
            if (node != null && node.isAlive()) {
                node.send(node.request("/api/subscriptions/" + subscription)
                        .DELETE()
                        .build());
                return;
            }
        }
    }

    /** 10 rows every 50 ms until {@code stop}; {@code inserted}: the highest id so far. */
    private void insertRows(String table, AtomicLong inserted, AtomicBoolean stop) {
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                        + "(t, payload) SELECT ?, 'order ' || g FROM generate_series(1, 10) g RETURNING id")) {
            while (!stop.get()) {
                ps.setLong(1, System.nanoTime());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inserted.accumulateAndGet(rs.getLong(1), Math::max);
                    }
                }
                Thread.sleep(50);
            }
        } catch (SQLException e) {
            System.err.println("the failover rows stopped: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ----------------------------------------------------------------------------------------------------- nodes

    /** Starts (or restarts, on its home) node {@code index} in cluster mode and waits until it is ready. */
    private void startNode(int index) throws Exception {
        String id = "node-" + (char) ('a' + index);
        Map<String, String> environment = new HashMap<>();
        environment.put("SWITCHBOARD_CLUSTER_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        environment.put("SWITCHBOARD_CLUSTER_USER", user);
        if (!password.isEmpty()) {
            environment.put("SWITCHBOARD_CLUSTER_PASSWORD", password);
        }
        environment.put("SWITCHBOARD_NODE_ID", id);
        environment.put("SWITCHBOARD_ENCRYPTION_KEY_FILE", keyFile().toString());
        environment.put("SWITCHBOARD_ADMIN_PASSWORD", adminPassword);
        int run = ++starts[index];
        nodes[index] = HostProcess.start(
                distribution,
                work.resolve("cluster-" + id),
                logs.resolve("cluster-" + id + "-" + run + ".log"),
                List.of(),
                List.of(),
                environment);
        nodes[index].awaitHealthy(READY, Duration.ofSeconds(180), 20);
    }

    private Path keyFile() {
        return work.resolve("cluster-encryption.key");
    }

    /** The crypto bundle's key format: 32 random bytes, Base64, owner-only. */
    private void writeKey() throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createFile(keyFile(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile(), Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
    }

    /** The cluster's default {@code node.timeout.ms}: a node whose heartbeat is older is DOWN. */
    private static long nodeTimeoutMs() {
        return 5_000;
    }

    private void sql(String jdbcUrl, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static int status(HostProcess node, String path) {
        try {
            HttpRequest request = node.request(path)
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .build();
            return node.send(request).statusCode();
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    private static long max(long[] values) {
        return java.util.Arrays.stream(values).max().orElse(0);
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
