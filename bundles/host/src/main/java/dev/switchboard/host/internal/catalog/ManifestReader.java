package dev.switchboard.host.internal.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.validation.JsonSchemas;
import dev.switchboard.connector.validation.ManifestCheck;
import dev.switchboard.connector.validation.ManifestCheckResult;
import dev.switchboard.host.api.BundleInfo;

/**
 * Reads and checks one provider's manifest with the shared {@link ManifestCheck} (the connector test kit runs the
 * same one before deploy) and turns the result into a {@link LoadOutcome}: a provider that never told a valid name is
 * shown under a placeholder id; what the check warns about is logged (the connector is loaded, as before). Runs on a catalog loader thread, never on the thread that registered the service.
 */
final class ManifestReader {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestReader.class);

    private final ManifestCheck check;

    ManifestReader(JsonSchemas schemas) {
        this.check = new ManifestCheck(schemas);
    }

    /**
     * The id shown for a provider that did not (yet) tell a valid name. It contains a ':' so it can never collide
     * with a real connector id, which {@link ManifestCheck#CONNECTOR_ID} restricts.
     */
    static String placeholderId(BundleInfo bundle) {
        String symbolicName = bundle.symbolicName();
        return "bundle:" + (symbolicName != null ? symbolicName : Long.toString(bundle.id()));
    }

    /**
     * @param progress receives the provider call in progress and the name once known, so that a timeout can say
     *                 which call hung
     */
    LoadOutcome read(ServiceOperationsProvider provider, BundleInfo bundle, LoadProgress progress) {
        ManifestCheckResult result = check.check(provider, new ManifestCheck.Progress() {
            @Override
            public void step(String current) {
                progress.step(current);
            }

            @Override
            public void identified(String connectorId, ServiceOperationApi service) {
                progress.identified(connectorId, service);
            }
        });
        if (result.isFailed()) {
            return LoadOutcome.failed(
                    result.id() != null ? result.id() : placeholderId(bundle), result.service(), result.failure());
        }
        for (String warning : result.warnings()) {
            LOG.warn("Connector {} ({} {}): {}", result.id(), bundle.symbolicName(), bundle.version(), warning);
        }
        return LoadOutcome.loaded(result.service(), result.operations(), result.inputSchemas());
    }
}
