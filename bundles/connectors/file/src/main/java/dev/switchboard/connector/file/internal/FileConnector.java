package dev.switchboard.connector.file.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ConnectorManifest;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.api.ServiceOperationsTriggerProvider;
import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.connector.api.TriggerContext;

/**
 * Connector {@code file}: {@code listFiles}, {@code readFile}, {@code writeFile}, {@code deleteFile} under the
 * connection's {@code rootFolder}, and the trigger {@code whenFileCreated}, run by this same component as the
 * {@code fileTrigger} binding (as the sql connector runs {@code sqlRowTrigger}) on its own few threads
 * ({@code trigger.threads}). Deactivation stops every poller and those threads.
 */
@Component(service = {ServiceOperationsProvider.class, TriggerBinding.class}, configurationPid = FileConnector.PID)
@Designate(ocd = FileConnectorConfiguration.class)
public final class FileConnector implements ServiceOperationsProvider, ServiceOperationsTriggerProvider, TriggerBinding {

    public static final String PID = "dev.switchboard.connector.file";

    private static final Logger LOG = LoggerFactory.getLogger(FileConnector.class);

    private final ConnectorManifest manifest = manifest();

    /** The service and operations, from {@code manifest.json} beside this class. */
    static ConnectorManifest manifest() {
        return ConnectorManifest.read(FileConnector.class, "manifest.json");
    }
    private final FileActions actions;
    private final PollScheduler pollScheduler;
    private final FileCreatedTrigger trigger;

    @Activate
    public FileConnector(FileConnectorConfiguration config) {
        this(Limits.of(config));
    }

    FileConnector(Limits limits) {
        this.actions = new FileActions(limits);
        this.pollScheduler = new PollScheduler("switchboard-fileTrigger", limits.triggerThreads());
        this.trigger = new FileCreatedTrigger(limits.triggerBatchSize(), pollScheduler, limits.triggerBackoffMaxMs());
        LOG.debug("file connector ready: reads up to {} bytes, writes up to {} bytes", limits.maxReadBytes(),
                limits.maxWriteBytes());
    }

    @Deactivate
    void deactivate() {
        trigger.closeAll();
        pollScheduler.shutdown();
    }

    @Override
    public ServiceOperationApi getService() {
        return manifest.service();
    }

    @Override
    public List<ServiceOperation> getOperations(boolean expandManifest) {
        return manifest.operations(expandManifest);
    }

    @Override
    public String getBindingConnectionInformation(String operationId, ConnectionParameters connectionParameters) {
        return FileCreatedTrigger.OPERATION.equals(operationId)
                ? FileCreatedTrigger.connectionInformation(connectionParameters) : null;
    }

    @Override
    public String getFunctionTriggerType() {
        return FileCreatedTrigger.TYPE;
    }

    /** The binding type this component runs: {@code fileTrigger}. */
    @Override
    public String type() {
        return FileCreatedTrigger.TYPE;
    }

    @Override
    public AutoCloseable start(TriggerContext context) throws Exception {
        return trigger.start(context);
    }

    /** The folder's files now (or nothing, with includeExisting), read now: see {@link FileCreatedTrigger}. */
    @Override
    public String startPosition(TriggerContext context) throws Exception {
        return trigger.startPosition(context);
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invokeOperation(String operationId,
            ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        try {
            return CompletableFuture.completedFuture(ServiceOperationResponse.ok(
                    invoke(operationId, connectionParameters, request.parameters())));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    JsonNode invoke(String operationId, ConnectionParameters connection, JsonNode inputs) {
        JsonNode in = inputs == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : inputs;
        return switch (operationId) {
            case "listFiles" -> actions.listFiles(FileRoot.of(connection), in);
            case "readFile" -> actions.readFile(FileRoot.of(connection), in);
            case "writeFile" -> actions.writeFile(FileRoot.of(connection), in);
            case "deleteFile" -> actions.deleteFile(FileRoot.of(connection), in);
            case FileCreatedTrigger.OPERATION -> throw new ServiceOperationException(400, "TriggerNotInvocable",
                    "whenFileCreated is a trigger: subscribe to it (POST /api/subscriptions).");
            default -> throw new ServiceOperationException(404, "OperationNotFound",
                    "The file connector has no operation '" + operationId + "'.");
        };
    }

    /** For tests. */
    FileCreatedTrigger trigger() {
        return trigger;
    }

    /** For tests. */
    PollScheduler pollScheduler() {
        return pollScheduler;
    }
}
