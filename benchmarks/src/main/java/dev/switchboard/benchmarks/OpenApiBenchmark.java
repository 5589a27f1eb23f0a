package dev.switchboard.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

/**
 * Part 8, OpenAPI documents (issue 16): drop a 50-operation document → first successful call, against the same for a
 * 1-operation document; a host started with 100 documents × 50 operations in its deploy folder: start → all ACTIVE,
 * {@code GET /api/operations} p50, heap after GC. The upstream is a JDK {@code HttpServer} in this process answering
 * {@code {}} to anything.
 */
final class OpenApiBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIVE = "/api/health/live";

    private final Path distribution;
    private final Path work;
    private final Path logs;
    private final Report report;
    private final boolean quick;
    private final ToDoubleFunction<Long> heapMb;
    private final double emptyHostHeapMb;

    OpenApiBenchmark(
            Path distribution,
            Path work,
            Path logs,
            Report report,
            boolean quick,
            ToDoubleFunction<Long> heapMb,
            double emptyHostHeapMb) {
        this.distribution = distribution;
        this.work = work;
        this.logs = logs;
        this.report = report;
        this.quick = quick;
        this.heapMb = heapMb;
        this.emptyHostHeapMb = emptyHostHeapMb;
    }

    /** A document of {@code operations} GET operations with a path and a query parameter and a small schema. */
    static byte[] document(String id, String version, int operations, String serverUrl) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("openapi", "3.0.3");
        doc.put("x-switchboard-id", id);
        doc.putObject("info").put("title", "Benchmark " + id).put("version", version);
        doc.putArray("servers").addObject().put("url", serverUrl);
        ObjectNode paths = doc.putObject("paths");
        for (int i = 0; i < operations; i++) {
            ObjectNode get = paths.putObject("/items" + i + "/{id}").putObject("get");
            get.put("operationId", "op" + i).put("summary", "Operation " + i);
            get.putArray("parameters")
                    .add(JSON.readTree("{\"name\":\"id\",\"in\":\"path\",\"required\":true,"
                            + "\"schema\":{\"type\":\"integer\"}}"))
                    .add(JSON.readTree("{\"name\":\"q\",\"in\":\"query\"," + "\"schema\":{\"type\":\"string\"}}"));
            get.putObject("responses")
                    .set(
                            "200",
                            JSON.readTree("{\"description\":\"ok\",\"content\":{"
                                    + "\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/Item\"}}}}"));
        }
        doc.putObject("components")
                .putObject("schemas")
                .set(
                        "Item",
                        JSON.readTree("{\"type\":\"object\","
                                + "\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},\"tags\":{\"type\":"
                                + "\"array\",\"items\":{\"type\":\"string\"}}}}"));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
    }

    void run() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newFixedThreadPool(4));
        upstream.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        upstream.start();
        String server = "http://127.0.0.1:" + upstream.getAddress().getPort();
        try {
            drops(server);
            catalog(server);
        } finally {
            upstream.stop(0);
        }
    }

    private void drops(String server) throws Exception {
        int drops = quick ? 10 : 40;
        Path home = work.resolve("openapi-drops");
        Files.createDirectories(home.resolve("deploy"));
        try (HostProcess host = HostProcess.start(distribution, home, logs.resolve("openapi-drops.log"), List.of())) {
            host.awaitHealthy(LIVE, Duration.ofSeconds(120), 20);
            List<Long> fifty = dropLoop(host, document("bench-oa", "1.0.0", 50, server), drops);
            List<Long> one = dropLoop(host, document("bench-oa", "1.0.0", 1, server), drops);
            Stats f = Stats.of(fifty);
            Stats o = Stats.of(one);
            report.row(
                    "9 openapi",
                    drops + " drops: 50-operation document moved in → first 200 of an operation " + "(p50 / p90 / max)",
                    f.spreadMs(),
                    "1-operation document, same loop: " + o.spreadMs(),
                    String.format(Locale.ROOT, "%.2f× (p50)", (double) f.p50() / o.p50()),
                    "p50 < 250 ms",
                    Stats.ms(f.p50()) < 250);
        }
    }

    /** Moves the document in, calls op0 every 5 ms until it answers 200 (upstream 200 too), deletes it, waits for 404. */
    private static List<Long> dropLoop(HostProcess host, byte[] document, int drops) throws Exception {
        String file = "bench-oa.openapi.json";
        Path source = host.home().resolve("bench-oa.source");
        Files.write(source, document);
        List<Long> up = new ArrayList<>();
        HttpRequest call = host.request("/api/connectors/bench-oa/operations/op0/invoke")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"parameters\":{\"id\":1}}"))
                .build();
        for (int i = 0; i < drops; i++) {
            Path staged = host.stage(source, file);
            long start = System.nanoTime();
            host.drop(staged, file);
            await(host, call, 200, Duration.ofSeconds(30));
            up.add(System.nanoTime() - start);
            Files.delete(host.deploy().resolve(file));
            await(host, call, 404, Duration.ofSeconds(30));
        }
        return up;
    }

    private static void await(HostProcess host, HttpRequest call, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = host.send(call);
                last = r.statusCode();
                if (last == status
                        && (status != 200
                                || JSON.readTree(r.body()).path("statusCode").asInt() == 200)) {
                    return;
                }
            } catch (IllegalStateException e) {
                last = 0;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("op0 did not answer " + status + " within " + timeout + " (last " + last + ")");
    }

    private void catalog(String server) throws Exception {
        int documents = quick ? 20 : 100;
        Path home = work.resolve("openapi-catalog");
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        for (int i = 0; i < documents; i++) {
            String id = String.format(Locale.ROOT, "oa-%03d", i);
            Files.write(deploy.resolve(id + ".openapi.json"), document(id, "1.0.0", 50, server));
        }
        try (HostProcess host = HostProcess.start(distribution, home, logs.resolve("openapi-catalog.log"), List.of())) {
            host.awaitHealthy(LIVE, Duration.ofSeconds(240), 20);
            long allActive =
                    host.awaitSince(Duration.ofSeconds(600), 100, () -> host.activeConnectors("oa-") >= documents);
            HttpRequest catalog = host.request("/api/operations").GET().build();
            HttpResponse<String> first = host.send(catalog);
            int operations = JSON.readTree(first.body()).size();
            HttpRequest live = host.request(LIVE).GET().build();
            List<Long> full = new ArrayList<>();
            List<Long> health = new ArrayList<>();
            for (int i = 0; i < (quick ? 20 : 100); i++) {
                full.add(host.timed(catalog, 200));
                health.add(host.timed(live, 200));
            }
            double heap = heapMb.applyAsDouble(host.pid());
            Stats f = Stats.of(full);
            Stats h = Stats.of(health);
            String label = documents + " documents × 50 operations";
            report.row(
                    "9 openapi",
                    label + ": spawn → all ACTIVE",
                    String.format(Locale.ROOT, "%.1f s", allActive / 1e9),
                    "—",
                    "—",
                    "—",
                    null);
            report.row(
                    "9 openapi",
                    label + ": GET /api/operations p50 (" + operations + " ops, "
                            + first.body().length() / 1024 + " KiB)",
                    String.format(Locale.ROOT, "%.1f ms", Stats.ms(f.p50())),
                    String.format(Locale.ROOT, "GET /api/health/live %.2f ms", Stats.ms(h.p50())),
                    String.format(Locale.ROOT, "%.1f×", (double) f.p50() / h.p50()),
                    "—",
                    null);
            report.row(
                    "9 openapi",
                    label + ": heap after GC",
                    String.format(Locale.ROOT, "%.0f MB", heap),
                    emptyHostHeapMb > 0 ? String.format(Locale.ROOT, "empty host %.0f MB", emptyHostHeapMb) : "—",
                    emptyHostHeapMb > 0 ? String.format(Locale.ROOT, "%.2f×", heap / emptyHostHeapMb) : "—",
                    "—",
                    null);
        }
    }
}
