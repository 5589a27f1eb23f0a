package dev.switchboard.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.switchboard.benchmarks.noop.NoopConnector;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ConnectorManifest;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.support.ManifestConnector;
import dev.switchboard.connector.validation.CompiledSchema;
import dev.switchboard.connector.validation.JsonSchemas;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.internal.catalog.StandaloneCatalog;
import dev.switchboard.host.internal.dispatch.StandaloneDispatcher;
import dev.switchboard.metrics.internal.SwitchboardMeters;

/**
 * One call through the host's real dispatcher (catalog lookup, version resolution, in-flight accounting, the worker
 * pool hop and the timeout timer) against the same call made directly on the provider, on one caller thread; and the
 * same dispatch of a provider marked {@code @NonBlocking}, which the dispatcher calls on the caller's thread.
 * <p>
 * {@code threadHop} is the part of the dispatcher's cost that is its design, not its code: handing the call to another
 * thread and waiting for the answer on this one, with a bare {@link ThreadPoolExecutor}. {@code connectors} is how many
 * other connectors the catalog holds, as lookups may grow with it.
 * <p>
 * The calls that hop threads are measured in sample mode and compared by their median: on a shared 2-core machine a
 * thread that must be woken is sometimes preempted by another tenant for milliseconds, and that long tail would swamp
 * a mean. The calls that stay on one thread are measured as an average (they are too short to time one by one).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class DispatchBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Param({"1"})
    public int connectors;

    private ServiceOperationsProvider provider;
    private StandaloneCatalog catalog;
    private StandaloneDispatcher dispatcher;
    /** The same dispatcher with the metrics bundle's listener: per-operation counters and latency histogram. */
    private StandaloneDispatcher metered;

    private ThreadPoolExecutor pool;
    private ConnectionParameters connection;
    private ServiceOperationRequest empty;
    private Invocation noop;
    private Invocation inlineNoop;
    private Invocation inlineSmall;
    private Invocation small;
    private Invocation large;
    private CompiledSchema smallSchema;
    private CompiledSchema largeSchema;
    private JsonNode smallInput;
    private JsonNode largeInput;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ObjectNode smallSchemaJson = smallSchema();
        ObjectNode largeSchemaJson = largeSchema();
        smallInput = JSON.readTree("{\"name\":\"bench\",\"count\":3}");
        largeInput = largeInput();
        provider = new SchemaProvider("bench", smallSchemaJson, largeSchemaJson);
        catalog = new StandaloneCatalog();
        for (int i = 1; i < connectors; i++) {
            // other connectors sort before and after "bench"
            String id = (i % 2 == 0 ? "a" : "z") + "-connector-" + i;
            catalog.add("bench.other." + i, "1.0.0", new NoopConnector(id, 10), Duration.ofSeconds(30));
        }
        if (catalog.add("bench.dispatch", "1.0.0", provider, Duration.ofSeconds(30))
                        .state()
                != ConnectorState.ACTIVE) {
            throw new IllegalStateException("the benchmark connector did not load");
        }
        // the same operations from a provider marked @NonBlocking: called on the caller's thread
        if (catalog.add(
                                "bench.inline",
                                "1.0.0",
                                new SchemaProvider("bench-inline", smallSchemaJson, largeSchemaJson),
                                true,
                                Duration.ofSeconds(30))
                        .state()
                != ConnectorState.ACTIVE) {
            throw new IllegalStateException("the non-blocking benchmark connector did not load");
        }
        // the host's defaults (features/core.json and DispatcherConfiguration), except non.blocking.limit.ms: on a
        // loaded machine a preempted cold call held its thread past 50 ms, and the guard moved the @NonBlocking
        // connector to the pool for good, so inlineNoop measured the pool's hop instead (12 µs instead of 155 ns)
        dispatcher = new StandaloneDispatcher(catalog.registry(), 60_000, 64, 1024, 10_000, 10_000);
        metered = new StandaloneDispatcher(catalog.registry(), 60_000, 64, 1024, 10_000, 10_000)
                .listener(new SwitchboardMeters());
        pool = new ThreadPoolExecutor(64, 64, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024));
        connection = ConnectionParameters.empty();
        empty = ServiceOperationRequest.of(null);
        noop = new Invocation("bench", null, "noop", connection, empty);
        inlineNoop = new Invocation("bench-inline", null, "noop", connection, empty);
        inlineSmall = new Invocation("bench-inline", null, "small", connection, ServiceOperationRequest.of(smallInput));
        small = new Invocation("bench", null, "small", connection, ServiceOperationRequest.of(smallInput));
        large = new Invocation("bench", null, "large", connection, ServiceOperationRequest.of(largeInput));
        JsonSchemas compiler = new JsonSchemas();
        smallSchema = compiler.compile(smallSchemaJson);
        largeSchema = compiler.compile(largeSchemaJson);
        // fail fast rather than measure failures
        for (Invocation call : List.of(noop, small, large, inlineNoop, inlineSmall)) {
            dispatcher.invoke(call).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        metered.invoke(inlineNoop).toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (!largeSchema.validate(largeInput).isEmpty()) {
            throw new IllegalStateException("the large input does not match its schema");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        dispatcher.close();
        metered.close();
        catalog.close();
        pool.shutdownNow();
    }

    /** The baseline: the provider called on the caller's thread. */
    @Benchmark
    public ServiceOperationResponse direct() {
        return provider.invokeOperation("noop", connection, empty)
                .toCompletableFuture()
                .join();
    }

    /** The provider called on a pool thread while the caller waits: the hop the dispatcher is built on. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public ServiceOperationResponse threadHop() {
        return CompletableFuture.supplyAsync(() -> provider.invokeOperation("noop", connection, empty), pool)
                .thenCompose(stage -> stage)
                .join();
    }

    /** No inputs schema: resolution, accounting, hop, timer; no validation. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public ServiceOperationResponse dispatchNoop() {
        return dispatcher.invoke(noop).toCompletableFuture().join();
    }

    /** A {@code @NonBlocking} provider: the same dispatch, on the caller's thread (no hop). */
    @Benchmark
    public ServiceOperationResponse inlineNoop() {
        return dispatcher.invoke(inlineNoop).toCompletableFuture().join();
    }

    /** {@link #inlineNoop} with metrics: the call's outcome counted and its duration put in the histogram. */
    @Benchmark
    public ServiceOperationResponse inlineNoopMetered() {
        return metered.invoke(inlineNoop).toCompletableFuture().join();
    }

    @Benchmark
    public ServiceOperationResponse inlineSmallSchema() {
        return dispatcher.invoke(inlineSmall).toCompletableFuture().join();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public ServiceOperationResponse dispatchSmallSchema() {
        return dispatcher.invoke(small).toCompletableFuture().join();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public ServiceOperationResponse dispatchLargeSchema() {
        return dispatcher.invoke(large).toCompletableFuture().join();
    }

    /** Validation alone, as the dispatcher runs it. */
    @Benchmark
    public Object validateSmallSchema() {
        return smallSchema.validate(smallInput);
    }

    @Benchmark
    public Object validateLargeSchema() {
        return largeSchema.validate(largeInput);
    }

    static ObjectNode smallSchema() throws Exception {
        return (ObjectNode) JSON.readTree("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\","
                + "\"minLength\":1,\"maxLength\":64},\"count\":{\"type\":\"integer\",\"minimum\":0}},"
                + "\"required\":[\"name\"],\"additionalProperties\":false}");
    }

    /** 40 typed top-level properties with formats, patterns and bounds, and an array of 20 nested objects. */
    static ObjectNode largeSchema() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (int i = 0; i < 40; i++) {
            ObjectNode p = properties.putObject("field" + i);
            switch (i % 4) {
                case 0 -> p.put("type", "string").put("minLength", 1).put("maxLength", 200);
                case 1 -> p.put("type", "integer").put("minimum", 0).put("maximum", 1_000_000);
                case 2 -> p.put("type", "string").put("pattern", "^[a-z]+-[0-9]+$");
                default -> p.put("type", "boolean");
            }
            if (i % 2 == 0) {
                required.add("field" + i);
            }
        }
        ObjectNode items = properties
                .putObject("items")
                .put("type", "array")
                .put("maxItems", 100)
                .putObject("items")
                .put("type", "object")
                .put("additionalProperties", false);
        ObjectNode itemProps = items.putObject("properties");
        itemProps.putObject("sku").put("type", "string").put("pattern", "^[A-Z]{3}-[0-9]{4}$");
        itemProps.putObject("quantity").put("type", "integer").put("minimum", 1);
        itemProps.putObject("price").put("type", "number").put("exclusiveMinimum", 0);
        itemProps.putObject("tags").put("type", "array").putObject("items").put("type", "string");
        items.putArray("required").add("sku").add("quantity");
        schema.put("additionalProperties", false);
        return schema;
    }

    static ObjectNode largeInput() {
        ObjectNode input = JSON.createObjectNode();
        for (int i = 0; i < 40; i++) {
            switch (i % 4) {
                case 0 -> input.put("field" + i, "value " + i);
                case 1 -> input.put("field" + i, i * 1000);
                case 2 -> input.put("field" + i, "abc-" + i);
                default -> input.put("field" + i, i % 3 == 0);
            }
        }
        ArrayNode items = input.putArray("items");
        for (int i = 0; i < 20; i++) {
            ObjectNode item = items.addObject()
                    .put("sku", String.format("ABC-%04d", i))
                    .put("quantity", i + 1)
                    .put("price", 9.99 + i);
            item.putArray("tags").add("a").add("b");
        }
        return input;
    }

    /** Operations {@code noop} (no inputs schema), {@code small} and {@code large}; every one answers at once. */
    static final class SchemaProvider extends ManifestConnector {

        SchemaProvider(String id, JsonNode smallSchema, JsonNode largeSchema) {
            super(manifest(id, smallSchema, largeSchema));
        }

        private static ConnectorManifest manifest(String id, JsonNode smallSchema, JsonNode largeSchema) {
            ServiceOperationApi service = ServiceOperationApi.builder(id).build();
            return new ConnectorManifest(
                    service,
                    List.of(
                            ServiceOperation.builder(service, "noop")
                                    .summary("noop")
                                    .build(),
                            ServiceOperation.builder(service, "small")
                                    .summary("small")
                                    .inputs(smallSchema)
                                    .build(),
                            ServiceOperation.builder(service, "large")
                                    .summary("large")
                                    .inputs(largeSchema)
                                    .build()));
        }

        @Override
        protected CompletionStage<ServiceOperationResponse> invoke(
                String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
            return CompletableFuture.completedFuture(NoopConnector.OK);
        }
    }
}
