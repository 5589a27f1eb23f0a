package dev.switchboard.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.AsyncContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.JsonViews;
import dev.switchboard.triggers.api.Backlog;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.Subscriptions;

/**
 * {@code /subscriptions[/{id}[/events]]} and {@code POST /hooks/{id}}: subscriptions to trigger operations, their
 * server-sent-events stream, and the hook URL of {@code httpWebhook} triggers (authenticated by the subscription's own
 * token, checked by the triggers bundle, not by the admin password).
 * <p>
 * Event streams are served asynchronously ({@link EventStream}): an open stream holds no HTTP thread, only its place
 * among the triggers' {@code max.streams} (503 with Retry-After beyond). One daemon thread of this component writes a
 * heartbeat comment on every stream each {@link #HEARTBEAT_SECONDS}, so a client that went away is found and dropped.
 */
@Component(service = SubscriptionApi.class, configurationPid = RestServlet.PID)
public final class SubscriptionEndpoints implements SubscriptionApi {

    /** The header a hook caller presents the subscription's token in (or {@code ?token=}). */
    static final String TOKEN_HEADER = "X-Switchboard-Token";

    static final long HEARTBEAT_SECONDS = 15;

    /** The shipped connector whose trigger ({@code manual}, binding {@code httpWebhook}) is fed by the hook URL. */
    static final String HOOK_CONNECTOR = "request";

    private final Subscriptions subscriptions;
    private final ObjectMapper mapper;
    private final RequestBodyReader bodyReader;
    private final ResponseWriter writer;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeats;

    @Activate
    public SubscriptionEndpoints(
            RestConfiguration config, @Reference Subscriptions subscriptions, @Reference JsonViews views) {
        this(subscriptions, views.mapper(), new RequestBodyReader(config.max_request_bytes()));
    }

    SubscriptionEndpoints(Subscriptions subscriptions, ObjectMapper mapper, RequestBodyReader bodyReader) {
        this.subscriptions = subscriptions;
        this.mapper = mapper;
        this.bodyReader = bodyReader;
        this.writer = new ResponseWriter(mapper);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-event-streams");
            t.setDaemon(true);
            return t;
        });
        heartbeats.scheduleWithFixedDelay(
                () -> streams.forEach(EventStream::heartbeat), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        heartbeats.shutdownNow();
        for (EventStream stream : streams) {
            stream.closed("the REST API is stopping");
        }
    }

    /** Streams open now (for tests). */
    int openStreams() {
        return streams.size();
    }

    @Override
    public void create(ApiCall call) throws IOException {
        JsonNode body = readJson(call);
        if (!body.isObject()) {
            throw ApiError.badRequest("InvalidSubscription", "The body must be a JSON object.");
        }
        JsonNode target = body.path("target");
        String webhook = null;
        if (target.path("webhook").isTextual()) {
            webhook = target.get("webhook").asText();
        } else if (!target.path("stream").asBoolean(false)) {
            throw ApiError.badRequest(
                    "InvalidTarget", "target must be {\"webhook\": \"<url>\"} or {\"stream\": true}.");
        }
        SubscriptionRequest request = new SubscriptionRequest(
                text(body, "connector"),
                text(body, "version"),
                text(body, "operation"),
                body.get("connection"),
                body.get("parameters"),
                webhook);
        Subscription created = call(() -> service().create(request));
        call.response().setHeader("Location", call.request().getRequestURI() + "/" + created.id());
        writer.json(call.response(), 201, view(created));
    }

    @Override
    public void list(ApiCall call) throws IOException {
        ArrayNode list = mapper.createArrayNode();
        for (Subscription s : service().list()) {
            list.add(view(s));
        }
        writer.json(call.response(), 200, list);
    }

    @Override
    public void get(ApiCall call) throws IOException {
        writer.json(call.response(), 200, view(service().get(call.path("id")).orElseThrow(() -> notFound(call))));
    }

    @Override
    public void delete(ApiCall call) {
        if (!service().delete(call.path("id"))) {
            throw notFound(call);
        }
        call.response().setStatus(204);
    }

    /**
     * Server-sent events: one {@code batch} event per stored batch, {@code id} its sequence number; an {@code end}
     * event when the subscription is deleted. Returns at once: the stream goes on asynchronously.
     */
    @Override
    public void events(ApiCall call) throws IOException {
        String id = call.path("id");
        EventStream stream = new EventStream(id, mapper, streams::remove);
        // registered before the response starts, so 404 and 503 are ordinary JSON answers
        AutoCloseable registration = call(() -> service().listen(id, stream));
        streams.add(stream);
        stream.registration(registration);
        try {
            call.response().setStatus(200);
            call.response().setContentType("text/event-stream");
            call.response().setCharacterEncoding(StandardCharsets.UTF_8.name());
            call.response().setHeader("Cache-Control", "no-cache");
            AsyncContext async = call.request().startAsync();
            // no timeout: the heartbeat finds clients that went away
            async.setTimeout(0);
            stream.start(async);
        } catch (IOException | RuntimeException e) {
            synchronized (stream) {
                stream.end(true);
            }
            throw e;
        }
    }

    /** {@code POST /hooks/{id}}: 202 once the body is stored as an event of the subscription. */
    @Override
    public void hook(ApiCall call) throws IOException {
        String token = call.request().getHeader(TOKEN_HEADER);
        if (token == null) {
            token = call.query("token");
        }
        byte[] bytes = bodyReader.read(call.request());
        JsonNode body;
        if (bytes.length == 0) {
            body = mapper.nullNode();
        } else {
            try {
                body = mapper.readTree(bytes);
            } catch (JsonProcessingException e) {
                body = mapper.getNodeFactory().textNode(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        String finalToken = token;
        JsonNode finalBody = body;
        try {
            call(() -> service().acceptHook(call.path("id"), finalToken, finalBody))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SubscriptionException refused) {
                throw ApiError.of(refused);
            }
            throw new ApiError(
                    Failure.Reason.UNAVAILABLE,
                    "NotStored",
                    "The event could not be stored: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ApiError(
                    Failure.Reason.UNAVAILABLE, "NotStored", "The event could not be stored: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(Failure.Reason.UNAVAILABLE, "NotStored", "Interrupted.");
        }
        writer.json(call.response(), 202, mapper.createObjectNode().put("accepted", true));
    }

    ObjectNode view(Subscription s) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", s.id());
        node.put("connector", s.request().connector());
        if (s.request().version() != null) {
            node.put("version", s.request().version());
        }
        node.put("operation", s.request().operation());
        node.set("connection", s.request().connection());
        node.set("parameters", s.request().parameters());
        ObjectNode target = node.putObject("target");
        if (s.request().webhook() != null) {
            target.put("webhook", s.request().webhook());
        } else {
            target.put("stream", true);
        }
        node.put("state", s.state().name());
        if (s.owner() != null) {
            // cluster mode: the node that runs it (absent on a host that runs alone)
            node.put("owner", s.owner());
        }
        if (s.reason() != null) {
            node.put("reason", s.reason());
        }
        if (s.runningVersion() != null) {
            node.put("runningVersion", s.runningVersion());
        }
        node.put("checkpoint", s.checkpoint());
        // where it starts, fixed before the 201 (null while its binding has not been available yet)
        node.set("start", s.start() == null ? mapper.nullNode() : s.start());
        if (HOOK_CONNECTOR.equals(s.request().connector())) {
            // only a request subscription has a hook to post to: a token on any other would suggest one
            node.put("hookToken", s.token());
            node.put("hookUrl", "/api/hooks/" + s.id());
        }
        ObjectNode delivery = node.putObject("delivery");
        delivery.put("emitted", s.emitted());
        delivery.put("delivered", s.delivered());
        delivery.put("pending", s.pending());
        delivery.put("deadLettered", s.deadLettered());
        if (s.lastError() != null) {
            delivery.put("lastError", s.lastError());
        }
        Backlog backlog = s.backlog();
        if (backlog != null) {
            delivery.put("pendingBytes", backlog.pendingBytes());
            delivery.put("refused", backlog.refused());
            ObjectNode limits = node.putObject("limits");
            limits.put("maxPendingBatches", backlog.maxBatches());
            limits.put("maxPendingBytes", backlog.maxBytes());
            limits.put("full", backlog.full());
        }
        node.set("deadLetters", s.deadLetters());
        return node;
    }

    private Subscriptions service() {
        return subscriptions;
    }

    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (SubscriptionException e) {
            throw ApiError.of(e);
        }
    }

    private JsonNode readJson(ApiCall call) throws IOException {
        try {
            return mapper.readTree(bodyReader.read(call.request()));
        } catch (JsonProcessingException e) {
            throw InvocationParser.invalidJson(e);
        }
    }

    private static String text(JsonNode body, String name) {
        JsonNode node = body.get(name);
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static ApiError notFound(ApiCall call) {
        return ApiError.notFound("SubscriptionNotFound", "There is no subscription " + call.path("id") + ".");
    }
}
