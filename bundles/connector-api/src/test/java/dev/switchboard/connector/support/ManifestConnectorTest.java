package dev.switchboard.connector.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ConnectorManifest;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.TriggerContext;

public class ManifestConnectorTest {

    private static final ServiceOperationApi API = ServiceOperationApi.builder("demo")
            .displayName("Demo")
            .description("A demo")
            .capabilities(ServiceOperationApi.CAPABILITY_ACTIONS)
            .build();
    private static final ConnectorManifest MANIFEST = new ConnectorManifest(
            API,
            List.of(
                    ServiceOperation.builder(API, "echo")
                            .summary("Echo")
                            .description("Echo")
                            .inputs(JsonNodeFactory.instance.objectNode())
                            .outputs(JsonNodeFactory.instance.objectNode())
                            .build(),
                    ServiceOperation.builder(API, "whenDone")
                            .summary("When done")
                            .description("When done")
                            .trigger(ServiceOperation.TRIGGER_BATCH)
                            .inputs(JsonNodeFactory.instance.objectNode())
                            .outputs(JsonNodeFactory.instance.objectNode())
                            .build()));

    /** Echoes its inputs; fails unknown operations the standard way, and "boom" with a plain exception. */
    private static final class Echo extends ManifestTriggerConnector {
        Echo() {
            super(MANIFEST, "demoTrigger", "whenDone");
        }

        @Override
        protected CompletionStage<ServiceOperationResponse> invoke(
                String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
            return switch (operationId) {
                case "echo" -> completed(request.parameters());
                case "boom" -> throw new IllegalStateException("boom");
                default -> throw operationNotFound(operationId);
            };
        }

        @Override
        public AutoCloseable start(TriggerContext context) {
            return () -> {};
        }
    }

    private static Throwable failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("the stage did not fail");
    }

    @Test
    public void theServiceAndOperationsComeFromTheManifest() {
        Echo echo = new Echo();
        assertSame(API, echo.getService());
        assertEquals(MANIFEST.operations(true), echo.getOperations(true));
        assertEquals(MANIFEST.operations(false), echo.getOperations(false));
    }

    @Test
    public void anOperationsOutputsAreItsResponse() {
        var in = JsonNodeFactory.instance.objectNode().put("x", 1);
        ServiceOperationResponse response = new Echo()
                .invokeOperation("echo", ConnectionParameters.empty(), ServiceOperationRequest.of(in))
                .toCompletableFuture()
                .join();
        assertEquals(in, response.body());
    }

    @Test
    public void anUnknownOperationIsAFailed404Stage() {
        Throwable e = failure(new Echo()
                .invokeOperation(
                        "nope",
                        ConnectionParameters.empty(),
                        ServiceOperationRequest.of(JsonNodeFactory.instance.objectNode())));
        ServiceOperationException s = (ServiceOperationException) e;
        assertEquals(404, s.getStatusCode());
        assertEquals("OperationNotFound", s.getCode());
        assertEquals("The demo connector has no operation 'nope'.", s.getMessage());
    }

    @Test
    public void aThrownExceptionBecomesAFailedStageNotAThrow() {
        Throwable e = failure(new Echo()
                .invokeOperation(
                        "boom",
                        ConnectionParameters.empty(),
                        ServiceOperationRequest.of(JsonNodeFactory.instance.objectNode())));
        assertTrue(e instanceof IllegalStateException);
    }

    @Test
    public void theTriggerOperationGetsTheConnectionAsInformationAndTheOthersNone() {
        Echo echo = new Echo();
        ConnectionParameters parameters = ConnectionParameters.of(Map.of("host", "db"));
        assertEquals(
                TriggerConnection.information(parameters),
                echo.getBindingConnectionInformation("whenDone", parameters));
        assertNull(echo.getBindingConnectionInformation("echo", parameters));
        assertEquals("demoTrigger", echo.getFunctionTriggerType());
        assertEquals("demoTrigger", echo.type());
    }
}
