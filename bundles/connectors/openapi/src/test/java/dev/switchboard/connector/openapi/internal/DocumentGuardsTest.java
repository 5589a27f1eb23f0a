package dev.switchboard.connector.openapi.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.Test;

/** What a document may not do: fetch anything, grow without bound, carry an unusable version. */
public class DocumentGuardsTest {

    private static CompiledDocuments.Outcome compile(String name, String text, int maxNodes) {
        return new CompiledDocuments(1024 * 1024, maxNodes).compile(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void aRemoteReferenceFailsTheDocumentWithItsPointerAndNothingIsFetched() {
        CompiledDocuments.Outcome outcome = compile(
                "remote.openapi.json",
                "{\"openapi\":\"3.0.3\",\"info\":{\"title\":"
                        + "\"r\",\"version\":\"1.0.0\"},\"paths\":{\"/a\":{\"get\":{\"operationId\":\"a\",\"responses\":{\"200\":"
                        + "{\"description\":\"ok\",\"content\":{\"application/json\":{\"schema\":{\"$ref\":"
                        + "\"http://127.0.0.1:1/schema.json\"}}}}}}}}}",
                1000);
        assertFalse(outcome.ok());
        assertTrue(
                outcome.reason(),
                outcome.reason()
                        .startsWith(
                                "/paths/~1a/get/responses/200/content/application~1json"
                                        + "/schema/$ref: the reference 'http://127.0.0.1:1/schema.json' points outside the document"));
    }

    @Test
    public void schemasThatFanOutPastTheBudgetSkipTheOperationWithTheReason() {
        StringBuilder schemas = new StringBuilder("\"L0\":{\"type\":\"string\"}");
        for (int i = 1; i <= 12; i++) {
            schemas.append(",\"L")
                    .append(i)
                    .append("\":{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":" + "\"#/components/schemas/L")
                    .append(i - 1)
                    .append("\"},\"b\":{\"$ref\":\"#/components/schemas/L")
                    .append(i - 1)
                    .append("\"}}}");
        }
        CompiledDocuments.Outcome outcome = compile(
                "bomb.openapi.json",
                "{\"openapi\":\"3.0.3\",\"info\":{\"title\":"
                        + "\"b\",\"version\":\"2\"},\"paths\":{\"/a\":{\"post\":{\"operationId\":\"big\",\"requestBody\":{"
                        + "\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/L12\"}}}},"
                        + "\"responses\":{\"200\":{\"description\":\"ok\"}}}},\"/b\":{\"get\":{\"operationId\":\"small\","
                        + "\"responses\":{\"200\":{\"description\":\"ok\"}}}}},\"components\":{\"schemas\":{" + schemas
                        + "}}}",
                5000);
        assertTrue(outcome.reason(), outcome.ok());
        assertEquals(1, outcome.definition().operations().size());
        assertEquals("small", outcome.definition().operations().get(0).name());
        assertTrue(
                outcome.definition().skipped().get(0),
                outcome.definition().skipped().get(0).startsWith("POST /a (big): its schema has more than 5000 nodes"));
    }

    @Test
    public void aRecursiveSchemaIsCutWhereItRecurses() {
        CompiledDocuments.Outcome outcome = compile(
                "tree.openapi.yaml",
                "openapi: 3.0.3\ninfo: {title: t, version: "
                        + "'1.2'}\npaths:\n  /n:\n    get:\n      operationId: node\n      responses:\n        '200':\n"
                        + "          description: ok\n          content:\n            application/json:\n              schema:"
                        + " {$ref: '#/components/schemas/Node'}\ncomponents:\n  schemas:\n    Node:\n      type: object\n"
                        + "      properties:\n        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n",
                1000);
        assertTrue(outcome.reason(), outcome.ok());
        assertEquals("1.2.0", outcome.definition().version().toString());
        assertEquals(
                "(recursive: Node)",
                outcome.definition()
                        .operations()
                        .get(0)
                        .manifest()
                        .outputs()
                        .path("properties")
                        .path("body")
                        .path("properties")
                        .path("children")
                        .path("items")
                        .path("description")
                        .asText());
    }

    @Test
    public void versionsAreCoercedAndAnUnusableOneFailsTheDocument() throws Exception {
        assertEquals("2.0.0.beta_1", DocumentInfo.version("v2.0.0-beta.1").toString());
        assertEquals("3.1.0", DocumentInfo.version("3.1").toString());
        CompiledDocuments.Outcome latest =
                compile("x.openapi.yaml", "openapi: 3.0.3\ninfo: {title: t, version: " + "latest}\npaths: {}\n", 1000);
        assertTrue(latest.reason(), latest.reason().startsWith("/info/version: 'latest' does not start with a number"));
    }

    @Test
    public void theIdIsTakenFromXSwitchboardIdElseTheFileName() {
        CompiledDocuments.Outcome named = compile(
                "My API (v2).openapi.yml", "openapi: 3.0.3\ninfo: {title: t, " + "version: 1.0.0}\npaths: {}\n", 1000);
        assertEquals("my-api-v2", named.definition().id());
        CompiledDocuments.Outcome given = compile(
                "a.openapi.yml",
                "openapi: 3.0.3\nx-switchboard-id: CRM_Leads\n" + "info: {title: t, version: 1.0.0}\npaths: {}\n",
                1000);
        assertEquals("crm-leads", given.definition().id());
    }
}
