package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rolling update of {@link ClusterE2EIT}: 32 clients call {@code greeter.greet} round-robin over the nodes (call
 * n goes to node n mod 3) while greeter 2.0.0 is dropped into one node's deploy folder and replicates to the others,
 * where FileInstall swaps it in. Not one call may fail; every answer is from version 1 or 2, and once every node
 * serves 2.0.0 every node answers version 2. Latencies are printed, never asserted.
 */
final class ClusterRollingUpdate {

    private static final int CLIENTS = 32;
    private static final Duration STEADY = Duration.ofSeconds(2);

    /** One call as a client saw it. */
    private record Call(int node, long start, long end, int status, String version, String failure) {}

    private final ClusterNodes cluster;

    ClusterRollingUpdate(ClusterNodes cluster) {
        this.cluster = cluster;
    }

    void run() throws Exception {
        Queue<Call> calls = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong next = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.execute(() -> {
                    while (!stop.get()) {
                        calls.add(greet((int) (next.getAndIncrement() % cluster.size())));
                    }
                });
            }
            Thread.sleep(STEADY.toMillis());
            int dropOn = 1;
            long start = System.nanoTime();
            cluster.node(dropOn).deploy("greeter-v2", "greeter.jar");
            Map<String, Long> serving = new TreeMap<>();
            for (int i = 0; i < cluster.size(); i++) {
                int n = (dropOn + i) % cluster.size();
                cluster.node(n).awaitActive("greeter", "2.0.0", Duration.ofSeconds(60));
                serving.put(ClusterNodes.id(n), ClusterE2EIT.millisSince(start));
            }
            Thread.sleep(STEADY.toMillis());
            stop.set(true);
            clients.shutdown();
            assertTrue("the clients stop", clients.awaitTermination(90, TimeUnit.SECONDS));
            System.out.println("=== rolling update: greeter 2.0.0 dropped on " + ClusterNodes.id(dropOn)
                    + " -> 2.0.0 ACTIVE (ms) " + serving);
        } finally {
            stop.set(true);
            clients.shutdownNow();
        }
        List<Call> all = new ArrayList<>(calls);
        report(all);
        List<Call> failed = all.stream().filter(c -> c.failure() != null).toList();
        assertEquals("failed calls, first ones: " + failed.stream().limit(10).toList(), 0, failed.size());
        assertTrue(
                "every answer is from version 1 or 2",
                all.stream().allMatch(c -> "1".equals(c.version()) || "2".equals(c.version())));
        assertTrue(
                "both versions answered",
                all.stream().anyMatch(c -> "1".equals(c.version()))
                        && all.stream().anyMatch(c -> "2".equals(c.version())));
        for (int n = 0; n < cluster.size(); n++) {
            int node = n;
            assertTrue("calls went to " + ClusterNodes.id(n), all.stream().anyMatch(c -> c.node() == node));
            Call after = greet(n);
            assertEquals(ClusterNodes.id(n) + " after the update: " + after, "2", after.version());
        }
    }

    private Call greet(int node) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = cluster.node(node).post(ClusterE2EIT.GREET, ClusterE2EIT.GREET_BODY);
            long end = System.nanoTime();
            if (response.statusCode() != 200) {
                return new Call(
                        node, start, end, response.statusCode(), null, response.statusCode() + " " + response.body());
            }
            String version =
                    SwitchboardProcess.json(response).at("/body/version").asText();
            return new Call(node, start, end, 200, version, null);
        } catch (RuntimeException e) {
            return new Call(node, start, System.nanoTime(), 0, null, e.toString());
        }
    }

    private void report(List<Call> calls) {
        Map<String, Long> byNodeAndVersion = new TreeMap<>();
        calls.forEach(c -> byNodeAndVersion.merge(ClusterNodes.id(c.node()) + " v" + c.version(), 1L, Long::sum));
        List<Long> millis = new ArrayList<>(calls.stream()
                .map(c -> TimeUnit.NANOSECONDS.toMillis(c.end() - c.start()))
                .toList());
        Collections.sort(millis);
        String latencies = millis.isEmpty()
                ? "no calls"
                : "p50 " + millis.get((millis.size() - 1) / 2) + " ms, p99 "
                        + millis.get((int) Math.ceil(millis.size() * 0.99) - 1) + " ms, max "
                        + millis.get(millis.size() - 1) + " ms";
        System.out.println("=== rolling update under load: " + CLIENTS + " clients round-robin over " + cluster.size()
                + " nodes: " + calls.size() + " calls, failures "
                + calls.stream().filter(c -> c.failure() != null).count() + ", by node and version "
                + byNodeAndVersion + ", " + latencies);
    }
}
