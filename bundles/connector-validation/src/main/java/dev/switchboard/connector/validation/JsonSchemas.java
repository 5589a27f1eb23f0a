package dev.switchboard.connector.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.ClasspathSchemaLoader;
import com.networknt.schema.resource.DisallowSchemaLoader;

/**
 * Checks connector JSON Schemas against their meta-schema, compiles them, and validates instances, all offline: the
 * host's catalog compiles every operation's {@code inputs} and {@code outputs} schema with it when a connector
 * registers, and validates each invocation's inputs against the compiled inputs schema.
 * <p>
 * The networknt factories load meta-schemas through the thread context class loader by default, which in OSGi is
 * whatever the calling thread happens to carry; we pin the validator bundle's own class loader (the meta-schemas
 * are resources of that bundle) and put a loader that refuses everything else before the library's defaults, so a
 * {@code $ref} to an http(s) URI fails at load time instead of downloading. Thread-safe once built.
 */
public final class JsonSchemas {

    /** Used when a schema has no {@code $schema}. */
    public static final VersionFlag DEFAULT_DIALECT = VersionFlag.V202012;

    private static final int MAX_REPORTED_PROBLEMS = 3;

    private final Map<VersionFlag, JsonSchemaFactory> factories = new EnumMap<>(VersionFlag.class);
    private final Map<VersionFlag, JsonSchema> metaSchemas = new EnumMap<>(VersionFlag.class);
    private final SchemaValidatorsConfig config;

    /** Compilers for every published dialect, loading meta-schemas from the validator's own resources only. */
    public JsonSchemas() {
        config =
                SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
        ClassLoader validatorLoader = JsonSchemaFactory.class.getClassLoader();
        for (VersionFlag flag : VersionFlag.values()) {
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(
                    flag,
                    builder -> builder
                            // a connector's $id must not leak into another connector's schemas through a shared cache
                            .enableSchemaCache(false)
                            .schemaLoaders(loaders -> loaders.add(new ClasspathSchemaLoader(() -> validatorLoader))
                                    .add(DisallowSchemaLoader.getInstance())));
            factories.put(flag, factory);
        }
    }

    /**
     * Checks {@code schema} against its meta-schema and compiles it, resolving every reference now.
     *
     * @throws SchemaDefinitionException with a message naming the failing location(s)
     */
    public CompiledSchema compile(JsonNode schema) throws SchemaDefinitionException {
        if (schema == null || !(schema.isObject() || schema.isBoolean())) {
            throw new SchemaDefinitionException("a JSON Schema must be a JSON object or a boolean");
        }
        VersionFlag dialect = dialectOf(schema);
        try {
            Set<ValidationMessage> problems = metaSchema(dialect).validate(schema);
            if (!problems.isEmpty()) {
                throw new SchemaDefinitionException(describe(problems));
            }
            JsonSchema compiled = factories.get(dialect).getSchema(schema, config);
            // references are otherwise resolved lazily, on the first request; resolve them while loading
            compiled.initializeValidators();
            return new CompiledSchema(compiled);
        } catch (JsonSchemaException e) {
            throw new SchemaDefinitionException(messageOf(e));
        } catch (RuntimeException e) {
            throw new SchemaDefinitionException(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Validates {@code instance}: one violation per problem, its target the JSON pointer of the failing location. */
    static List<SchemaViolation> validate(JsonSchema schema, JsonNode instance) {
        return schema.validate(instance).stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> targetOf(m))
                        .thenComparing(JsonSchemas::textOf))
                .map(m -> new SchemaViolation(targetOf(m), textOf(m)))
                .distinct()
                .toList();
    }

    private VersionFlag dialectOf(JsonNode schema) throws SchemaDefinitionException {
        JsonNode declared = schema.get("$schema");
        if (declared == null) {
            return DEFAULT_DIALECT;
        }
        Optional<VersionFlag> flag =
                declared.isTextual() ? SpecVersionDetector.detectOptionalVersion(declared.asText()) : Optional.empty();
        return flag.orElseThrow(() -> new SchemaDefinitionException("unsupported $schema " + declared
                + ": use https://json-schema.org/draft/2020-12/schema (the default) or another published draft"));
    }

    private synchronized JsonSchema metaSchema(VersionFlag dialect) {
        return metaSchemas.computeIfAbsent(
                dialect, flag -> factories.get(flag).getSchema(SchemaLocation.of(flag.getId()), config));
    }

    private static String targetOf(ValidationMessage message) {
        String location = message.getInstanceLocation() == null
                ? ""
                : message.getInstanceLocation().toString();
        // "required" reports the object that lacks the property; the caller wants the missing field itself
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            return location + "/" + message.getProperty().replace("~", "~0").replace("/", "~1");
        }
        return location;
    }

    private static String textOf(ValidationMessage message) {
        String error = message.getError();
        return error != null ? error : message.getMessage();
    }

    private String describe(Collection<ValidationMessage> problems) {
        List<String> lines = new ArrayList<>();
        for (ValidationMessage m : problems.stream()
                .sorted(Comparator.comparing(JsonSchemas::targetOf))
                .toList()) {
            String line = targetOf(m) + ": " + textOf(m);
            if (!lines.contains(line)) {
                lines.add(line);
            }
        }
        String shown = lines.stream().limit(MAX_REPORTED_PROBLEMS).collect(Collectors.joining("; "));
        return lines.size() > MAX_REPORTED_PROBLEMS
                ? shown + " (and " + (lines.size() - MAX_REPORTED_PROBLEMS) + " more)"
                : shown;
    }

    private static String messageOf(JsonSchemaException e) {
        ValidationMessage vm = e.getValidationMessage();
        if (vm != null && vm.getMessage() != null) {
            return vm.getMessage();
        }
        return e.getMessage();
    }
}
