package dev.switchboard.connector.testkit;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.connector.api.CheckpointStore;
import dev.switchboard.connector.api.EventSink;
import dev.switchboard.connector.api.TriggerContext;

/**
 * One subscription's context for a unit test that starts a {@code TriggerBinding} itself: its sink keeps every event
 * and its checkpoints are in memory, and it records what the binding did in order ({@code emit <n>}, {@code put
 * <value>}), whether it read its start position, and what it reported as failing. Unlike {@link TriggerHarness} it
 * drives nothing: the test calls {@code start} and {@code startPosition} with it, as many times as it likes.
 * <pre>{@code
 * RecordingTriggerContext ctx = RecordingTriggerContext.of("sql", "whenRowInserted", info, inputs, null);
 * try (AutoCloseable handle = connector.start(ctx)) {
 *     ...
 *     assertEquals("emit 2", ctx.log().get(1));
 * }
 * }</pre>
 * Safe to read from the test's thread while the binding's threads write.
 */
public final class RecordingTriggerContext implements TriggerContext, EventSink, CheckpointStore {

    private final String connectorId;
    private final String operationId;
    private final String connectionInformation;
    private final JsonNode inputs;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Long> failureTimes = new CopyOnWriteArrayList<>();
    private volatile String checkpoint;
    private volatile boolean positioned;
    private final AtomicInteger recoveries = new AtomicInteger();
    /** What emits answer instead of keeping the events; {@code null}: kept and answered at once. */
    private volatile CompletableFuture<Void> heldEmits;

    private RecordingTriggerContext(
            String connectorId, String operationId, String connectionInformation, JsonNode inputs, String checkpoint) {
        this.connectorId = connectorId;
        this.operationId = operationId;
        this.connectionInformation = connectionInformation;
        this.inputs = inputs == null ? JsonNodeFactory.instance.objectNode() : inputs;
        this.checkpoint = checkpoint;
    }

    /**
     * @param connectionInformation what the connector's {@code getBindingConnectionInformation} returned
     * @param checkpoint            the stored checkpoint to start from, {@code null} for none
     */
    public static RecordingTriggerContext of(
            String connectorId, String operationId, String connectionInformation, JsonNode inputs, String checkpoint) {
        return new RecordingTriggerContext(connectorId, operationId, connectionInformation, inputs, checkpoint);
    }

    @Override
    public String subscriptionId() {
        return "test-subscription";
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
        return inputs;
    }

    @Override
    public JsonNode triggerDefinition() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public EventSink sink() {
        return this;
    }

    @Override
    public CheckpointStore checkpoints() {
        return this;
    }

    @Override
    public CompletableFuture<Void> emit(List<JsonNode> batch) {
        log.add("emit " + batch.size()); // first: a test that saw the events may read the log at once
        CompletableFuture<Void> held = heldEmits;
        if (held != null) {
            return held;
        }
        events.addAll(batch);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public String get() {
        positioned = true;
        return checkpoint;
    }

    @Override
    public void put(String value) {
        log.add("put " + value);
        checkpoint = value;
    }

    @Override
    public void failing(String reason) {
        failures.add(reason);
        failureTimes.add(System.nanoTime());
    }

    @Override
    public void recovered() {
        recoveries.incrementAndGet();
    }

    /**
     * From now on an emit is logged but its events are not kept, and it is answered with {@code answer}: a future
     * never completed is an event store that does not answer, a failed one a store that refuses.
     */
    public RecordingTriggerContext answerEmitsWith(CompletableFuture<Void> answer) {
        heldEmits = answer;
        return this;
    }

    /** Every event emitted so far, in order. */
    public List<JsonNode> events() {
        return Collections.unmodifiableList(events);
    }

    /** What the binding did, in order: {@code emit <batch size>} and {@code put <checkpoint>}. */
    public List<String> log() {
        return Collections.unmodifiableList(log);
    }

    /** The last checkpoint put, else the one it started from. */
    public String checkpoint() {
        return checkpoint;
    }

    /** Whether the binding has read its checkpoint (its start position) yet. */
    public boolean positioned() {
        return positioned;
    }

    /** Each reason reported with {@link #failing}, in order. */
    public List<String> failures() {
        return Collections.unmodifiableList(failures);
    }

    /** When each {@link #failures() failure} was reported, in {@link System#nanoTime()}. */
    public List<Long> failureTimes() {
        return Collections.unmodifiableList(failureTimes);
    }

    /** How many times the binding reported it {@link #recovered()}. */
    public int recoveries() {
        return recoveries.get();
    }
}
