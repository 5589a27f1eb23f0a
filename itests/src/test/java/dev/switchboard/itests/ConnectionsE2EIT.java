package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Named connections on the real launcher: made over REST with environment and secret-file references, used by
 * name, masked when read, kept across a restart, dropped into the deploy folder as a .cfg file, deleted; and the
 * secret never in a response nor in a line the host prints.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ConnectionsE2EIT {

    /** 29 characters: its length tells the resolved secret from the 21-character reference. */
    private static final String SECRET = "sk-e2e-" + Long.toHexString(Double.doubleToLongBits(Math.random())) + "xyzzy";

    private static final String GREETING = "Ahoy";
    private static final String INVOKE = "/api/connectors/greeter/operations/greet/invoke";

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.create("switchboard-connections")
                .environment(Map.of("GREETER_SALUTATION", GREETING))
                .recordResponses();
        Files.createDirectories(host.home().resolve("conf/secrets"));
        Files.writeString(host.home().resolve("conf/secrets/greeter-key"), SECRET);
        host.start();
        host.deploy("greeter-v1", "greeter.jar");
        awaitGreeter();
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.kill();
        }
    }

    @Test
    public void a_aConnectionMadeOverRestIsStoredWithItsReferencesAndMasked() {
        HttpResponse<String> created = host.put(
                "/api/connections/prod",
                "{\"connector\":\"greeter\",\"parameters\":" + "{\"salutation\":\"" + GREETING
                        + "\",\"apiKey\":\"$[secret:greeter-key]\"}}");
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode connection = SwitchboardProcess.json(created);
        assertEquals(GREETING, connection.at("/parameters/salutation").asText());
        assertEquals("********", connection.at("/parameters/apiKey").asText());

        HttpResponse<String> again = host.put(
                "/api/connections/prod",
                "{\"connector\":\"greeter\",\"parameters\":" + "{\"salutation\":\"" + GREETING
                        + "\",\"apiKey\":\"$[secret:greeter-key]\"}}");
        assertEquals(200, again.statusCode());
        // references resolve in securestring parameters only (SecretsE2EIT checks the refusal)
        HttpResponse<String> env = host.put(
                "/api/connections/env",
                "{\"connector\":\"greeter\",\"parameters\":"
                        + "{\"salutation\":\"Hi\",\"apiKey\":\"$[env:GREETER_SALUTATION]\"}}");
        assertEquals(env.body(), 201, env.statusCode());
    }

    @Test
    public void b_invokeByNameResolvesTheEnvironmentAndTheSecret() {
        JsonNode body = invoke("prod", 200).get("body");
        assertEquals(GREETING + ", Ada!", body.get("message").asText());
        assertEquals(SECRET.length(), body.get("apiKeyLength").asInt());
        assertEquals(
                GREETING.length(), invoke("env", 200).at("/body/apiKeyLength").asInt());
        assertEquals(204, host.delete("/api/connections/env").statusCode());
    }

    @Test
    public void c_getShowsTheSecretMasked() {
        JsonNode one = SwitchboardProcess.json(host.get("/api/connections/prod"));
        assertEquals("greeter", one.get("connector").asText());
        assertEquals("********", one.at("/parameters/apiKey").asText());
        assertTrue(one.toString(), one.path("problem").isMissingNode());
        JsonNode all = SwitchboardProcess.json(host.get("/api/connections"));
        assertEquals("********", find(all, "prod").at("/parameters/apiKey").asText());
        assertEquals(404, host.get("/api/connections/nope").statusCode());
    }

    @Test
    public void d_putWithTheMaskKeepsTheSecret() {
        HttpResponse<String> updated = host.put(
                "/api/connections/prod",
                "{\"connector\":\"greeter\"," + "\"parameters\":{\"salutation\":\"Hello\",\"apiKey\":\"********\"}}");
        assertEquals(updated.body(), 200, updated.statusCode());
        JsonNode body = invoke("prod", 200).get("body");
        assertEquals("Hello, Ada!", body.get("message").asText());
        assertEquals(SECRET.length(), body.get("apiKeyLength").asInt());
    }

    @Test
    public void e_badConnectionsAreRefusedWithClearErrors() {
        HttpResponse<String> missing = host.put(
                "/api/connections/bad",
                "{\"connector\":\"greeter\"," + "\"parameters\":{\"apiKey\":\"" + SECRET + "\",\"colour\":\"red\"}}");
        assertEquals(400, missing.statusCode());
        String message = SwitchboardProcess.json(missing).at("/error/message").asText();
        assertTrue(message, message.contains("'salutation'") && message.contains("'colour'"));
        assertEquals(
                "InvalidConnectionName",
                SwitchboardProcess.json(host.put("/api/connections/b%20d", "{\"connector\":\"greeter\"}"))
                        .at("/error/code")
                        .asText());
        assertEquals(
                "ConnectorNotInstalled",
                SwitchboardProcess.json(host.put("/api/connections/x", "{\"connector\":\"nobody\",\"parameters\":{}}"))
                        .at("/error/code")
                        .asText());
        HttpResponse<String> mismatch = host.post(
                "/api/connectors/other/operations/greet/invoke",
                "{\"connection\":\"prod\",\"parameters\":{\"name\":\"Ada\"}}");
        assertEquals(400, mismatch.statusCode());
        assertEquals(
                "ConnectionMismatch",
                SwitchboardProcess.json(mismatch).at("/error/code").asText());
    }

    @Test
    public void f_aCfgFileInTheDeployFolderIsListedAndUsable() throws Exception {
        host.deployText(
                "connector = greeter\nsalutation = Hi\napiKey = $[secret:greeter-key]\n",
                "dev.switchboard.connection-dropped.cfg");
        JsonNode all = Await.until(
                "the dropped connection in GET /api/connections",
                Duration.ofSeconds(10),
                () -> SwitchboardProcess.json(host.get("/api/connections")),
                list -> find(list, "dropped") != null);
        JsonNode dropped = find(all, "dropped");
        assertEquals(
                "dev.switchboard.connection-dropped.cfg", dropped.get("file").asText());
        assertEquals("********", dropped.at("/parameters/apiKey").asText());
        assertEquals("Hi, Ada!", invoke("dropped", 200).at("/body/message").asText());

        // a change over the API goes back into the file (FileInstall writes it), a DELETE removes the file
        Path file = host.deploy().resolve("dev.switchboard.connection-dropped.cfg");
        assertEquals(
                200,
                host.put(
                                "/api/connections/dropped",
                                "{\"connector\":\"greeter\",\"parameters\":"
                                        + "{\"salutation\":\"Servus\",\"apiKey\":\"********\"}}")
                        .statusCode());
        Await.until(
                "the file to hold the new salutation",
                Duration.ofSeconds(10),
                () -> read(file),
                text -> text.contains("Servus"));
        assertTrue(read(file).contains("$[secret:greeter-key]"));
        assertEquals("Servus, Ada!", invoke("dropped", 200).at("/body/message").asText());
        assertEquals(204, host.delete("/api/connections/dropped").statusCode());
        Await.until("the file to be deleted", Duration.ofSeconds(10), () -> Files.exists(file), exists -> !exists);

        host.deployText(
                "connector = greeter\nsalutation = Hi\napiKey = $[secret:no-such-file]\n",
                "dev.switchboard.connection-broken.cfg");
        JsonNode broken = Await.until(
                "the broken connection with its problem",
                Duration.ofSeconds(10),
                () -> find(SwitchboardProcess.json(host.get("/api/connections")), "broken"),
                // "not delivered by ConfigAdmin yet" comes first, for a moment: wait for the problem the file has
                c -> c != null && c.has("problem") && !c.get("problem").asText().contains("not been delivered"));
        assertTrue(broken.toString(), broken.get("problem").asText().contains("'apiKey'"));
        assertEquals(
                "InvalidConnection", invoke("broken", 400).at("/error/code").asText());
    }

    @Test
    public void g_connectionsSurviveARestart() throws Exception {
        assertEquals(0, host.stop());
        host.start();
        awaitGreeter();
        JsonNode prod = SwitchboardProcess.json(host.get("/api/connections/prod"));
        assertEquals("Hello", prod.at("/parameters/salutation").asText());
        JsonNode body = invoke("prod", 200).get("body");
        assertEquals("Hello, Ada!", body.get("message").asText());
        assertEquals(SECRET.length(), body.get("apiKeyLength").asInt());
    }

    @Test
    public void h_afterDeleteTheNameIsUnknown() {
        assertEquals(204, host.delete("/api/connections/prod").statusCode());
        assertEquals(404, host.get("/api/connections/prod").statusCode());
        assertEquals(404, host.delete("/api/connections/prod").statusCode());
        assertEquals("ConnectionNotFound", invoke("prod", 404).at("/error/code").asText());
    }

    @Test
    public void z_theSecretIsInNoResponseNoOutputLineAndNoStoredConfiguration() throws Exception {
        assertTrue(host.responses().size() > 20);
        for (String response : host.responses()) {
            assertFalse("a response holds the secret:\n" + response, response.contains(SECRET));
        }
        for (String line : host.output()) {
            assertFalse("the host printed the secret: " + line, line.contains(SECRET));
        }
        try (Stream<Path> files = Files.walk(host.home().resolve("data/config"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse("stored in " + file, Files.readString(file).contains(SECRET));
            }
        }
    }

    private static JsonNode invoke(String connection, int expectedStatus) {
        HttpResponse<String> response =
                host.post(INVOKE, "{\"connection\":\"" + connection + "\",\"parameters\":{\"name\":\"Ada\"}}");
        assertEquals(response.body(), expectedStatus, response.statusCode());
        return SwitchboardProcess.json(response);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void awaitGreeter() {
        Await.until(
                "greeter in GET /api/connectors",
                Duration.ofSeconds(15),
                () -> SwitchboardProcess.json(host.get("/api/connectors")),
                list -> {
                    JsonNode greeter = find(list, "greeter", "id");
                    return greeter != null
                            && "ACTIVE".equals(greeter.path("state").asText());
                });
    }

    private static JsonNode find(JsonNode array, String name) {
        return find(array, name, "name");
    }

    private static JsonNode find(JsonNode array, String value, String field) {
        assertNotNull(array);
        return SwitchboardProcess.find(array, field, value);
    }
}
