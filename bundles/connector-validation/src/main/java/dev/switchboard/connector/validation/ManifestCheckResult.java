package dev.switchboard.connector.validation;

import java.util.List;
import java.util.Map;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;

/**
 * What checking one provider's manifest found: a usable connector, or the reason it is not.
 *
 * @param id           the connector id; {@code null} when the provider did not tell a valid name
 * @param service      the metadata, {@code null} when it could not be read
 * @param operations   the operations with their manifests; empty when failed
 * @param inputSchemas the compiled inputs schema per operation name (operations without one are absent)
 * @param failure      why the provider cannot be used, worded as the host reports it; {@code null} when it can
 * @param warnings     mistakes the host tolerates (it loads the connector and logs each one as a warning) but that
 *                     break something later: an unknown connection parameter type (its values reach the connector
 *                     unchecked), a trigger the host cannot run (its subscriptions fail); the test kit refuses them
 */
public record ManifestCheckResult(
        String id,
        ServiceOperationApi service,
        List<ServiceOperation> operations,
        Map<String, CompiledSchema> inputSchemas,
        String failure,
        List<String> warnings) {

    public ManifestCheckResult {
        operations = List.copyOf(operations);
        inputSchemas = Map.copyOf(inputSchemas);
        warnings = List.copyOf(warnings);
    }

    static ManifestCheckResult passed(
            ServiceOperationApi service,
            List<ServiceOperation> operations,
            Map<String, CompiledSchema> inputSchemas,
            List<String> warnings) {
        return new ManifestCheckResult(service.name(), service, operations, inputSchemas, null, warnings);
    }

    static ManifestCheckResult failed(String id, ServiceOperationApi service, String failure) {
        return new ManifestCheckResult(id, service, List.of(), Map.of(), failure, List.of());
    }

    /** {@code true} when the provider cannot be used: {@link #failure()} says why. */
    public boolean isFailed() {
        return failure != null;
    }
}
