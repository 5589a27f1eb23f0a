package dev.switchboard.connector.support;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ConnectorManifest;
import dev.switchboard.connector.api.ServiceOperationsTriggerProvider;
import dev.switchboard.connector.api.TriggerBinding;

/**
 * A {@link ManifestConnector} that also runs the binding of its one trigger operation: it is the
 * {@link ServiceOperationsTriggerProvider} (the binding type, the connection information) and the
 * {@link TriggerBinding} of that type. The connection information is the connection parameters as JSON
 * ({@link TriggerConnection}). Subclasses write {@link TriggerBinding#start} (usually on the {@link PollScheduler},
 * through {@link Pollers}), and {@link TriggerBinding#startPosition} when the source has one.
 * <p>
 * Register the subclass as both services:
 * {@code @Component(service = {ServiceOperationsProvider.class, TriggerBinding.class})}.
 */
public abstract class ManifestTriggerConnector extends ManifestConnector
        implements ServiceOperationsTriggerProvider, TriggerBinding {

    private final String triggerType;
    private final String triggerOperation;

    /**
     * A connector described by {@code manifest} whose operation {@code triggerOperation} is run by this binding.
     *
     * @param manifest the service and its operations
     * @param triggerType the binding type ({@code fileTrigger}, say)
     * @param triggerOperation the trigger operation's name ({@code whenFileCreated}, say)
     */
    protected ManifestTriggerConnector(ConnectorManifest manifest, String triggerType, String triggerOperation) {
        super(manifest);
        this.triggerType = triggerType;
        this.triggerOperation = triggerOperation;
    }

    /** The connection parameters as JSON, for the trigger operation; {@code null} for the others. */
    @Override
    public final String getBindingConnectionInformation(String operationId, ConnectionParameters connectionParameters) {
        return triggerOperation.equals(operationId) ? TriggerConnection.information(connectionParameters) : null;
    }

    @Override
    public final String getFunctionTriggerType() {
        return triggerType;
    }

    /** The binding type this component runs, the same as {@link #getFunctionTriggerType()}. */
    @Override
    public final String type() {
        return triggerType;
    }

    /** The trigger operation's name. */
    protected final String triggerOperation() {
        return triggerOperation;
    }
}
