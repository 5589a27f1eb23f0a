package dev.switchboard.connector.openapi.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;
import org.osgi.framework.Version;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.openapi.internal.OpenApiDefinition.SchemeKind;

/** The three committed documents (3.0, 3.1, Swagger 2.0) compile to the operations and schemas expected. */
public class FixtureDocumentsTest {

    private static List<String> ids(OpenApiDefinition definition) {
        return definition.operations().stream().map(ServiceOperation::name).collect(Collectors.toList());
    }

    private static ServiceOperation operation(OpenApiDefinition definition, String id) {
        return definition.operations().stream()
                .filter(o -> o.name().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    public void theOpenApi30PetstoreHasItsOperationsSchemasAndSchemes() throws Exception {
        OpenApiDefinition petstore = Fixtures.compile("petstore.openapi.json");
        assertEquals("petstore", petstore.id());
        assertEquals(new Version(1, 0, 27), petstore.version());
        assertEquals(
                "Swagger Petstore - OpenAPI 3.0",
                petstore.service().properties().displayName());
        assertEquals("https://petstore3.swagger.io/api/v3", petstore.defaultBaseUrl());
        assertEquals(
                List.of(
                        "updatePet",
                        "addPet",
                        "findPetsByStatus",
                        "findPetsByTags",
                        "getPetById",
                        "deletePet",
                        "getInventory",
                        "placeOrder",
                        "getOrderById"),
                ids(petstore));
        assertEquals(List.of("GET /health: no operationId"), petstore.skipped());

        JsonNode addPet = operation(petstore, "addPet").manifest().inputs();
        assertEquals("[\"body\"]", addPet.path("required").toString());
        JsonNode pet = addPet.path("properties").path("body");
        assertEquals("Pet", pet.path("title").asText());
        assertEquals("[\"name\",\"photoUrls\"]", pet.path("required").toString());
        assertEquals(
                "Category",
                pet.path("properties").path("category").path("title").asText());
        assertEquals(
                "integer",
                pet.path("properties")
                        .path("tags")
                        .path("items")
                        .path("properties")
                        .path("id")
                        .path("type")
                        .asText());
        assertFalse(
                "OpenAPI's example is not JSON Schema",
                pet.path("properties").path("id").has("example"));

        var getPet = operation(petstore, "getPetById").manifest();
        assertEquals(
                "integer",
                getPet.inputs().path("properties").path("petId").path("type").asText());
        assertEquals("[\"petId\"]", getPet.inputs().path("required").toString());
        assertEquals(
                "Pet",
                getPet.outputs().path("properties").path("body").path("title").asText());
        assertEquals(
                "integer",
                getPet.outputs()
                        .path("properties")
                        .path("statusCode")
                        .path("type")
                        .asText());

        ServiceOperation tags = operation(petstore, "findPetsByTags");
        assertTrue(tags.manifest().inputs().path("deprecated").asBoolean());
        assertTrue(tags.properties().summary().startsWith("[deprecated]"));
        assertEquals("advanced", tags.properties().visibility());

        assertEquals(SchemeKind.API_KEY, petstore.schemes().get("api_key").kind());
        assertEquals(SchemeKind.BEARER, petstore.schemes().get("bearerAuth").kind());
        assertEquals(
                List.of(List.of("api_key"), List.of("bearerAuth")),
                petstore.bindings().get("getPetById").security());
        assertEquals(
                List.of("baseUrl", "api_key", "bearerAuth"),
                List.copyOf(
                        petstore.service().properties().connectionParameters().keySet()));
        assertEquals(
                "securestring",
                petstore.service()
                        .properties()
                        .connectionParameters()
                        .get("api_key")
                        .type());
        assertFalse(petstore.service()
                .properties()
                .connectionParameters()
                .get("baseUrl")
                .required());
    }

    @Test
    public void theOpenApi31DocumentKeepsTypeListsAndSkipsAnUnusableOperationId() throws Exception {
        OpenApiDefinition github = Fixtures.compile("github-issues.openapi.yaml");
        assertEquals("github-issues", github.id());
        assertEquals(new Version(1, 1, 4), github.version());
        assertEquals(List.of("repos-get", "issues-list-for-repo", "issues-create"), ids(github));
        assertEquals(1, github.skipped().size());
        assertTrue(
                github.skipped().get(0),
                github.skipped()
                        .get(0)
                        .startsWith("GET /rate_limit: operationId " + "'rate-limit/get' has characters"));

        JsonNode create = operation(github, "issues-create").manifest().inputs();
        assertEquals("[\"owner\",\"repo\",\"body\"]", create.path("required").toString());
        assertEquals(
                "[\"string\",\"null\"]",
                create.path("properties")
                        .path("body")
                        .path("properties")
                        .path("body")
                        .path("type")
                        .toString());
        assertEquals(
                "The account owner of the repository.",
                create.path("properties").path("owner").path("description").asText());
        JsonNode issue = operation(github, "issues-create")
                .manifest()
                .outputs()
                .path("properties")
                .path("body");
        assertEquals("issue", issue.path("title").asText());
        assertEquals(
                "simple-user",
                issue.path("properties")
                        .path("user")
                        .path("anyOf")
                        .get(1)
                        .path("title")
                        .asText());
        assertEquals(
                List.of(List.of("bearer")), github.bindings().get("repos-get").security());
    }

    @Test
    public void theSwagger20DocumentIsConvertedWithQueryKeyAndClientCredentials() throws Exception {
        OpenApiDefinition uber = Fixtures.compile("uber.openapi.yaml");
        assertEquals("uber", uber.id());
        assertEquals(new Version(1, 0, 0), uber.version());
        assertEquals("https://api.uber.com/v1", uber.defaultBaseUrl());
        assertEquals(List.of("getProducts", "getPriceEstimates", "getMe"), ids(uber));
        var products = operation(uber, "getProducts").manifest();
        assertEquals(
                "[\"latitude\",\"longitude\"]",
                products.inputs().path("required").toString());
        assertEquals(
                "number",
                products.inputs()
                        .path("properties")
                        .path("latitude")
                        .path("type")
                        .asText());
        assertEquals(
                "Product",
                products.outputs()
                        .path("properties")
                        .path("body")
                        .path("items")
                        .path("title")
                        .asText());
        assertEquals("query", uber.schemes().get("server_token").in());
        assertEquals(
                SchemeKind.OAUTH2_CLIENT_CREDENTIALS,
                uber.schemes().get("oauth").kind());
        assertEquals(
                "https://login.uber.com/oauth/v2/token",
                uber.schemes().get("oauth").tokenUrl());
        assertEquals(
                List.of("baseUrl", "server_token", "oauthClientId", "oauthClientSecret"),
                List.copyOf(uber.service().properties().connectionParameters().keySet()));
        assertEquals(List.of(List.of("oauth")), uber.bindings().get("getMe").security());
        assertNull(operation(uber, "getMe").manifest().inputs().get("required"));
    }
}
