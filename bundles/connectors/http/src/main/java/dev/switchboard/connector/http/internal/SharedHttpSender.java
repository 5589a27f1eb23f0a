package dev.switchboard.connector.http.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.http.client.HttpRequestSender;
import dev.switchboard.connector.http.client.OutboundRequest;

/**
 * The client API's service: the same {@link SendRequestAction} as the {@code http} connector, with the same
 * configuration, so every bundle that sends HTTP requests through Switchboard gets the same checks and limits. A
 * component of its own (not the connector's) so that a bundle using it does not depend on the connector's
 * registration.
 */
@Component(service = HttpRequestSender.class, configurationPid = HttpConnector.PID)
public final class SharedHttpSender implements HttpRequestSender {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger TIMERS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor timer;
    private final SendRequestAction action;

    @Activate
    public SharedHttpSender(HttpConnectorConfiguration config) {
        this(SendRequestAction.Limits.of(config));
    }

    SharedHttpSender(SendRequestAction.Limits limits) {
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "switchboard-http-client-timeout-" + TIMERS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        this.action = new SendRequestAction(limits, timer, MAPPER);
    }

    @Deactivate
    void deactivate() {
        action.close();
        timer.shutdownNow();
    }

    @Override
    public CompletionStage<ServiceOperationResponse> send(OutboundRequest request) {
        try {
            for (Map.Entry<String, String> header : request.credentialHeaders().entrySet()) {
                if (!HeaderRules.isToken(header.getKey()) || HeaderRules.isRestricted(header.getKey())) {
                    throw new ServiceOperationException(
                            400,
                            "InvalidConnectionParameter",
                            "The credential header '" + HttpTarget.encode(header.getKey())
                                    + "' is not a header name that may be sent.");
                }
                if (!HeaderRules.isValidValue(header.getValue())) {
                    throw new ServiceOperationException(
                            400,
                            "InvalidConnectionParameter",
                            "The credential for " + "header '" + header.getKey()
                                    + "' contains characters that cannot be sent in a header.");
                }
            }
            HttpConnection connection = HttpConnection.withCredentials(
                    request.baseUrl(), request.credentialHeaders(), request.credentialQueries());
            return action.invoke(connection, request.inputs());
        } catch (ServiceOperationException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
