package dev.switchboard.host.internal.catalog;

import java.util.concurrent.TimeUnit;

/**
 * How long the catalog lets changes gather before it publishes them: {@code publish.delay.ms}, or
 * {@value #COST_FACTOR} times what the last publication took when that is longer, at most {@value #MAX_MS} ms. A
 * publication rebuilds the whole view while holding the lock registrations take, so with a large catalog (2,000
 * connectors) a fixed 20 ms let rebuilding take a quarter of a mass start's registering thread; this keeps it under a
 * fifth, and a connector still reaches the catalog within {@value #MAX_MS} ms of its registration.
 */
final class PublishDelay {

    static final long COST_FACTOR = 4;
    static final long MAX_MS = 250;

    private PublishDelay() {}

    static long nanos(long configuredMs, long lastPublishNanos) {
        long adaptive = Math.min(lastPublishNanos * COST_FACTOR, TimeUnit.MILLISECONDS.toNanos(MAX_MS));
        return Math.max(TimeUnit.MILLISECONDS.toNanos(configuredMs), adaptive);
    }
}
