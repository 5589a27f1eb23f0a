package dev.switchboard.connector.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ConnectorManifest;
import dev.switchboard.connector.api.NonBlocking;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.support.ManifestConnector;

/**
 * Connector {@code http}: one action, {@code sendRequest}. A new configuration re-creates the component, so the
 * host reads the manifest again with the new timeout bound.
 */
@Component(service = ServiceOperationsProvider.class, configurationPid = HttpConnector.PID)
@NonBlocking
@Designate(ocd = HttpConnectorConfiguration.class)
public final class HttpConnector extends ManifestConnector {

    public static final String PID = "dev.switchboard.connector.http";
    public static final String SEND_REQUEST = "sendRequest";

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnector.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger TIMERS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor timer;
    private final SendRequestAction sendRequest;

    @Activate
    public HttpConnector(HttpConnectorConfiguration config) {
        this(SendRequestAction.Limits.of(config));
    }

    HttpConnector(SendRequestAction.Limits limits) {
        super(manifest(limits.maxTimeoutSeconds()));
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "switchboard-http-timeout-" + TIMERS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        this.sendRequest = new SendRequestAction(limits, timer, MAPPER);
        LOG.info(
                "HTTP connector ready: responses up to {} bytes, timeout {} s by default and at most {} s",
                limits.maxResponseBytes(),
                limits.defaultTimeoutSeconds(),
                limits.maxTimeoutSeconds());
    }

    @Deactivate
    void deactivate() {
        sendRequest.close();
        timer.shutdownNow();
    }

    /**
     * The service and operations from {@code manifest.json} beside this class, with the configured timeout bound written
     * into the {@code timeoutSeconds} schema so the host refuses larger values itself.
     */
    static ConnectorManifest manifest(int maxTimeoutSeconds) {
        try (InputStream in = HttpConnector.class.getResourceAsStream("manifest.json")) {
            if (in == null) {
                throw new IllegalStateException("manifest.json is missing from the bundle");
            }
            JsonNode json = MAPPER.readTree(in);
            for (JsonNode operation : json.path("operations")) {
                JsonNode timeout = operation
                        .path("properties")
                        .path("manifest")
                        .path("inputs")
                        .path("properties")
                        .path("timeoutSeconds");
                if (timeout.isObject()) {
                    ((ObjectNode) timeout).put("maximum", maxTimeoutSeconds);
                }
            }
            return ConnectorManifest.fromJson(json);
        } catch (IOException e) {
            throw new UncheckedIOException("manifest.json could not be read", e);
        }
    }

    @Override
    protected CompletionStage<ServiceOperationResponse> invoke(
            String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        if (!SEND_REQUEST.equals(operationId)) {
            throw operationNotFound(operationId);
        }
        return sendRequest.invoke(
                connectionParameters,
                request.parameters(),
                request.traceContext().orElse(null));
    }

    /** For tests: how many clients are cached. */
    int cachedClients() {
        return sendRequest.cachedClients();
    }
}
