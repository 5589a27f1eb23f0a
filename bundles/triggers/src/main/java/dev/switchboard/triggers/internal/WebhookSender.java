package dev.switchboard.triggers.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;


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
     * @return completes with {@code null} when delivered, else with why not (never exceptionally, unless cancelled)
     */
    CompletableFuture<String> postAsync(String url, String subscriptionId, long sequence, byte[] envelope,
                                        Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Switchboard-Subscription", subscriptionId)
                .header("X-Switchboard-Sequence", Long.toString(sequence))
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                return describe(cause);
            }
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : "HTTP " + status;
        });
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
