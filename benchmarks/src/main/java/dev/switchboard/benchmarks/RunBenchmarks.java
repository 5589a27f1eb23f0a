package dev.switchboard.benchmarks;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import dev.switchboard.benchmarks.noop.NoopConnector;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.internal.catalog.StandaloneCatalog;

/**
 * Runs every benchmark of the issue end to end on this machine and rewrites the results table of BENCHMARKS.md.
 * Every figure is set against a baseline measured in the same run, because the machine is shared and noisy.
 * <p>
 * {@code java -jar benchmarks/target/benchmarks.jar --root . [--parts dispatch,http,deploy,swap,scale,coldstart,triggers,bulkhead,openapi,cluster]
 * [--quick] [--out BENCHMARKS.md] [--command "..."]}
 */
public final class RunBenchmarks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOOP_INVOKE = "/api/connectors/bench-noop/operations/noop/invoke";
    private static final String RAW = "/bench/raw";
    private static final String BODY = "{\"parameters\":{}}";
    private static final String LIVE = "/api/health/live";
    private static final String READY = "/api/health/ready";

    private final Path root;
    private final Path work;
    private final Path logs;
    private final Path distribution;
    private final boolean quick;
    private final Report report = new Report();
    private final ConnectorJars jars;
    private final Path rawServletJar;
    private final Path noopJar;
    /** From the cold-start part, for the scale part's baselines. */
    private double emptyHostStartMs = -1;

    private double emptyHostHeapMb = -1;
    private double emptyHostRssMb = -1;

    private RunBenchmarks(Path root, boolean quick) throws IOException {
        this.root = root;
        this.quick = quick;
        this.work = Files.createTempDirectory("switchboard-bench");
        this.logs = root.resolve("benchmarks/target/logs");
        Files.createDirectories(logs);
        this.distribution = root.resolve("launcher/target/switchboard");
        this.noopJar = single(root.resolve("benchmarks/noop-connector/target"), "noop-connector-");
        this.rawServletJar = single(root.resolve("benchmarks/raw-servlet/target"), "raw-servlet-");
        this.jars = new ConnectorJars(noopJar);
        if (!Files.isRegularFile(distribution.resolve("switchboard.jar"))) {
            throw new IllegalStateException("build the launcher first: " + distribution);
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".");
        Set<String> parts = new LinkedHashSet<>(List.of(
                "dispatch",
                "http",
                "deploy",
                "swap",
                "scale",
                "coldstart",
                "triggers",
                "bulkhead",
                "openapi",
                "cluster"));
        Path out = null;
        String command = "benchmarks/run.sh";
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]);
                case "--parts" -> parts = new LinkedHashSet<>(List.of(args[++i].split(",")));
                case "--out" -> out = Path.of(args[++i]);
                case "--command" -> command = args[++i];
                case "--quick" -> quick = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        root = root.toAbsolutePath().normalize();
        if (out == null) {
            out = root.resolve("BENCHMARKS.md");
        }
        String loadBefore = loadAverage();
        String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        long t0 = System.nanoTime();
        RunBenchmarks run = new RunBenchmarks(root, quick);
        try {
            // cold start first: the scale part uses its empty-host figures as baselines
            if (parts.contains("coldstart")) {
                run.part("coldstart", run::coldStart);
            }
            if (parts.contains("dispatch")) {
                run.part("dispatch", run::dispatch);
            }
            if (parts.contains("http") || parts.contains("deploy") || parts.contains("swap")) {
                Set<String> chosen = parts;
                run.part("http/deploy/swap", () -> run.onOneHost(chosen));
            }
            if (parts.contains("scale")) {
                run.part("scale", run::scale);
            }
            if (parts.contains("triggers")) {
                run.part("triggers", run::triggers);
            }
            if (parts.contains("bulkhead")) {
                run.part("bulkhead", run::bulkhead);
            }
            if (parts.contains("openapi")) {
                run.part("openapi", run::openApi);
            }
            if (parts.contains("cluster")) {
                run.part(
                        "cluster",
                        () -> new ClusterBenchmark(
                                        run.distribution,
                                        run.work,
                                        run.logs,
                                        run.noopJar,
                                        run.jars,
                                        run.report,
                                        run.quick)
                                .run());
            }
        } finally {
            run.deleteWork();
        }
        String loadAfter = loadAverage();
        long minutes = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        List<String> header = List.of(
                "Run of " + started + " (" + minutes + " s), `" + command + "`"
                        + (quick ? " (quick mode: shorter runs, " + "not for comparison)" : ""),
                "",
                "- machine: " + Runtime.getRuntime().availableProcessors() + " cores (`nproc`), " + cpuModel() + ", "
                        + memory() + " memory",
                "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vendor") + ")",
                "- load average (1/5/15 min) before: " + loadBefore + "; after: " + loadAfter
                        + " — the machine is shared with other engineers' builds, hence baselines from the same run",
                "- parts: " + String.join(", ", parts));
        run.report.write(out, header);
        System.out.println("wrote " + out);
    }

    @FunctionalInterface
    private interface Part {
        void run() throws Exception;
    }

    private void part(String name, Part part) {
        System.out.println("=== " + name + " ===");
        long start = System.nanoTime();
        try {
            part.run();
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            report.note("Part " + name + " failed: " + e);
        }
        System.out.println(
                "=== " + name + " took " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s ===");
    }

    // ---------------------------------------------------------------------------------------------------- dispatch

    private void dispatch() throws Exception {
        Map<String, Double> scores = new java.util.HashMap<>();
        Map<String, Double> errors = new java.util.HashMap<>();
        ChainedOptionsBuilder options =
                jmh().include(DispatchBenchmark.class.getName() + "\\.").param("connectors", "1");
        collect(new Runner(options.build()).run(), scores, errors, "");
        ChainedOptionsBuilder big = jmh().include(DispatchBenchmark.class.getName() + "\\.dispatchNoop$")
                .param("connectors", "500");
        collect(new Runner(big.build()).run(), scores, errors, "@500");

        double direct = scores.get("direct");
        double hop = scores.get("threadHop");
        double noop = scores.get("dispatchNoop");
        double allowed = 1.2 * direct + 200;
        double inline = scores.get("inlineNoop");
        report.row(
                "1 dispatch",
                "no-op call through the dispatcher, `@NonBlocking` connector (called on the caller's"
                        + " thread), 1 caller (JMH average)",
                ns(inline, errors.get("inlineNoop")),
                "direct provider call " + ns(direct, errors.get("direct")),
                ratio(inline, direct),
                "≤ 1.2× direct + 200 ns = " + ns(allowed, null),
                inline <= allowed);
        double metered = scores.get("inlineNoopMetered");
        report.row(
                "1 dispatch",
                "the same with metrics on (Micrometer: a counter by outcome and the latency "
                        + "histogram of the operation; same run)",
                ns(metered, errors.get("inlineNoopMetered")),
                "without metrics " + ns(inline, null),
                ratio(metered, inline),
                "≤ +100 ns = " + ns(inline + 100, null),
                metered <= inline + 100);
        report.row(
                "1 dispatch",
                "the same with input validation, small schema (2 properties)",
                ns(scores.get("inlineSmallSchema"), errors.get("inlineSmallSchema")),
                "no-op " + ns(inline, null),
                ratio(scores.get("inlineSmallSchema"), inline),
                "—",
                null);
        report.row(
                "1 dispatch",
                "no-op call through the dispatcher, connector not marked (runs on the connector pool), "
                        + "1 caller (JMH: median of sampled calls; direct: average)",
                ns(noop, errors.get("dispatchNoop")),
                "direct provider call " + ns(direct, errors.get("direct")),
                ratio(noop, direct),
                "≤ 1.2× direct + 200 ns = " + ns(allowed, null),
                noop <= allowed);
        // the hop's latency has two modes (a pool thread still spinning, or parked and woken), and the median of
        // either benchmark lands in one or the other from run to run: compared by their means, min and median shown
        double noopMean = scores.get("dispatchNoop:mean");
        double hopMean = scores.get("threadHop:mean");
        report.row(
                "1 dispatch",
                "the same, against the bare thread hop it is built on (mean of sampled calls; " + "median, min)",
                ns(noopMean, errors.get("dispatchNoop:mean")) + " (" + ns(noop, null) + ", "
                        + ns(scores.get("dispatchNoop:min"), null) + ")",
                "submit to a pool + wait " + ns(hopMean, errors.get("threadHop:mean")) + " (" + ns(hop, null) + ", "
                        + ns(scores.get("threadHop:min"), null) + ")",
                ratio(noopMean, hopMean),
                "≤ 1.2× hop + 200 ns = " + ns(1.2 * hopMean + 200, null),
                noopMean <= 1.2 * hopMean + 200);
        for (String size : List.of("Small", "Large")) {
            double with = scores.get("dispatch" + size + "Schema");
            double alone = scores.get("validate" + size + "Schema");
            report.row(
                    "1 dispatch",
                    "with input validation, " + size.toLowerCase(Locale.ROOT) + " schema ("
                            + ("Small".equals(size) ? "2 properties" : "40 properties + 20 nested objects") + ")",
                    ns(with, errors.get("dispatch" + size + "Schema")),
                    "no-op dispatch " + ns(noop, null),
                    ratio(with, noop),
                    "— (validation alone: " + ns(alone, errors.get("validate" + size + "Schema")) + ")",
                    null);
        }
        Double at500 = scores.get("dispatchNoop@500");
        if (at500 != null) {
            report.row(
                    "1 dispatch",
                    "no-op dispatch with 500 connectors in the catalog",
                    ns(at500, errors.get("dispatchNoop@500")),
                    "with 1 connector " + ns(noop, null),
                    ratio(at500, noop),
                    "—",
                    null);
        }
    }

    private ChainedOptionsBuilder jmh() {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .forks(1)
                .shouldFailOnError(true)
                .resultFormat(org.openjdk.jmh.results.format.ResultFormatType.TEXT)
                .result(logs.resolve("jmh-" + System.nanoTime() + ".txt").toString());
        if (quick) {
            b.warmupIterations(2)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(2)
                    .measurementTime(TimeValue.seconds(1));
        }
        return b;
    }

    private static void collect(
            Collection<RunResult> results, Map<String, Double> scores, Map<String, Double> errors, String suffix) {
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1) + suffix;
            var primary = r.getPrimaryResult();
            if (primary.getStatistics().getN() > 0
                    && r.getParams().getMode() == org.openjdk.jmh.annotations.Mode.SampleTime) {
                // the median of the sampled calls (see DispatchBenchmark), no error bar; mean and minimum beside it
                scores.put(name, primary.getStatistics().getPercentile(50));
                errors.put(name, Double.NaN);
                scores.put(name + ":mean", primary.getStatistics().getMean());
                errors.put(name + ":mean", primary.getScoreError());
                scores.put(name + ":min", primary.getStatistics().getMin());
            } else {
                scores.put(name, primary.getScore());
                errors.put(name, primary.getScoreError());
            }
        }
    }

    // ------------------------------------------------------------------------------------- http, deploy and swap

    private void onOneHost(Set<String> parts) throws Exception {
        Path home = work.resolve("host");
        try (HostProcess host = HostProcess.start(distribution, home, logs.resolve("host.log"), List.of())) {
            host.awaitHealthy(Duration.ofSeconds(90), 20);
            host.drop(host.stage(noopJar, "bench-noop.jar"), "bench-noop.jar");
            host.drop(host.stage(rawServletJar, "raw-servlet.jar"), "raw-servlet.jar");
            pollPost(host, NOOP_INVOKE, 200, Duration.ofSeconds(30));
            pollPost(host, RAW, 200, Duration.ofSeconds(30));
            String invokeBody = host.post(NOOP_INVOKE, BODY).body();
            String rawBody = host.post(RAW, BODY).body();
            if (!invokeBody.equals(rawBody)) {
                report.note("The raw servlet's body differs from the invoke's: " + rawBody + " vs " + invokeBody);
            }
            if (parts.contains("http")) {
                part("http", () -> http(host));
            }
            if (parts.contains("deploy")) {
                part("deploy", () -> deploy(host));
            }
            if (parts.contains("swap")) {
                part("swap", () -> swap(host));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- bulkhead

    private static final String POOLED = "/api/connectors/bench-pool/operations/noop/invoke";
    private static final String HANG = "/api/connectors/bench-hang/operations/hang/invoke";

    /** What one host did: the no-op connector alone and while the others hang, and the hanging calls' fate. */
    private record Isolation(
            HttpLoad.Result alone, HttpLoad.Result loaded, long stillHanging, Map<Integer, Long> hangStatuses) {}

    /**
     * Bulkhead isolation: a no-op connector's latency (8 clients) alone, then while 200 calls hang in another
     * connector (its operation holds a connector thread until the 60 s timeout), with the default per-connector limits
     * (half of the 64 threads, a quarter of the 1024 queue). Neither is {@code @NonBlocking}: both run on the shared
     * pool. The baseline is the same on a host where the hanging connector's bulkhead is as large as the pool
     * ({@code max.concurrent = 64}, {@code queue.capacity = 1024}): one shared pool, as before bulkheads.
     */
    private void bulkhead() throws Exception {
        Isolation isolated = isolation("bulkhead-host", null);
        Isolation shared = isolation(
                "shared-pool-host", "connector = bench-hang\nmax.concurrent = 64\n" + "queue.capacity = 1024\n");
        Stats alone = latencies(List.of(isolated.alone()));
        Stats loaded = latencies(List.of(isolated.loaded()));
        long notOk = isolated.loaded().failures().values().stream()
                .mapToLong(Long::longValue)
                .sum();
        long sharedOk = shared.loaded().ok();
        long sharedFailed = shared.loaded().failures().values().stream()
                .mapToLong(Long::longValue)
                .sum();
        report.row(
                "8 bulkhead",
                "no-op invoke (connector on the pool) p50 / p99, 8 clients, while 200 calls hang in "
                        + "another connector (default bulkheads: 32 threads + 256 queued each)",
                String.format(
                        Locale.ROOT,
                        "%.2f / %.2f ms, %.0f req/s",
                        Stats.ms(loaded.p50()),
                        Stats.ms(loaded.percentile(99)),
                        throughput(List.of(isolated.loaded()))),
                String.format(
                        Locale.ROOT,
                        "alone %.2f / %.2f ms, %.0f req/s",
                        Stats.ms(alone.p50()),
                        Stats.ms(alone.percentile(99)),
                        throughput(List.of(isolated.alone()))),
                ratio(loaded.percentile(99), alone.percentile(99)) + " (p99)",
                "p99 ≤ 2×, no 503",
                loaded.percentile(99) <= 2 * alone.percentile(99) && notOk == 0);
        report.row(
                "8 bulkhead",
                "the same with the hanging connector's bulkhead as large as the pool (64 + 1024: "
                        + "one shared pool, as before bulkheads)",
                String.format(
                        Locale.ROOT,
                        "%d calls answered 200 in %.0f s (%d failed, the 8 clients' calls "
                                + "still waiting at the end)",
                        sharedOk,
                        shared.loaded().seconds(),
                        sharedFailed),
                String.format(Locale.ROOT, "alone %.0f req/s", throughput(List.of(shared.alone()))),
                "—",
                "—",
                null);
        report.note("Bulkhead: of the 200 hanging calls " + isolated.stillHanging() + " were still running or queued "
                + "(32 + 256 allowed), the others answered " + isolated.hangStatuses() + "; no-op calls that did not "
                + "answer 200 meanwhile: "
                + (notOk == 0 ? "none" : isolated.loaded().failures())
                + ". With one shared pool the no-op calls queued behind the hanging ones for the pool's threads, "
                + "which the hanging calls hold until their 60 s timeout: " + sharedOk + " answered while measured"
                + (shared.loaded().failures().isEmpty()
                        ? ""
                        : ", failures " + shared.loaded().failures()) + ".");
    }

    /** A fresh host with the two connectors (and {@code configuration} for the hanging one, when given). */
    private Isolation isolation(String name, String configuration) throws Exception {
        Path home = work.resolve(name);
        try (HostProcess host = HostProcess.start(distribution, home, logs.resolve(name + ".log"), List.of())) {
            host.awaitHealthy(Duration.ofSeconds(90), 20);
            if (configuration != null) {
                Path cfg = home.resolve("bench-hang.cfg.staged");
                Files.writeString(cfg, configuration);
                host.drop(cfg, "dev.switchboard.host.bulkhead-bench-hang.cfg");
            }
            Path pooled = jars.connector(
                    work.resolve(name + "-pool.jar"), "dev.switchboard.bench.pool", "1.0.0", "bench-pool", 1, false);
            host.drop(host.stage(pooled, "bench-pool.jar"), "bench-pool.jar");
            Path hang = jars.connector(
                    work.resolve(name + "-hang.jar"), "dev.switchboard.bench.hang", "1.0.0", "bench-hang", 1, false);
            host.drop(host.stage(hang, "bench-hang.jar"), "bench-hang.jar");
            pollPost(host, POOLED, 200, Duration.ofSeconds(30));
            pollPost(host, "/api/connectors/bench-hang/operations/noop/invoke", 200, Duration.ofSeconds(30));
            HttpLoad invoke = new HttpLoad(host.port(), "POST", POOLED, host.authorization(), BODY);
            Duration warmup = Duration.ofSeconds(quick ? 1 : 2);
            Duration measure = Duration.ofSeconds(quick ? 2 : 5);
            invoke.run(8, Duration.ofSeconds(quick ? 2 : 5), Duration.ZERO);
            HttpLoad.Result alone = invoke.run(8, warmup, measure);

            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .build();
            List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<Void>>> hanging = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                hanging.add(client.sendAsync(
                        host.request(HANG)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(90))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(BODY))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()));
            }
            Thread.sleep(1000); // the hanging calls are running or queued
            HttpLoad.Result loaded = invoke.run(8, warmup, measure);
            long stillHanging = hanging.stream().filter(f -> !f.isDone()).count();
            Map<Integer, Long> statuses = new java.util.TreeMap<>();
            hanging.stream()
                    .filter(java.util.concurrent.CompletableFuture::isDone)
                    .forEach(f -> statuses.merge(f.join().statusCode(), 1L, Long::sum));
            return new Isolation(alone, loaded, stillHanging, statuses);
        }
    }

    private void http(HostProcess host) throws Exception {
        HttpLoad invoke = new HttpLoad(host.port(), "POST", NOOP_INVOKE, host.authorization(), BODY);
        HttpLoad raw = new HttpLoad(host.port(), "POST", RAW, host.authorization(), BODY);
        Duration warmup = Duration.ofSeconds(quick ? 1 : 2);
        Duration measure = Duration.ofSeconds(quick ? 2 : 4);
        // the JIT warms up on both paths before anything is recorded
        raw.run(8, Duration.ofSeconds(quick ? 2 : 5), Duration.ZERO);
        invoke.run(8, Duration.ofSeconds(quick ? 2 : 5), Duration.ZERO);
        for (int clients : List.of(1, 8, 32)) {
            List<HttpLoad.Result> raws = new ArrayList<>();
            List<HttpLoad.Result> invokes = new ArrayList<>();
            // interleaved, twice, so that a burst of load from elsewhere hits both sides alike
            for (int round = 0; round < 2; round++) {
                raws.add(raw.run(clients, warmup, measure));
                invokes.add(invoke.run(clients, warmup, measure));
            }
            double rawTput = throughput(raws);
            double invokeTput = throughput(invokes);
            Stats rawLat = latencies(raws);
            Stats invokeLat = latencies(invokes);
            Map<String, Long> failures = new java.util.TreeMap<>();
            invokes.forEach(r -> r.failures().forEach((k, v) -> failures.merge(k, v, Long::sum)));
            raws.forEach(r -> r.failures().forEach((k, v) -> failures.merge("raw " + k, v, Long::sum)));
            report.row(
                    "2 HTTP",
                    "invoke throughput, " + clients + " client" + (clients > 1 ? "s" : ""),
                    String.format(Locale.ROOT, "%.0f req/s", invokeTput),
                    String.format(Locale.ROOT, "raw servlet %.0f req/s", rawTput),
                    ratio(invokeTput, rawTput),
                    "≥ 0.8× raw",
                    invokeTput >= 0.8 * rawTput);
            report.row(
                    "2 HTTP",
                    "invoke p50 / p99, " + clients + " client" + (clients > 1 ? "s" : ""),
                    String.format(
                            Locale.ROOT,
                            "%.2f / %.2f ms",
                            Stats.ms(invokeLat.p50()),
                            Stats.ms(invokeLat.percentile(99))),
                    String.format(
                            Locale.ROOT, "raw %.2f / %.2f ms", Stats.ms(rawLat.p50()), Stats.ms(rawLat.percentile(99))),
                    ratio(invokeLat.p50(), rawLat.p50()) + " / "
                            + ratio(invokeLat.percentile(99), rawLat.percentile(99)),
                    "—",
                    null);
            if (!failures.isEmpty()) {
                report.note("HTTP at " + clients + " clients: calls that did not answer 200: " + failures);
            }
        }
    }

    private static double throughput(List<HttpLoad.Result> results) {
        double ok = results.stream().mapToLong(HttpLoad.Result::ok).sum();
        double seconds = results.stream().mapToDouble(HttpLoad.Result::seconds).sum();
        return ok / seconds;
    }

    private static Stats latencies(List<HttpLoad.Result> results) {
        List<Long> all = new ArrayList<>();
        for (HttpLoad.Result r : results) {
            for (HttpLoad.Calls c : r.perClient()) {
                for (int i = 0; i < c.count(); i++) {
                    all.add(c.nanos()[i]);
                }
            }
        }
        return Stats.of(all);
    }

    private void deploy(HostProcess host) throws Exception {
        int drops = quick ? 10 : 100;
        int plainDrops = quick ? 10 : 50;
        Path connector =
                jars.connector(work.resolve("drop.jar"), "dev.switchboard.benchmarks.drop", "1.0.0", "bench-drop", 1);
        String invoke = "/api/connectors/bench-drop/operations/noop/invoke";

        // a new file name and symbolic name each time: /api/deployments lists the folder's files, so a file put back
        // under the same name could show the previous bundle, not yet uninstalled, as ACTIVE
        List<Long> plainUp = new ArrayList<>();
        for (int i = 0; i < plainDrops; i++) {
            String file = "plain-" + i + ".jar";
            Path plain = ConnectorJars.plainBundle(work.resolve(file), "dev.switchboard.benchmarks.plain" + i);
            Path staged = host.stage(plain, file);
            long start = System.nanoTime();
            host.drop(staged, file);
            host.until("/api/deployments", r -> deploymentState(r, file).equals("ACTIVE"), Duration.ofSeconds(15), 5);
            plainUp.add(System.nanoTime() - start);
            Files.delete(host.deploy().resolve(file));
        }

        List<Long> up = new ArrayList<>();
        List<Long> gone = new ArrayList<>();
        for (int i = 0; i < drops; i++) {
            Path staged = host.stage(connector, "drop.jar");
            long start = System.nanoTime();
            host.drop(staged, "drop.jar");
            pollPost(host, invoke, 200, Duration.ofSeconds(15));
            up.add(System.nanoTime() - start);
            Files.delete(host.deploy().resolve("drop.jar"));
            long deleted = System.nanoTime();
            pollPost(host, invoke, 404, Duration.ofSeconds(15));
            gone.add(System.nanoTime() - deleted);
        }
        Stats s = Stats.of(up);
        Stats p = Stats.of(plainUp);
        report.row(
                "3 deploy",
                drops + " drops: jar moved in → first 200 of its operation (p50 / p90 / max)",
                s.spreadMs(),
                "plain bundle → ACTIVE in /api/deployments, " + plainDrops + " drops: " + p.spreadMs(),
                ratio(s.p50(), p.p50()) + " (p50)",
                "p50 < 250 ms",
                Stats.ms(s.p50()) < 250);
        Stats g = Stats.of(gone);
        long poll = fileInstallPollMs();
        report.row(
                "3 deploy",
                "jar deleted → its operation answers 404 (p50 / p90 / max)",
                g.spreadMs(),
                "FileInstall poll interval " + poll + " ms",
                ratio(g.p50(), poll * 1e6) + " (p50)",
                "—",
                null);
        report.note("Deploy: FileInstall polls the deploy folder every " + poll + " ms (features/core.json) and "
                + "installs a new file only once it is unchanged in two consecutive scans, so a drop waits " + poll
                + "-" + 2 * poll + " ms before anything happens; the benchmark polls every 5 ms.");
    }

    /** felix.fileinstall.poll of the distribution's core feature: the deploy figures depend on it. */
    private long fileInstallPollMs() throws IOException {
        JsonNode core = JSON.readTree(distribution.resolve("features/core.json").toFile());
        return core.path("extensions")
                .path("framework-launching-properties")
                .path("json")
                .path("felix.fileinstall.poll")
                .asLong(2000);
    }

    private static String deploymentState(HttpResponse<String> r, String file) {
        if (r.statusCode() != 200) {
            return "?";
        }
        try {
            for (JsonNode d : JSON.readTree(r.body())) {
                if (file.equals(d.path("file").asText())) {
                    return d.path("state").asText();
                }
            }
            return "";
        } catch (IOException e) {
            return "?";
        }
    }

    private void swap(HostProcess host) throws Exception {
        int swaps = quick ? 6 : 20;
        int clients = 32;
        Path v1 = jars.connector(
                work.resolve("swap-v1.jar"), "dev.switchboard.benchmarks.swap", "1.0.0", "bench-swap", 1);
        Path v2 = jars.connector(
                work.resolve("swap-v2.jar"), "dev.switchboard.benchmarks.swap", "2.0.0", "bench-swap", 1);
        String invoke = "/api/connectors/bench-swap/operations/noop/invoke";
        host.drop(host.stage(v1, "swap.jar"), "swap.jar");
        pollPost(host, invoke, 200, Duration.ofSeconds(30));

        HttpLoad load = new HttpLoad(host.port(), "POST", invoke, host.authorization(), BODY);
        AtomicBoolean stop = new AtomicBoolean();
        long steadyMs = quick ? 2000 : 4000;
        CompletableFuture<HttpLoad.Result> running = CompletableFuture.supplyAsync(() -> {
            try {
                return load.run(clients, Duration.ofSeconds(1), Duration.ofMinutes(3), stop);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        List<long[]> windows = new ArrayList<>();
        try {
            Thread.sleep(1000 + steadyMs);
            for (int i = 0; i < swaps; i++) {
                boolean toV2 = i % 2 == 0;
                Path staged = host.stage(toV2 ? v2 : v1, "swap.jar");
                String version = toV2 ? "2.0.0" : "1.0.0";
                long start = System.nanoTime();
                host.drop(staged, "swap.jar");
                host.until(
                        "/api/connectors/bench-swap",
                        r -> r.statusCode() == 200
                                && r.body().contains("\"version\":\"" + version + "\"")
                                && r.body().contains("\"state\":\"ACTIVE\""),
                        Duration.ofSeconds(30),
                        10);
                windows.add(new long[] {start, System.nanoTime()});
            }
            Thread.sleep(steadyMs);
        } finally {
            stop.set(true);
        }
        HttpLoad.Result result = running.get(5, TimeUnit.MINUTES);
        List<Long> during = new ArrayList<>();
        List<Long> steady = new ArrayList<>();
        long failedDuring = 0;
        long failedSteady = 0;
        for (HttpLoad.Calls c : result.perClient()) {
            for (int i = 0; i < c.count(); i++) {
                long s = c.starts()[i];
                long e = s + c.nanos()[i];
                boolean overlaps = windows.stream().anyMatch(w -> s <= w[1] && e >= w[0]);
                boolean failed = c.statuses()[i] != 200;
                (overlaps ? during : steady).add(c.nanos()[i]);
                if (failed && overlaps) {
                    failedDuring++;
                } else if (failed) {
                    failedSteady++;
                }
            }
        }
        Stats d = Stats.of(during);
        Stats st = Stats.of(steady);
        Stats w = Stats.of(windows.stream().map(x -> x[1] - x[0]).toList());
        report.row(
                "4 swap",
                swaps + " swaps under " + clients + " clients: failed calls",
                failedDuring + " of " + d.count() + " during swaps",
                failedSteady + " of " + st.count() + " in steady state",
                "—",
                "0 failed",
                failedDuring + failedSteady == 0);
        report.row(
                "4 swap",
                "latency p50 / p99 / max during swaps",
                String.format(
                        Locale.ROOT,
                        "%.1f / %.1f / %.0f ms",
                        Stats.ms(d.p50()),
                        Stats.ms(d.percentile(99)),
                        Stats.ms(d.max())),
                String.format(
                        Locale.ROOT,
                        "steady %.1f / %.1f / %.0f ms",
                        Stats.ms(st.p50()),
                        Stats.ms(st.percentile(99)),
                        Stats.ms(st.max())),
                ratio(d.percentile(99), st.percentile(99)) + " (p99)",
                "—",
                null);
        report.row(
                "4 swap",
                "one swap: jar moved in → new version ACTIVE (p50 / max)",
                String.format(Locale.ROOT, "%.0f / %.0f ms", Stats.ms(w.p50()), Stats.ms(w.max())),
                String.format(Locale.ROOT, "throughput %.0f calls/s over the run", result.throughput()),
                "—",
                "—",
                null);
        if (!result.failures().isEmpty()) {
            report.note("Swap: statuses of the failed calls: " + result.failures());
        }
    }

    // ---------------------------------------------------------------------------------------------------- scale

    /** The size the scale targets apply to (issue 14 §9). */
    private static final int SCALE_TARGET = 2000;

    private void scale() throws Exception {
        String only = System.getenv("BENCH_SCALE_SIZES"); // e.g. "500", for a profiling run
        List<Integer> sizes = only != null && !only.isBlank()
                ? Stream.of(only.split(","))
                        .map(String::trim)
                        .map(Integer::valueOf)
                        .toList()
                : quick ? List.of(50, 200) : List.of(50, 500, SCALE_TARGET);
        int most = sizes.get(sizes.size() - 1);
        Path generated = Files.createDirectories(work.resolve("generated"));
        List<Path> bundles = new ArrayList<>();
        for (int i = 1; i <= most; i++) {
            String n = String.format(Locale.ROOT, "%04d", i);
            bundles.add(jars.connector(
                    generated.resolve("gen-" + n + ".jar"),
                    "dev.switchboard.benchmarks.gen" + n,
                    "1.0.0",
                    "gen-" + n,
                    10));
        }
        catalogBurst(most);
        if ("0".equals(System.getenv("BENCH_SCALE_HOSTS"))) {
            return; // the catalog alone, e.g. BENCH_SCALE_HOSTS=0 ... --parts scale --out /tmp/catalog.md
        }
        for (int size : sizes) {
            double eachChange = -1;
            if (size == most && !"0".equals(System.getenv("BENCH_SCALE_COMPARE"))) {
                // the same-run baseline of the coalesced catalog: every change published at once, as before
                eachChange = scaleRun(size, bundles, eachChangeFeatures());
            }
            double coalesced = scaleRun(size, bundles, List.of());
            if (eachChange > 0) {
                report.row(
                        "5 scale",
                        size + " connectors × 10 ops: start → all ACTIVE, catalog publications "
                                + "coalesced (publish.delay.ms 20, default)",
                        String.format(Locale.ROOT, "%.2f s", coalesced),
                        String.format(Locale.ROOT, "each change published (publish.delay.ms 0) %.2f s", eachChange),
                        ratio(coalesced, eachChange),
                        "—",
                        null);
            }
        }
    }

    /**
     * The catalog alone ({@code StandaloneCatalog}, the host's real {@code ManifestAggregator} outside OSGi): {@code size}
     * providers of 10 operations registered at once, until all are ACTIVE, publications coalesced (20 ms) against
     * each change published (0 ms), alternating, median of 3. Process CPU time is the figure: the host start is
     * dominated by Felix and FileInstall, and by the load of a shared machine, which this leaves out.
     */
    private void catalogBurst(int size) throws Exception {
        // a line per connector would measure the console; set before the catalog's loggers exist
        System.setProperty("org.slf4j.simpleLogger.log.dev.switchboard.host", "warn");
        List<NoopConnector> providers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            providers.add(new NoopConnector("burst-" + i, 10));
        }
        Map<Long, List<double[]>> runs = new java.util.TreeMap<>();
        for (int round = 0; round < 3; round++) {
            for (long delay : new long[] {0, 20}) {
                runs.computeIfAbsent(delay, d -> new ArrayList<>()).add(catalogBurst(providers, delay));
            }
        }
        double[] each = median(runs.get(0L));
        double[] coalesced = median(runs.get(20L));
        report.row(
                "5 scale",
                "catalog alone: " + size + " providers × 10 ops registered at once → all ACTIVE, "
                        + "publications coalesced (20 ms): process CPU / wall / revisions (median of 3)",
                String.format(Locale.ROOT, "%.2f s / %.2f s / %.0f", coalesced[0], coalesced[1], coalesced[2]),
                String.format(Locale.ROOT, "each change published: %.2f s / %.2f s / %.0f", each[0], each[1], each[2]),
                ratio(coalesced[0], each[0]) + " (CPU)",
                "—",
                null);
    }

    private static double[] catalogBurst(List<NoopConnector> providers, long delayMs) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        try (StandaloneCatalog catalog = new StandaloneCatalog(delayMs)) {
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < providers.size(); i++) {
                catalog.register("bench.burst." + i, "1.0.0", providers.get(i));
            }
            long deadline = start + TimeUnit.SECONDS.toNanos(300);
            while (catalog.registry().view().snapshot().connectors().stream()
                            .filter(e -> e.state() == ConnectorState.ACTIVE)
                            .count()
                    < providers.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the burst did not become ACTIVE within 300 s");
                }
                Thread.sleep(10);
            }
            return new double[] {
                (os.getProcessCpuTime() - cpu) / 1e9,
                (System.nanoTime() - start) / 1e9,
                catalog.registry().view().snapshot().revision()
            };
        }
    }

    private static double[] median(List<double[]> runs) {
        List<double[]> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(r -> r[0]));
        return sorted.get(sorted.size() / 2);
    }

    /** Every feature of the distribution, and one that sets {@code publish.delay.ms} to 0. */
    private List<String> eachChangeFeatures() throws IOException {
        List<String> features = new ArrayList<>();
        try (Stream<Path> files = Files.list(distribution.resolve("features"))) {
            files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .forEach(f -> features.add(f.toAbsolutePath().toString()));
        }
        Path eachChange = work.resolve("publish-each-change.json");
        Files.writeString(
                eachChange,
                "{\"feature-resource-version\": \"1.0\", \"id\": \"dev.switchboard:bench-publish-"
                        + "each-change:1.0.0\", \"bundles\": [], \"configurations\": {\"dev.switchboard.host.catalog\": "
                        + "{\"publish.delay.ms\": 0}}}");
        features.add(eachChange.toAbsolutePath().toString());
        return features;
    }

    /**
     * Starts a host with the first {@code size} generated connectors in its deploy folder and reports start → all
     * ACTIVE, the catalog GET, memory; {@code features} empty: the defaults, else a run reported as a baseline only.
     *
     * @return seconds from spawn to all ACTIVE
     */
    private double scaleRun(int size, List<Path> bundles, List<String> features) throws Exception {
        boolean baseline = !features.isEmpty();
        Path home = work.resolve("scale-" + size + (baseline ? "-each-change" : ""));
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        for (Path bundle : bundles.subList(0, size)) {
            Files.copy(bundle, deploy.resolve(bundle.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        try (HostProcess host = HostProcess.start(
                distribution,
                home,
                logs.resolve("scale-" + size + (baseline ? "-each-change" : "") + ".log"),
                features)) {
            long healthy = host.awaitHealthy(LIVE, Duration.ofSeconds(120), 20);
            // readiness first (cheap, and it waits for every file of the folder), then the connector list: polling the
            // list of 2,000 connectors ten times a second from the spawn took a tenth of the host's CPU during the
            // start
            long allActive = host.awaitSince(
                    Duration.ofSeconds(300), 100, () -> host.isReady() && host.activeConnectors("gen-") >= size);
            HttpRequest catalog = host.request("/api/operations").GET().build();
            long firstStart = System.nanoTime();
            HttpResponse<String> first = host.send(catalog);
            long firstNanos = System.nanoTime() - firstStart;
            String etag = first.headers().firstValue("ETag").orElseThrow();
            int operations = JSON.readTree(first.body()).size();
            int n = quick ? 30 : 100;
            List<Long> full = new ArrayList<>();
            List<Long> notModified = new ArrayList<>();
            List<Long> health = new ArrayList<>();
            HttpRequest conditional = host.request("/api/operations")
                    .header("If-None-Match", etag)
                    .GET()
                    .build();
            HttpRequest healthRequest = host.request(LIVE).GET().build();
            HttpRequest gzipped = host.request("/api/operations")
                    .header("Accept-Encoding", "gzip")
                    .GET()
                    .build();
            List<Long> bytes = new ArrayList<>();
            List<Long> gzip = new ArrayList<>();
            List<Long> blocking = new ArrayList<>();
            List<Long> blockingHealth = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                blocking.add(host.timedBlocking("/api/operations", 200));
                blockingHealth.add(host.timedBlocking(LIVE, 200));
                full.add(host.timed(catalog, 200));
                notModified.add(host.timed(conditional, 304));
                health.add(host.timed(healthRequest, 200));
                bytes.add(host.timedBytes(catalog, 200));
                gzip.add(host.timedBytes(gzipped, 200));
            }
            double[] memory = memory(host.pid());
            Stats f = Stats.of(full);
            Stats nm = Stats.of(notModified);
            Stats h = Stats.of(health);
            Stats b = Stats.of(bytes);
            Stats gz = Stats.of(gzip);
            Stats bl = Stats.of(blocking);
            Stats blh = Stats.of(blockingHealth);
            report.note(String.format(
                    Locale.ROOT,
                    "Scale %d%s: /api/health/live 200 after %.2f s, all %d ACTIVE after "
                            + "%.2f s (from process spawn); GET /api/operations p50 %.2f ms (blocking client), "
                            + "%.2f ms (HttpClient, String); heap after GC %.0f MB.",
                    size,
                    baseline ? " (publish.delay.ms 0, each change published)" : "",
                    healthy / 1e9,
                    size,
                    allActive / 1e9,
                    Stats.ms(bl.p50()),
                    Stats.ms(f.p50()),
                    memory[0]));
            if (baseline) {
                return allActive / 1e9;
            }
            String label = size + " connectors × 10 ops";
            boolean target = size == SCALE_TARGET;
            report.row(
                    "5 scale",
                    label + ": start → all ACTIVE",
                    String.format(Locale.ROOT, "%.2f s", allActive / 1e9),
                    emptyHostStartMs > 0
                            ? String.format(Locale.ROOT, "empty host start → ready %.2f s", emptyHostStartMs / 1000)
                            : "—",
                    emptyHostStartMs > 0 ? ratio(allActive / 1e6, emptyHostStartMs) : "—",
                    target ? "< 10 s" : "—",
                    target ? allActive / 1e9 < 10 : null);
            report.row(
                    "5 scale",
                    label + ": GET /api/operations p50, 200 (" + operations + " ops, "
                            + first.body().length() / 1024 + " KiB), blocking client (HttpURLConnection, 1 MiB reads)",
                    String.format(Locale.ROOT, "%.2f ms", Stats.ms(bl.p50())),
                    String.format(Locale.ROOT, "GET /api/health/live the same way %.2f ms", Stats.ms(blh.p50())),
                    ratio(bl.p50(), blh.p50()),
                    target ? "p50 < 10 ms" : "—",
                    target ? Stats.ms(bl.p50()) < 10 : null);
            report.row(
                    "5 scale",
                    label + ": GET /api/operations p50 with java.net.http.HttpClient, read as a String / 304 with ETag",
                    String.format(Locale.ROOT, "%.2f / %.2f ms", Stats.ms(f.p50()), Stats.ms(nm.p50())),
                    String.format(Locale.ROOT, "GET /api/health/live %.2f ms", Stats.ms(h.p50())),
                    ratio(f.p50(), h.p50()) + " / " + ratio(nm.p50(), h.p50()),
                    "—",
                    null);
            report.row(
                    "5 scale",
                    label + ": GET /api/operations p50 with java.net.http.HttpClient, read as bytes / with "
                            + "Accept-Encoding: gzip (pre-compressed, decompressed by the client)",
                    String.format(Locale.ROOT, "%.2f / %.2f ms", Stats.ms(b.p50()), Stats.ms(gz.p50())),
                    String.format(Locale.ROOT, "GET /api/health/live %.2f ms", Stats.ms(h.p50())),
                    ratio(b.p50(), h.p50()) + " / " + ratio(gz.p50(), h.p50()),
                    target ? "p50 < 10 ms" : "—",
                    target ? Stats.ms(gz.p50()) < 10 : null);
            report.row(
                    "5 scale",
                    label + ": first GET /api/operations after start (renders the catalog)",
                    String.format(Locale.ROOT, "%.1f ms", firstNanos / 1e6),
                    "—",
                    "—",
                    "—",
                    null);
            report.row(
                    "5 scale",
                    label + ": heap after GC / RSS",
                    String.format(Locale.ROOT, "%.0f / %.0f MB", memory[0], memory[1]),
                    emptyHostHeapMb > 0
                            ? String.format(Locale.ROOT, "empty host %.0f / %.0f MB", emptyHostHeapMb, emptyHostRssMb)
                            : "—",
                    emptyHostHeapMb > 0
                            ? ratio(memory[0], emptyHostHeapMb) + " / " + ratio(memory[1], emptyHostRssMb)
                            : "—",
                    target ? "heap < 512 MB" : "—",
                    target ? memory[0] < 512 : null);
            return allActive / 1e9;
        }
    }

    // ---------------------------------------------------------------------------------------------------- openapi

    private void openApi() throws Exception {
        new OpenApiBenchmark(
                        distribution,
                        work,
                        logs,
                        report,
                        quick,
                        pid -> {
                            try {
                                return memory(pid)[0];
                            } catch (Exception e) {
                                return -1;
                            }
                        },
                        emptyHostHeapMb)
                .run();
    }

    /** Heap used after a full GC, and the process's RSS, in MB. */
    private double[] memory(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(List.of(jcmd, String.valueOf(pid), "GC.run"));
        String info = run(List.of(jcmd, String.valueOf(pid), "GC.heap_info"));
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        double heap = m.find() ? Long.parseLong(m.group(1)) / 1024.0 : -1;
        double rss = -1;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return new double[] {heap, rss};
    }

    private String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ cold start

    private void coldStart() throws Exception {
        int runs = quick ? 2 : 5;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String self = Path.of(RunBenchmarks.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        List<Long> empty = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            run(List.of(java, "-cp", self, EmptyMain.class.getName()));
            empty.add(System.nanoTime() - start);
        }
        // /api/health is readiness now (the deploy folder's connectors loaded, subscriptions resumed); the figure of
        // earlier runs, "spawn → /api/health 200", was what /api/health/live answers: both are measured
        List<Long> full = new ArrayList<>();
        List<Long> fullReady = new ArrayList<>();
        List<Long> ready = new ArrayList<>();
        double[] memory = null;
        for (int i = 0; i < runs; i++) {
            Path home = work.resolve("cold-" + i);
            try (HostProcess host =
                    HostProcess.start(distribution, home, logs.resolve("cold-" + i + ".log"), List.of())) {
                full.add(host.awaitHealthy(LIVE, Duration.ofSeconds(90), 10));
                fullReady.add(host.awaitHealthy(READY, Duration.ofSeconds(90), 10));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (host.readyMillis() < 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                ready.add(host.readyMillis());
                if (i == runs - 1) {
                    Thread.sleep(2000); // let the start settle before measuring the empty host's memory
                    memory = memory(host.pid());
                }
            }
        }
        List<Long> minimal = new ArrayList<>();
        List<Long> minimalReady = new ArrayList<>();
        for (int i = 0; i < Math.max(2, runs - 2); i++) {
            Path home = work.resolve("cold-min-" + i);
            try (HostProcess host = HostProcess.start(
                    distribution, home, logs.resolve("cold-min-" + i + ".log"), List.of("core", "http"))) {
                minimal.add(host.awaitHealthy(LIVE, Duration.ofSeconds(90), 10));
                minimalReady.add(host.awaitHealthy(READY, Duration.ofSeconds(90), 10));
            }
        }
        // what ./switchboard does: one run records the classes it loads (written when it stops), later runs map them
        Path archive = work.resolve("switchboard.jsa");
        List<String> quiet = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        List<String> record = new ArrayList<>(quiet);
        record.add("-XX:ArchiveClassesAtExit=" + archive);
        try (HostProcess host = HostProcess.start(
                distribution,
                work.resolve("cold-cds-record"),
                logs.resolve("cold-cds-record.log"),
                List.of(),
                record)) {
            host.awaitHealthy(Duration.ofSeconds(90), 10);
        }
        List<Long> shared = new ArrayList<>();
        List<Long> sharedReady = new ArrayList<>();
        if (Files.isRegularFile(archive)) {
            List<String> use = new ArrayList<>(quiet);
            use.add("-XX:SharedArchiveFile=" + archive);
            for (int i = 0; i < runs; i++) {
                try (HostProcess host = HostProcess.start(
                        distribution,
                        work.resolve("cold-cds-" + i),
                        logs.resolve("cold-cds-" + i + ".log"),
                        List.of(),
                        use)) {
                    shared.add(host.awaitHealthy(LIVE, Duration.ofSeconds(90), 10));
                    sharedReady.add(host.awaitHealthy(READY, Duration.ofSeconds(90), 10));
                }
            }
        }
        Stats f = Stats.of(full);
        Stats fr = Stats.of(fullReady);
        Stats e = Stats.of(empty);
        Stats m = Stats.of(minimal);
        Stats mr = Stats.of(minimalReady);
        Stats r = Stats.of(ready);
        emptyHostStartMs = Stats.ms(fr.p50());
        if (memory != null) {
            emptyHostHeapMb = memory[0];
            emptyHostRssMb = memory[1];
        }
        report.row(
                "6 cold start",
                "launcher spawn → `/api/health/live` 200 (the API serves; what `/api/health` "
                        + "answered in earlier runs), default features (median of " + runs + ")",
                String.format(Locale.ROOT, "%.0f ms (min %.0f)", Stats.ms(f.p50()), Stats.ms(f.percentile(0))),
                String.format(Locale.ROOT, "JVM running an empty main %.0f ms", Stats.ms(e.p50())),
                ratio(f.p50(), e.p50()),
                "< 1.5 s",
                Stats.ms(f.p50()) < 1500);
        report.row(
                "6 cold start",
                "launcher spawn → `/api/health/ready` 200 (= `/api/health` now: shipped "
                        + "connectors ACTIVE, subscriptions resumed), default features (median of " + runs + ")",
                String.format(Locale.ROOT, "%.0f ms (min %.0f)", Stats.ms(fr.p50()), Stats.ms(fr.percentile(0))),
                String.format(Locale.ROOT, "live %.0f ms", Stats.ms(f.p50())),
                ratio(fr.p50(), f.p50()),
                "< 1.5 s",
                Stats.ms(fr.p50()) < 1500);
        report.row(
                "6 cold start",
                "the launcher's own \"ready in\" (from JVM start; printed once `/api/health/ready` "
                        + "answers 200, its probe polls every 50 ms)",
                String.format(Locale.ROOT, "%d ms", r.p50()),
                "—",
                "—",
                "—",
                null);
        report.row(
                "6 cold start",
                "spawn → live / ready, smallest host with an API (`--feature core --feature http`; " + "median of "
                        + m.count() + ")",
                String.format(Locale.ROOT, "%.0f / %.0f ms", Stats.ms(m.p50()), Stats.ms(mr.p50())),
                String.format(Locale.ROOT, "JVM empty main %.0f ms", Stats.ms(e.p50())),
                ratio(m.p50(), e.p50()) + " / " + ratio(mr.p50(), e.p50()),
                "—",
                null);
        if (!shared.isEmpty()) {
            Stats c = Stats.of(shared);
            Stats cr = Stats.of(sharedReady);
            report.row(
                    "6 cold start",
                    "spawn → live / ready, default features, with the class-data archive "
                            + "`./switchboard` keeps (recorded by one earlier run; median of " + c.count() + ")",
                    String.format(Locale.ROOT, "%.0f / %.0f ms", Stats.ms(c.p50()), Stats.ms(cr.p50())),
                    String.format(Locale.ROOT, "without it %.0f / %.0f ms", Stats.ms(f.p50()), Stats.ms(fr.p50())),
                    ratio(c.p50(), f.p50()) + " / " + ratio(cr.p50(), fr.p50()),
                    "< 1.5 s",
                    Stats.ms(c.p50()) < 1500 && Stats.ms(cr.p50()) < 1500);
        } else {
            report.note("Cold start: the JVM wrote no class-data archive; the row with it is left out.");
        }
        if (memory != null) {
            report.row(
                    "6 cold start",
                    "empty host (default features): heap after GC / RSS",
                    String.format(Locale.ROOT, "%.0f / %.0f MB", memory[0], memory[1]),
                    "—",
                    "—",
                    "—",
                    null);
        }
    }

    // -------------------------------------------------------------------------------------------------- triggers

    private void triggers() throws Exception {
        int batchSize = Integer.parseInt(TriggerBenchmark.env("BENCH_TRIGGER_BATCH", "1000"));
        TriggerBenchmark.Settings settings = new TriggerBenchmark.Settings(
                TriggerBenchmark.env("SWITCHBOARD_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
                TriggerBenchmark.env("SWITCHBOARD_TEST_POSTGRES_USER", "postgres"),
                TriggerBenchmark.env("SWITCHBOARD_TEST_POSTGRES_PASSWORD", ""),
                Integer.parseInt(TriggerBenchmark.env("BENCH_TRIGGER_EVENTS", quick ? "20000" : "100000")),
                quick ? 10_000 : 50_000,
                batchSize,
                0.05,
                2_000,
                quick ? 2 : 5);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            TriggerBenchmark bench = new TriggerBenchmark(settings, receiver);
            bench.check();
            Map<Boolean, TriggerBenchmark.Outcome> pipeline = new java.util.LinkedHashMap<>();
            List<TriggerBenchmark.Outcome> raws = new ArrayList<>();
            // the baseline before and after the host's runs, so that a change of load hits both sides alike
            raws.add(bench.raw("raw1"));
            for (boolean fsync : List.of(false, true)) {
                Path home = work.resolve("triggers-" + (fsync ? "fsync" : "nofsync"));
                Files.createDirectories(home.resolve("deploy"));
                Files.writeString(home.resolve("deploy/dev.switchboard.triggers.cfg"), "fsync=" + fsync + "\n");
                try (HostProcess host = HostProcess.start(
                        distribution,
                        home,
                        logs.resolve("triggers-" + (fsync ? "fsync" : "nofsync") + ".log"),
                        List.of())) {
                    host.awaitHealthy(Duration.ofSeconds(90), 20);
                    pipeline.put(fsync, bench.pipeline(host, fsync ? "fsync" : "nofsync"));
                }
            }
            raws.add(bench.raw("raw2"));
            double raw = raws.stream()
                    .mapToDouble(TriggerBenchmark.Outcome::eventsPerSecond)
                    .average()
                    .orElse(0);
            TriggerBenchmark.Outcome lastRaw = raws.get(raws.size() - 1);
            String rawFigure = String.format(
                    Locale.ROOT,
                    "plain JDBC poll + POST %.0f events/s (%.0f, %.0f)",
                    raw,
                    raws.get(0).eventsPerSecond(),
                    lastRaw.eventsPerSecond());
            String setup = "batches of " + batchSize + ", poll 50 ms, " + settings.events() + " rows drained";
            for (Map.Entry<Boolean, TriggerBenchmark.Outcome> e : pipeline.entrySet()) {
                TriggerBenchmark.Outcome o = e.getValue();
                String store = "event store fsync " + (e.getKey() ? "on" : "off");
                boolean met = o.eventsPerSecond() >= 0.5 * raw && o.eventsPerSecond() >= 10_000;
                report.row(
                        "7 triggers",
                        "PostgreSQL rows → local webhook, " + store + " (" + setup + ")",
                        String.format(Locale.ROOT, "%.0f events/s", o.eventsPerSecond()),
                        rawFigure,
                        ratio(o.eventsPerSecond(), raw),
                        "≥ 0.5× raw and ≥ 10,000 events/s",
                        met);
            }
            Stats rawLatency = lastRaw.latency();
            for (Map.Entry<Boolean, TriggerBenchmark.Outcome> e : pipeline.entrySet()) {
                TriggerBenchmark.Outcome o = e.getValue();
                Stats l = o.latency();
                report.row(
                        "7 triggers",
                        "insert → delivered p50 / p99, fsync " + (e.getKey() ? "on" : "off") + ", "
                                + o.latencyRate() + " rows/s inserted for " + settings.latencySeconds() + " s ("
                                + l.count() + " events)",
                        String.format(Locale.ROOT, "%.1f / %.1f ms", Stats.ms(l.p50()), Stats.ms(l.percentile(99))),
                        String.format(
                                Locale.ROOT,
                                "plain loop %.1f / %.1f ms",
                                Stats.ms(rawLatency.p50()),
                                Stats.ms(rawLatency.percentile(99))),
                        ratio(l.p50(), rawLatency.p50()) + " / " + ratio(l.percentile(99), rawLatency.percentile(99)),
                        "—",
                        null);
            }
            StringBuilder posts =
                    new StringBuilder("Triggers: POSTs received (events / POSTs = mean batch) and " + "duplicates: ");
            for (Map.Entry<Boolean, TriggerBenchmark.Outcome> e : pipeline.entrySet()) {
                TriggerBenchmark.Outcome o = e.getValue();
                posts.append(String.format(
                        Locale.ROOT,
                        "fsync %s %d events in %d POSTs, %d duplicates; ",
                        e.getKey() ? "on" : "off",
                        o.events(),
                        o.posts(),
                        o.duplicates()));
            }
            posts.append(String.format(
                    Locale.ROOT,
                    "plain loop %d events in %d POSTs, %d duplicates.",
                    lastRaw.events(),
                    lastRaw.posts(),
                    lastRaw.duplicates()));
            report.note(posts.toString());
        }
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    static void pollPost(HostProcess host, String path, int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = host.request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = host.send(request).statusCode();
                if (last == status) {
                    return;
                }
            } catch (IllegalStateException e) {
                last = 0;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(
                "POST " + path + " did not answer " + status + " within " + timeout + " (last " + last + ")");
    }

    private static String ns(double value, Double error) {
        String v = value >= 10_000
                ? String.format(Locale.ROOT, "%.1f µs", value / 1000)
                : value < 10
                        ? String.format(Locale.ROOT, "%.1f ns", value)
                        : String.format(Locale.ROOT, "%.0f ns", value);
        if (error == null || error.isNaN()) {
            return v;
        }
        return v
                + (value >= 10_000
                        ? String.format(Locale.ROOT, " ± %.1f", error / 1000)
                        : value < 10
                                ? String.format(Locale.ROOT, " ± %.1f", error)
                                : String.format(Locale.ROOT, " ± %.0f", error));
    }

    static String ratio(double value, double baseline) {
        return baseline <= 0 ? "—" : String.format(Locale.ROOT, "%.2f×", value / baseline);
    }

    private static Path single(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".jar"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + dir + ": build first"));
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown CPU";
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    private void deleteWork() {
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + work + ": " + e);
        }
    }
}
