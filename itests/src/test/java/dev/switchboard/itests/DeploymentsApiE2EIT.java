package dev.switchboard.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * {@code PUT}, {@code GET} and {@code DELETE /api/deployments/{file}} with the real launcher: a jar sent over HTTP is
 * checked, written into the deploy folder whole, swapped like a dropped one and answered with its outcome.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DeploymentsApiE2EIT {

    private static final String GREET = "/api/connectors/greeter/operations/greet/invoke";
    private static final String GREET_BODY =
            "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{\"name\":\"Ada\"}}";

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.start("switchboard-deployments-api");
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void a_aJarPutOverHttpIsActiveWhenTheAnswerComes() throws Exception {
        byte[] jar = Files.readAllBytes(SwitchboardOptions.connector("greeter-v1"));
        HttpResponse<String> put = put("/api/deployments/greeter.jar", jar, "application/java-archive");
        assertEquals(put.body(), 201, put.statusCode());
        JsonNode body = SwitchboardProcess.json(put);
        assertEquals(put.body(), "ACTIVE", body.path("state").asText());
        assertEquals(
                put.body(), "greeter@1.0.0", body.path("connectors").path(0).asText());
        assertEquals(
                "/api/deployments/greeter.jar",
                put.headers().firstValue("Location").orElse(""));
        assertEquals("invocable at once", 200, host.post(GREET, GREET_BODY).statusCode());
        assertArrayEquals(jar, Files.readAllBytes(host.deploy().resolve("greeter.jar")));

        HttpResponse<String> one = host.get("/api/deployments/greeter.jar");
        assertEquals(one.body(), 200, one.statusCode());
        assertEquals("ACTIVE", SwitchboardProcess.json(one).path("state").asText());
        assertEquals(404, host.get("/api/deployments/nothing.jar").statusCode());
    }

    @Test
    public void b_aNewVersionReplacesTheFileAndTheSameBytesAgainChangeNothing() throws Exception {
        byte[] v2 = Files.readAllBytes(SwitchboardOptions.connector("greeter-v2"));
        HttpResponse<String> put = put("/api/deployments/greeter.jar", v2, "application/octet-stream");
        assertEquals(put.body(), 200, put.statusCode());
        assertEquals(
                put.body(),
                "greeter@2.0.0",
                SwitchboardProcess.json(put).path("connectors").path(0).asText());
        HttpResponse<String> again = put("/api/deployments/greeter.jar", v2, "application/octet-stream");
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals(200, host.post(GREET, GREET_BODY).statusCode());
    }

    @Test
    public void c_whatIsNotDeployableIsRefusedAndTheServingVersionStays() throws Exception {
        HttpResponse<String> garbage =
                put("/api/deployments/greeter.jar", "not a jar".getBytes(StandardCharsets.UTF_8), "text/plain");
        assertEquals(garbage.body(), 400, garbage.statusCode());
        assertEquals(
                garbage.body(), "NotDeployable", error(garbage).path("code").asText());
        assertTrue(garbage.body(), error(garbage).path("message").asText().contains("greeter.jar was not written"));
        assertEquals(200, host.post(GREET, GREET_BODY).statusCode());
        assertEquals(
                "greeter@2.0.0",
                SwitchboardProcess.json(host.get("/api/deployments/greeter.jar"))
                        .path("connectors")
                        .path(0)
                        .asText());

        byte[] jar = Files.readAllBytes(SwitchboardOptions.connector("greeter-v1"));
        for (String name : new String[] {".hidden.jar", "notes.txt", "db.cfg"}) {
            HttpResponse<String> refused = put("/api/deployments/" + name, jar, "application/java-archive");
            assertEquals(name + ": " + refused.body(), 400, refused.statusCode());
            assertFalse(name, Files.exists(host.deploy().resolve(name)));
        }
        HttpResponse<String> traversal = put("/api/deployments/..%2Fescape.jar", jar, "application/java-archive");
        assertTrue(traversal.body(), traversal.statusCode() == 400 || traversal.statusCode() == 404);
        assertFalse(Files.exists(host.home().resolve("escape.jar")));
    }

    @Test
    public void d_aBundleThatCannotResolveIs422AndSaysWhy() throws Exception {
        byte[] jar = Files.readAllBytes(SwitchboardOptions.connector("unresolved"));
        HttpResponse<String> put = put("/api/deployments/unresolved.jar", jar, "application/java-archive");
        assertEquals(put.body(), 422, put.statusCode());
        assertEquals(put.body(), "DeploymentFailed", error(put).path("code").asText());
        assertTrue(put.body(), error(put).path("message").asText().contains("unresolved.jar is UNRESOLVED"));
        assertEquals(204, host.delete("/api/deployments/unresolved.jar").statusCode());
    }

    @Test
    public void e_onlyTheHostsOwnPagesAndOperatorsMayPut() throws Exception {
        byte[] jar = Files.readAllBytes(SwitchboardOptions.connector("greeter-v1"));
        HttpResponse<String> crossOrigin = host.send(host.request("/api/deployments/evil.jar")
                .header("Content-Type", "application/java-archive")
                .header("Origin", "https://evil.example")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(jar))
                .build());
        assertEquals(crossOrigin.body(), 403, crossOrigin.statusCode());
        JsonNode token = SwitchboardProcess.json(
                host.post("/api/tokens", "{\"name\":\"caller\",\"roles\":[\"invoker\"],\"expiresIn\":600}"));
        HttpResponse<String> invoker =
                host.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/deployments/evil.jar"))
                        .header("Authorization", "Bearer " + token.path("token").asText())
                        .header("Content-Type", "application/java-archive")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(jar))
                        .build());
        assertEquals(invoker.body(), 403, invoker.statusCode());
        HttpResponse<String> anonymous =
                host.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/deployments/evil.jar"))
                        .header("Content-Type", "application/java-archive")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(jar))
                        .build());
        assertEquals(anonymous.body(), 401, anonymous.statusCode());
        assertFalse(Files.exists(host.deploy().resolve("evil.jar")));
    }

    @Test
    public void f_deleteRemovesTheFileAndItsOperations() {
        HttpResponse<String> delete = host.delete("/api/deployments/greeter.jar");
        assertEquals(delete.body(), 204, delete.statusCode());
        assertFalse(Files.exists(host.deploy().resolve("greeter.jar")));
        assertEquals(404, host.post(GREET, GREET_BODY).statusCode());
        assertEquals(404, host.delete("/api/deployments/greeter.jar").statusCode());
    }

    @Test
    public void g_withoutWaitingTheAnswerIs202AndTheFileFollows() throws Exception {
        byte[] jar = Files.readAllBytes(SwitchboardOptions.connector("greeter-v1"));
        HttpResponse<String> put = put("/api/deployments/greeter.jar?wait=0", jar, "application/java-archive");
        assertEquals(put.body(), 202, put.statusCode());
        host.awaitActive("greeter", "1.0.0", Duration.ofSeconds(30));
        assertEquals(
                400,
                put("/api/deployments/greeter.jar?wait=forever", jar, "application/java-archive")
                        .statusCode());
    }

    private static HttpResponse<String> put(String path, byte[] content, String type) {
        return host.send(host.request(path)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .build());
    }

    private static JsonNode error(HttpResponse<String> response) {
        return SwitchboardProcess.json(response).path("error");
    }
}
