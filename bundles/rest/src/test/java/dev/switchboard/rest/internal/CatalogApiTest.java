package dev.switchboard.rest.internal;

import static dev.switchboard.rest.internal.TestServer.assertJsonContentType;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentState;

public class CatalogApiTest {

    private TestServer server;

    @Before
    public void start() throws Exception {
        server = new TestServer();
        server.catalog.snapshot = Fixtures.catalog(7);
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    @Test
    public void connectorsListsEveryVersionInEveryState() throws Exception {
        HttpResponse<String> response = server.get("/api/connectors");
        assertEquals(200, response.statusCode());
        assertJsonContentType(response);
        JsonNode list = TestServer.json(response);
        assertEquals(5, list.size());
        assertEquals(TestServer.json("""
                {"id":"broken","version":"1.0.0","displayName":"broken","description":null,"capabilities":[],
                 "state":"FAILED","reason":"getService() threw","operationCount":0,
                 "bundle":{"id":20,"symbolicName":"org.example.broken","version":"1.0.0",
                           "location":"file:/deploy/broken.jar"}}"""), list.get(0));
        assertEquals(TestServer.json("""
                {"id":"greeter","version":"2.0.0","displayName":"Greeter","description":"Greeter 2.0.0",
                 "capabilities":["actions"],"state":"ACTIVE","operationCount":2,
                 "bundle":{"id":60,"symbolicName":"org.example.greeter","version":"2.0.0",
                           "location":"file:/deploy/greeter-2.0.0.jar"}}"""), list.get(2));
        assertEquals("invalid manifest", list.get(1).get("reason").asText());
        assertEquals("LOADING", list.get(4).get("state").asText());
        assertFalse("reason only when present", list.get(4).has("reason"));
    }

    @Test
    public void connectorDetailIsTheHighestActiveVersion() throws Exception {
        HttpResponse<String> response = server.get("/api/connectors/greeter");
        assertEquals(200, response.statusCode());
        ObjectNode expected = (ObjectNode) TestServer.json("""
                {"id":"greeter","version":"2.0.0","state":"ACTIVE","versions":["3.0.0","2.0.0","1.0.0"]}""");
        expected.set("service", TestServer.JSON.valueToTree(Fixtures.greeterApi("Greeter 2.0.0")));
        expected.putNull("traffic");
        JsonNode detail = TestServer.json(response);
        assertEquals(expected, detail);
        assertEquals(
                "securestring",
                detail.at("/service/properties/connectionParameters/token/type").asText());
    }

    @Test
    public void connectorDetailShowsItsTrafficSplitAndAnAutomaticRollback() throws Exception {
        server.traffic.splits.put(
                "greeter",
                new dev.switchboard.host.api.TrafficStatus(
                        "greeter",
                        new dev.switchboard.host.api.TrafficSplit(
                                java.util.Map.of("2.0.0", 0.0, "1.0.0", 100.0), false, null),
                        null,
                        null,
                        0,
                        0,
                        new dev.switchboard.host.api.TrafficRollback(
                                "2.0.0",
                                "1.0.0",
                                java.time.Instant.parse("2026-12-02T04:00:00Z"),
                                "12 of its last 60 calls within 60s failed")));
        JsonNode traffic =
                TestServer.json(server.get("/api/connectors/greeter")).path("traffic");
        assertEquals("{\"2.0.0\":0,\"1.0.0\":100}", traffic.path("weights").toString());
        assertEquals("2.0.0", traffic.at("/rolledBack/from").asText());
        assertEquals("1.0.0", traffic.at("/rolledBack/to").asText());
        assertEquals("2026-12-02T04:00:00Z", traffic.at("/rolledBack/at").asText());
        assertEquals(
                "12 of its last 60 calls within 60s failed",
                traffic.at("/rolledBack/reason").asText());
    }

    @Test
    public void versionParameterSelectsExactVersionsAndRanges() throws Exception {
        assertEquals(
                "1.0.0",
                TestServer.json(server.get("/api/connectors/greeter?version=1.0.0"))
                        .get("version")
                        .asText());
        assertEquals(
                "1.0.0",
                TestServer.json(server.get("/api/connectors/greeter?version=%5B1.0,2.0)"))
                        .get("version")
                        .asText());
        assertEquals(
                "2.0.0",
                TestServer.json(server.get("/api/connectors/greeter?version=%5B1.0,3.0)"))
                        .get("version")
                        .asText());
    }

    @Test
    public void aFailedVersionCanBeLookedAtByItsVersion() throws Exception {
        JsonNode detail = TestServer.json(server.get("/api/connectors/greeter?version=3.0.0"));
        assertEquals("FAILED", detail.get("state").asText());
        assertEquals("invalid manifest", detail.get("reason").asText());
    }

    @Test
    public void withoutAnActiveVersionTheHighestInAnyStateIsShown() throws Exception {
        JsonNode detail = TestServer.json(server.get("/api/connectors/slow"));
        assertEquals("0.9.0", detail.get("version").asText());
        assertEquals("LOADING", detail.get("state").asText());
        assertFalse(detail.has("reason"));
    }

    @Test
    public void unknownConnectorIs404() throws Exception {
        assertError(server.get("/api/connectors/nope"), 404, "ConnectorNotFound");
        assertError(server.get("/api/connectors/nope/operations"), 404, "ConnectorNotFound");
    }

    @Test
    public void missingVersionIs404ListingTheVersions() throws Exception {
        JsonNode error = assertError(server.get("/api/connectors/greeter?version=4.0.0"), 404, "VersionNotFound");
        assertTrue(error.get("message").asText(), error.get("message").asText().contains("3.0.0, 2.0.0, 1.0.0"));
    }

    @Test
    public void invalidVersionIs400() throws Exception {
        assertError(server.get("/api/connectors/greeter?version=not-a-version"), 400, "InvalidVersion");
        assertError(server.get("/api/connectors/greeter/operations?version=%5B1.0"), 400, "InvalidVersion");
    }

    @Test
    public void operationsAreSummariesUnlessExpanded() throws Exception {
        ConnectorEntry v2 = Fixtures.catalog(1).select("greeter", null, true).orElseThrow();
        ArrayNode summaries = TestServer.JSON.createArrayNode();
        ArrayNode expanded = TestServer.JSON.createArrayNode();
        for (ServiceOperation op : v2.operations()) {
            summaries.add(TestServer.JSON.valueToTree(op.withoutManifest()));
            expanded.add(TestServer.JSON.valueToTree(op));
        }
        JsonNode summaryList = TestServer.json(server.get("/api/connectors/greeter/operations"));
        assertEquals(summaries, summaryList);
        assertTrue(summaryList.get(0).at("/properties/manifest").isMissingNode());

        JsonNode expandedList = TestServer.json(server.get("/api/connectors/greeter/operations?expand=true"));
        assertEquals(expanded, expandedList);
        assertEquals(
                "object",
                expandedList.get(0).at("/properties/manifest/inputs/type").asText());

        assertEquals(
                1,
                TestServer.json(server.get("/api/connectors/greeter/operations?version=1.0.0"))
                        .size());
    }

    @Test
    public void combinedCatalogHasEveryActiveOperationWithItsConnector() throws Exception {
        HttpResponse<String> response = server.get("/api/operations");
        assertEquals(200, response.statusCode());
        assertJsonContentType(response);
        ArrayNode expected = TestServer.JSON.createArrayNode();
        for (ConnectorEntry entry : Fixtures.catalog(1).active()) {
            for (ServiceOperation op : entry.operations()) {
                ObjectNode node =
                        expected.addObject().put("connector", entry.id()).put("version", entry.version());
                node.setAll((ObjectNode) TestServer.JSON.valueToTree(op.withoutManifest()));
            }
        }
        assertEquals(3, expected.size());
        assertEquals(expected, TestServer.json(response));

        JsonNode full = TestServer.json(server.get("/api/operations?expand=true"));
        assertEquals(3, full.size());
        assertEquals("greeter", full.get(0).get("connector").asText());
        assertEquals("2.0.0", full.get(0).get("version").asText());
        assertEquals(
                "string", full.get(0).at("/properties/manifest/outputs/type").asText());
    }

    @Test
    public void combinedCatalogAnswers304ForItsETag() throws Exception {
        HttpResponse<String> first = server.get("/api/operations");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertTrue("strong ETag: " + etag, etag.startsWith("\"") && etag.endsWith("\""));

        HttpResponse<String> again = server.send(
                server.request("/api/operations").header("If-None-Match", etag).GET());
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertEquals(etag, again.headers().firstValue("ETag").orElse(null));

        HttpResponse<String> weak = server.send(server.request("/api/operations")
                .header("If-None-Match", "\"other\", W/" + etag)
                .GET());
        assertEquals(304, weak.statusCode());

        HttpResponse<String> expanded = server.send(server.request("/api/operations?expand=true")
                .header("If-None-Match", etag)
                .GET());
        assertEquals("the expanded form has its own ETag", 200, expanded.statusCode());
        assertNotEquals(etag, expanded.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    public void combinedCatalogIsSentGzippedToAClientThatAcceptsItWithItsOwnETag() throws Exception {
        HttpResponse<String> plain = server.get("/api/operations");
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        assertEquals("Accept-Encoding", plain.headers().firstValue("Vary").orElse(null));
        assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty());

        HttpResponse<byte[]> gzipped = server.send(
                server.request("/api/operations")
                        .header("Accept-Encoding", "br;q=1.0, gzip;q=0.8")
                        .GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, gzipped.statusCode());
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(null));
        String gzipEtag = gzipped.headers().firstValue("ETag").orElseThrow();
        assertNotEquals(etag, gzipEtag);
        byte[] body;
        try (java.util.zip.GZIPInputStream in =
                new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
            body = in.readAllBytes();
        }
        assertEquals(plain.body(), new String(body, java.nio.charset.StandardCharsets.UTF_8));

        // either tag names the revision the client holds
        for (String held : List.of(etag, gzipEtag)) {
            HttpResponse<String> again = server.send(server.request("/api/operations")
                    .header("Accept-Encoding", "gzip")
                    .header("If-None-Match", held)
                    .GET());
            assertEquals(304, again.statusCode());
            assertEquals(gzipEtag, again.headers().firstValue("ETag").orElse(null));
        }
        HttpResponse<String> refused = server.send(server.request("/api/operations")
                .header("Accept-Encoding", "gzip;q=0, identity")
                .GET());
        assertTrue(refused.headers().firstValue("Content-Encoding").isEmpty());
        assertEquals(plain.body(), refused.body());
    }

    @Test
    public void aNewRevisionGivesANewETag() throws Exception {
        String etag = server.get("/api/operations").headers().firstValue("ETag").orElseThrow();
        server.catalog.snapshot = Fixtures.catalog(8);
        HttpResponse<String> changed = server.send(
                server.request("/api/operations").header("If-None-Match", etag).GET());
        assertEquals(200, changed.statusCode());
        assertNotEquals(etag, changed.headers().firstValue("ETag").orElseThrow());
        assertEquals(3, TestServer.json(changed).size());

        server.catalog.snapshot = new CatalogSnapshot(9, List.of());
        HttpResponse<String> empty = server.get("/api/operations");
        assertEquals(TestServer.json("[]"), TestServer.json(empty));
    }

    @Test
    public void deploymentsListEveryFile() throws Exception {
        server.inventory.deployments = List.of(
                new Deployment(
                        "greeter-2.0.0.jar",
                        DeploymentState.ACTIVE,
                        new BundleInfo(60, "org.example.greeter", "2.0.0", "file:/deploy/greeter-2.0.0.jar"),
                        List.of("greeter@2.0.0"),
                        null),
                new Deployment("junk.txt", DeploymentState.FAILED, null, List.of(), "not a bundle"));
        HttpResponse<String> response = server.get("/api/deployments");
        assertEquals(200, response.statusCode());
        assertJsonContentType(response);
        assertEquals(TestServer.json("""
                [{"file":"greeter-2.0.0.jar","state":"ACTIVE",
                  "bundle":{"id":60,"symbolicName":"org.example.greeter","version":"2.0.0",
                            "location":"file:/deploy/greeter-2.0.0.jar"},
                  "connectors":["greeter@2.0.0"]},
                 {"file":"junk.txt","state":"FAILED","connectors":[],"reason":"not a bundle"}]"""), TestServer.json(response));
    }

    @Test
    public void unknownPathIs404() throws Exception {
        assertError(server.get("/api/nothing"), 404, "NotFound");
        assertError(server.get("/api/connectors/greeter/things"), 404, "NotFound");
        assertError(server.get("/api/"), 404, "NotFound");
    }

    @Test
    public void aTrailingSlashIsIgnored() throws Exception {
        assertEquals(200, server.get("/api/connectors/").statusCode());
    }

    @Test
    public void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> post = server.post("/api/connectors", "{}");
        assertError(post, 405, "MethodNotAllowed");
        assertEquals("GET", post.headers().firstValue("Allow").orElse(null));

        HttpResponse<String> delete =
                server.send(server.request("/api/connectors/greeter").DELETE());
        assertError(delete, 405, "MethodNotAllowed");

        HttpResponse<String> get = server.get("/api/connectors/greeter/operations/hello/invoke");
        assertError(get, 405, "MethodNotAllowed");
        assertEquals("POST", get.headers().firstValue("Allow").orElse(null));
    }

    @Test
    public void anUnexpectedFailureIs500WithAnErrorBody() throws Exception {
        server.catalog.snapshot = null;
        assertError(server.get("/api/connectors"), 500, "InternalError");
    }

    static JsonNode assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(response.body(), status, response.statusCode());
        assertJsonContentType(response);
        JsonNode body = TestServer.json(response);
        assertEquals(1, body.size());
        JsonNode error = body.get("error");
        assertEquals(code, error.get("code").asText());
        assertTrue(error.get("message").isTextual());
        assertTrue(error.get("details").isArray());
        return error;
    }
}
