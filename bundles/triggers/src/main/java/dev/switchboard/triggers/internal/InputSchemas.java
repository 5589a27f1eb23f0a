package dev.switchboard.triggers.internal;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.ClasspathSchemaLoader;
import com.networknt.schema.resource.DisallowSchemaLoader;

/**
 * Validates a trigger's inputs against its operation's inputs schema, the same way the host's dispatcher validates
 * an action's (offline, JSON pointers to the failing fields). The host has already checked the schema itself.
 */
final class InputSchemas {

    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;

    InputSchemas() {
        config =
                SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
        ClassLoader validatorLoader = JsonSchemaFactory.class.getClassLoader();
        factory = JsonSchemaFactory.getInstance(
                VersionFlag.V202012,
                builder -> builder.enableSchemaCache(false)
                        .schemaLoaders(loaders -> loaders.add(new ClasspathSchemaLoader(() -> validatorLoader))
                                .add(DisallowSchemaLoader.getInstance())));
    }

    /** One line per problem, {@code /field: message}; empty when the inputs are valid or there is no schema. */
    List<String> problems(JsonNode schema, JsonNode inputs) {
        if (schema == null || schema.isNull()) {
            return List.of();
        }
        JsonSchema compiled = factory.getSchema(schema, config);
        return compiled.validate(inputs).stream()
                .map(InputSchemas::describe)
                .sorted()
                .toList();
    }

    private static String describe(ValidationMessage m) {
        String location =
                m.getInstanceLocation() == null ? "" : m.getInstanceLocation().toString();
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            location = location + "/" + m.getProperty();
        }
        return (location.isEmpty() ? "/" : location) + ": " + (m.getError() != null ? m.getError() : m.getMessage());
    }
}
