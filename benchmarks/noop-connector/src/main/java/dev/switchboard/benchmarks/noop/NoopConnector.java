package dev.switchboard.benchmarks.noop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.NonBlocking;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;

/**
 * A connector that does nothing, as fast as it can: operation {@code noop} has no inputs schema (so the host validates
 * nothing) and answers {@code {"ok":true}}; operations {@code op1..op(N-1)} carry a small inputs and outputs schema, so
 * that a catalog of generated connectors has realistic manifests.
 * <p>
 * The id and the operation count are component properties ({@value #ID}, {@value #OPERATIONS}): the benchmark
 * generator copies this bundle under another symbolic name and rewrites them in the component description, which is
 * how one compiled class becomes hundreds of distinct connectors without a build per connector.
 */
@Component(property = {NoopConnector.ID + "=bench-noop", NoopConnector.OPERATIONS + ":Integer=1"})
@NonBlocking
public final class NoopConnector implements ServiceOperationsProvider {

    public static final String ID = "bench.connector.id";
    public static final String OPERATIONS = "bench.operations";
    /** The answer of every operation. */
    public static final ServiceOperationResponse OK;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNode INPUTS = json("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\","
            + "\"maxLength\":64},\"count\":{\"type\":\"integer\",\"minimum\":0}},\"additionalProperties\":false}");
    private static final JsonNode OUTPUTS =
            json("{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}}}");

    static {
        OK = ServiceOperationResponse.ok(MAPPER.createObjectNode().put("ok", true));
    }

    private final ServiceOperationApi service;
    private final List<ServiceOperation> operations;
    private final List<ServiceOperation> summaries;

    @Activate
    public NoopConnector(Map<String, Object> properties) {
        this(
                String.valueOf(properties.getOrDefault(ID, "bench-noop")),
                properties.get(OPERATIONS) instanceof Number n
                        ? n.intValue()
                        : Integer.parseInt(String.valueOf(properties.getOrDefault(OPERATIONS, "1"))));
    }

    public NoopConnector(String id, int operationCount) {
        this.service = ServiceOperationApi.builder(id)
                .displayName("Benchmark " + id)
                .description("A no-op connector for benchmarks")
                .build();
        List<ServiceOperation> ops = new ArrayList<>();
        ops.add(ServiceOperation.builder(service, "noop")
                .summary("Does nothing")
                .build());
        if (id.startsWith("bench-hang")) {
            // the bulkhead benchmark's connector that hangs (made by ConnectorJars without @NonBlocking)
            ops.add(ServiceOperation.builder(service, "hang")
                    .summary("Holds its thread until interrupted")
                    .build());
        }
        for (int i = 1; i < Math.max(1, operationCount); i++) {
            ops.add(ServiceOperation.builder(service, "op" + i)
                    .summary("Operation " + i)
                    .description("Does nothing, with a schema")
                    .inputs(INPUTS)
                    .outputs(OUTPUTS)
                    .build());
        }
        this.operations = List.copyOf(ops);
        this.summaries =
                operations.stream().map(ServiceOperation::withoutManifest).toList();
    }

    @Override
    public ServiceOperationApi getService() {
        return service;
    }

    @Override
    public List<ServiceOperation> getOperations(boolean expandManifest) {
        return expandManifest ? operations : summaries;
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invokeOperation(
            String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        if (operationId.equals("noop") || operationId.startsWith("op")) {
            return CompletableFuture.completedFuture(OK);
        }
        if (operationId.equals("hang")) {
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(OK);
        }
        throw new ServiceOperationException(404, "OperationNotFound", "no operation " + operationId);
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
