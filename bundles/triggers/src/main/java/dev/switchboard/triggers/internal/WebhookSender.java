package dev.switchboard.triggers.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

/** POSTs one batch to a webhook; any 2xx answer is a delivery. */
final class WebhookSender {

    // HTTP/1.1: an h2c upgrade attempt on a plain-http POST is wasted on most receivers and has hung with some.
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * @param timeout bounds the whole attempt, connecting included
     * @return {@code null} when delivered, else why not
     */
    String post(String url, String subscriptionId, long sequence, JsonNode envelope, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Switchboard-Subscription", subscriptionId)
                .header("X-Switchboard-Sequence", Long.toString(sequence))
                .POST(HttpRequest.BodyPublishers.ofString(envelope.toString()))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
