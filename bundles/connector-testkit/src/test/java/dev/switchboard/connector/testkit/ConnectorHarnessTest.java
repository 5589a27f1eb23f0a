package dev.switchboard.connector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;

class ConnectorHarnessTest {

    private final ConnectorHarness harness = ConnectorHarness.of(new Greeter());
    private final Map<String, String> connection = Map.of("salutation", "Hello");

    @Test
    void aValidCallReachesTheProvider() {
        InvokeResult result = harness.invoke("greet", connection, "{\"name\":\"Ada\"}");
        assertEquals(200, result.status());
        assertEquals("Hello, Ada!", result.assertSuccess().path("message").asText());
    }

    @Test
    void inputsAreCheckedAgainstTheSchemaAsTheHostDoes() {
        InvokeResult result = harness.invoke("greet", connection, "{}").assertFailure(400, "InvalidInput");
        assertEquals(
                "The inputs of Operation greet of connector greeter do not match its inputs schema", result.message());
        assertEquals("/name", result.details().get(0).target());
    }

    @Test
    void aMissingRequiredConnectionParameterIsRefusedBeforeTheProvider() {
        InvokeResult result = harness.invoke("greet", Map.of(), "{\"name\":\"Ada\"}")
                .assertFailure(400, "MissingConnectionParameter");
        assertEquals("salutation", result.details().get(0).target());
    }

    @Test
    void failuresAreMappedAsTheHostMapsThem() {
        InvokeResult own = harness.invoke("fail", connection, "{}").assertFailure(409, "Busy");
        assertEquals("try later", own.message());
        InvokeResult crash = harness.invoke("crash", connection, "{}").assertFailure(502, "ConnectorError");
        assertEquals("IllegalStateException: boom", crash.message());
        harness.invoke("nope", connection, "{}").assertFailure(404, "OperationNotFound");
    }

    @Test
    void aHangingOperationTimesOutWith504() {
        Greeter hanging = new Greeter() {
            @Override
            public CompletionStage<ServiceOperationResponse> invokeOperation(
                    String operationId, ConnectionParameters c, ServiceOperationRequest request) {
                return new CompletableFuture<>();
            }
        };
        ConnectorHarness.of(hanging)
                .withTimeout(Duration.ofMillis(50))
                .invoke("fail", connection, "{}")
                .assertFailure(504, "Timeout");
    }

    @Test
    void aTriggerCannotBeInvoked() {
        Greeter withTrigger = new Greeter() {
            @Override
            List<ServiceOperation> operations() {
                return List.of(ServiceOperation.builder(SERVICE, "onGreeting")
                        .trigger("Single")
                        .build());
            }
        };
        // the kit refuses the manifest itself: no ServiceOperationsTriggerProvider
        assertThrows(AssertionError.class, () -> ConnectorHarness.of(withTrigger));
    }
}
