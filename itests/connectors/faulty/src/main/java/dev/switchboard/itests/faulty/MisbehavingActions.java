package dev.switchboard.itests.faulty;

import static dev.switchboard.itests.faulty.Declarations.MAPPER;
import static dev.switchboard.itests.faulty.Declarations.action;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;

/** A well-described connector whose actions fail in every way a connector can fail. */
@Component(service = ServiceOperationsProvider.class)
public final class MisbehavingActions implements ServiceOperationsProvider {

    private static final ServiceOperationApi SERVICE = Declarations.service("misbehaving");
    private static final List<String> OPERATIONS = List.of(
            "ok", "operationError", "throwRuntime", "returnNull", "failedFuture", "neverCompletes", "blocks", "slow");

    @Override
    public ServiceOperationApi getService() {
        return SERVICE;
    }

    @Override
    public List<ServiceOperation> getOperations(boolean expandManifest) {
        return OPERATIONS.stream().map(name -> action(SERVICE, name)).toList();
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invokeOperation(
            String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        switch (operationId) {
            case "ok":
                return CompletableFuture.completedFuture(
                        ServiceOperationResponse.ok(MAPPER.createObjectNode().put("ok", true)));
            case "operationError":
                throw new ServiceOperationException(409, "AlreadyExists", "The record already exists.");
            case "throwRuntime":
                throw new IllegalStateException("connector bug");
            case "returnNull":
                return null;
            case "failedFuture":
                return CompletableFuture.failedFuture(new IOException("backend unreachable"));
            case "neverCompletes":
                return new CompletableFuture<>();
            case "blocks":
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return CompletableFuture.completedFuture(ServiceOperationResponse.ok(null));
            case "slow":
                return slow(Math.min(
                        10_000, Math.max(0, request.parameters().path("ms").asLong(1000))));
            default:
                throw new ServiceOperationException(404, "OperationNotFound", "no operation " + operationId);
        }
    }

    /** Answers after {@code ms} on a thread of its own that ends with the call: nothing outlives the bundle. */
    private static CompletionStage<ServiceOperationResponse> slow(long ms) {
        CompletableFuture<ServiceOperationResponse> answer = new CompletableFuture<>();
        Thread sleeper = new Thread(
                () -> {
                    try {
                        Thread.sleep(ms);
                        answer.complete(ServiceOperationResponse.ok(
                                MAPPER.createObjectNode().put("sleptMs", ms)));
                    } catch (InterruptedException e) {
                        answer.completeExceptionally(e);
                    }
                },
                "misbehaving-slow");
        sleeper.setDaemon(true);
        sleeper.start();
        return answer;
    }
}
