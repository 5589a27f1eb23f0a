package dev.switchboard.itests.xss;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.osgi.service.component.annotations.Component;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;

/** A connector whose metadata is hostile markup: the console must show it as text and run none of it. */
@Component
public final class XssConnector implements ServiceOperationsProvider {

    static final String DESCRIPTION = "<script>window.__pwned=1</script><b>bold</b>";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final ServiceOperationApi SERVICE = ServiceOperationApi.builder("xss")
            .displayName("XSS <img src=x onerror=\"window.__pwned=2\">")
            .description(DESCRIPTION)
            .connectionParameter(
                    "token",
                    ConnectionParameter.secureString("<i>Token</i>").description("<script>window.__pwned=3</script>"))
            .build();

    private static final ServiceOperation ECHO = ServiceOperation.builder(SERVICE, "echo")
            .summary("<img src=x onerror=\"window.__pwned=4\">echo")
            .inputs(schema("{\"type\":\"object\",\"properties\":{\"<b>text</b>\":{\"type\":\"string\","
                    + "\"description\":\"<script>window.__pwned=5</script>\"}}}"))
            .outputs(schema("{\"type\":\"object\"}"))
            .build();

    @Override
    public ServiceOperationApi getService() {
        return SERVICE;
    }

    @Override
    public List<ServiceOperation> getOperations(boolean expandManifest) {
        return List.of(expandManifest ? ECHO : ECHO.withoutManifest());
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invokeOperation(
            String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        return CompletableFuture.completedFuture(ServiceOperationResponse.ok(request.parameters()));
    }

    private static JsonNode schema(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
