package ${package}.internal;

import java.time.Clock;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ConnectorManifest;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.connector.api.TriggerContext;
import dev.switchboard.connector.support.ManifestTriggerConnector;
import dev.switchboard.connector.support.PollScheduler;

/**
 * Connector {@code ${connectorId}}: the action {@code hello} and the trigger {@code whenTicked}, described by
 * {@code manifest.json} beside this class. The same component is the trigger binding that runs its trigger, on the
 * host's shared {@link PollScheduler}. Without {@code @Component} the host would find no connector in the bundle
 * (NO_CONNECTOR): the test kit catches that.
 */
@Component(service = {ServiceOperationsProvider.class, TriggerBinding.class})
public final class ConnectorProvider extends ManifestTriggerConnector {

    private final HelloAction hello = new HelloAction();
    private final PollingTrigger trigger;

    @Activate
    public ConnectorProvider(@Reference PollScheduler scheduler) {
        this(scheduler, Clock.systemUTC());
    }

    ConnectorProvider(PollScheduler scheduler, Clock clock) {
        super(ConnectorManifest.read(ConnectorProvider.class, "manifest.json"), PollingTrigger.TYPE, "whenTicked");
        this.trigger = new PollingTrigger(scheduler, clock);
    }

    @Deactivate
    void deactivate() {
        trigger.closeAll();
    }

    @Override
    protected CompletionStage<ServiceOperationResponse> invoke(String operationId,
            ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        // the host has checked the inputs against the schema and the required connection parameters already
        if (HelloAction.OPERATION.equals(operationId)) {
            return completed(hello.invoke(connectionParameters, request.parameters()));
        }
        throw operationNotFound(operationId);
    }

    // the trigger: the host asks the provider which binding type runs it, then calls that binding (this component)

    @Override
    public String startPosition(TriggerContext context) {
        return trigger.startPosition();
    }

    @Override
    public AutoCloseable start(TriggerContext context) {
        return trigger.start(context);
    }
}
