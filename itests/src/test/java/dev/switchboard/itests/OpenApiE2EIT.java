package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Issue 16 end to end, on the real launcher: OpenAPI documents dropped into the deploy folder become connectors
 * (the three committed fixtures), every Petstore operation goes through the host to a local upstream with its API
 * key or bearer token, an invalid document is FAILED with the parser's message (and an invalid replacement leaves the
 * previous version serving), two versions side by side, CONFLICT, a document swapped 20 times under 32 clients with
 * no failed call, rollback, delete.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class OpenApiE2EIT {

    private static final Path FIXTURES = Paths.get("../bundles/connectors/openapi/src/test/resources/fixtures");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String API_KEY = "special-key";
    private static final String TOKEN = "petstore-token";
    private static final int CLIENTS = 32;
    private static final int SWAPS = 20;

    private static SwitchboardProcess host;
    private static HttpServer upstream;

    @BeforeClass
    public static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newFixedThreadPool(16));
        upstream.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getRawPath();
                String key = exchange.getRequestHeaders().getFirst("api_key");
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                boolean bearer = ("Bearer " + TOKEN).equals(auth);
                boolean keyed = API_KEY.equals(key);
                // as the Petstore document says: /pet needs the bearer token (reads also take the key), /store the key
                boolean allowed = path.contains("/store")
                        ? keyed
                        : bearer || (keyed && exchange.getRequestMethod().equals("GET"));
                ObjectNode echo = MAPPER.createObjectNode();
                echo.put("method", exchange.getRequestMethod())
                        .put("path", path)
                        .put("query", exchange.getRequestURI().getRawQuery())
                        .put("bearer", bearer)
                        .put("key", keyed)
                        .put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] bytes = MAPPER.writeValueAsBytes(echo);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(allowed ? 200 : 401, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        upstream.start();
        host = SwitchboardProcess.start("openapi");
    }

    @AfterClass
    public static void stop() {
        if (host != null) {
            host.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + upstream.getAddress().getPort() + "/api/v3";
    }

    private static String connection() {
        return "{\"baseUrl\":\"" + baseUrl() + "\",\"api_key\":\"" + API_KEY + "\",\"bearerAuth\":\"" + TOKEN + "\"}";
    }

    private static HttpResponse<String> invoke(String connector, String operation, String version, String parameters) {
        return host.post(
                "/api/connectors/" + connector + "/operations/" + operation + "/invoke"
                        + (version == null ? "" : "?version=" + version),
                "{\"connection\":" + connection() + ",\"parameters\":" + parameters + "}");
    }

    private static String fixture(String name) throws IOException {
        return Files.readString(FIXTURES.resolve(name));
    }

    /** The petstore document under another id and version (a small, valid edit of the fixture). */
    private static String petstoreAs(String id, String version) throws IOException {
        return fixture("petstore.openapi.json")
                .replaceFirst(
                        "\"openapi\": \"3.0.3\",", "\"openapi\": \"3.0.3\", \"x-switchboard-id\": \"" + id + "\",")
                .replace("\"version\": \"1.0.27\"", "\"version\": \"" + version + "\"");
    }

    @Test
    public void a_theThreeFixturesBecomeConnectorsAndEveryPetstoreOperationRoundTrips() throws Exception {
        long dropped = System.nanoTime();
        host.deployText(fixture("petstore.openapi.json"), "petstore.openapi.json");
        Await.until(
                "the first petstore call to succeed",
                Duration.ofSeconds(30),
                () -> invoke("petstore", "getInventory", null, "{}"),
                r -> r.statusCode() == 200);
        System.out.println("=== openapi: drop -> first successful call "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dropped) + " ms (9-operation document)");
        host.deployText(fixture("github-issues.openapi.yaml"), "github-issues.openapi.yaml");
        host.deployText(fixture("uber.openapi.yaml"), "uber.openapi.yaml");
        host.awaitActive("github-issues", "1.1.4", Duration.ofSeconds(30));
        host.awaitActive("uber", "1.0.0", Duration.ofSeconds(30));

        JsonNode deployment = host.deployment("petstore.openapi.json");
        assertEquals("ACTIVE", deployment.path("state").asText());
        assertEquals("petstore@1.0.27", deployment.path("connectors").get(0).asText());
        assertEquals(
                "dev.switchboard.openapi.petstore.openapi.json",
                deployment.at("/bundle/symbolicName").asText());

        JsonNode petstore = host.getJson("/api/connectors/petstore");
        assertEquals(
                "Swagger Petstore - OpenAPI 3.0",
                petstore.at("/service/properties/displayName").asText());
        assertEquals(
                "/serviceProviders/openapi/petstore", petstore.at("/service/id").asText());
        assertEquals(
                "securestring",
                petstore.at("/service/properties/connectionParameters/api_key/type")
                        .asText());
        JsonNode operations = host.getJson("/api/connectors/petstore/operations?expand=true");
        assertEquals(9, operations.size());
        assertEquals(3, host.getJson("/api/connectors/uber/operations").size());
        assertEquals(3, host.getJson("/api/connectors/github-issues/operations").size());

        String[][] calls = {
            {"addPet", "{\"body\":{\"name\":\"doggie\",\"photoUrls\":[]}}", "POST /api/v3/pet", "bearer"},
            {"updatePet", "{\"body\":{\"id\":1,\"name\":\"rex\",\"photoUrls\":[]}}", "PUT /api/v3/pet", "bearer"},
            {"findPetsByStatus", "{\"status\":\"sold\"}", "GET /api/v3/pet/findByStatus?status=sold", "bearer"},
            {"findPetsByTags", "{\"tags\":[\"a\",\"b\"]}", "GET /api/v3/pet/findByTags?tags=a&tags=b", "bearer"},
            {"getPetById", "{\"petId\":7}", "GET /api/v3/pet/7", "key"},
            {"deletePet", "{\"petId\":7}", "DELETE /api/v3/pet/7", "bearer"},
            {"getInventory", "{}", "GET /api/v3/store/inventory", "key"},
            {"placeOrder", "{\"body\":{\"petId\":7,\"quantity\":1}}", "POST /api/v3/store/order", "key"},
            {"getOrderById", "{\"orderId\":3}", "GET /api/v3/store/order/3", "key"},
        };
        for (String[] call : calls) {
            HttpResponse<String> response = invoke("petstore", call[0], null, call[1]);
            assertEquals(call[0] + ": " + response.body(), 200, response.statusCode());
            // as the http connector: the host's answer carries {statusCode, headers, body, bodyEncoding} in its body
            JsonNode answer = SwitchboardProcess.json(response).path("body");
            assertEquals(call[0] + ": " + answer, 200, answer.path("statusCode").asInt());
            JsonNode echo = answer.path("body");
            String query =
                    echo.path("query").isNull() ? "" : "?" + echo.path("query").asText();
            assertEquals(
                    call[0],
                    call[2],
                    echo.path("method").asText() + " " + echo.path("path").asText() + query);
            assertTrue(
                    call[0] + " sent its " + call[3] + ": " + echo,
                    echo.path(call[3]).asBoolean());
        }
        // the console: the connector is on the Connectors page like any other; this page says which document gave it
        String page = host.get("/system/console/openapi").body();
        assertTrue(
                page,
                page.contains("openapi?file=petstore.openapi.json")
                        && page.contains("petstore@1.0.27")
                        && page.contains("GET /health: no operationId"));
        String document =
                host.get("/system/console/openapi?file=uber.openapi.yaml").body();
        assertTrue(document, document.contains("<pre id=\"openapi-document\">swagger: &quot;2.0&quot;"));

        HttpResponse<String> invalid = invoke("petstore", "getPetById", null, "{}");
        assertEquals("a missing path parameter is refused by the host's schema check", 400, invalid.statusCode());
        HttpResponse<String> noKey = host.post(
                "/api/connectors/petstore/operations/getInventory/invoke",
                "{\"connection\":{\"baseUrl\":\"" + baseUrl() + "\"},\"parameters\":{}}");
        assertEquals(
                "the upstream's 401 comes back as its status",
                401,
                SwitchboardProcess.json(noKey).at("/body/statusCode").asInt());
    }

    @Test
    public void b_anInvalidDocumentIsFailedWithTheParsersMessageAndAnInvalidReplacementKeepsThePreviousServing()
            throws Exception {
        host.deployText(
                "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"x\",\"version\":\"1.0.0\"},\"paths\":{\"/a\":"
                        + "{\"get\":{\"operationId\":\"a\",\"responses\":\"nope\"}}}}",
                "broken.openapi.json");
        JsonNode broken = host.awaitDeployment(
                "broken.openapi.json",
                Duration.ofSeconds(20),
                d -> "FAILED".equals(d.path("state").asText()));
        assertTrue(
                broken.toString(),
                broken.path("reason").asText().contains("attribute paths.'/a'(get).responses is not of type `object`"));
        host.deployText(
                "openapi: 3.0.3\ninfo:\n  title: y\n  version: 1.0.0\npaths:\n  /a: [\n", "syntax.openapi.yaml");
        JsonNode syntax = host.awaitDeployment(
                "syntax.openapi.yaml",
                Duration.ofSeconds(20),
                d -> "FAILED".equals(d.path("state").asText()));
        assertTrue(syntax.toString(), syntax.path("reason").asText().contains("not valid YAML at line"));

        host.deployText(
                "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"x\",\"version\":\"latest\"},\"paths\":{}}",
                "uber.openapi.yaml");
        JsonNode kept = host.awaitDeployment(
                "uber.openapi.yaml",
                Duration.ofSeconds(30),
                d -> "FAILED".equals(d.path("state").asText()));
        assertTrue(kept.toString(), kept.path("reason").asText().contains("/info/version: 'latest'"));
        assertTrue(kept.toString(), kept.path("reason").asText().contains("keeps serving"));
        host.awaitActive("uber", "1.0.0", Duration.ofSeconds(5));
        Files.delete(host.deploy().resolve("broken.openapi.json"));
        Files.delete(host.deploy().resolve("syntax.openapi.yaml"));
    }

    @Test
    public void c_twoVersionsOfOneIdRunSideBySideAndTheSameVersionTwiceIsAConflict() throws Exception {
        host.deployText(petstoreAs("petstore", "2.0.0"), "petstore-v2.openapi.json");
        host.awaitActive("petstore", "2.0.0", Duration.ofSeconds(30));
        JsonNode versions = host.getJson("/api/connectors/petstore");
        assertTrue(versions.toString(), versions.path("versions").toString().contains("1.0.27"));
        assertEquals(200, invoke("petstore", "getInventory", "1.0.27", "{}").statusCode());
        assertEquals(200, invoke("petstore", "getInventory", "2.0.0", "{}").statusCode());

        host.deployText(petstoreAs("petstore", "2.0.0"), "petstore-copy.openapi.json");
        JsonNode conflict = host.awaitDeployment(
                "petstore-copy.openapi.json",
                Duration.ofSeconds(30),
                d -> "CONFLICT".equals(d.path("state").asText()));
        assertTrue(conflict.toString(), conflict.path("reason").asText().contains("petstore@2.0.0"));
        Files.delete(host.deploy().resolve("petstore-copy.openapi.json"));
        Files.delete(host.deploy().resolve("petstore-v2.openapi.json"));
        Await.until(
                "petstore 2.0.0 gone",
                Duration.ofSeconds(20),
                () -> invoke("petstore", "getInventory", "2.0.0", "{}"),
                r -> r.statusCode() == 404);
    }

    private record Call(long nanos, int status, String version, String failure) {}

    @Test
    public void d_replacingADocument20TimesUnder32ClientsFailsNoCallThenRollsBackAndGoes() throws Exception {
        host.deployText(petstoreAs("swapper", "1.0.0"), "swapper.openapi.json");
        host.awaitActive("swapper", "1.0.0", Duration.ofSeconds(30));
        Queue<Call> calls = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            clients.execute(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = invoke("swapper", "getInventory", null, "{}");
                        JsonNode body = response.statusCode() == 200 ? SwitchboardProcess.json(response) : null;
                        boolean ok = body != null && body.at("/body/statusCode").asInt() == 200;
                        calls.add(new Call(
                                System.nanoTime() - start,
                                response.statusCode(),
                                null,
                                ok ? null : response.statusCode() + " " + response.body()));
                    } catch (RuntimeException e) {
                        calls.add(new Call(System.nanoTime() - start, 0, null, e.toString()));
                    }
                }
            });
        }
        Thread.sleep(2000);
        List<Long> swapMillis = new ArrayList<>();
        for (int i = 0; i < SWAPS; i++) {
            String version = i % 2 == 0 ? "2.0.0" : "1.0.0";
            long start = System.nanoTime();
            host.deployText(petstoreAs("swapper", version), "swapper.openapi.json");
            host.awaitActive("swapper", version, Duration.ofSeconds(30));
            swapMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        Thread.sleep(2000);
        stop.set(true);
        clients.shutdown();
        assertTrue(clients.awaitTermination(90, TimeUnit.SECONDS));
        List<Call> failed = calls.stream().filter(c -> c.failure() != null).toList();
        List<Long> millis = new ArrayList<>(calls.stream()
                .map(c -> TimeUnit.NANOSECONDS.toMillis(c.nanos()))
                .toList());
        Collections.sort(millis);
        System.out.println("=== openapi swap under load: " + CLIENTS + " clients, " + SWAPS + " replacements: "
                + calls.size() + " calls, " + failed.size() + " failed, p50 " + millis.get(millis.size() / 2)
                + " ms, p99 " + millis.get((int) (millis.size() * 0.99)) + " ms, max " + millis.get(millis.size() - 1)
                + " ms; swap ms " + swapMillis);
        assertEquals("failed calls, first ones: " + failed.stream().limit(5).toList(), 0, failed.size());
        assertTrue(calls.size() > SWAPS * 10);

        // the last replacement brought 2.0.0 back to 1.0.0: roll back to the content before it (2.0.0)
        HttpResponse<String> rollback = host.post("/api/connectors/swapper/rollback", "{}");
        assertEquals(rollback.body(), 200, rollback.statusCode());
        assertEquals("2.0.0", SwitchboardProcess.json(rollback).path("version").asText());
        host.awaitActive("swapper", "2.0.0", Duration.ofSeconds(10));

        Files.delete(host.deploy().resolve("swapper.openapi.json"));
        Await.until(
                "swapper gone",
                Duration.ofSeconds(20),
                () -> invoke("swapper", "getInventory", null, "{}"),
                r -> r.statusCode() == 404);
    }
}
