package dev.switchboard.connector.sql.internal;

import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;

import dev.switchboard.connector.api.ServiceOperation;

/**
 * The manifest's schemas, compiled as the host compiles them (JSON Schema 2020-12), so that every test input is one
 * the host would pass and every output matches what the connector declares.
 */
final class ManifestSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(VersionFlag.V202012);
    private static final Map<String, JsonSchema> INPUTS = new HashMap<>();
    private static final Map<String, JsonSchema> OUTPUTS = new HashMap<>();

    static {
        for (ServiceOperation op : SqlConnector.manifest().operations()) {
            INPUTS.put(op.name(), FACTORY.getSchema(op.manifest().inputs()));
            OUTPUTS.put(op.name(), FACTORY.getSchema(op.manifest().outputs()));
        }
    }

    private ManifestSchemas() {}

    static Set<ValidationMessage> validateInputs(String operation, JsonNode inputs) {
        JsonSchema schema = INPUTS.get(operation);
        return schema == null ? Set.of() : schema.validate(inputs);
    }

    static void assertValidInputs(String operation, JsonNode inputs) {
        Set<ValidationMessage> problems = validateInputs(operation, inputs);
        assertTrue(operation + " inputs " + inputs + ": " + problems, problems.isEmpty());
    }

    static void assertValidOutputs(String operation, JsonNode body) {
        JsonSchema schema = OUTPUTS.get(operation);
        Set<ValidationMessage> problems = schema == null ? Set.of() : schema.validate(body);
        assertTrue(operation + " output " + body + ": " + problems, problems.isEmpty());
    }
}
