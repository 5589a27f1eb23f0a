package dev.switchboard.connector.testkit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.validation.CompiledSchema;
import dev.switchboard.connector.validation.JsonSchemas;
import dev.switchboard.connector.validation.SchemaDefinitionException;
import dev.switchboard.connector.validation.SchemaViolation;

/**
 * A connector's operation schemas compiled as the host compiles them, so that a unit test can check that every input
 * it sends is one the host would pass, and every output matches what the operation declares.
 * <pre>{@code
 * static final OperationSchemas SCHEMAS = OperationSchemas.of(MyConnector.manifest().operations());
 * SCHEMAS.assertValidInputs("listFiles", inputs);
 * }</pre>
 */
public final class OperationSchemas {

    private final Map<String, CompiledSchema> inputs = new HashMap<>();
    private final Map<String, CompiledSchema> outputs = new HashMap<>();

    private OperationSchemas() {}

    /**
     * @throws IllegalArgumentException naming the operation whose inputs or outputs schema the host would refuse
     */
    public static OperationSchemas of(List<ServiceOperation> operations) {
        JsonSchemas compiler = new JsonSchemas();
        OperationSchemas schemas = new OperationSchemas();
        for (ServiceOperation op : operations) {
            try {
                if (op.manifest().inputs() != null) {
                    schemas.inputs.put(op.name(), compiler.compile(op.manifest().inputs()));
                }
                if (op.manifest().outputs() != null) {
                    schemas.outputs.put(
                            op.name(), compiler.compile(op.manifest().outputs()));
                }
            } catch (SchemaDefinitionException e) {
                throw new IllegalArgumentException(op.name() + ": " + e.getMessage(), e);
            }
        }
        return schemas;
    }

    /** What is wrong with {@code inputs} for {@code operation}; empty when valid or when it declares no schema. */
    public List<SchemaViolation> validateInputs(String operation, JsonNode inputs) {
        CompiledSchema schema = this.inputs.get(operation);
        return schema == null ? List.of() : schema.validate(inputs);
    }

    /** @throws AssertionError naming each problem when the host would refuse {@code inputs} */
    public void assertValidInputs(String operation, JsonNode inputs) {
        List<SchemaViolation> problems = validateInputs(operation, inputs);
        if (!problems.isEmpty()) {
            throw new AssertionError(operation + " inputs " + inputs + ": " + problems);
        }
    }

    /** @throws AssertionError naming each problem when {@code body} does not match the declared outputs */
    public void assertValidOutputs(String operation, JsonNode body) {
        CompiledSchema schema = outputs.get(operation);
        List<SchemaViolation> problems = schema == null ? List.of() : schema.validate(body);
        if (!problems.isEmpty()) {
            throw new AssertionError(operation + " output " + body + ": " + problems);
        }
    }
}
