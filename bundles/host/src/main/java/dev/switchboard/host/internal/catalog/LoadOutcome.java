package dev.switchboard.host.internal.catalog;

import java.util.List;
import java.util.Map;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.validation.CompiledSchema;

/**
 * What reading one provider's manifest produced: either a usable connector or the reason it is not.
 *
 * @param id           the connector id, or a placeholder when the provider never told a valid name
 * @param service      the metadata, {@code null} when it could not be read
 * @param operations   the operations with manifests; empty when failed
 * @param inputSchemas compiled inputs schema per operation name (operations without one are absent)
 * @param failure      why the provider cannot be used; {@code null} when it can
 */
record LoadOutcome(
        String id,
        ServiceOperationApi service,
        List<ServiceOperation> operations,
        Map<String, CompiledSchema> inputSchemas,
        String failure) {

    LoadOutcome {
        operations = List.copyOf(operations);
        inputSchemas = Map.copyOf(inputSchemas);
    }

    static LoadOutcome loaded(
            ServiceOperationApi service, List<ServiceOperation> operations, Map<String, CompiledSchema> inputSchemas) {
        return new LoadOutcome(service.name(), service, operations, inputSchemas, null);
    }

    static LoadOutcome failed(String id, ServiceOperationApi service, String failure) {
        return new LoadOutcome(id, service, List.of(), Map.of(), failure);
    }

    boolean isFailed() {
        return failure != null;
    }
}
