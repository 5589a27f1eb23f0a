package dev.switchboard.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Polls the readiness URL ({@code /api/health/ready}) until it answers 200; on time-out tells what the last attempt
 * saw: the checks the host still waits for (its {@code waitingFor}), or the status or connection failure.
 */
final class ReadinessProbe {
    private static final Duration INTERVAL = Duration.ofMillis(50);
    /**
     * After {@link #QUICK}, a start that is still going (a folder of thousands of connectors) is asked less often: each
     * answer runs the readiness checks, which look at every installed bundle.
     */
    private static final Duration SLOW_INTERVAL = Duration.ofMillis(250);

    private static final Duration QUICK = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI url;

    /** @param url the readiness endpoint, which answers without credentials */
    ReadinessProbe(URI url) {
        this.url = url;
    }

    /** @return null once ready, else what the last attempt saw; gives up early once {@code running} is false */
    String await(Duration timeout, BooleanSupplier running) throws InterruptedException {
        long begun = System.nanoTime();
        long deadline = begun + timeout.toNanos();
        String lastProblem = "no attempt made";
        do {
            try {
                HttpRequest request = HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return null;
                }
                lastProblem = "GET " + url + " answered " + response.statusCode() + waitingFor(response.body());
            } catch (IOException e) {
                lastProblem = "GET " + url + " failed: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            Thread.sleep(interval(System.nanoTime() - begun).toMillis());
        } while (System.nanoTime() < deadline && running.getAsBoolean());
        return lastProblem;
    }

    /** How long to wait before the next attempt, {@code elapsedNanos} after the first. */
    static Duration interval(long elapsedNanos) {
        return elapsedNanos < QUICK.toNanos() ? INTERVAL : SLOW_INTERVAL;
    }

    /** {@code ", waiting for: a; b"} from a readiness answer's {@code waitingFor}, or nothing. */
    static String waitingFor(String body) {
        try {
            JsonNode waiting = JSON.readTree(body).path("waitingFor");
            List<String> items = new ArrayList<>();
            waiting.forEach(item -> items.add(item.asText()));
            return items.isEmpty() ? "" : ", waiting for: " + String.join("; ", items);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
