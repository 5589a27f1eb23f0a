package dev.switchboard.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls the health URL until it answers 200; on time-out tells what the last attempt saw. */
final class ReadinessProbe {
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI url;

    /** @param url the health endpoint, which answers without credentials */
    ReadinessProbe(URI url) {
        this.url = url;
    }

    /** @return null once healthy, else what the last attempt saw; gives up early once {@code running} is false */
    String await(Duration timeout, BooleanSupplier running) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "no attempt made";
        do {
            try {
                HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                        .GET().build();
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return null;
                }
                lastProblem = "GET " + url + " answered " + status;
            } catch (IOException e) {
                lastProblem = "GET " + url + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage());
            }
            Thread.sleep(INTERVAL.toMillis());
        } while (System.nanoTime() < deadline && running.getAsBoolean());
        return lastProblem;
    }
}
