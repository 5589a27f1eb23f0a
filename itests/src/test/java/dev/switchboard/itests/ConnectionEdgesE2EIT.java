package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Issue 11 section 7 on the real launcher: a connection whose reference cannot be resolved says which environment
 * variable or secret file is missing (never a value), and one whose secret file appears later works at its next
 * use, without restarting the host.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ConnectionEdgesE2EIT {

    private static final String SECRET = "sk-late-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    private static final String INVOKE = "/api/connectors/greeter/operations/greet/invoke";

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.create("switchboard-connection-edges").recordResponses();
        host.start();
        host.deploy("greeter-v1", "greeter.jar");
        Await.until(
                "greeter in GET /api/connectors",
                Duration.ofSeconds(15),
                () -> SwitchboardProcess.json(host.get("/api/connectors")),
                list -> {
                    JsonNode greeter = SwitchboardProcess.find(list, "id", "greeter");
                    return greeter != null
                            && "ACTIVE".equals(greeter.path("state").asText());
                });
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.kill();
        }
    }

    @Test
    public void a_aMissingSecretFileIsNamedWithWhereItIsLookedFor() {
        HttpResponse<String> created = host.put(
                "/api/connections/late",
                "{\"connector\":\"greeter\","
                        + "\"parameters\":{\"salutation\":\"Hi\",\"apiKey\":\"$[secret:later]\"}}");
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode error = invoke("late", 400).get("error");
        assertEquals("InvalidConnection", error.get("code").asText());
        String message = error.get("message").asText();
        assertTrue(message, message.contains("secret file 'later'"));
        assertTrue(message, message.contains("conf/secrets/later"));
        String problem = SwitchboardProcess.json(host.get("/api/connections/late"))
                .path("problem")
                .asText();
        assertTrue(problem, problem.contains("secret file 'later'"));
    }

    @Test
    public void b_theSecretFileCreatedLaterIsUsedWithoutARestart() throws Exception {
        Path secrets = Files.createDirectories(host.home().resolve("conf/secrets"));
        Files.writeString(secrets.resolve("later"), SECRET);
        JsonNode body = invoke("late", 200).get("body");
        assertEquals("Hi, Ada!", body.get("message").asText());
        assertEquals(SECRET.length(), body.get("apiKeyLength").asInt());
        JsonNode shown = SwitchboardProcess.json(host.get("/api/connections/late"));
        assertTrue(
                shown.toString(),
                shown.path("problem").isMissingNode() || shown.path("problem").isNull());
    }

    @Test
    public void c_aMissingEnvironmentVariableIsNamedAndTheFixIsSaid() {
        HttpResponse<String> created = host.put(
                "/api/connections/env",
                "{\"connector\":\"greeter\","
                        + "\"parameters\":{\"salutation\":\"Hi\",\"apiKey\":\"$[env:SWITCHBOARD_E2E_NOT_SET]\"}}");
        assertEquals(created.body(), 201, created.statusCode());
        String message = invoke("env", 400).at("/error/message").asText();
        assertTrue(message, message.contains("environment variable 'SWITCHBOARD_E2E_NOT_SET'"));
        assertTrue(message, message.contains("start the host with"));
    }

    @Test
    public void z_theSecretIsInNoResponseAndNoOutputLine() {
        for (String response : host.responses()) {
            assertFalse("a response holds the secret:\n" + response, response.contains(SECRET));
        }
        for (String line : host.output()) {
            assertFalse("the host printed the secret: " + line, line.contains(SECRET));
        }
    }

    private static JsonNode invoke(String connection, int expectedStatus) {
        HttpResponse<String> response =
                host.post(INVOKE, "{\"connection\":\"" + connection + "\",\"parameters\":{\"name\":\"Ada\"}}");
        assertEquals(response.body(), expectedStatus, response.statusCode());
        return SwitchboardProcess.json(response);
    }
}
