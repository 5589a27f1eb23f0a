package dev.switchboard.connector.validation;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;

/** A JSON Schema that passed {@link JsonSchemas#compile}: every reference resolved. Immutable, thread-safe. */
public final class CompiledSchema {

    private final JsonSchema schema;

    CompiledSchema(JsonSchema schema) {
        this.schema = schema;
    }

    /**
     * Validates {@code instance}.
     *
     * @return one violation per problem, ordered by target (the JSON pointer of the failing location); empty when the
     *         instance is valid
     */
    public List<SchemaViolation> validate(JsonNode instance) {
        return JsonSchemas.validate(schema, instance);
    }
}
