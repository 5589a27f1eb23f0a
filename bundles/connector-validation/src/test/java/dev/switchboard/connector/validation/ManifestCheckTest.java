package dev.switchboard.connector.validation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.api.ServiceOperationsTriggerProvider;

public class ManifestCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManifestCheck check = new ManifestCheck();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static class Provider implements ServiceOperationsProvider {
        final ServiceOperationApi service;
        final List<ServiceOperation> operations;

        Provider(ServiceOperationApi service, List<ServiceOperation> operations) {
            this.service = service;
            this.operations = operations;
        }

        @Override
        public ServiceOperationApi getService() {
            return service;
        }

        @Override
        public List<ServiceOperation> getOperations(boolean expandManifest) {
            return operations;
        }

        @Override
        public CompletionStage<ServiceOperationResponse> invokeOperation(
                String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
            return CompletableFuture.completedFuture(ServiceOperationResponse.ok(null));
        }
    }

    private static final class TriggerProvider extends Provider implements ServiceOperationsTriggerProvider {
        final String type;

        TriggerProvider(ServiceOperationApi service, List<ServiceOperation> operations, String type) {
            super(service, operations);
            this.type = type;
        }

        @Override
        public String getFunctionTriggerType() {
            return type;
        }
    }

    private static final ServiceOperationApi API = ServiceOperationApi.builder("demo")
            .connectionParameter("url", ConnectionParameter.string("URL").required())
            .build();

    private static ServiceOperation op(String name, String inputs) {
        return ServiceOperation.builder(API, name)
                .inputs(inputs == null ? null : json(inputs))
                .build();
    }

    @Test
    public void aGoodManifestPassesWithItsInputSchemasCompiled() {
        ManifestCheckResult result =
                check.check(new Provider(API, List.of(op("a", "{'type':'object'}"), op("b", null))));
        assertFalse(result.failure(), result.isFailed());
        assertEquals("demo", result.id());
        assertEquals(1, result.inputSchemas().size());
        assertTrue(result.warnings().isEmpty());
    }

    @Test
    public void duplicateOperationIdsAreRefused() {
        ManifestCheckResult result = check.check(new Provider(API, List.of(op("a", null), op("a", null))));
        assertEquals("duplicate operation id 'a'", result.failure());
    }

    @Test
    public void anInvalidInputsSchemaIsRefusedNamingTheOperationAndLocation() {
        ManifestCheckResult result =
                check.check(new Provider(API, List.of(op("a", "{'properties':{'x':{'type':'strin'}}}"))));
        assertTrue(
                result.failure(),
                result.failure().startsWith("operation 'a': inputs schema is invalid: " + "/properties/x/type"));
    }

    @Test
    public void anInvalidConnectorNameIsRefusedWithoutAnId() {
        ManifestCheckResult result = check.check(
                new Provider(ServiceOperationApi.builder("my connector").build(), List.of()));
        assertNull(result.id());
        assertEquals(
                "connector name 'my connector' is invalid: use letters, digits, '.', '_' and '-' only",
                result.failure());
    }

    @Test
    public void aThrowingProviderIsReportedWithTheCall() {
        ManifestCheckResult result = check.check(new Provider(API, null) {
            @Override
            public List<ServiceOperation> getOperations(boolean expandManifest) {
                throw new IllegalStateException("boom");
            }
        });
        assertEquals("getOperations(true) threw IllegalStateException: boom", result.failure());
    }

    @Test
    public void anUnknownConnectionParameterTypeIsAWarning() {
        ServiceOperationApi api = ServiceOperationApi.builder("demo")
                .connectionParameter("flag", new ConnectionParameter("boolean", null, null))
                .build();
        ManifestCheckResult result = check.check(new Provider(api, List.of()));
        assertFalse(result.isFailed());
        assertEquals(
                List.of("connection parameter 'flag': type 'boolean' is unknown: use string, securestring, "
                        + "bool or int (the host passes values of an unknown type on unchecked)"),
                result.warnings());
    }

    @Test
    public void aTriggerWithoutTriggerProviderIsAWarning() {
        ServiceOperation trigger = ServiceOperation.builder(API, "onRow")
                .trigger(ServiceOperation.TRIGGER_BATCH)
                .build();
        ManifestCheckResult result = check.check(new Provider(API, List.of(trigger)));
        assertEquals(1, result.warnings().size());
        assertTrue(
                result.warnings().get(0),
                result.warnings()
                        .get(0)
                        .startsWith("operation 'onRow' is a trigger, "
                                + "but the provider does not implement ServiceOperationsTriggerProvider"));
        assertTrue(check.check(new TriggerProvider(API, List.of(trigger), "rows"))
                .warnings()
                .isEmpty());
        assertTrue(check.check(new TriggerProvider(API, List.of(trigger), " "))
                .warnings()
                .get(0)
                .startsWith("getFunctionTriggerType() is missing or blank"));
    }

    @Test
    public void anUnknownTriggerKindIsAWarning() {
        ServiceOperation trigger =
                ServiceOperation.builder(API, "onRow").trigger("Many").build();
        List<String> warnings = new ArrayList<>(
                check.check(new TriggerProvider(API, List.of(trigger), "rows")).warnings());
        assertEquals(List.of("operation 'onRow': trigger 'Many' is unknown: use 'Single' or 'Batch'"), warnings);
    }

    @Test
    public void bundleHeadersWithoutServiceComponentAreNamed() {
        assertEquals(
                ConnectorBundleCheck.NO_COMPONENT,
                ConnectorBundleCheck.problem(java.util.Map.of(
                        "Bundle-SymbolicName", "com.acme.weather",
                        "Import-Package",
                                "com.fasterxml.jackson.databind,dev.switchboard.connector.api;version=\"[1.3,2)\"")));
        assertNull(ConnectorBundleCheck.problem(java.util.Map.of(
                "Bundle-SymbolicName",
                "x",
                "Import-Package",
                "dev.switchboard.connector.api",
                "Service-Component",
                "OSGI-INF/x.xml")));
        assertTrue(ConnectorBundleCheck.problem(java.util.Map.of()).startsWith("not an OSGi bundle"));
    }
}
