package dev.switchboard.host.internal.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;

/** A provider whose every answer a test chooses. */
public final class FakeProvider implements ServiceOperationsProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Supplier<ServiceOperationApi> service;
    public Supplier<List<ServiceOperation>> operations;
    public Invoker invoker = (op, connection, request) ->
            CompletableFuture.completedFuture(ServiceOperationResponse.ok(JSON.valueToTree(op + " done")));
    public volatile String loadedOnThread;
    public final CountDownLatch invoked = new CountDownLatch(1);

    @FunctionalInterface
    public interface Invoker {
        CompletionStage<ServiceOperationResponse> invoke(
                String operationId, ConnectionParameters connection, ServiceOperationRequest request);
    }

    public FakeProvider(ServiceOperationApi service, List<ServiceOperation> operations) {
        this.service = () -> service;
        this.operations = () -> operations;
    }

    /** Connector {@code name} with the given actions, each {@code "name"} or {@code "name:<inputs schema>"}. */
    public static FakeProvider of(String name, String... operations) {
        ServiceOperationApi api = ServiceOperationApi.builder(name).build();
        List<ServiceOperation> ops = new ArrayList<>();
        for (String op : operations) {
            String[] parts = op.split(":", 2);
            ServiceOperation.Builder builder =
                    ServiceOperation.builder(api, parts[0]).summary(parts[0]);
            if (parts.length > 1) {
                builder.inputs(json(parts[1]));
            }
            ops.add(builder.build());
        }
        return new FakeProvider(api, ops);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public ServiceOperationApi getService() {
        loadedOnThread = Thread.currentThread().getName();
        return service.get();
    }

    @Override
    public List<ServiceOperation> getOperations(boolean expandManifest) {
        return operations.get();
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invokeOperation(
            String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        invoked.countDown();
        return invoker.invoke(operationId, connectionParameters, request);
    }
}
