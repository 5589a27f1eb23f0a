package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Canary traffic on the real launcher (issue #13 §6): greeter 1.0.0 and 2.0.0 side by side, calls without a version
 * spread by weight, pinned calls untouched, the split kept across a restart, and a canary that starts failing rolled
 * back by its guard within the window, with no call failing after the guard fired.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class TrafficE2EIT {

    private static final String TRAFFIC = "/api/connectors/greeter/traffic";
    private static final String GREET = "/api/connectors/greeter/operations/greet/invoke";
    private static final String HEALTHY = "{\"connection\":{\"salutation\":\"Hi\"},\"parameters\":{\"name\":\"x\"}}";
    /** greeter 2.0.0 answers 500 for this salutation, 1.0.0 greets with it. */
    private static final String FAILING =
            "{\"connection\":{\"salutation\":\"FAIL-V2\"},\"parameters\":{\"name\":\"x\"}}";

    private static final int CALLS = 5_000;

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.start("switchboard-traffic");
        host.deploy("greeter-v1", "greeter-1.jar");
        host.deploy("greeter-v2", "greeter-2.jar");
        awaitBothVersions();
    }

    /** greeter 2.0.0 and 1.0.0 side by side, both ACTIVE. */
    private static void awaitBothVersions() {
        Await.until(
                "greeter 2.0.0 and 1.0.0 ACTIVE",
                Duration.ofSeconds(60),
                () -> host.connectorVersions("greeter").stream()
                        .filter(c -> "ACTIVE".equals(c.path("state").asText()))
                        .map(c -> c.path("version").asText())
                        .toList(),
                active -> active.equals(java.util.List.of("2.0.0", "1.0.0")));
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    /** Transport errors retried (a pooled connection closed under the client), reported at the end. */
    private static int transportRetries;

    /** "1" or "2" for a greeting (the version the greeter says it is), "failed <status>" for an error. */
    private static String version(String path, String body) {
        HttpResponse<String> response;
        try {
            response = host.post(path, body);
        } catch (IllegalStateException e) {
            // "header parser received no bytes": the JDK client does not retry a POST on a connection the server
            // closed; a greeting is idempotent, so send it once more (never more than a few times per run)
            assertTrue("transport retries: " + e, ++transportRetries <= 5);
            System.out.println("retrying after a transport error: " + e.getMessage());
            response = host.post(path, body);
        }
        if (response.statusCode() != 200) {
            return "failed " + response.statusCode();
        }
        return SwitchboardProcess.json(response).path("body").path("version").asText();
    }

    private static void assertInvalid(String body, String pointer) {
        HttpResponse<String> response = host.put(TRAFFIC, body);
        assertEquals(response.body(), 400, response.statusCode());
        JsonNode error = SwitchboardProcess.json(response).path("error");
        assertEquals(response.body(), "InvalidTraffic", error.path("code").asText());
        assertEquals(
                response.body(),
                pointer,
                error.path("details").path(0).path("target").asText());
    }

    @Test
    public void a_wrongSplitsAre400NamingTheField() {
        assertInvalid("{\"weights\": {\"3.0.0\": 10, \"1.0.0\": 90}}", "/weights/3.0.0");
        assertInvalid("{\"weights\": {\"2.0.0\": -1, \"1.0.0\": 90}}", "/weights/2.0.0");
        assertInvalid("{\"weights\": {\"2.0.0\": 0, \"1.0.0\": 0}}", "/weights");
        assertInvalid("{\"weights\": {\"2.0.0\": 1}, \"rollbackOn\": {\"errorRate\": 0.05}}", "/rollbackOn");
        assertInvalid(
                "{\"weights\": {\"2.0.0\": 1, \"1.0.0\": 1}, \"rollbackOn\": {\"errorRate\": 5}}",
                "/rollbackOn/errorRate");
        assertEquals(
                404,
                host.put("/api/connectors/nope/traffic", "{\"weights\": {\"1.0.0\": 1}}")
                        .statusCode());
        assertEquals("nothing was set", 404, host.get(TRAFFIC).statusCode());
    }

    @Test
    public void b_callsWithoutAVersionAreSpreadByWeightAndPinnedCallsAreNot() {
        HttpResponse<String> put = host.put(TRAFFIC, "{\"weights\": {\"2.0.0\": 10, \"1.0.0\": 90}}");
        assertEquals(put.body(), 200, put.statusCode());
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < CALLS; i++) {
            counts.merge(version(GREET, HEALTHY), 1, Integer::sum);
        }
        System.out.printf("weights 10/90 over %d calls: %s%n", CALLS, counts);
        assertEquals(counts.toString(), CALLS, counts.getOrDefault("1", 0) + counts.getOrDefault("2", 0));
        double share = counts.getOrDefault("2", 0) / (double) CALLS;
        assertTrue("2.0.0 got " + share + " of the calls, weight 10 %", Math.abs(share - 0.10) <= 0.03);
        for (int i = 0; i < 100; i++) {
            assertEquals("1", version(GREET + "?version=1.0.0", HEALTHY));
            assertEquals("2", version(GREET + "?version=2.0.0", HEALTHY));
        }
        assertEquals(
                10,
                host.getJson("/api/connectors/greeter")
                        .path("traffic")
                        .path("weights")
                        .path("2.0.0")
                        .asInt());
    }

    @Test
    public void c_aRestartKeepsTheSplit() throws Exception {
        host.stop();
        host.start();
        awaitBothVersions();
        JsonNode traffic = host.getJson(TRAFFIC);
        assertEquals(
                traffic.toString(),
                "{\"2.0.0\":10,\"1.0.0\":90}",
                traffic.path("weights").toString());
    }

    @Test
    public void d_aFailingCanaryIsRolledBackWithinTheWindowAndNoCallFailsAfterwards() {
        HttpResponse<String> put = host.put(
                TRAFFIC,
                "{\"weights\": {\"2.0.0\": 50, \"1.0.0\": 50}, \"rollbackOn\": "
                        + "{\"errorRate\": 0.05, \"window\": \"30s\", \"minCalls\": 50}}");
        assertEquals(put.body(), 200, put.statusCode());
        for (int i = 0; i < 200; i++) {
            assertTrue(version(GREET, HEALTHY).matches("[12]"));
        }
        // version 2 starts failing; the guard is looked at after each call until it has fired
        long firstFailure = 0;
        long firedAt = 0;
        int failed = 0;
        int afterFiring = 0;
        for (int i = 0; i < 2_000; i++) {
            String answer = version(GREET, FAILING);
            if (firedAt != 0) {
                assertEquals("call " + afterFiring + " after the guard fired", "1", answer);
                afterFiring++;
                continue;
            }
            if (answer.startsWith("failed")) {
                assertEquals("failed 500", answer);
                failed++;
                firstFailure = firstFailure == 0 ? System.nanoTime() : firstFailure;
            }
            if (failed > 0 && rolledBack()) {
                firedAt = System.nanoTime();
            }
        }
        assertTrue("the guard fired", firedAt != 0);
        long tookMs = (firedAt - firstFailure) / 1_000_000;
        System.out.printf(
                "guard fired %d ms after the first failure, after %d failed calls; %d calls after it, "
                        + "all on 1.0.0%n",
                tookMs, failed, afterFiring);
        assertTrue("rolled back within the 30 s window: " + tookMs + " ms", tookMs < 30_000);
        JsonNode traffic = host.getJson(TRAFFIC);
        assertEquals(
                traffic.toString(),
                "2.0.0",
                traffic.path("rolledBack").path("from").asText());
        assertEquals(
                traffic.toString(),
                "1.0.0",
                traffic.path("rolledBack").path("to").asText());
        assertTrue(
                traffic.toString(),
                traffic.path("rolledBack").path("reason").asText().contains("failed"));
        assertEquals(
                traffic.toString(),
                "{\"2.0.0\":0,\"1.0.0\":100}",
                traffic.path("weights").toString());
        assertTrue(host.output().stream()
                .anyMatch(l -> l.contains("all traffic moved back from version 2.0.0 to " + "1.0.0")));
        assertEquals("pinned calls still reach 2.0.0", "failed 500", version(GREET + "?version=2.0.0", FAILING));
    }

    @Test
    public void e_deleteClearsTheSplit() {
        assertEquals(204, host.delete(TRAFFIC).statusCode());
        assertEquals(404, host.get(TRAFFIC).statusCode());
        assertTrue(host.getJson("/api/connectors/greeter").path("traffic").isNull());
        assertEquals("2", version(GREET, HEALTHY)); // the highest ACTIVE version again
    }

    private static boolean rolledBack() {
        return host.getJson(TRAFFIC).has("rolledBack");
    }
}
