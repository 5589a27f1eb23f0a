package dev.switchboard.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.switchboard.host.api.CallOutcome;
import dev.switchboard.host.api.InvocationListener.CallMeter;
import dev.switchboard.metrics.internal.SwitchboardMeters;

/**
 * What the metrics hook costs per call, without the dispatch around it (issue #13 §1): the metrics bundle's
 * {@link CallMeter} (LongAdder counters, read at scrape time) against what it replaced, a Micrometer counter increment
 * and a {@code Timer.record} with the same 18 latency buckets, in the same run. Run by hand:
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main CallMeterBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
public class CallMeterBenchmark {

    private static final double[] BOUNDS_MILLIS = {
        0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000
    };

    private SwitchboardMeters meters;
    private CallMeter meter;
    private PrometheusMeterRegistry registry;
    private Counter calls;
    private Timer timer;
    private long duration;

    @Setup(Level.Trial)
    public void setUp() {
        meters = new SwitchboardMeters();
        meter = meters.meter("bench", "1.0.0", "noop");
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        calls = Counter.builder("bench.calls").tag("outcome", "2xx").register(registry);
        Duration[] slos = new Duration[BOUNDS_MILLIS.length];
        for (int i = 0; i < slos.length; i++) {
            slos[i] = Duration.ofNanos(Math.round(BOUNDS_MILLIS[i] * 1_000_000));
        }
        timer = Timer.builder("bench.duration").serviceLevelObjectives(slos).register(registry);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registry.close();
    }

    /** The metrics bundle's meter: one call's outcome and duration. */
    @Benchmark
    public void callMeter() {
        meter.ended(CallOutcome.SUCCESS, 120_000 + (duration++ & 0xffff));
    }

    /** What it replaced: a Micrometer counter and Timer (count, total, decaying max, SLO buckets). */
    @Benchmark
    public void micrometerTimer() {
        calls.increment();
        timer.record(120_000 + (duration++ & 0xffff), TimeUnit.NANOSECONDS);
    }
}
