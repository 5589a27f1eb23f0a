package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Bulkheads and rate limits on the real launcher: 200 concurrent calls to an operation that hangs (the faulty
 * connector's {@code blocks}, which holds its connector thread) fill that connector's own bulkhead, set by a
 * {@code dev.switchboard.host.bulkhead-*.cfg} in the deploy folder, and are refused beyond it with 503 ConnectorBusy
 * and Retry-After, while the greeter keeps its latency and never gets 503. Then a rate limit on the greeter answers
 * 429 with Retry-After. Before bulkheads the greeter's call waited for the hanging calls' 504 (60 s).
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class BulkheadE2EIT {

    private static final String GREET = "/api/connectors/greeter/operations/greet/invoke";
    private static final String GREET_BODY = "{\"connection\":{\"salutation\":\"Hi\"},\"parameters\":{\"name\":\"x\"}}";
    private static final String BLOCKS = "/api/connectors/misbehaving/operations/blocks/invoke";
    private static final int HAMMER = 200;
    private static final int SAMPLES = 300;

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.start("switchboard-bulkhead");
        host.deploy("greeter-v1", "greeter.jar");
        host.deploy("faulty", "faulty.jar");
        host.awaitActive("greeter", "1.0.0", Duration.ofSeconds(20));
        host.awaitActive("misbehaving", null, Duration.ofSeconds(20));
        // the hanging connector's own share: 8 running, 16 waiting (the defaults would be 32 and 256 of 64 and 1024)
        String limits = "connector = misbehaving\nmax.concurrent = 8\nqueue.capacity = 16\n";
        host.deployText(limits, "dev.switchboard.host.bulkhead-misbehaving.cfg");
        host.awaitConfiguration(
                "dev.switchboard.host.bulkhead-misbehaving.cfg",
                "Connector limits: connector=misbehaving, max.concurrent=8, queue.capacity=16",
                Duration.ofSeconds(40));
        host.awaitDeployment(
                "dev.switchboard.host.bulkhead-misbehaving.cfg",
                Duration.ofSeconds(20),
                d -> "APPLIED".equals(d.path("state").asText()));
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void a_aConnectorThatHangsCannotStarveTheOthers() throws Exception {
        long steadyP99 = p99(greeterLatencies("steady"));

        List<CompletableFuture<HttpResponse<String>>> hammer = new ArrayList<>();
        for (int i = 0; i < HAMMER; i++) {
            hammer.add(host.sendAsync(host.postRequest(BLOCKS, "{}")));
        }
        // all but the 8 running and 16 queued are refused at once
        List<HttpResponse<String>> refused = new CopyOnWriteArrayList<>();
        hammer.forEach(f -> f.thenAccept(r -> {
            if (r.statusCode() == 503) {
                refused.add(r);
            }
        }));
        Await.until(
                "the hanging connector's bulkhead to refuse " + (HAMMER - 24) + " calls",
                Duration.ofSeconds(30),
                refused::size,
                n -> n >= HAMMER - 24);

        List<Long> underLoad = greeterLatencies("under load");
        long loadP99 = p99(underLoad);
        long pending = hammer.stream().filter(f -> !f.isDone()).count();
        System.out.printf(
                "greeter p99 steady %.2f ms, while %d calls hang and %d were refused: %.2f ms%n",
                steadyP99 / 1e6, pending, refused.size(), loadP99 / 1e6);

        assertEquals("the 8 running and 16 queued hanging calls are still waiting", 24, pending);
        HttpResponse<String> busy = refused.get(0);
        assertEquals(
                busy.body(),
                "ConnectorBusy",
                SwitchboardProcess.json(busy).path("error").path("code").asText());
        assertTrue(
                busy.body(),
                busy.body().contains("Connector misbehaving is busy: it has 8 calls running and 16 " + "waiting"));
        assertEquals("1", busy.headers().firstValue("Retry-After").orElse(null));
        // issue #13 §1: the bulkhead's active, queued and rejected calls in /metrics
        String metrics = host.get("/metrics").body();
        for (String line : List.of(
                "switchboard_bulkhead_active_calls{connector=\"misbehaving\"} 8.0",
                "switchboard_bulkhead_queued_calls{connector=\"misbehaving\"} 16.0",
                "switchboard_bulkhead_rejected_calls_total{connector=\"misbehaving\"} " + (HAMMER - 24) + ".0",
                "switchboard_bulkhead_rejected_calls_total{connector=\"greeter\"} 0.0")) {
            assertTrue(line + " in\n" + metrics, metrics.contains(line));
        }
        // 2x the steady p99, with 5 ms of slack: sub-millisecond loopback figures jitter more than that on 2 shared
        // cores
        assertTrue(
                "greeter p99 " + loadP99 / 1e6 + " ms under load vs " + steadyP99 / 1e6 + " ms steady",
                loadP99 <= Math.max(2 * steadyP99, steadyP99 + TimeUnit.MILLISECONDS.toNanos(5)));
    }

    @Test
    public void b_aRateLimitAnswers429WithRetryAfter() throws Exception {
        host.deployText(
                "connector = greeter\nrate.per.second = 2\nburst = 4\n", "dev.switchboard.host.bulkhead-greeter.cfg");
        HttpResponse<String> limited = Await.until(
                "the greeter to be rate limited",
                Duration.ofSeconds(20),
                () -> host.post(GREET, GREET_BODY),
                r -> r.statusCode() == 429);
        assertEquals(
                "RateLimited",
                SwitchboardProcess.json(limited).path("error").path("code").asText());
        assertEquals(
                "a bucket of 4 at 2/s refills every 2 s",
                "2",
                limited.headers().firstValue("Retry-After").orElse(null));
        Thread.sleep(2100);
        assertEquals(
                "allowed again after Retry-After",
                200,
                host.post(GREET, GREET_BODY).statusCode());

        // removing the configuration lifts the limit
        java.nio.file.Files.delete(host.deploy().resolve("dev.switchboard.host.bulkhead-greeter.cfg"));
        Await.until(
                "the greeter's rate limit to be lifted",
                Duration.ofSeconds(20),
                () -> {
                    Map<Integer, Integer> statuses = new TreeMap<>();
                    for (int i = 0; i < 10; i++) {
                        statuses.merge(host.post(GREET, GREET_BODY).statusCode(), 1, Integer::sum);
                    }
                    return statuses;
                },
                statuses -> statuses.equals(Map.of(200, 10)));
    }

    /** Greeter calls one after the other; every one must be 200 (never 503). */
    private static List<Long> greeterLatencies(String phase) {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < SAMPLES + 50; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = host.post(GREET, GREET_BODY);
            long took = System.nanoTime() - start;
            assertEquals(phase + ": " + r.body(), 200, r.statusCode());
            // before bulkheads a greeter call waited for the hanging calls' 504 (60 s)
            assertTrue(phase + ": a greeter call took " + took / 1_000_000 + " ms", took < TimeUnit.SECONDS.toNanos(5));
            if (i >= 50) { // warm-up
                nanos.add(took);
            }
        }
        return nanos;
    }

    private static long p99(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    }
}
