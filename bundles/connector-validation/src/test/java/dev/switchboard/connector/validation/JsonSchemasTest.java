package dev.switchboard.connector.validation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

public class JsonSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonSchemas compiler = new JsonSchemas();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String failure(String schema) {
        try {
            compiler.compile(json(schema));
        } catch (SchemaDefinitionException e) {
            return e.getMessage();
        }
        fail("expected the schema to be rejected: " + schema);
        return null;
    }

    @Test
    public void validSchemaCompilesAndReportsOneDetailPerField() throws Exception {
        CompiledSchema schema = compiler.compile(json("{'type':'object','required':['query'],"
                + "'properties':{'query':{'type':'string'},'limit':{'type':'integer','minimum':1}}}"));
        List<SchemaViolation> details = schema.validate(json("{'limit':0}"));
        assertEquals(2, details.size());
        assertEquals("/limit", details.get(0).target());
        assertEquals("/query", details.get(1).target());
        assertTrue(schema.validate(json("{'query':'x'}")).isEmpty());
    }

    @Test
    public void rootProblemTargetsTheEmptyPointer() throws Exception {
        CompiledSchema schema = compiler.compile(json("{'type':'object'}"));
        List<SchemaViolation> details = schema.validate(json("[1]"));
        assertEquals(1, details.size());
        assertEquals("", details.get(0).target());
    }

    @Test
    public void invalidTypeIsReportedWithItsLocation() {
        String message = failure("{'properties':{'a':{'type':'strin'}}}");
        assertTrue(message, message.startsWith("/properties/a/type"));
    }

    @Test
    public void nonObjectSchemaIsRejected() {
        assertTrue(failure("[1,2]").contains("JSON object or a boolean"));
    }

    @Test
    public void unknownDialectIsRejected() {
        assertTrue(failure("{'$schema':'https://example.com/my-dialect'}").contains("unsupported $schema"));
    }

    @Test
    public void olderDraftIsDetected() throws Exception {
        compiler.compile(json("{'$schema':'http://json-schema.org/draft-07/schema#','type':'object'}"));
        failure("{'$schema':'http://json-schema.org/draft-07/schema#','type':12}");
    }

    @Test(timeout = 20000)
    public void remoteReferenceFailsInsteadOfDownloading() {
        // a host that does not resolve: were anything fetched, this would hang or fail differently
        String message = failure("{'type':'object','properties':{'a':{'$ref':'https://schemas.invalid/a.json'}}}");
        assertTrue(message, message.contains("https://schemas.invalid/a.json"));
        String http = failure("{'$ref':'http://schemas.invalid/b.json'}");
        assertTrue(http, http.contains("not allowed"));
    }

    @Test
    public void localReferencesResolve() throws Exception {
        CompiledSchema schema = compiler.compile(
                json("{'$defs':{'n':{'type':'integer'}}," + "'properties':{'a':{'$ref':'#/$defs/n'}}}"));
        List<SchemaViolation> details = schema.validate(json("{'a':'x'}"));
        assertEquals("/a", details.get(0).target());
    }
}
