package dev.switchboard.connector.openapi.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;

/** Every operation of the Petstore document round-trips against a local Petstore, with its API key and bearer token. */
public class PetstoreInvocationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PetstoreServer petstore;
    private OpenApiConnector connector;
    private ConnectionParameters connection;

    @Before
    public void start() throws Exception {
        petstore = new PetstoreServer();
        connector = Fixtures.connector("petstore.openapi.json", Fixtures.sender());
        connection = ConnectionParameters.of(Map.of(
                "baseUrl", petstore.baseUrl(), "api_key", PetstoreServer.API_KEY, "bearerAuth", PetstoreServer.TOKEN));
    }

    @After
    public void stop() {
        petstore.close();
    }

    private JsonNode invoke(String operation, String inputs) throws Exception {
        return invoke(operation, inputs, connection);
    }

    private JsonNode invoke(String operation, String inputs, ConnectionParameters with) throws Exception {
        return connector
                .invokeOperation(operation, with, ServiceOperationRequest.of(MAPPER.readTree(inputs)))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS)
                .body();
    }

    @Test
    public void everyOperationRoundTripsWithTheApiKeyAndTheBearerToken() throws Exception {
        JsonNode added = invoke("addPet", "{\"body\":{\"name\":\"doggie\",\"photoUrls\":[],\"status\":\"available\"}}");
        assertEquals(200, added.path("statusCode").asInt());
        long id = added.path("body").path("id").asLong();
        assertTrue(id > 100);

        JsonNode updated = invoke(
                "updatePet",
                "{\"body\":{\"id\":" + id + ",\"name\":\"rex\",\"photoUrls\":[]," + "\"status\":\"sold\"}}");
        assertEquals("rex", updated.path("body").path("name").asText());

        JsonNode found = invoke("findPetsByStatus", "{\"status\":\"sold\"}");
        assertEquals(1, found.path("body").size());
        assertEquals(
                200,
                invoke("findPetsByTags", "{\"tags\":[\"a\",\"b\"]}")
                        .path("statusCode")
                        .asInt());
        assertTrue(
                petstore.requests.toString(), petstore.requests.contains("GET /api/v3/pet/findByTags?tags=a&tags=b"));

        JsonNode got = invoke("getPetById", "{\"petId\":" + id + "}");
        assertEquals("rex", got.path("body").path("name").asText());

        JsonNode inventory = invoke("getInventory", "{}");
        assertEquals(1, inventory.path("body").path("sold").asInt());

        JsonNode order = invoke("placeOrder", "{\"body\":{\"petId\":" + id + ",\"quantity\":1}}");
        long orderId = order.path("body").path("id").asLong();
        assertEquals(
                "placed",
                invoke("getOrderById", "{\"orderId\":" + orderId + "}")
                        .path("body")
                        .path("status")
                        .asText());

        JsonNode deleted = invoke("deletePet", "{\"petId\":" + id + ",\"X-Request-Reason\":\"adopted\"}");
        assertEquals("adopted", deleted.path("body").path("reason").asText());
        assertEquals(
                "an upstream 404 comes back as its status",
                404,
                invoke("getPetById", "{\"petId\":" + id + "}")
                        .path("statusCode")
                        .asInt());
    }

    @Test
    public void withOnlyTheApiKeyTheOperationsThatAcceptItWorkAndTheOthersGetTheUpstreams401() throws Exception {
        ConnectionParameters keyOnly =
                ConnectionParameters.of(Map.of("baseUrl", petstore.baseUrl(), "api_key", PetstoreServer.API_KEY));
        assertEquals(
                200, invoke("getInventory", "{}", keyOnly).path("statusCode").asInt());
        assertEquals(
                404,
                invoke("getPetById", "{\"petId\":1}", keyOnly)
                        .path("statusCode")
                        .asInt());
        assertEquals(
                401,
                invoke("addPet", "{\"body\":{\"name\":\"x\",\"photoUrls\":[]}}", keyOnly)
                        .path("statusCode")
                        .asInt());
        ConnectionParameters wrongToken =
                ConnectionParameters.of(Map.of("baseUrl", petstore.baseUrl(), "bearerAuth", "wrong"));
        assertEquals(
                401,
                invoke("findPetsByTags", "{}", wrongToken).path("statusCode").asInt());
    }

    @Test
    public void aPathParameterIsEncodedAndCannotAddSegmentsOrAQuery() throws Exception {
        invoke("getPetById", "{\"petId\":\"../../store/inventory?x=1\"}");
        invoke("getPetById", "{\"petId\":\"..\"}");
        assertTrue(
                petstore.requests.toString(),
                petstore.requests.contains("GET /api/v3/pet/..%2F..%2Fstore%2Finventory%3Fx%3D1"));
        assertTrue(petstore.requests.toString(), petstore.requests.contains("GET /api/v3/pet/%2E%2E"));
    }

    @Test
    public void aHeaderValueWithALineBreakIsRefusedBeforeAnythingIsSent() throws Exception {
        int before = petstore.requests.size();
        try {
            invoke("deletePet", "{\"petId\":1,\"X-Request-Reason\":\"x\\r\\nX-Injected: 1\"}");
            fail("a header with CR/LF must be refused");
        } catch (java.util.concurrent.ExecutionException e) {
            ServiceOperationException cause = (ServiceOperationException) e.getCause();
            assertEquals(400, cause.getStatusCode());
        }
        assertEquals(before, petstore.requests.size());
    }

    @Test
    public void theDefaultBaseUrlIsTheDocumentsFirstServer() throws Exception {
        ConnectionParameters none = ConnectionParameters.of(Map.of("api_key", "k"));
        try {
            // petstore3.swagger.io is not reachable here: the failure names that origin, never the key
            connector
                    .invokeOperation("getInventory", none, ServiceOperationRequest.of(MAPPER.createObjectNode()))
                    .toCompletableFuture()
                    .join();
        } catch (CompletionException e) {
            ServiceOperationException cause = (ServiceOperationException) e.getCause();
            assertTrue(cause.getMessage(), cause.getMessage().contains("petstore3.swagger.io"));
            assertTrue(cause.getMessage(), !cause.getMessage().contains("k\""));
        }
    }
}
