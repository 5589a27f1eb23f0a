package dev.switchboard.connector.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

public class ModelJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode resource(String name) throws Exception {
        try (InputStream in = ModelJsonTest.class.getResourceAsStream(name)) {
            return MAPPER.readTree(in);
        }
    }

    static ServiceOperationApi sqlService() {
        return ServiceOperationApi.builder("sql")
                .displayName("SQL Server")
                .description("Run queries")
                .brandColor("#1f85ff")
                .iconUri("https://example.invalid/sql.svg")
                .capabilities(ServiceOperationApi.CAPABILITY_ACTIONS, ServiceOperationApi.CAPABILITY_TRIGGERS)
                .connectionParameter(
                        "connectionString",
                        ConnectionParameter.secureString("Connection string")
                                .description("JDBC URL")
                                .tooltip("jdbc:h2:...")
                                .parameterSource("AppConfiguration")
                                .required())
                .connectionParameter("maxPoolSize", ConnectionParameter.integer("Pool size"))
                .build();
    }

    @Test
    public void serviceSerializesToTheDocumentedShape() throws Exception {
        assertEquals(resource("service.json"), MAPPER.valueToTree(sqlService()));
    }

    @Test
    public void serviceRoundTrips() throws Exception {
        ServiceOperationApi read = MAPPER.treeToValue(resource("service.json"), ServiceOperationApi.class);
        assertEquals(sqlService(), read);
        assertTrue(
                read.properties().connectionParameters().get("connectionString").secure());
        assertTrue(
                read.properties().connectionParameters().get("connectionString").required());
        assertFalse(read.properties().connectionParameters().get("maxPoolSize").required());
        assertEquals(
                List.of("connectionString", "maxPoolSize"),
                List.copyOf(read.properties().connectionParameters().keySet()));
    }

    static ServiceOperation queryOperation() throws Exception {
        return ServiceOperation.builder(sqlService(), "executeQuery")
                .summary("Execute a query")
                .description("Runs SQL and returns rows")
                .visibility("important")
                .inputs(
                        MAPPER.readTree(
                                "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}},\"required\":[\"query\"]}"))
                .outputs(MAPPER.readTree("{\"type\":\"array\"}"))
                .build();
    }

    @Test
    public void operationSerializesToTheDocumentedShape() throws Exception {
        assertEquals(resource("operation.json"), MAPPER.valueToTree(queryOperation()));
    }

    @Test
    public void operationRoundTripsAndKeepsUnknownManifestMembers() throws Exception {
        JsonNode json = resource("operation.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("properties").get("manifest"))
                .put("inputsLocation", "body");
        ServiceOperation read = MAPPER.treeToValue(json, ServiceOperation.class);
        assertEquals(json, MAPPER.valueToTree(read));
        assertEquals(
                "string", read.manifest().inputs().at("/properties/query/type").asText());
        assertFalse(read.isTrigger());
    }

    @Test
    public void summaryHasNoManifest() throws Exception {
        JsonNode summary = MAPPER.valueToTree(queryOperation().withoutManifest());
        assertNull(summary.get("properties").get("manifest"));
        assertEquals("Execute a query", summary.get("properties").get("summary").asText());
    }

    @Test
    public void triggerOperation() throws Exception {
        ServiceOperation trigger = ServiceOperation.builder(sqlService(), "whenRowInserted")
                .trigger(ServiceOperation.TRIGGER_BATCH)
                .build();
        assertTrue(trigger.isTrigger());
        assertEquals(
                "Batch", MAPPER.valueToTree(trigger).at("/properties/trigger").asText());
    }

    @Test
    public void responseAndRequestShapes() throws Exception {
        ServiceOperationResponse ok = ServiceOperationResponse.ok(MAPPER.readTree("{\"a\":1}"));
        assertEquals(MAPPER.readTree("{\"statusCode\":200,\"headers\":{},\"body\":{\"a\":1}}"), MAPPER.valueToTree(ok));
        assertEquals(ok, MAPPER.readValue("{\"statusCode\":200,\"body\":{\"a\":1}}", ServiceOperationResponse.class));
        ServiceOperationRequest req = MAPPER.readValue("{\"parameters\":{\"x\":true}}", ServiceOperationRequest.class);
        assertTrue(req.parameters().get("x").asBoolean());
        assertTrue(req.headers().isEmpty());
    }
}
