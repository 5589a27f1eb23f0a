package dev.switchboard.metrics.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.After;
import org.junit.Test;

import dev.switchboard.triggers.api.EventListener;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.Subscriptions;

/** The subscription meters start, and keep sampling, while the subscriptions cannot be listed (cluster database away). */
public class SubscriptionMetersUnavailableTest {

    private final SwitchboardMeters meters = new SwitchboardMeters(
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), System::currentTimeMillis, false);

    @After
    public void tearDown() {
        meters.deactivate();
    }

    @Test
    public void subscriptionsThatCannotBeListedNeitherFailTheActivationNorTheSampling() {
        Unavailable subscriptions = new Unavailable();
        SubscriptionMeters sampled = new SubscriptionMeters(meters, subscriptions); // threw before: component FAILED
        sampled.run();
        sampled.run();
        assertEquals(3, subscriptions.calls.get());
        sampled.deactivate();
    }

    /** As in cluster mode before the node joined, or while the cluster database cannot be reached. */
    private static final class Unavailable implements Subscriptions {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public List<Subscription> list() {
            calls.incrementAndGet();
            throw new SubscriptionException(503, "ClusterUnavailable", "the cluster database cannot be reached", 5);
        }

        @Override
        public Subscription create(SubscriptionRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Subscription> get(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> acceptHook(String id, String token, JsonNode body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AutoCloseable listen(String id, EventListener listener) {
            throw new UnsupportedOperationException();
        }
    }
}
