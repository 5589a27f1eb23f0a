package dev.switchboard.connector.http.internal;

import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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

    private static final Logger LOG = LoggerFactory.getLogger(SendRequestAction.class);
    private static final AtomicInteger LOOKUPS = new AtomicInteger();

    private final Limits limits;
    private final ClientCache clients;
    private final ScheduledExecutorService timer;
    private final ResponseRenderer renderer;
    private final OutboundRequests requests;
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
        this.requests = new OutboundRequests(limits, mapper);
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
        String method = OutboundRequests.method(inputs);
        URI target = requests.target(inputs, connection);
        connection.checkCredentialsMayGoTo(target);
        long timeoutSeconds = requests.timeoutSeconds(inputs);
        HttpRequest request =
                requests.request(method, target, inputs, connection, Duration.ofSeconds(timeoutSeconds), trace);
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
}
