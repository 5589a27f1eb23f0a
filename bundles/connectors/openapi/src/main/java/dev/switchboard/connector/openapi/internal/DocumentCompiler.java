package dev.switchboard.connector.openapi.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.osgi.framework.Version;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.openapi.internal.OpenApiDefinition.Location;
import dev.switchboard.connector.openapi.internal.OpenApiDefinition.OperationBinding;
import dev.switchboard.connector.openapi.internal.OpenApiDefinition.SecurityScheme;

/**
 * Compiles a parsed document into an {@link OpenApiDefinition}, following the contract of issue 16: connector id,
 * version, operations with inputs/outputs schemas, connection parameters per security scheme.
 */
final class DocumentCompiler {

    static final String BASE_URL = "baseUrl";
    static final String BODY = "body";

    private static final Pattern OPERATION_ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

    /** Why a document cannot become a connector. */
    static final class InvalidDocumentException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidDocumentException(String message) {
            super(message, null, false, false);
        }
    }

    private final int maxSchemaNodes;

    DocumentCompiler(int maxSchemaNodes) {
        this.maxSchemaNodes = maxSchemaNodes;
    }

    OpenApiDefinition compile(String fileName, OpenAPI document) throws InvalidDocumentException {
        ObjectMapper mapper = document.getSpecVersion() == SpecVersion.V31 ? Json31.mapper() : Json.mapper();
        String id = DocumentInfo.connectorId(fileName, document);
        Version version = DocumentInfo.version(
                document.getInfo() == null ? null : document.getInfo().getVersion());
        String title = document.getInfo() == null ? null : document.getInfo().getTitle();
        String description =
                document.getInfo() == null ? null : document.getInfo().getDescription();
        String baseUrl = DocumentInfo.defaultBaseUrl(document.getServers());
        Components components = document.getComponents() == null ? new Components() : document.getComponents();
        Map<String, SecurityScheme> schemes = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        SecuritySchemes.read(components, schemes, skipped);

        ServiceOperationApi.Builder api = ServiceOperationApi.builder(id)
                .id("/serviceProviders/openapi/" + id)
                .displayName(title == null || title.isBlank() ? id : title)
                .description(description)
                .capabilities(ServiceOperationApi.CAPABILITY_ACTIONS);
        ConnectionParameter.Builder base = ConnectionParameter.string("Base URL")
                .description(
                        baseUrl == null
                                ? "The API's absolute http(s) URL (the document names no absolute server)"
                                : "The API's absolute http(s) URL; default " + baseUrl);
        api.connectionParameter(BASE_URL, baseUrl == null ? base.required() : base);
        for (SecurityScheme scheme : schemes.values()) {
            for (String parameter : scheme.parameterNames()) {
                api.connectionParameter(
                        parameter,
                        ConnectionParameter.secureString(parameter)
                                .description("Security scheme '" + scheme.name() + "' ("
                                        + SecuritySchemes.describe(scheme) + ")"));
            }
        }
        ServiceOperationApi service = api.build();

        SchemaInliner inliner = new SchemaInliner(
                components.getSchemas() == null ? null : mapper.valueToTree(components.getSchemas()), maxSchemaNodes);
        List<SecurityRequirement> defaultSecurity = document.getSecurity();
        List<ServiceOperation> operations = new ArrayList<>();
        Map<String, OperationBinding> bindings = new LinkedHashMap<>();
        if (document.getPaths() != null) {
            for (Map.Entry<String, PathItem> path : document.getPaths().entrySet()) {
                PathItem item = path.getValue();
                for (Map.Entry<PathItem.HttpMethod, Operation> entry :
                        item.readOperationsMap().entrySet()) {
                    String method = entry.getKey().name();
                    String where = method + " " + path.getKey();
                    Operation operation = entry.getValue();
                    String operationId = operation.getOperationId();
                    if (operationId == null || operationId.isBlank()) {
                        skipped.add(where + ": no operationId");
                        continue;
                    }
                    if (!OPERATION_ID.matcher(operationId).matches()) {
                        skipped.add(where + ": operationId '" + operationId + "' has characters other than "
                                + "letters, digits, '_', '.', '-'");
                        continue;
                    }
                    if (bindings.containsKey(operationId)) {
                        skipped.add(where + ": operationId '" + operationId + "' is used twice");
                        continue;
                    }
                    try {
                        compileOperation(
                                mapper,
                                inliner,
                                components,
                                service,
                                path.getKey(),
                                method,
                                item,
                                operation,
                                defaultSecurity,
                                schemes,
                                operations,
                                bindings);
                    } catch (SkipException | SchemaInliner.TooLargeException | IllegalArgumentException e) {
                        skipped.add(where + " (" + operationId + "): " + e.getMessage());
                    }
                }
            }
        }
        return new OpenApiDefinition(
                id,
                version,
                service,
                List.copyOf(operations),
                Map.copyOf(bindings),
                Map.copyOf(schemes),
                baseUrl,
                List.copyOf(skipped));
    }

    static final class SkipException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SkipException(String message) {
            super(message, null, false, false);
        }
    }

    private void compileOperation(
            ObjectMapper mapper,
            SchemaInliner inliner,
            Components components,
            ServiceOperationApi service,
            String path,
            String method,
            PathItem item,
            Operation operation,
            List<SecurityRequirement> defaultSecurity,
            Map<String, SecurityScheme> schemes,
            List<ServiceOperation> operations,
            Map<String, OperationBinding> bindings) {
        ObjectNode inputs = JsonNodeFactory.instance.objectNode();
        inputs.put("type", "object");
        ObjectNode properties = inputs.putObject("properties");
        List<String> required = new ArrayList<>();
        List<OpenApiDefinition.Parameter> parameters = new ArrayList<>();
        Map<String, Parameter> declared = new LinkedHashMap<>();
        for (List<Parameter> list : java.util.Arrays.asList(item.getParameters(), operation.getParameters())) {
            if (list == null) {
                continue;
            }
            for (Parameter parameter : list) {
                Parameter resolved = ComponentRefs.resolve(parameter, components);
                declared.put(resolved.getIn() + ":" + resolved.getName(), resolved); // operation's win
            }
        }
        for (Parameter parameter : declared.values()) {
            Location in = switch (String.valueOf(parameter.getIn()).toLowerCase(Locale.ROOT)) {
                case "path" -> Location.PATH;
                case "query" -> Location.QUERY;
                case "header" -> Location.HEADER;
                default -> null;
            };
            boolean mandatory = Boolean.TRUE.equals(parameter.getRequired()) || in == Location.PATH;
            if (in == null) {
                if (mandatory) {
                    throw new SkipException("its required " + parameter.getIn() + " parameter '" + parameter.getName()
                            + "' cannot be sent (path, query and header parameters are)");
                }
                continue;
            }
            if (properties.has(parameter.getName()) || BODY.equals(parameter.getName())) {
                throw new SkipException("two inputs would be named '" + parameter.getName() + "'");
            }
            JsonNode schema = parameter.getSchema() != null
                    ? mapper.valueToTree(parameter.getSchema())
                    : schemaOf(mapper, parameter.getContent());
            ObjectNode property = (ObjectNode) asObject(inliner.inline(schema));
            if (parameter.getDescription() != null && !property.has("description")) {
                property.put("description", parameter.getDescription());
            }
            if (Boolean.TRUE.equals(parameter.getDeprecated())) {
                property.put("deprecated", true);
            }
            properties.set(parameter.getName(), property);
            if (mandatory) {
                required.add(parameter.getName());
            }
            parameters.add(new OpenApiDefinition.Parameter(parameter.getName(), in, mandatory));
        }
        boolean jsonBody = false;
        RequestBody body = ComponentRefs.resolve(operation.getRequestBody(), components);
        if (body != null && body.getContent() != null && !body.getContent().isEmpty()) {
            MediaType json = ComponentRefs.jsonMedia(body.getContent());
            if (json == null) {
                if (Boolean.TRUE.equals(body.getRequired())) {
                    throw new SkipException("its request body is not JSON ("
                            + String.join(", ", body.getContent().keySet()) + ")");
                }
            } else {
                jsonBody = true;
                ObjectNode schema = (ObjectNode) asObject(
                        inliner.inline(json.getSchema() == null ? null : mapper.valueToTree(json.getSchema())));
                if (body.getDescription() != null && !schema.has("description")) {
                    schema.put("description", body.getDescription());
                }
                properties.set(BODY, schema);
                if (Boolean.TRUE.equals(body.getRequired())) {
                    required.add(BODY);
                }
            }
        }
        if (!required.isEmpty()) {
            required.forEach(inputs.putArray("required")::add);
        }
        boolean deprecated = Boolean.TRUE.equals(operation.getDeprecated());
        if (deprecated) {
            inputs.put("deprecated", true);
        }
        ObjectNode outputs = JsonNodeFactory.instance.objectNode();
        outputs.put("type", "object");
        ObjectNode answer = outputs.putObject("properties");
        answer.putObject("statusCode").put("type", "integer");
        answer.putObject("headers").put("type", "object");
        answer.set(BODY, outputBody(mapper, inliner, operation, components));
        answer.putObject("bodyEncoding").put("type", "string");

        List<SecurityRequirement> security =
                operation.getSecurity() != null ? operation.getSecurity() : defaultSecurity;
        List<List<String>> alternatives = new ArrayList<>();
        if (security != null) {
            for (SecurityRequirement requirement : security) {
                List<String> names = new ArrayList<>(requirement.keySet());
                names.retainAll(schemes.keySet()); // unsupported schemes are not ours to fill
                if (names.size() == requirement.size()) {
                    alternatives.add(List.copyOf(names));
                }
            }
        }
        String summary = operation.getSummary();
        ServiceOperation compiled = ServiceOperation.builder(service, operation.getOperationId())
                .summary(deprecated ? "[deprecated] " + (summary == null ? "" : summary).trim() : summary)
                .description(operation.getDescription())
                .visibility(deprecated ? "advanced" : null)
                .inputs(inputs)
                .outputs(outputs)
                .build();
        operations.add(compiled);
        bindings.put(
                operation.getOperationId(),
                new OperationBinding(
                        operation.getOperationId(),
                        method,
                        path,
                        List.copyOf(parameters),
                        jsonBody,
                        List.copyOf(alternatives)));
    }

    private static JsonNode outputBody(
            ObjectMapper mapper, SchemaInliner inliner, Operation operation, Components components) {
        if (operation.getResponses() != null) {
            for (Map.Entry<String, ApiResponse> response :
                    operation.getResponses().entrySet()) {
                if (!response.getKey().startsWith("2")) {
                    continue;
                }
                ApiResponse resolved = ComponentRefs.resolve(response.getValue(), components);
                MediaType json = resolved == null || resolved.getContent() == null
                        ? null
                        : ComponentRefs.jsonMedia(resolved.getContent());
                if (json != null && json.getSchema() != null) {
                    return inliner.inline(mapper.valueToTree(json.getSchema()));
                }
            }
        }
        return JsonNodeFactory.instance.objectNode();
    }

    private static JsonNode asObject(JsonNode schema) {
        return schema.isObject() ? schema : JsonNodeFactory.instance.objectNode();
    }

    private static JsonNode schemaOf(ObjectMapper mapper, Content content) {
        if (content == null || content.isEmpty()) {
            return JsonNodeFactory.instance.objectNode().put("type", "string");
        }
        MediaType media = content.values().iterator().next();
        return media.getSchema() == null
                ? JsonNodeFactory.instance.objectNode()
                : mapper.valueToTree(media.getSchema());
    }
}
