package dev.switchboard.connector.file.internal;

import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ConnectorManifest;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.connector.api.TriggerContext;
import dev.switchboard.connector.support.ManifestTriggerConnector;
import dev.switchboard.connector.support.PollScheduler;

/**
 * Connector {@code file}: {@code listFiles}, {@code readFile}, {@code writeFile}, {@code deleteFile} under the
 * connection's {@code rootFolder}, and the trigger {@code whenFileCreated}, run by this same component as the
 * {@code fileTrigger} binding (as the sql connector runs {@code sqlRowTrigger}) on the host's shared
 * {@link PollScheduler}. Deactivation stops every poller.
 */
@Component(
        service = {ServiceOperationsProvider.class, TriggerBinding.class},
        configurationPid = FileConnector.PID)
@Designate(ocd = FileConnectorConfiguration.class)
public final class FileConnector extends ManifestTriggerConnector {

    public static final String PID = "dev.switchboard.connector.file";

    private static final Logger LOG = LoggerFactory.getLogger(FileConnector.class);

    private final FileActions actions;
    private final FileCreatedTrigger trigger;

    @Activate
    public FileConnector(FileConnectorConfiguration config, @Reference PollScheduler scheduler) {
        this(Limits.of(config), scheduler);
    }

    FileConnector(Limits limits, PollScheduler scheduler) {
        super(manifest(), FileCreatedTrigger.TYPE, FileCreatedTrigger.OPERATION);
        this.actions = new FileActions(limits);
        this.trigger = new FileCreatedTrigger(limits.triggerBatchSize(), scheduler, limits.triggerBackoffMaxMs());
        LOG.debug(
                "file connector ready: reads up to {} bytes, writes up to {} bytes",
                limits.maxReadBytes(),
                limits.maxWriteBytes());
    }

    /** The service and operations, from {@code manifest.json} beside this class. */
    static ConnectorManifest manifest() {
        return ConnectorManifest.read(FileConnector.class, "manifest.json");
    }

    @Deactivate
    void deactivate() {
        trigger.closeAll();
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
    protected CompletionStage<ServiceOperationResponse> invoke(
            String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        return completed(invoke(operationId, connectionParameters, request.parameters()));
    }

    JsonNode invoke(String operationId, ConnectionParameters connection, JsonNode inputs) {
        JsonNode in = inputs == null ? NullNode.getInstance() : inputs;
        return switch (operationId) {
            case "listFiles" -> actions.listFiles(FileRoot.of(connection), in);
            case "readFile" -> actions.readFile(FileRoot.of(connection), in);
            case "writeFile" -> actions.writeFile(FileRoot.of(connection), in);
            case "deleteFile" -> actions.deleteFile(FileRoot.of(connection), in);
            case FileCreatedTrigger.OPERATION ->
                throw new ServiceOperationException(
                        400,
                        "TriggerNotInvocable",
                        "whenFileCreated is a trigger: subscribe to it (POST /api/subscriptions).");
            default -> throw operationNotFound(operationId);
        };
    }

    /** For tests. */
    FileCreatedTrigger trigger() {
        return trigger;
    }
}
