package dev.switchboard.itests.greeter;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;

/** Version 1 of the greeter: the whole manifest declared in Java with the API's builders. */
@Component
public final class GreeterConnector implements ServiceOperationsProvider {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(GreeterConnector.class);

    private static final ServiceOperationApi SERVICE = ServiceOperationApi.builder("greeter")
            .displayName("Greeter")
            .description("Greets people. Version 1.")
            .brandColor("#3a7d44")
            .connectionParameter(
                    "salutation",
                    ConnectionParameter.string("Salutation")
                            .description("The word to greet with")
                            .required())
            .connectionParameter("apiKey", ConnectionParameter.secureString("API key"))
            .build();

    private static final ServiceOperation GREET = ServiceOperation.builder(SERVICE, "greet")
            .summary("Greet someone")
            .description("Answers with a greeting for the given name.")
            .inputs(schema("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"minLength\":1},"
                    + "\"times\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":3}},\"required\":[\"name\"],"
                    + "\"additionalProperties\":false}"))
            .outputs(schema("{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"},"
                    + "\"version\":{\"type\":\"string\"}}}"))
            .build();

    @Activate
    void activate() {
        // a line from a thread of the connector's own, outside any call: attributed by its bundle (ConnectorLogsE2EIT)
        Thread warmUp = new Thread(() -> LOG.info("Greeter warm-up on its own thread"), "greeter-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    @Override
    public ServiceOperationApi getService() {
        return SERVICE;
    }

    @Override
    public List<ServiceOperation> getOperations(boolean expandManifest) {
        return List.of(expandManifest ? GREET : GREET.withoutManifest());
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invokeOperation(
            String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        if (!"greet".equals(operationId)) {
            throw new ServiceOperationException(404, "OperationNotFound", "greeter has no operation " + operationId);
        }
        String salutation = connectionParameters.getRequired("salutation");
        String name = request.parameters().path("name").asText();
        int times = request.parameters().path("times").asInt(1);
        LOG.info("Greeting {} {} time(s)", name, times);
        String message = String.join(" ", java.util.Collections.nCopies(times, salutation + ", " + name + "!"));
        ObjectNode body = MAPPER.createObjectNode().put("message", message).put("version", "1");
        String apiKey = connectionParameters.getString("apiKey");
        if (apiKey != null) {
            // the length only: enough for a test to tell a resolved secret from a reference, without echoing it
            body.put("apiKeyLength", apiKey.length());
        }
        return CompletableFuture.completedFuture(ServiceOperationResponse.ok(body));
    }

    private static JsonNode schema(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
