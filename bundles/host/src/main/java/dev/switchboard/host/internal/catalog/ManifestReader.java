package dev.switchboard.host.internal.catalog;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;

import dev.switchboard.connector.api.OperationManifest;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.internal.schema.SchemaCompiler;
import dev.switchboard.host.internal.schema.SchemaDefinitionException;

/**
 * Reads and checks one provider's manifest: calls {@code getService()} and {@code getOperations(true)} once and turns
 * every way they can be unusable into a {@link LoadOutcome#failed failed outcome} with a reason a connector author
 * can act on. Runs on a catalog loader thread, never on the thread that registered the service.
 */
final class ManifestReader {

    static final Pattern CONNECTOR_ID = Pattern.compile("[A-Za-z0-9._-]+");

    private final SchemaCompiler schemas;

    ManifestReader(SchemaCompiler schemas) {
        this.schemas = schemas;
    }

    /**
     * The id shown for a provider that did not (yet) tell a valid name. It contains a ':' so it can never collide
     * with a real connector id, which {@link #CONNECTOR_ID} restricts.
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
        String placeholder = placeholderId(bundle);
        ServiceOperationApi service;
        try {
            progress.step("getService()");
            service = provider.getService();
        } catch (RuntimeException | LinkageError e) {
            return LoadOutcome.failed(placeholder, null, "getService() threw " + describe(e));
        }
        if (service == null) {
            return LoadOutcome.failed(placeholder, null, "getService() returned null");
        }
        String name = service.name();
        if (name == null || name.isBlank()) {
            return LoadOutcome.failed(placeholder, service, "getService().name() is missing or blank: every "
                    + "connector needs a name, which is its id");
        }
        if (!CONNECTOR_ID.matcher(name).matches()) {
            return LoadOutcome.failed(placeholder, service, "connector name '" + name + "' is invalid: use "
                    + "letters, digits, '.', '_' and '-' only");
        }
        progress.identified(name, service);
        List<ServiceOperation> operations;
        try {
            progress.step("getOperations(true)");
            operations = provider.getOperations(true);
        } catch (RuntimeException | LinkageError e) {
            return LoadOutcome.failed(name, service, "getOperations(true) threw " + describe(e));
        }
        if (operations == null) {
            return LoadOutcome.failed(name, service, "getOperations(true) returned null");
        }
        progress.step("checking the operation manifests");
        return check(service, operations);
    }

    private LoadOutcome check(ServiceOperationApi service, List<ServiceOperation> operations) {
        String name = service.name();
        Set<String> seen = new HashSet<>();
        Map<String, JsonSchema> inputs = new HashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            ServiceOperation op = operations.get(i);
            if (op == null) {
                return LoadOutcome.failed(name, service, "getOperations(true) returned a null operation at index " + i);
            }
            if (op.name() == null || op.name().isBlank()) {
                return LoadOutcome.failed(name, service, "the operation at index " + i + " has no name");
            }
            if (!seen.add(op.name())) {
                return LoadOutcome.failed(name, service, "duplicate operation id '" + op.name() + "'");
            }
            OperationManifest manifest = op.manifest();
            if (manifest == null) {
                continue;
            }
            JsonNode inputsSchema = manifest.inputs();
            try {
                if (inputsSchema != null) {
                    inputs.put(op.name(), schemas.compile(inputsSchema));
                }
            } catch (SchemaDefinitionException e) {
                return LoadOutcome.failed(name, service,
                        "operation '" + op.name() + "': inputs schema is invalid: " + e.getMessage());
            }
            JsonNode outputsSchema = manifest.outputs();
            try {
                if (outputsSchema != null) {
                    schemas.compile(outputsSchema);
                }
            } catch (SchemaDefinitionException e) {
                return LoadOutcome.failed(name, service,
                        "operation '" + op.name() + "': outputs schema is invalid: " + e.getMessage());
            }
        }
        return LoadOutcome.loaded(service, operations, inputs);
    }

    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
