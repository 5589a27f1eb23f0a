package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The hot-swap acceptance test: the real launcher, 32 clients invoking {@code greeter.greet} over HTTP while the
 * connector's jar in the deploy folder is replaced 20 times, v1 and v2 alternately. Not one call may fail, and the
 * other connector's bundle is neither restarted nor disturbed. Latencies are printed, never asserted.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class HotSwapE2EIT {

    private static final int CLIENTS = 32;
    private static final int SWAPS = 20;
    private static final Duration STEADY = Duration.ofSeconds(3);
    private static final String GREET = "/api/connectors/greeter/operations/greet/invoke";
    private static final String GREET_BODY = "{\"connection\":{\"salutation\":\"Hi\"},\"parameters\":{\"name\":\"x\"}}";

    private static SwitchboardProcess host;

    /** One call as a client saw it. */
    private record Call(long start, long end, int status, String version, String failure) {

        boolean overlaps(long[] window) {
            return start <= window[1] && end >= window[0];
        }

        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(end - start);
        }
    }

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.start("hotswap");
        host.deploy("greeter-v1", "greeter.jar");
        host.deploy("faulty", "faulty.jar");
        awaitServing("1.0.0");
        Await.until(
                "misbehaving ACTIVE",
                Duration.ofSeconds(20),
                () -> connector("misbehaving"),
                c -> c != null && "ACTIVE".equals(c.path("state").asText()));
    }

    @AfterClass
    public static void stopHost() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void a_swappingTheJarUnderLoadFailsNoCallAndLeavesOtherConnectorsAlone() throws Exception {
        JsonNode otherBefore = connector("misbehaving");
        long greeterBundle = connector("greeter").at("/bundle/id").asLong();

        Queue<Call> calls = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            clients.execute(() -> {
                while (!stop.get()) {
                    calls.add(greet());
                }
            });
        }
        Thread.sleep(STEADY.toMillis());

        // a call on another connector, in flight across the first swap
        CompletableFuture<HttpResponse<String>> otherCall = host.sendAsync(host.postRequest(
                "/api/connectors/misbehaving/operations/slow/invoke", "{\"parameters\":{\"ms\":3000}}"));
        Thread.sleep(200);

        List<long[]> swaps = new ArrayList<>();
        for (int i = 0; i < SWAPS; i++) {
            boolean toV2 = i % 2 == 0;
            long start = System.nanoTime();
            host.deploy(toV2 ? "greeter-v2" : "greeter-v1", "greeter.jar");
            awaitServing(toV2 ? "2.0.0" : "1.0.0");
            swaps.add(new long[] {start, System.nanoTime()});
        }
        Thread.sleep(STEADY.toMillis());
        stop.set(true);
        clients.shutdown();
        assertTrue("the clients stop", clients.awaitTermination(90, TimeUnit.SECONDS));

        HttpResponse<String> other = otherCall.get(60, TimeUnit.SECONDS);
        report(new ArrayList<>(calls), swaps);

        List<Call> failed = calls.stream().filter(c -> c.failure() != null).toList();
        assertEquals("failed calls, first ones: " + failed.stream().limit(10).toList(), 0, failed.size());
        assertTrue(
                "every answer is from version 1 or 2",
                calls.stream().allMatch(c -> "1".equals(c.version()) || "2".equals(c.version())));
        assertTrue(
                "both versions answered",
                calls.stream().anyMatch(c -> "1".equals(c.version()))
                        && calls.stream().anyMatch(c -> "2".equals(c.version())));

        assertEquals(other.body(), 200, other.statusCode());
        JsonNode otherAfter = connector("misbehaving");
        assertEquals(
                "the other connector's bundle was not reinstalled",
                otherBefore.at("/bundle/id").asLong(),
                otherAfter.at("/bundle/id").asLong());
        assertEquals("ACTIVE", otherAfter.path("state").asText());
        long otherRegistrations = host.output().stream()
                .filter(l -> l.contains("Connector misbehaving@1.0.0 from bundle")
                        && (l.endsWith(" is ACTIVE") || l.contains(" is ACTIVE [")))
                .count();
        assertEquals("the other connector registered once: its bundle was never restarted", 1, otherRegistrations);
        assertEquals(
                "the greeter was updated in place",
                greeterBundle,
                connector("greeter").at("/bundle/id").asLong());
    }

    @Test
    public void b_aConnectorRemovedForGoodAnswers404() throws Exception {
        Files.delete(host.deploy().resolve("greeter.jar"));
        long start = System.nanoTime();
        Await.until(
                "greet to answer 404",
                Duration.ofSeconds(10),
                () -> host.post(GREET, GREET_BODY),
                r -> r.statusCode() == 404);
        System.out.println("delete -> 404 in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        assertEquals(
                "ConnectorNotFound",
                SwitchboardProcess.json(host.post(GREET, GREET_BODY))
                        .at("/error/code")
                        .asText());
    }

    private static Call greet() {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = host.post(GREET, GREET_BODY);
            long end = System.nanoTime();
            if (response.statusCode() != 200) {
                return new Call(start, end, response.statusCode(), null, response.statusCode() + " " + response.body());
            }
            String version =
                    SwitchboardProcess.json(response).at("/body/version").asText();
            return new Call(start, end, 200, version, null);
        } catch (RuntimeException e) {
            return new Call(start, System.nanoTime(), 0, null, e.toString());
        }
    }

    private static void report(List<Call> calls, List<long[]> swaps) {
        List<Call> during =
                calls.stream().filter(c -> swaps.stream().anyMatch(c::overlaps)).toList();
        List<Call> steady = calls.stream()
                .filter(c -> swaps.stream().noneMatch(c::overlaps))
                .toList();
        Map<String, Long> versions = new TreeMap<>();
        calls.forEach(c -> versions.merge(String.valueOf(c.version()), 1L, Long::sum));
        List<Long> swapMillis = swaps.stream()
                .map(w -> TimeUnit.NANOSECONDS.toMillis(w[1] - w[0]))
                .toList();
        System.out.println("=== hot swap under load: " + CLIENTS + " clients, " + swaps.size() + " swaps ===");
        System.out.println("calls " + calls.size() + ", failures "
                + calls.stream().filter(c -> c.failure() != null).count() + ", by version " + versions);
        System.out.println("during swaps: " + during.size() + " calls, " + percentiles(during));
        System.out.println("steady state: " + steady.size() + " calls, " + percentiles(steady));
        System.out.println("swap (move -> new version serving) ms: " + swapMillis);
    }

    private static String percentiles(List<Call> calls) {
        if (calls.isEmpty()) {
            return "no calls";
        }
        List<Long> millis = new ArrayList<>(calls.stream().map(Call::millis).toList());
        Collections.sort(millis);
        return "p50 " + millis.get((millis.size() - 1) / 2) + " ms, p99 "
                + millis.get((int) Math.ceil(millis.size() * 0.99) - 1) + " ms, max " + millis.get(millis.size() - 1)
                + " ms";
    }

    private static void awaitServing(String version) {
        Await.until(
                "greeter " + version + " serving",
                Duration.ofSeconds(30),
                () -> connector("greeter"),
                c -> c != null
                        && version.equals(c.path("version").asText())
                        && "ACTIVE".equals(c.path("state").asText()));
    }

    /** The connector's entry in GET /api/connectors (highest version first), or null. */
    private static JsonNode connector(String id) {
        for (JsonNode entry : SwitchboardProcess.json(host.get("/api/connectors"))) {
            if (id.equals(entry.path("id").asText())) {
                return entry;
            }
        }
        return null;
    }
}
