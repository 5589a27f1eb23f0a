package dev.switchboard.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.After;
import org.junit.Test;

import dev.switchboard.host.api.BulkheadLoad;
import dev.switchboard.host.api.CallOutcome;
import dev.switchboard.host.api.DispatcherLoad;
import dev.switchboard.host.api.InvocationListener.CallMeter;
import dev.switchboard.metrics.api.CallHistory.Bucket;
import dev.switchboard.metrics.api.CallHistory.Series;

public class SwitchboardMetersTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final SwitchboardMeters meters =
            new SwitchboardMeters(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), now::get, false);

    @After
    public void tearDown() {
        meters.deactivate();
    }

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        meters.registry().scrape(out, MetricsServlet.TEXT);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long ms(double millis) {
        return (long) (millis * 1_000_000);
    }

    @Test
    public void callsAreCountedByOutcomeWithALatencyHistogramInThePrometheusText() throws Exception {
        CallMeter hello = meters.meter("greeter", "1.0.0", "hello");
        hello.ended(CallOutcome.SUCCESS, ms(3));
        hello.ended(CallOutcome.SUCCESS, ms(30));
        hello.ended(CallOutcome.CLIENT_ERROR, ms(1));
        hello.ended(CallOutcome.SERVER_ERROR, ms(2));
        hello.ended(CallOutcome.TIMEOUT, TimeUnit.SECONDS.toNanos(60));
        hello.ended(CallOutcome.REJECTED, 0);

        String text = scrape();
        String labels = "connector=\"greeter\",operation=\"hello\"";
        assertTrue(
                text, text.contains("switchboard_calls_total{" + labels + ",outcome=\"2xx\",version=\"1.0.0\"} 2.0"));
        assertTrue(
                text, text.contains("switchboard_calls_total{" + labels + ",outcome=\"4xx\",version=\"1.0.0\"} 1.0"));
        assertTrue(
                text, text.contains("switchboard_calls_total{" + labels + ",outcome=\"5xx\",version=\"1.0.0\"} 1.0"));
        assertTrue(
                text,
                text.contains("switchboard_calls_total{" + labels + ",outcome=\"timeout\",version=\"1.0.0\"} 1.0"));
        assertTrue(
                text,
                text.contains("switchboard_calls_total{" + labels + ",outcome=\"rejected\",version=\"1.0.0\"} 1.0"));
        // refused calls are not timed: 5 of the 6
        assertTrue(text, text.contains("switchboard_call_duration_seconds_count{" + labels + ",version=\"1.0.0\"} 5"));
        assertTrue(
                text,
                text.contains(
                        "switchboard_call_duration_seconds_bucket{" + labels + ",version=\"1.0.0\",le=\"0.005\"} 3"));
        assertTrue(
                text,
                text.contains(
                        "switchboard_call_duration_seconds_bucket{" + labels + ",version=\"1.0.0\",le=\"+Inf\"} 5"));
        assertTrue(text, text.contains("switchboard_dispatcher_rejected_calls_total 1.0"));
        assertTrue(
                text, text.contains("switchboard_call_duration_seconds_sum{" + labels + ",version=\"1.0.0\"} 60.036"));
        assertTrue(text, text.contains("switchboard_call_duration_seconds_max{" + labels + ",version=\"1.0.0\"} 60.0"));
        assertTrue(text, text.contains("# TYPE switchboard_call_duration_seconds histogram"));
    }

    @Test
    public void aDurationFallsInTheFirstBucketWhoseBoundItDoesNotExceed() {
        assertEquals(0, LatencyBuckets.indexOf(0));
        assertEquals(0, LatencyBuckets.indexOf(ms(0.1)));
        assertEquals(1, LatencyBuckets.indexOf(ms(0.1) + 1));
        assertEquals(LatencyBuckets.BOUNDS_NANOS.length - 1, LatencyBuckets.indexOf(ms(60_000)));
        assertEquals(LatencyBuckets.BOUNDS_NANOS.length, LatencyBuckets.indexOf(ms(60_000) + 1));
    }

    @Test
    public void theMeterOfAnOperationIsResolvedOnce() {
        assertTrue(meters.meter("greeter", "1.0.0", "hello") == meters.meter("greeter", "1.0.0", "hello"));
        assertTrue(meters.meter("greeter", "1.0.0", "hello") != meters.meter("greeter", "2.0.0", "hello"));
    }

    @Test
    public void jvmAndDispatcherGaugesAreThere() throws Exception {
        meters.load = new DispatcherLoad() {
            @Override
            public int activeCalls() {
                return 3;
            }

            @Override
            public int queuedCalls() {
                return 7;
            }
        };
        String text = scrape();
        for (String name : List.of(
                "jvm_memory_used_bytes",
                "jvm_threads_live_threads",
                "jvm_gc_",
                "process_uptime_seconds",
                "switchboard_dispatcher_active_calls 3.0",
                "switchboard_dispatcher_queued_calls 7.0")) {
            assertTrue(name, text.contains(name));
        }
    }

    @Test
    public void eachConnectorsBulkheadHasActiveQueuedAndRejectedCalls() throws Exception {
        Map<String, BulkheadLoad> bulkheads = new java.util.concurrent.ConcurrentHashMap<>();
        bulkheads.put("hanging", new BulkheadLoad("hanging", 8, 16, 176, 8, 16));
        meters.load = new DispatcherLoad() {
            @Override
            public int activeCalls() {
                return 8;
            }

            @Override
            public int queuedCalls() {
                return 0;
            }

            @Override
            public List<BulkheadLoad> bulkheads() {
                return List.copyOf(bulkheads.values());
            }

            @Override
            public BulkheadLoad bulkhead(String connectorId) {
                return bulkheads.get(connectorId);
            }
        };
        meters.registerBulkheads();
        String text = scrape();
        assertTrue(text, text.contains("switchboard_bulkhead_active_calls{connector=\"hanging\"} 8.0"));
        assertTrue(text, text.contains("switchboard_bulkhead_queued_calls{connector=\"hanging\"} 16.0"));
        assertTrue(text, text.contains("switchboard_bulkhead_rejected_calls_total{connector=\"hanging\"} 176.0"));

        // a connector called later gets its meters at the next look; values are read at scrape time
        bulkheads.put("greeter", new BulkheadLoad("greeter", 1, 0, 0, 32, 256));
        bulkheads.put("hanging", new BulkheadLoad("hanging", 0, 0, 180, 8, 16));
        meters.registerBulkheads();
        text = scrape();
        assertTrue(text, text.contains("switchboard_bulkhead_active_calls{connector=\"greeter\"} 1.0"));
        assertTrue(text, text.contains("switchboard_bulkhead_rejected_calls_total{connector=\"hanging\"} 180.0"));
    }

    @Test
    public void theHistoryHasCallsPerSecondErrorRateAndP99PerVersion() {
        CallMeter v1 = meters.meter("greeter", "1.0.0", "hello");
        CallMeter v1bye = meters.meter("greeter", "1.0.0", "bye");
        CallMeter v2 = meters.meter("greeter", "2.0.0", "hello");
        for (int i = 0; i < 98; i++) {
            v1.ended(CallOutcome.SUCCESS, ms(1));
        }
        v1bye.ended(CallOutcome.SERVER_ERROR, ms(400));
        v1bye.ended(CallOutcome.CLIENT_ERROR, ms(400));
        v2.ended(CallOutcome.SUCCESS, ms(7));

        // before any sample: everything is in the bucket in progress
        List<Series> series = meters.series();
        assertEquals(2, series.size());
        Series first = series.get(0);
        assertEquals("greeter", first.connectorId());
        assertEquals("1.0.0", first.version());
        assertEquals(SwitchboardMeters.HISTORY_BUCKETS, first.buckets().size());
        Bucket current = first.buckets().get(first.buckets().size() - 1);
        assertEquals(100, current.calls());
        assertEquals(1, current.errors());
        assertEquals(1, current.clientErrors());
        assertEquals(0.01, current.errorRate(), 1e-9);
        assertTrue("p99 " + current.p99Millis(), current.p99Millis() > 250 && current.p99Millis() <= 500);

        // the sampler closes the bucket: the next one starts empty, the closed one keeps its calls
        now.addAndGet(TimeUnit.SECONDS.toMillis(10));
        meters.tick();
        v1.ended(CallOutcome.SUCCESS, ms(1));
        List<Bucket> later = meters.series().get(0).buckets();
        assertEquals(100, later.get(later.size() - 2).calls());
        assertEquals(1, later.get(later.size() - 1).calls());
        assertEquals(1, meters.series().get(1).buckets().get(later.size() - 2).calls());

        // 15 minutes of samples later the calls have left the window
        now.addAndGet(TimeUnit.SECONDS.toMillis(10));
        meters.tick();
        now.addAndGet(TimeUnit.MINUTES.toMillis(15));
        meters.tick();
        assertTrue(meters.series().get(0).buckets().stream().allMatch(b -> b.calls() == 0));
    }
}
