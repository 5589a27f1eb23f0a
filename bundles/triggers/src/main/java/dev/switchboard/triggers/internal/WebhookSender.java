package dev.switchboard.triggers.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import dev.switchboard.connector.api.TraceContext;

/** POSTs one batch to a webhook, asynchronously; any 2xx answer is a delivery. */
final class WebhookSender {

    private final HttpClient client;

    WebhookSender() {
        this(null);
    }

    /** @param executor runs the client's completions (the shared trigger scheduler), {@code null} for the JDK's */
    WebhookSender(Executor executor) {
        // HTTP/1.1: an h2c upgrade attempt on a plain-http POST is wasted on most receivers and has hung with some.
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (executor != null) {
            builder.executor(executor);
        }
        this.client = builder.build();
    }

    /**
     * @param timeout bounds the whole attempt, connecting included
     * @param trace   sent as {@code traceparent}: the attempt's span
     * @return completes with {@code null} when delivered, else with why not (never exceptionally, unless cancelled)
     */
    CompletableFuture<String> postAsync(
            String url, String subscriptionId, long sequence, byte[] envelope, Duration timeout, TraceContext trace) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Switchboard-Subscription", subscriptionId)
                .header("X-Switchboard-Sequence", Long.toString(sequence))
                .header(TraceContext.HEADER, trace.traceparent())
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope))
                .build();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        // the outcome is completed by the body subscriber, on the client's own threads: the future sendAsync returns
        // completes on the JDK's default async pool, which on a machine of 1 or 2 cores is a new thread per call
        client.sendAsync(request, info -> new StatusSubscriber(info.statusCode(), outcome))
                .whenComplete((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause()
                                : error;
                        outcome.complete(describe(cause));
                    }
                });
        return outcome;
    }

    /** Reads (and drops) the answer's body; once it is read, the delivery's outcome is its status. */
    private static final class StatusSubscriber implements HttpResponse.BodySubscriber<Void> {
        private final int status;
        private final CompletableFuture<String> outcome;
        private final CompletableFuture<Void> body = new CompletableFuture<>();

        StatusSubscriber(int status, CompletableFuture<String> outcome) {
            this.status = status;
            this.outcome = outcome;
        }

        @Override
        public CompletionStage<Void> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            // the answer's body is not used
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
            outcome.complete(describe(error));
        }

        @Override
        public void onComplete() {
            body.complete(null);
            outcome.complete(status >= 200 && status < 300 ? null : "HTTP " + status);
        }
    }

    /**
     * Why an attempt failed, for the log and {@code lastError}: the exception's type and message. The JDK client's
     * messages name no URL; should one ever, it is not echoed (the URL may carry credentials).
     */
    static String describe(Throwable error) {
        String message = error.getMessage();
        if (message != null && (message.contains("://") || message.contains("@"))) {
            message = null;
        }
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
