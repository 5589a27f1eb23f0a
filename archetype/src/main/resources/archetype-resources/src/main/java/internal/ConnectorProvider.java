package ${package}.internal;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

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
 * Connector {@code ${connectorId}}: the action {@code hello} and the trigger {@code whenTicked}, described by
 * {@code manifest.json} beside this class. The same component is the trigger binding that runs its trigger.
 * Without {@code @Component} the host would find no connector in the bundle (NO_CONNECTOR): the test kit catches that.
 */
@Component(service = {ServiceOperationsProvider.class, TriggerBinding.class})
public final class ConnectorProvider implements ServiceOperationsProvider, ServiceOperationsTriggerProvider,
        TriggerBinding {

    private final ConnectorManifest manifest = ConnectorManifest.read(ConnectorProvider.class, "manifest.json");
    private final HelloAction hello = new HelloAction();
    private final PollingTrigger trigger;

    @Activate
    public ConnectorProvider() {
        this(Clock.systemUTC());
    }

    ConnectorProvider(Clock clock) {
        this.trigger = new PollingTrigger(clock);
    }

    @Deactivate
    void deactivate() {
        trigger.shutdown();
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
    public CompletionStage<ServiceOperationResponse> invokeOperation(String operationId,
            ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        // the host has checked the inputs against the schema and the required connection parameters already
        if (HelloAction.OPERATION.equals(operationId)) {
            return CompletableFuture.completedFuture(ServiceOperationResponse.ok(
                    hello.invoke(connectionParameters, request.parameters())));
        }
        return CompletableFuture.failedFuture(
                new ServiceOperationException(404, "OperationNotFound", "no action " + operationId));
    }

    // the trigger: the host asks the provider which binding type runs it, then calls that binding (this component)

    @Override
    public String getFunctionTriggerType() {
        return PollingTrigger.TYPE;
    }

    @Override
    public String type() {
        return PollingTrigger.TYPE;
    }

    @Override
    public String startPosition(TriggerContext context) {
        return trigger.startPosition();
    }

    @Override
    public AutoCloseable start(TriggerContext context) {
        return trigger.start(context);
    }
}
