package dev.switchboard.connector.openapi.internal;

import java.util.List;
import java.util.Map;

import org.osgi.framework.Version;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;

/**
 * A document compiled into what a connector needs: its identity and manifest, and for each operation how to turn
 * inputs into a request.
 *
 * @param skipped operations left out, each {@code "METHOD /path: why"}
 */
record OpenApiDefinition(
        String id,
        Version version,
        ServiceOperationApi service,
        List<ServiceOperation> operations,
        Map<String, OperationBinding> bindings,
        Map<String, SecurityScheme> schemes,
        String defaultBaseUrl,
        List<String> skipped) {

    /** Where a parameter goes. */
    enum Location {
        PATH,
        QUERY,
        HEADER
    }

    record Parameter(String name, Location in, boolean required) {}

    /**
     * @param security alternatives (any one suffices), each the names of the schemes it needs together; empty: none
     */
    record OperationBinding(
            String operationId,
            String method,
            String path,
            List<Parameter> parameters,
            boolean jsonBody,
            List<List<String>> security) {}

    enum SchemeKind {
        API_KEY,
        BEARER,
        BASIC,
        OAUTH2_CLIENT_CREDENTIALS
    }

    /**
     * @param in       for API_KEY: header, query or cookie
     * @param keyName  for API_KEY: the header, query parameter or cookie name
     * @param tokenUrl for OAUTH2_CLIENT_CREDENTIALS
     */
    record SecurityScheme(
            String name, SchemeKind kind, String in, String keyName, String tokenUrl, List<String> scopes) {

        /** The connection parameters that carry this scheme's credentials. */
        List<String> parameterNames() {
            return switch (kind) {
                case API_KEY, BEARER -> List.of(name);
                case BASIC -> List.of(name + "Username", name + "Password");
                case OAUTH2_CLIENT_CREDENTIALS -> List.of(name + "ClientId", name + "ClientSecret");
            };
        }
    }
}
