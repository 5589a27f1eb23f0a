package dev.switchboard.host.api;

import java.util.List;

import org.osgi.framework.Version;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;

/**
 * One registered version of a connector.
 *
 * @param id         the connector id ({@code getService().name()}); for a provider that failed before telling its
 *                   name, a placeholder derived from the bundle
 * @param version    the providing bundle's {@code Bundle-Version}
 * @param state      see {@link ConnectorState}
 * @param reason     why the state is FAILED or CONFLICT, for a person to act on; {@code null} otherwise
 * @param service    the connector's metadata, {@code null} when it could not be read
 * @param operations the operations with their manifests; empty unless ACTIVE
 * @param bundle     the providing bundle
 */
public record ConnectorEntry(
        String id,
        String version,
        ConnectorState state,
        String reason,
        ServiceOperationApi service,
        List<ServiceOperation> operations,
        BundleInfo bundle) {

    public ConnectorEntry {
        operations = List.copyOf(operations);
    }

    /** The version as an OSGi version, for comparisons and ranges. */
    public Version osgiVersion() {
        return Version.parseVersion(version);
    }

    /** The operation named {@code operationId}, or {@code null}. */
    public ServiceOperation operation(String operationId) {
        for (ServiceOperation op : operations) {
            if (op.name().equals(operationId)) {
                return op;
            }
        }
        return null;
    }
}
