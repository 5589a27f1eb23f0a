package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 11 section 6 on the real launcher: a cron expression that never fires or overflows is refused by
 * {@code POST /api/subscriptions} with 400 naming the field (no subscription left behind, nothing retried), and an
 * ordinary one (with day names, on cron-utils in Felix) runs.
 */
public class ScheduleEdgesE2EIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.start("switchboard-schedules");
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    private static HttpResponse<String> subscribe(String cron) {
        ObjectNode request =
                MAPPER.createObjectNode().put("connector", "schedule").put("operation", "recurrence");
        request.putObject("parameters").put("cron", cron);
        request.putObject("target").put("stream", true);
        return Await.until(
                "the schedule connector to take a subscription",
                Duration.ofSeconds(30),
                () -> host.post("/api/subscriptions", request.toString()),
                r -> r.statusCode() != 404); // 404 ConnectorNotFound while the triggers bundle starts
    }

    private static String refused(String cron) {
        HttpResponse<String> r = subscribe(cron);
        assertEquals(r.body(), 400, r.statusCode());
        JsonNode error = SwitchboardProcess.json(r).get("error");
        assertEquals(r.body(), "InvalidInput", error.get("code").asText());
        return error.get("message").asText();
    }

    @Test
    public void aCronThatNeverFiresIsRefusedWith400NamingTheField() {
        String message = refused("0 0 31 2 *");
        assertTrue(message, message.contains("cron: day-of-month 31 never occurs in February"));
        String all = host.get("/api/subscriptions").body();
        assertTrue("no subscription was stored: " + all, !all.contains("0 0 31 2 *"));
    }

    @Test
    public void anOverflowingCronIsRefusedWith400NamingTheField() {
        String message = refused("59/2147483647 * * * *");
        assertTrue(message, message.contains("cron: minute '59/2147483647'"));
        assertTrue(refused("* * * * FUNDAY"), refused("* * * * FUNDAY").contains("cron: day-of-week 'FUNDAY'"));
    }

    @Test
    public void anOrdinaryCronRuns() {
        HttpResponse<String> r = subscribe("*/5 9-17 * * MON-FRI");
        assertEquals(r.body(), 201, r.statusCode());
        String id = SwitchboardProcess.json(r).get("id").asText();
        JsonNode active = Await.until(
                "subscription " + id + " ACTIVE",
                Duration.ofSeconds(30),
                () -> SwitchboardProcess.json(host.get("/api/subscriptions/" + id)),
                s -> "ACTIVE".equals(s.path("state").asText())
                        || "FAILED".equals(s.path("state").asText()));
        assertEquals(active.toString(), "ACTIVE", active.get("state").asText());
        assertEquals(204, host.delete("/api/subscriptions/" + id).statusCode());
    }
}
