package dev.switchboard.connector.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.connector.api.CheckpointStore;
import dev.switchboard.connector.api.EventSink;
import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.connector.api.TriggerContext;

/**
 * Runs one subscription of a {@link TriggerBinding} as the host does, in memory: {@link #create()} calls
 * {@link TriggerBinding#startPosition} and stores its answer as the first checkpoint (the host does this before
 * {@code POST /api/subscriptions} answers), {@link #start()} starts the binding with a recording sink (every emitted
 * batch is stored at once, in order) and in-memory checkpoints, and {@link #restart()} closes it and starts it again
 * from the last checkpoint, like a host restart or a hot-swap. Close it (try-with-resources) to stop the binding.
 * <pre>{@code
 * try (TriggerHarness trigger = TriggerHarness.of(new FolderBinding())
 *         .inputs("{\"folder\":\"" + dir + "\"}").create().start()) {
 *     Files.writeString(dir.resolve("a.txt"), "x");
 *     trigger.awaitEvents(1, Duration.ofSeconds(5));
 *     trigger.restart();                 // resumes from the checkpoint: a.txt is not emitted again
 * }
 * }</pre>
 */
public final class TriggerHarness implements AutoCloseable {

    private final TriggerBinding binding;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final List<JsonNode> events = new ArrayList<>();
    /** Guarded by {@link #lock}. */
    private final List<String> checkpointHistory = new ArrayList<>();
    /** Guarded by {@link #lock}. */
    private String checkpoint;
    /** Guarded by {@link #lock}. */
    private String failing;
    /** Guarded by {@link #lock}: bumped by each start, so a closed run's late emits are refused. */
    private int run;
    /** Guarded by {@link #lock}. */
    private RuntimeException refuseWith;

    private String subscriptionId = "test-subscription";
    private String connectorId = "test";
    private String operationId = "trigger";
    private String connectionInformation;
    private JsonNode inputs = JsonNodeFactory.instance.objectNode();
    private JsonNode triggerDefinition = JsonNodeFactory.instance.objectNode();
    private AutoCloseable running;

    private TriggerHarness(TriggerBinding binding) {
        this.binding = binding;
    }

    /** A harness for {@code binding}, with empty inputs and definition; nothing runs yet. */
    public static TriggerHarness of(TriggerBinding binding) {
        return new TriggerHarness(binding);
    }

    /** The trigger's inputs as JSON text (an object), as the subscription would carry them. */
    public TriggerHarness inputs(String json) {
        try {
            return inputs(new ObjectMapper().readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the inputs are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public TriggerHarness inputs(JsonNode json) {
        this.inputs = json;
        return this;
    }

    /** What the connector's {@code getBindingConnectionInformation} would return. */
    public TriggerHarness connectionInformation(String value) {
        this.connectionInformation = value;
        return this;
    }

    /** What the connector's {@code getFunctionTriggerDefinition} would return. */
    public TriggerHarness triggerDefinition(JsonNode definition) {
        this.triggerDefinition = definition;
        return this;
    }

    /** The connector id, operation and subscription id the context reports. */
    public TriggerHarness names(String connector, String operation, String subscription) {
        this.connectorId = connector;
        this.operationId = operation;
        this.subscriptionId = subscription;
        return this;
    }

    /** Starts from this checkpoint instead of asking {@link TriggerBinding#startPosition}. */
    public TriggerHarness checkpoint(String value) {
        synchronized (lock) {
            checkpoint = value;
        }
        return this;
    }

    /**
     * Creates the subscription: calls {@link TriggerBinding#startPosition} (its sink refuses events, its checkpoints
     * are empty, as in the host) and keeps its answer as the first checkpoint.
     *
     * @throws Exception what {@code startPosition} threw: the host would refuse to create the subscription
     */
    public TriggerHarness create() throws Exception {
        String position = binding.startPosition(new Context(-1, true));
        synchronized (lock) {
            checkpoint = position;
            if (position != null) {
                checkpointHistory.add(position);
            }
        }
        return this;
    }

    /**
     * Starts the binding.
     *
     * @throws Exception what {@code start} threw: the host would show the subscription FAILED with its message
     */
    public TriggerHarness start() throws Exception {
        if (running != null) {
            throw new IllegalStateException("already started: call restart() or close() first");
        }
        int current;
        synchronized (lock) {
            current = ++run;
        }
        running = binding.start(new Context(current, false));
        if (running == null) {
            throw new AssertionError(binding.getClass().getName() + ".start returned null: return what stops it");
        }
        return this;
    }

    /** Closes the running binding and starts it again from the last checkpoint. */
    public TriggerHarness restart() throws Exception {
        stop();
        return start();
    }

    /** Closes the running binding; after this no emit is recorded. */
    public void stop() throws Exception {
        AutoCloseable current = running;
        running = null;
        synchronized (lock) {
            run++;
        }
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /** From now on, emits fail with {@code failure} ({@code null}: accept again), as when the event store is full. */
    public void refuseEmits(RuntimeException failure) {
        synchronized (lock) {
            refuseWith = failure;
        }
    }

    /** Every event recorded so far, in order. */
    public List<JsonNode> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    /**
     * Waits until at least {@code count} events were recorded in all.
     *
     * @return the events recorded so far
     * @throws AssertionError after {@code timeout}, with what was recorded
     */
    public List<JsonNode> awaitEvents(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (events.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " event(s) within " + timeout.toMillis()
                            + " ms, got " + events.size() + ": " + events
                            + (failing != null ? "; the binding reports failing: " + failing : ""));
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(events);
        }
    }

    /** The last checkpoint put (or the start position), {@code null} when none. */
    public String checkpoint() {
        synchronized (lock) {
            return checkpoint;
        }
    }

    /** Every checkpoint put, in order, the start position first. */
    public List<String> checkpoints() {
        synchronized (lock) {
            return List.copyOf(checkpointHistory);
        }
    }

    /** What the binding last reported with {@link TriggerContext#failing}, {@code null} once it recovered. */
    public String failingReason() {
        synchronized (lock) {
            return failing;
        }
    }

    private final class Context implements TriggerContext {
        private final int runId;
        private final boolean creating;

        Context(int runId, boolean creating) {
            this.runId = runId;
            this.creating = creating;
        }

        @Override
        public String subscriptionId() {
            return subscriptionId;
        }

        @Override
        public String connectorId() {
            return connectorId;
        }

        @Override
        public String operationId() {
            return operationId;
        }

        @Override
        public String connectionInformation() {
            return connectionInformation;
        }

        @Override
        public JsonNode inputs() {
            return inputs.deepCopy();
        }

        @Override
        public JsonNode triggerDefinition() {
            return triggerDefinition.deepCopy();
        }

        @Override
        public EventSink sink() {
            return this::emit;
        }

        private CompletionStage<Void> emit(List<JsonNode> batch) {
            synchronized (lock) {
                if (creating) {
                    return CompletableFuture.failedFuture(
                            new IllegalStateException("startPosition must not emit: nothing runs yet"));
                }
                if (runId != run) {
                    return CompletableFuture.failedFuture(new IllegalStateException(
                            "the subscription is no longer running (the binding was closed)"));
                }
                if (refuseWith != null) {
                    return CompletableFuture.failedFuture(refuseWith);
                }
                for (JsonNode event : batch) {
                    events.add(event.deepCopy());
                }
                lock.notifyAll();
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CheckpointStore checkpoints() {
            return new CheckpointStore() {
                @Override
                public String get() {
                    synchronized (lock) {
                        return creating ? null : checkpoint;
                    }
                }

                @Override
                public void put(String value) {
                    synchronized (lock) {
                        if (creating || runId != run) {
                            return;
                        }
                        checkpoint = value;
                        checkpointHistory.add(value);
                    }
                }
            };
        }

        @Override
        public void failing(String reason) {
            synchronized (lock) {
                failing = reason;
            }
        }

        @Override
        public void recovered() {
            synchronized (lock) {
                failing = null;
            }
        }
    }
}
