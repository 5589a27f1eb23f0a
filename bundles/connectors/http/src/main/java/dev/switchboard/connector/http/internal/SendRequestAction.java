package dev.switchboard.connector.http.internal;

import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.TraceContext;

/**
 * The {@code sendRequest} action: builds the request from the inputs and the connection, sends it without blocking
 * the calling thread, and answers with the upstream status, headers and body, whatever the status is.
 * <p>
 * Every call has a deadline of its own ({@code timeoutSeconds}, bounded by the configured maximum) enforced twice:
 * by the client's request timeout, which covers waiting for the response headers, and by a timer that also covers
 * reading the body and cancels the exchange. No secret reaches a message, a log line or the output: the output holds
 * the response only, never the request headers.
 */
final class SendRequestAction implements AutoCloseable {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private static final Logger LOG = LoggerFactory.getLogger(SendRequestAction.class);
    private static final AtomicInteger LOOKUPS = new AtomicInteger();

    private final Limits limits;
    private final ClientCache clients;
    private final ScheduledExecutorService timer;
    private final ResponseRenderer renderer;
    private final ObjectMapper mapper;
    private final PrivateAddresses addresses;
    /** Looks host names up when private addresses are refused (a blocking call); {@code null} otherwise. */
    private final ThreadPoolExecutor lookups;
    /** Calls not yet answered, so that closing can answer them. */
    private final Set<CompletableFuture<ServiceOperationResponse>> pending = ConcurrentHashMap.newKeySet();

    /** The configured limits, checked. */
    record Limits(
            long maxResponseBytes,
            int defaultTimeoutSeconds,
            int maxTimeoutSeconds,
            int connectTimeoutSeconds,
            int maxClients,
            boolean refusePrivateAddresses) {

        Limits {
            maxResponseBytes = Math.max(0, maxResponseBytes);
            maxTimeoutSeconds = Math.max(1, maxTimeoutSeconds);
            defaultTimeoutSeconds = Math.min(Math.max(1, defaultTimeoutSeconds), maxTimeoutSeconds);
            connectTimeoutSeconds = Math.max(1, connectTimeoutSeconds);
            maxClients = Math.max(1, maxClients);
        }

        Limits(
                long maxResponseBytes,
                int defaultTimeoutSeconds,
                int maxTimeoutSeconds,
                int connectTimeoutSeconds,
                int maxClients) {
            this(maxResponseBytes, defaultTimeoutSeconds, maxTimeoutSeconds, connectTimeoutSeconds, maxClients, false);
        }

        static Limits of(HttpConnectorConfiguration config) {
            return new Limits(
                    config.max_response_bytes(),
                    config.default_timeout_seconds(),
                    config.max_timeout_seconds(),
                    config.connect_timeout_seconds(),
                    config.max_clients(),
                    config.refuse_private_addresses());
        }
    }

    SendRequestAction(Limits limits, ScheduledExecutorService timer, ObjectMapper mapper) {
        this.limits = limits;
        this.clients = new ClientCache(limits.maxClients(), Duration.ofSeconds(limits.connectTimeoutSeconds()));
        this.timer = timer;
        this.mapper = mapper;
        this.renderer = new ResponseRenderer(mapper);
        this.addresses = new PrivateAddresses(limits.refusePrivateAddresses());
        if (addresses.refuses()) {
            lookups = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "switchboard-http-lookup-" + LOOKUPS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            lookups.allowCoreThreadTimeOut(true);
        } else {
            lookups = null;
        }
    }

    CompletionStage<ServiceOperationResponse> invoke(ConnectionParameters parameters, JsonNode inputs) {
        return invoke(parameters, inputs, null);
    }

    /**
     * @param trace the invocation's span: the request goes out with a child span of it in {@code traceparent} (unless
     *              the inputs' headers give one), so the upstream joins the caller's trace; {@code null} for none
     */
    CompletionStage<ServiceOperationResponse> invoke(
            ConnectionParameters parameters, JsonNode inputs, TraceContext trace) {
        return invoke(HttpConnection.from(parameters), inputs, trace);
    }

    CompletionStage<ServiceOperationResponse> invoke(HttpConnection connection, JsonNode inputs) {
        return invoke(connection, inputs, null);
    }

    CompletionStage<ServiceOperationResponse> invoke(HttpConnection connection, JsonNode inputs, TraceContext trace) {
        String method = method(inputs);
        String uri = inputs.path("uri").isTextual() ? inputs.path("uri").asText() : null;
        if (uri == null || uri.isBlank()) {
            throw invalidInput("The input 'uri' is required and must be a string.");
        }
        URI target = HttpTarget.resolve(uri, connection.baseUrl(), queries(inputs, connection));
        connection.checkCredentialsMayGoTo(target);
        long timeoutSeconds = timeoutSeconds(inputs);
        HttpRequest request = request(method, target, inputs, connection, Duration.ofSeconds(timeoutSeconds), trace);
        HttpClient client;
        try {
            client = clients.clientFor(connection);
        } catch (IllegalStateException e) {
            throw stopping();
        }

        CompletableFuture<ServiceOperationResponse> answer = new CompletableFuture<>();
        ScheduledFuture<?> deadline;
        try {
            deadline = timer.schedule(
                    () -> answer.completeExceptionally(UpstreamFailures.timeout(method, target, timeoutSeconds)),
                    timeoutSeconds,
                    TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            throw stopping();
        }
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = lookups == null
                    ? client.sendAsync(request, new BoundedBodyHandler(limits.maxResponseBytes()))
                    : checkAddressThenSend(client, request, method, target);
        } catch (RejectedExecutionException e) {
            deadline.cancel(false);
            throw stopping();
        } catch (RuntimeException e) {
            deadline.cancel(false);
            throw UpstreamFailures.map(e, method, target, timeoutSeconds, limits.connectTimeoutSeconds());
        }
        pending.add(answer);
        answer.whenComplete((response, failure) -> {
            deadline.cancel(false);
            exchange.cancel(true); // aborts the exchange when the answer was given first (timeout, stop); else no-op
            pending.remove(answer);
        });
        exchange.whenComplete((response, failure) -> {
            if (failure != null) {
                ServiceOperationException mapped =
                        UpstreamFailures.map(failure, method, target, timeoutSeconds, limits.connectTimeoutSeconds());
                LOG.debug(
                        "{} {} failed: {} {}",
                        method,
                        UpstreamFailures.origin(target),
                        mapped.getStatusCode(),
                        mapped.getCode());
                answer.completeExceptionally(mapped);
                return;
            }
            try {
                LOG.debug("{} {} answered {}", method, UpstreamFailures.origin(target), response.statusCode());
                answer.complete(ServiceOperationResponse.ok(renderer.render(
                        response.statusCode(), response.headers().map(), response.body())));
            } catch (RuntimeException e) {
                answer.completeExceptionally(new ServiceOperationException(
                        502,
                        UpstreamFailures.EXCHANGE,
                        "The response to " + method + " " + UpstreamFailures.origin(target) + " could not be read ("
                                + e.getClass().getSimpleName() + ")"));
            }
        });
        return answer;
    }

    /**
     * Looks the target's host up on a thread of its own (the caller's thread must not block) and sends the request
     * only when every address it has is public; else the exchange fails with 403 AddressNotAllowed. Cancelling the
     * returned exchange (timeout, stop) cancels the request once sent.
     */
    private CompletableFuture<HttpResponse<byte[]>> checkAddressThenSend(
            HttpClient client, HttpRequest request, String method, URI target) {
        CompletableFuture<HttpResponse<byte[]>> exchange = new CompletableFuture<>();
        lookups.execute(() -> {
            if (exchange.isDone()) {
                return; // answered meanwhile (timed out, stopping)
            }
            try {
                if (!addresses.allows(target.getHost())) {
                    exchange.completeExceptionally(new ServiceOperationException(
                            403,
                            "AddressNotAllowed",
                            method + " " + UpstreamFailures.origin(target) + " is refused: the host is or resolves "
                                    + "to a loopback, private, link-local or otherwise non-public address, and this "
                                    + "host refuses those (setting refuse.private.addresses of PID "
                                    + HttpConnector.PID + ")."));
                    return;
                }
                CompletableFuture<HttpResponse<byte[]>> sent =
                        client.sendAsync(request, new BoundedBodyHandler(limits.maxResponseBytes()));
                sent.whenComplete((response, failure) -> {
                    if (failure != null) {
                        exchange.completeExceptionally(failure);
                    } else {
                        exchange.complete(response);
                    }
                });
                exchange.whenComplete((response, failure) -> sent.cancel(true)); // no-op once it is complete
            } catch (UnknownHostException | RuntimeException e) {
                exchange.completeExceptionally(e);
            }
        });
        return exchange;
    }

    /** Answers every pending call with 503 (which aborts its exchange) and drops the clients. */
    @Override
    public void close() {
        if (lookups != null) {
            lookups.shutdownNow();
        }
        clients.close();
        ServiceOperationException stopping = stopping();
        for (CompletableFuture<ServiceOperationResponse> answer : List.copyOf(pending)) {
            answer.completeExceptionally(stopping);
        }
    }

    int cachedClients() {
        return clients.size();
    }

    private static ServiceOperationException stopping() {
        return new ServiceOperationException(503, "ShuttingDown", "The HTTP connector is stopping; try again");
    }

    private static String method(JsonNode inputs) {
        String method = inputs.path("method").asText("").trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw invalidInput("The input 'method' must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS.");
        }
        return method;
    }

    private long timeoutSeconds(JsonNode inputs) {
        JsonNode value = inputs.get("timeoutSeconds");
        if (value == null || value.isNull()) {
            return limits.defaultTimeoutSeconds();
        }
        if (!value.canConvertToLong()
                || !value.isIntegralNumber()
                || value.asLong() < 1
                || value.asLong() > limits.maxTimeoutSeconds()) {
            throw invalidInput(
                    "The input 'timeoutSeconds' must be an integer from 1 to " + limits.maxTimeoutSeconds() + ".");
        }
        return value.asLong();
    }

    private HttpRequest request(
            String method,
            URI target,
            JsonNode inputs,
            HttpConnection connection,
            Duration timeout,
            TraceContext trace) {
        try {
            return buildRequest(method, target, inputs, connection, timeout, trace);
        } catch (IllegalArgumentException e) {
            // checked beforehand; should the client still refuse, its message may quote a header value: drop it
            throw invalidInput("The request could not be built from the inputs; check the header names and values.");
        }
    }

    private HttpRequest buildRequest(
            String method,
            URI target,
            JsonNode inputs,
            HttpConnection connection,
            Duration timeout,
            TraceContext trace) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(timeout);
        Map<String, String> credentials = connection.credentialHeaders();
        boolean contentTypeGiven = false;
        boolean traceGiven = false;
        JsonNode headers = inputs.get("headers");
        if (headers != null && !headers.isNull()) {
            if (!headers.isObject()) {
                throw invalidInput("The input 'headers' must be an object of strings.");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                String name = header.getKey();
                if (!HeaderRules.isToken(name)) {
                    throw invalidInput(
                            "The header name '" + HttpTarget.encode(name) + "' is not a valid HTTP header name.");
                }
                if (HeaderRules.isRestricted(name)) {
                    throw new ServiceOperationException(
                            400,
                            "RestrictedHeader",
                            "The header '" + name + "' is set by the HTTP client itself and cannot be given.");
                }
                if (!header.getValue().isValueNode()
                        || header.getValue().isNull()
                        || !HeaderRules.isValidValue(header.getValue().asText())) {
                    throw invalidInput("The header '" + name + "' must have a string value of Latin-1 characters "
                            + "without control characters.");
                }
                if (credentials.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
                    continue; // the connection's credentials win over a caller's header of the same name
                }
                contentTypeGiven |= name.equalsIgnoreCase("Content-Type");
                traceGiven |= name.equalsIgnoreCase(TraceContext.HEADER);
                builder.header(name, header.getValue().asText());
            }
        }
        credentials.forEach(builder::header);
        if (trace != null && !traceGiven) {
            builder.header(TraceContext.HEADER, trace.child().traceparent());
        }

        Body body = body(inputs);
        if (body != null && !contentTypeGiven) {
            builder.header("Content-Type", body.contentType());
        }
        return builder.method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                .build();
    }

    /** The {@code queries} input with the connection's credential query parameters, which win over the caller's. */
    private JsonNode queries(JsonNode inputs, HttpConnection connection) {
        JsonNode queries = inputs.get("queries");
        if (connection.credentialQueries().isEmpty()) {
            return queries;
        }
        com.fasterxml.jackson.databind.node.ObjectNode merged = queries != null && queries.isObject()
                ? ((com.fasterxml.jackson.databind.node.ObjectNode) queries).deepCopy()
                : mapper.createObjectNode();
        if (queries != null && !queries.isNull() && !queries.isObject()) {
            throw invalidInput("The input 'queries' must be an object.");
        }
        connection.credentialQueries().forEach(merged::put);
        return merged;
    }

    private record Body(byte[] bytes, String contentType) {}

    private Body body(JsonNode inputs) {
        JsonNode body = inputs.get("body");
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        String encoding =
                inputs.path("bodyEncoding").asText(body.isTextual() ? ResponseRenderer.TEXT : ResponseRenderer.JSON);
        switch (encoding) {
            case ResponseRenderer.JSON:
                try {
                    return new Body(mapper.writeValueAsBytes(body), "application/json");
                } catch (JsonProcessingException e) {
                    throw invalidInput("The input 'body' could not be written as JSON.");
                }
            case ResponseRenderer.TEXT:
                if (!body.isTextual()) {
                    throw invalidInput("With bodyEncoding 'text' the input 'body' must be a string.");
                }
                return new Body(body.asText().getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8");
            case ResponseRenderer.BASE64:
                if (!body.isTextual()) {
                    throw invalidInput("With bodyEncoding 'base64' the input 'body' must be a string.");
                }
                try {
                    return new Body(Base64.getMimeDecoder().decode(body.asText()), "application/octet-stream");
                } catch (IllegalArgumentException e) {
                    throw invalidInput("The input 'body' is not valid Base64.");
                }
            default:
                throw invalidInput("The input 'bodyEncoding' must be json, text or base64.");
        }
    }

    private static ServiceOperationException invalidInput(String message) {
        return new ServiceOperationException(400, "InvalidInput", message);
    }
}
