package dev.switchboard.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.After;
import org.junit.Test;

import dev.switchboard.triggers.api.EventListener;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.SubscriptionState;
import dev.switchboard.triggers.api.Subscriptions;

/** The subscription meters: counts read from the triggers bundle, the delivery latency as it reports each delivery. */
public class SubscriptionMetersTest {

    private static final String LABELS = "connector=\"sql\",operation=\"whenRowInserted\",subscription=\"s1\"";

    private final SwitchboardMeters meters =
            new SwitchboardMeters(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> 0L, false);
    private final List<Subscription> present = new ArrayList<>();
    private final SubscriptionMeters subscriptionMeters;

    public SubscriptionMetersTest() {
        present.add(subscription("s1"));
        subscriptionMeters = new SubscriptionMeters(meters, new Listed());
    }

    @After
    public void tearDown() {
        subscriptionMeters.deactivate();
        meters.deactivate();
    }

    private static Subscription subscription(String id) {
        SubscriptionRequest request =
                new SubscriptionRequest("sql", null, "whenRowInserted", null, null, "http://127.0.0.1:9/hook");
        return new Subscription(
                id, request, "***", SubscriptionState.ACTIVE, null, "1.0.0", null, 3, 2, 1, 0, null, null);
    }

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        meters.registry().scrape(out, MetricsServlet.TEXT);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void eachDeliveryLandsInTheSubscriptionsLatencyHistogram() throws Exception {
        subscriptionMeters.delivered("s1", "sql", "whenRowInserted", 40);
        subscriptionMeters.delivered("s1", "sql", "whenRowInserted", 2000);
        subscriptionMeters.delivered("s1", "sql", "whenRowInserted", -1); // stored before the time was kept

        String text = scrape();
        String name = DeliveryLatencyCollector.NAME;
        assertTrue(text, text.contains("# TYPE " + name + " histogram"));
        assertTrue(text, text.contains(name + "_bucket{" + LABELS + ",le=\"0.025\"} 0"));
        assertTrue(text, text.contains(name + "_bucket{" + LABELS + ",le=\"0.05\"} 1"));
        assertTrue(text, text.contains(name + "_bucket{" + LABELS + ",le=\"2.5\"} 2"));
        assertTrue(text, text.contains(name + "_bucket{" + LABELS + ",le=\"+Inf\"} 2"));
        assertTrue(text, text.contains(name + "_count{" + LABELS + "} 2"));
        assertTrue(text, text.contains(name + "_sum{" + LABELS + "} 2.04"));
        assertEquals(2, subscriptionMeters.deliveries("s1"));
        assertTrue(text, text.contains("switchboard_subscription_emitted_total{" + LABELS + "} 3.0"));
    }

    @Test
    public void theHistogramOfADeletedSubscriptionGoesWithIt() throws Exception {
        subscriptionMeters.delivered("s1", "sql", "whenRowInserted", 5);
        assertTrue(scrape().contains(LABELS));
        present.clear();
        subscriptionMeters.run();
        assertFalse(scrape().contains(LABELS));
        assertEquals(0, subscriptionMeters.deliveries("s1"));
    }

    /** Lists {@link #present}; nothing else is called by the meters. */
    private final class Listed implements Subscriptions {
        @Override
        public List<Subscription> list() {
            return List.copyOf(present);
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
