package dev.switchboard.connector.openapi.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.http.client.HttpRequestSender;
import dev.switchboard.connector.http.client.OutboundRequest;
import dev.switchboard.connector.openapi.internal.OpenApiDefinition.OperationBinding;
import dev.switchboard.connector.openapi.internal.OpenApiDefinition.SecurityScheme;

/**
 * The connector of one OpenAPI document: its manifest comes from the compiled document, and each invocation becomes
 * one request through the http connector's client. Registered by {@link DocumentExtender} from the document's
 * generated bundle, so the host sees it as that bundle's connector. Never blocks the caller.
 */
final class OpenApiConnector implements ServiceOperationsProvider {

    private final OpenApiDefinition definition;
    private final HttpRequestSender sender;
    private final TokenCache tokens;

    OpenApiConnector(OpenApiDefinition definition, HttpRequestSender sender, TokenCache tokens) {
        this.definition = definition;
        this.sender = sender;
        this.tokens = tokens;
    }

    OpenApiDefinition definition() {
        return definition;
    }

    @Override
    public ServiceOperationApi getService() {
        return definition.service();
    }

    @Override
    public List<ServiceOperation> getOperations(boolean expandManifest) {
        if (expandManifest) {
            return definition.operations();
        }
        List<ServiceOperation> plain = new ArrayList<>(definition.operations().size());
        definition.operations().forEach(operation -> plain.add(operation.withoutManifest()));
        return plain;
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invokeOperation(
            String operationId, ConnectionParameters connection, ServiceOperationRequest request) {
        try {
            OperationBinding binding = definition.bindings().get(operationId);
            if (binding == null) {
                throw new ServiceOperationException(
                        404,
                        "OperationNotFound",
                        "The connector '" + definition.id() + "' has no operation '" + operationId + "'");
            }
            ObjectNode inputs = RequestFactory.sendRequestInputs(binding, request.parameters());
            String baseUrl = connection.getString(DocumentCompiler.BASE_URL);
            if (baseUrl == null || baseUrl.isBlank()) {
                baseUrl = definition.defaultBaseUrl();
            }
            if (baseUrl == null) {
                throw new ServiceOperationException(
                        400,
                        "MissingConnectionParameter",
                        "The connection parameter '" + DocumentCompiler.BASE_URL
                                + "' is required: the document names no absolute server URL.");
            }
            OutboundRequest.Builder outbound = OutboundRequest.builder(inputs).baseUrl(baseUrl);
            List<SecurityScheme> schemes = chooseCredentials(binding, connection);
            CompletionStage<OutboundRequest.Builder> ready = CompletableFuture.completedFuture(outbound);
            for (SecurityScheme scheme : schemes) {
                ready = ready.thenCompose(builder -> apply(scheme, connection, builder));
            }
            return ready.thenCompose(builder -> sender.send(builder.build()));
        } catch (ServiceOperationException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The first of the operation's security alternatives whose parameters the connection has; none when the operation
     * needs none, or when the connection has credentials for no alternative (then the upstream decides: usually 401).
     */
    private List<SecurityScheme> chooseCredentials(OperationBinding binding, ConnectionParameters connection) {
        for (List<String> alternative : binding.security()) {
            List<SecurityScheme> schemes = new ArrayList<>();
            boolean complete = true;
            for (String name : alternative) {
                SecurityScheme scheme = definition.schemes().get(name);
                for (String parameter : scheme.parameterNames()) {
                    String value = connection.getString(parameter);
                    complete &= value != null && !value.isEmpty();
                }
                schemes.add(scheme);
            }
            if (complete) {
                return schemes;
            }
        }
        return List.of();
    }

    private CompletionStage<OutboundRequest.Builder> apply(
            SecurityScheme scheme, ConnectionParameters connection, OutboundRequest.Builder builder) {
        List<String> names = scheme.parameterNames();
        switch (scheme.kind()) {
            case API_KEY -> {
                String key = connection.getString(names.get(0));
                switch (scheme.in()) {
                    case "query" -> builder.credentialQuery(scheme.keyName(), key);
                    case "cookie" -> builder.credentialHeader("Cookie", scheme.keyName() + "=" + key);
                    default -> builder.credentialHeader(scheme.keyName(), key);
                }
            }
            case BEARER -> builder.credentialHeader("Authorization", "Bearer " + connection.getString(names.get(0)));
            case BASIC -> {
                String user = connection.getString(names.get(0));
                if (user.indexOf(':') >= 0) {
                    throw new ServiceOperationException(
                            400,
                            "InvalidConnectionParameter",
                            "The connection " + "parameter '" + names.get(0)
                                    + "' must not contain ':' for basic authentication.");
                }
                builder.credentialHeader(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + connection.getString(names.get(1)))
                                                .getBytes(StandardCharsets.UTF_8)));
            }
            case OAUTH2_CLIENT_CREDENTIALS -> {
                return tokens.token(
                                scheme.tokenUrl(),
                                connection.getString(names.get(0)),
                                connection.getString(names.get(1)),
                                scheme.scopes())
                        .thenApply(token -> builder.credentialHeader("Authorization", "Bearer " + token));
            }
        }
        return CompletableFuture.completedFuture(builder);
    }
}
