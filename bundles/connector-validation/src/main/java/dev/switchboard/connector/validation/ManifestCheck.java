package dev.switchboard.connector.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.OperationManifest;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.api.ServiceOperationsTriggerProvider;

/**
 * Reads and checks one provider's manifest: calls {@code getService()} and {@code getOperations(true)} once and turns
 * every way they can be unusable into a {@link ManifestCheckResult#failure() failure} with a reason a connector author
 * can act on: the connector name, every operation's name, uniqueness and JSON Schemas. Mistakes the host tolerates
 * but that break something later are {@link ManifestCheckResult#warnings() warnings}: connection parameter
 * declarations (name, known type), trigger kinds, and, when there are triggers, the
 * {@link ServiceOperationsTriggerProvider} side. The host's catalog runs this for every registered provider, shows the
 * failure as the connector's {@code reason} and logs the warnings; the connector test kit runs it before deploy and
 * refuses both. Thread-safe.
 */
public final class ManifestCheck {

    /** What a connector id (its {@code getService().name()}) may consist of. */
    public static final Pattern CONNECTOR_ID = Pattern.compile("[A-Za-z0-9._-]+");

    /** The connection parameter types the host knows, as {@link ConnectionParameter} names them. */
    public static final Set<String> PARAMETER_TYPES = Set.of(
            ConnectionParameter.STRING,
            ConnectionParameter.SECURE_STRING,
            ConnectionParameter.BOOL,
            ConnectionParameter.INT);

    /** Told how far a check got: a caller that bounds it in time can then say which provider call hung. */
    public interface Progress {

        /** The provider call (or check) about to run, for example {@code "getService()"}. */
        void step(String current);

        /** The provider told a valid name. */
        void identified(String connectorId, ServiceOperationApi service);

        /** Ignores progress. */
        Progress NONE = new Progress() {
            @Override
            public void step(String current) {}

            @Override
            public void identified(String connectorId, ServiceOperationApi service) {}
        };
    }

    private final JsonSchemas schemas;

    /** A check with a schema compiler of its own. */
    public ManifestCheck() {
        this(new JsonSchemas());
    }

    /** @param schemas compiles the operations' schemas (shared, it is thread-safe) */
    public ManifestCheck(JsonSchemas schemas) {
        this.schemas = schemas;
    }

    /** Checks {@code provider}. */
    public ManifestCheckResult check(ServiceOperationsProvider provider) {
        return check(provider, Progress.NONE);
    }

    /**
     * Checks {@code provider}, telling {@code progress} each call before it is made.
     *
     * @return the operations and compiled inputs schemas, or the first problem found
     */
    public ManifestCheckResult check(ServiceOperationsProvider provider, Progress progress) {
        ServiceOperationApi service;
        try {
            progress.step("getService()");
            service = provider.getService();
        } catch (RuntimeException | LinkageError e) {
            return ManifestCheckResult.failed(null, null, "getService() threw " + describe(e));
        }
        if (service == null) {
            return ManifestCheckResult.failed(null, null, "getService() returned null");
        }
        String name = service.name();
        if (name == null || name.isBlank()) {
            return ManifestCheckResult.failed(
                    null,
                    service,
                    "getService().name() is missing or blank: every " + "connector needs a name, which is its id");
        }
        if (!CONNECTOR_ID.matcher(name).matches()) {
            return ManifestCheckResult.failed(
                    null,
                    service,
                    "connector name '" + name + "' is invalid: use " + "letters, digits, '.', '_' and '-' only");
        }
        progress.identified(name, service);
        List<ServiceOperation> operations;
        try {
            progress.step("getOperations(true)");
            operations = provider.getOperations(true);
        } catch (RuntimeException | LinkageError e) {
            return ManifestCheckResult.failed(name, service, "getOperations(true) threw " + describe(e));
        }
        if (operations == null) {
            return ManifestCheckResult.failed(name, service, "getOperations(true) returned null");
        }
        progress.step("checking the operation manifests");
        return checkOperations(provider, service, operations, progress);
    }

    private static void connectionParameterProblems(ServiceOperationApi service, List<String> warnings) {
        if (service.properties() == null || service.properties().connectionParameters() == null) {
            return;
        }
        for (Map.Entry<String, ConnectionParameter> entry :
                service.properties().connectionParameters().entrySet()) {
            String parameter = entry.getKey();
            if (parameter == null || parameter.isBlank()) {
                warnings.add("a connection parameter has no name");
                continue;
            }
            ConnectionParameter declaration = entry.getValue();
            if (declaration == null) {
                warnings.add("connection parameter '" + parameter + "' has no declaration (null)");
                continue;
            }
            String type = declaration.type();
            if (!PARAMETER_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
                warnings.add("connection parameter '" + parameter + "': type '" + type + "' is unknown: use "
                        + ConnectionParameter.STRING + ", " + ConnectionParameter.SECURE_STRING + ", "
                        + ConnectionParameter.BOOL + " or " + ConnectionParameter.INT
                        + " (the host passes values of an unknown type on unchecked)");
            }
        }
    }

    private ManifestCheckResult checkOperations(
            ServiceOperationsProvider provider,
            ServiceOperationApi service,
            List<ServiceOperation> operations,
            Progress progress) {
        String name = service.name();
        Set<String> seen = new HashSet<>();
        Map<String, CompiledSchema> inputs = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        connectionParameterProblems(service, warnings);
        String firstTrigger = null;
        for (int i = 0; i < operations.size(); i++) {
            ServiceOperation op = operations.get(i);
            if (op == null) {
                return ManifestCheckResult.failed(
                        name, service, "getOperations(true) returned a null operation at index " + i);
            }
            if (op.name() == null || op.name().isBlank()) {
                return ManifestCheckResult.failed(name, service, "the operation at index " + i + " has no name");
            }
            if (!seen.add(op.name())) {
                return ManifestCheckResult.failed(name, service, "duplicate operation id '" + op.name() + "'");
            }
            if (op.isTrigger()) {
                String kind = op.properties().trigger();
                if (!ServiceOperation.TRIGGER_SINGLE.equals(kind) && !ServiceOperation.TRIGGER_BATCH.equals(kind)) {
                    warnings.add("operation '" + op.name() + "': trigger '" + kind + "' is unknown: use '"
                            + ServiceOperation.TRIGGER_SINGLE + "' or '" + ServiceOperation.TRIGGER_BATCH + "'");
                }
                if (firstTrigger == null) {
                    firstTrigger = op.name();
                }
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
                return ManifestCheckResult.failed(
                        name, service, "operation '" + op.name() + "': inputs schema is invalid: " + e.getMessage());
            }
            JsonNode outputsSchema = manifest.outputs();
            try {
                if (outputsSchema != null) {
                    schemas.compile(outputsSchema);
                }
            } catch (SchemaDefinitionException e) {
                return ManifestCheckResult.failed(
                        name, service, "operation '" + op.name() + "': outputs schema is invalid: " + e.getMessage());
            }
        }
        if (firstTrigger != null) {
            progress.step("getFunctionTriggerType()");
            String problem = triggerProviderProblem(provider, firstTrigger);
            if (problem != null) {
                warnings.add(problem);
            }
        }
        return ManifestCheckResult.passed(service, operations, inputs, warnings);
    }

    private static String triggerProviderProblem(ServiceOperationsProvider provider, String trigger) {
        if (!(provider instanceof ServiceOperationsTriggerProvider triggers)) {
            return "operation '" + trigger + "' is a trigger, but the provider does not implement "
                    + "ServiceOperationsTriggerProvider (which names the TriggerBinding type that runs it): its "
                    + "subscriptions fail";
        }
        String type;
        JsonNode definition;
        try {
            type = triggers.getFunctionTriggerType();
        } catch (RuntimeException | LinkageError e) {
            return "getFunctionTriggerType() threw " + describe(e);
        }
        if (type == null || type.isBlank()) {
            return "getFunctionTriggerType() is missing or blank: name the TriggerBinding type that runs operation '"
                    + trigger + "'";
        }
        try {
            definition = triggers.getFunctionTriggerDefinition();
        } catch (RuntimeException | LinkageError e) {
            return "getFunctionTriggerDefinition() threw " + describe(e);
        }
        if (definition != null && !definition.isObject()) {
            return "getFunctionTriggerDefinition() must return a JSON object, not " + definition.getNodeType();
        }
        return null;
    }

    /** A throwable in a reason: its simple class name and message. */
    public static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
