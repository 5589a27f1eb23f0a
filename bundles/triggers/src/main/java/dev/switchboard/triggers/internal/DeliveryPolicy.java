package dev.switchboard.triggers.internal;

import java.time.Duration;

/**
 * How webhook batches are delivered: how many attempts before a batch is dead-lettered, the backoff between them and
 * how long one POST may take. Read by every delivery worker before each attempt, so a configuration change applies to
 * the next attempt of every subscription without restarting any of them.
 */
record DeliveryPolicy(int maxAttempts, Backoff backoff, Duration webhookTimeout) {

    static DeliveryPolicy of(TriggersConfiguration config) {
        return new DeliveryPolicy(
                Math.max(1, config.delivery_attempts()),
                new Backoff(
                        Math.max(1, config.backoff_initial_ms()),
                        Math.max(config.backoff_initial_ms(), config.backoff_max_ms())),
                Duration.ofMillis(Math.max(1, config.webhook_timeout_ms())));
    }

    /** For the log: {@code at most 8 attempts per batch, backoff 500..60000 ms, webhook timeout 10000 ms}. */
    String describe() {
        return "at most " + maxAttempts + " attempt" + (maxAttempts == 1 ? "" : "s") + " per batch, backoff "
                + backoff.initialMs() + ".." + backoff.maxMs() + " ms, webhook timeout " + webhookTimeout.toMillis()
                + " ms";
    }
}
