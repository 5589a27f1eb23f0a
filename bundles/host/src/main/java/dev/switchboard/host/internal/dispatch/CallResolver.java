package dev.switchboard.host.internal.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.osgi.framework.Version;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.validation.CompiledSchema;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.internal.catalog.ProviderRegistration;
import dev.switchboard.host.internal.catalog.RegistryView;
import dev.switchboard.host.internal.catalog.ReturningConnector;

/**
 * Where a call goes in one view of the catalog, and whether it may go there: the connector version (the highest
 * ACTIVE one that matches the call's version spec, or the one its traffic split chose), the operation, its inputs
 * and the required connection parameters. Pure: it reads the view and the invocation and changes nothing, so that the
 * dispatcher keeps only the running of calls.
 */
final class CallResolver {

    private CallResolver() {}

    /**
     * The target of the call in {@code view}; {@code null} when the call should wait for the catalog to change (the
     * connector is being updated: {@code waiting} is then told why).
     *
     * @param preferred the version a traffic split chose for a call without a version spec, or {@code null}: taken
     *                  when it is ACTIVE, else the call goes where it would without a split
     * @throws InvocationException 404 for an unknown connector, version or operation, 400 for a malformed version
     *                             spec or a trigger, 503 for a version that is not ACTIVE
     */
    static CallTarget resolve(RegistryView view, Invocation invocation, Version preferred, Consumer<String> waiting) {
        String id = invocation.connectorId();
        String spec = invocation.version();
        // from the view's index, not snapshot.versionsOf: that scans the whole catalog, on every call
        List<ConnectorEntry> versions = view.versionsOf(id);
        List<ReturningConnector> returning = view.returning(id);
        if (versions.isEmpty() && returning.isEmpty()) {
            throw InvocationFailures.failure(
                    404, "ConnectorNotFound", "Connector '" + id + "' is not registered", List.of());
        }
        try {
            CatalogSnapshot.matches(spec, Version.emptyVersion);
        } catch (IllegalArgumentException e) {
            throw InvocationFailures.failure(
                    400,
                    "InvalidVersion",
                    "'" + spec + "' is neither a version (1.2.0) " + "nor a version range ([1.0,2.0)): "
                            + e.getMessage(),
                    List.of());
        }
        ConnectorEntry active = preferred == null ? null : activeVersion(versions, preferred);
        if (active == null) {
            active = highestActive(versions, spec);
        }
        if (active != null) {
            return target(view, invocation, id, active);
        }
        boolean loading = versions.stream()
                .anyMatch(e -> e.state() == ConnectorState.LOADING && CatalogSnapshot.matches(spec, e.osgiVersion()));
        if (!returning.isEmpty() || loading) {
            // the version that comes back may be any: only the update's end tells whether one matches
            waiting.accept("Connector "
                    + (returning.isEmpty()
                            ? id
                            : returning.stream()
                                    .map(ReturningConnector::describe)
                                    .collect(Collectors.joining(", ")))
                    + " is being updated");
            return null;
        }
        List<ConnectorEntry> matching = versions.stream()
                .filter(e -> CatalogSnapshot.matches(spec, e.osgiVersion()))
                .toList();
        if (matching.isEmpty()) {
            throw InvocationFailures.failure(
                    404,
                    "VersionNotFound",
                    "Connector '" + id + "' has no version matching '" + spec + "'; available versions: "
                            + String.join(", ", distinctVersions(versions)),
                    List.of());
        }
        throw unavailable(matching.get(0));
    }

    /** The target in an ACTIVE version of the connector. */
    static CallTarget target(RegistryView view, Invocation invocation, String id, ConnectorEntry entry) {
        ProviderRegistration registration = view.registration(entry);
        if (registration == null) {
            throw unavailable(entry); // cannot happen with a consistent view; answer as if it had just gone
        }
        ServiceOperation operation = entry.operation(invocation.operationId());
        if (operation == null) {
            throw InvocationFailures.failure(
                    404,
                    "OperationNotFound",
                    "Connector " + id + "@" + entry.version() + " has no operation '" + invocation.operationId() + "'",
                    List.of());
        }
        if (operation.isTrigger()) {
            throw InvocationFailures.failure(
                    400,
                    "NotAnAction",
                    "Operation " + operation.name() + " of connector " + id + "@" + entry.version()
                            + " is a trigger; only actions can be invoked",
                    List.of());
        }
        return new CallTarget(entry, registration, operation);
    }

    /**
     * {@code CatalogSnapshot.select(id, spec, true)} over the versions of one connector, which the catalog keeps
     * highest first: the first ACTIVE one that matches. Without a spec no version is parsed.
     */
    static ConnectorEntry highestActive(List<ConnectorEntry> versions, String spec) {
        boolean any = spec == null || spec.isBlank();
        for (ConnectorEntry entry : versions) {
            if (entry.state() == ConnectorState.ACTIVE && (any || CatalogSnapshot.matches(spec, entry.osgiVersion()))) {
                return entry;
            }
        }
        return null;
    }

    /** The ACTIVE entry of exactly {@code version}, or {@code null}. */
    static ConnectorEntry activeVersion(List<ConnectorEntry> versions, Version version) {
        for (ConnectorEntry entry : versions) {
            if (entry.state() == ConnectorState.ACTIVE && entry.osgiVersion().equals(version)) {
                return entry;
            }
        }
        return null;
    }

    /** 400 InvalidInput with one detail per problem when the request's parameters break the inputs schema. */
    static void checkInputs(CallTarget target, Invocation invocation) {
        CompiledSchema schema =
                target.registration().inputSchema(target.operation().name());
        if (schema == null) {
            return;
        }
        List<ErrorDetail> problems = schema.validate(invocation.request().parameters()).stream()
                .map(v -> new ErrorDetail(v.target(), v.message()))
                .toList();
        if (!problems.isEmpty()) {
            throw InvocationFailures.failure(
                    400,
                    "InvalidInput",
                    "The inputs of " + target.label() + " do not match its inputs schema",
                    problems);
        }
    }

    /** 400 MissingConnectionParameter naming (never showing) each required parameter the call lacks. */
    static void checkConnection(CallTarget target, ConnectionParameters connection) {
        if (target.entry().service() == null) {
            return;
        }
        Map<String, ConnectionParameter> parameters =
                target.entry().service().properties().connectionParameters();
        if (parameters.isEmpty()) {
            return;
        }
        List<ErrorDetail> missing = new ArrayList<>();
        for (Map.Entry<String, ConnectionParameter> declared : parameters.entrySet()) {
            if (declared.getValue() == null || !declared.getValue().required()) {
                continue;
            }
            String value = connection.getString(declared.getKey());
            if (value == null || value.isBlank()) {
                missing.add(new ErrorDetail(
                        declared.getKey(),
                        "The connection parameter '" + declared.getKey() + "' is required but was not provided."));
            }
        }
        if (!missing.isEmpty()) {
            throw InvocationFailures.failure(
                    400,
                    "MissingConnectionParameter",
                    "Connector "
                            + target.entry().id() + "@" + target.entry().version()
                            + " needs the connection parameter(s) "
                            + String.join(
                                    ", ",
                                    missing.stream().map(ErrorDetail::target).toList()),
                    missing);
        }
    }

    private static List<String> distinctVersions(List<ConnectorEntry> versions) {
        return versions.stream().map(ConnectorEntry::version).distinct().toList();
    }

    private static InvocationException unavailable(ConnectorEntry entry) {
        String label = "Connector " + entry.id() + "@" + entry.version() + " is " + entry.state();
        String message = entry.state() == ConnectorState.LOADING
                ? label + ": its operations are still being read; try again shortly"
                : label + (entry.reason() != null ? ": " + entry.reason() : "");
        return InvocationFailures.failure(503, "ConnectorUnavailable", message, List.of());
    }
}
