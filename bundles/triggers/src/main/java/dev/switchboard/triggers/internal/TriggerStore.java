package dev.switchboard.triggers.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.switchboard.triggers.api.Backlog;

/**
 * The durable state of every subscription: the subscriptions themselves, the event batches stored and not yet
 * delivered, the dead-lettered ones, counters and checkpoints. {@link EmbeddedTriggerStore} keeps them in a file of
 * the host's home; cluster mode keeps them in PostgreSQL. Every implementation passes {@code TriggerStoreContract}
 * (the unit tests), which is the precise statement of what follows.
 * <ul>
 * <li>Every change is durable before the method returns (except what {@code fsync} off gives up: see
 * {@link #sync}), so what a method reported as stored survives the process being killed.</li>
 * <li>Batches of a subscription are numbered 1, 2, ... in the order they are appended and handed out oldest first;
 * one leaves the pending ones only once {@link #delivered} or {@link #deadLetter dead-lettered}.</li>
 * <li>Checkpoints are staged: {@link #stageCheckpoint} remembers the value with the number of the last batch stored
 * so far, and it becomes the committed {@link #checkpoint} once no batch up to that number is pending any more.
 * {@link #resumePosition} is where a binding resumes: the last staged value, else the committed one.</li>
 * <li>Each subscription's share is bounded ({@link StoreLimits}): {@link #append} refuses a batch with
 * {@link StoreFullException} once the subscription holds {@code maxBatches} batches or the batch would take it over
 * {@code maxBytes} (unless nothing is pending: a single batch larger than the byte bound is not stuck for ever), and
 * only the newest {@code deadLettersKept} dead letters are kept (all are counted).</li>
 * </ul>
 * Methods are safe to call from any thread.
 */
interface TriggerStore extends AutoCloseable {

    /**
     * A stored batch waiting for delivery.
     *
     * @param eventsJson its events as the UTF-8 JSON of an array, as appended (delivered as is, never parsed again;
     *                   not to be changed by the caller)
     * @param emittedAt  when it was appended (epoch ms, the appending node's clock); 0 for a batch stored before the
     *                   stores kept it (its delivery latency is unknown)
     */
    record Batch(long sequence, byte[] eventsJson, int attempts, long nextAttemptAt, String lastError, long emittedAt) {

        private static final ObjectMapper MAPPER = new ObjectMapper();

        /** The events parsed (a new array on each call). */
        ArrayNode events() {
            try {
                return (ArrayNode) MAPPER.readTree(eventsJson);
            } catch (IOException | ClassCastException e) {
                throw new IllegalStateException("corrupt batch in the trigger store", e);
            }
        }
    }

    /** Every subscription, in no particular order. */
    Map<String, SubscriptionRecord> subscriptions();

    /**
     * Stores a subscription together with its first checkpoint (where it starts), in one commit: once this returns,
     * a restart resumes from there. {@code firstCheckpoint} is ignored when it is {@code null} or when the
     * subscription already has a position (staged or committed): a start is never moved.
     */
    void saveSubscription(SubscriptionRecord record, String firstCheckpoint);

    default void saveSubscription(SubscriptionRecord record) {
        saveSubscription(record, null);
    }

    /** Removes the subscription and everything stored for it. */
    void deleteSubscription(String id);

    /**
     * Stores a batch and returns its sequence number.
     *
     * @param eventsJson the UTF-8 JSON of an array of events (kept as given: not to be changed afterwards)
     * @throws StoreFullException    when the subscription's bounds leave no room for it (counted as refused)
     * @throws IllegalStateException when the subscription does not exist (any more)
     */
    long append(String id, byte[] eventsJson);

    default long append(String id, ArrayNode events) {
        return append(id, events.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The oldest pending batch, {@code null} when none. */
    Batch firstPending(String id);

    long pendingCount(String id);

    /** The subscription's share of the store against its bounds. */
    Backlog backlog(String id);

    /** The batch leaves the pending ones and counts as delivered; the checkpoint advances as far as it can. */
    void delivered(String id, long sequence);

    /** Records a failed attempt: the batch stays first, due again at {@code nextAttemptAt} (epoch ms). */
    void retryLater(String id, long sequence, int attempts, long nextAttemptAt, String error);

    /** The batch is given up: kept among the dead letters, no longer pending. */
    void deadLetter(String id, long sequence, int attempts, String error);

    /** The dead-lettered batches kept: {@code [{sequence, attempts, lastError, deadLetteredAt, events}]}. */
    ArrayNode deadLetters(String id);

    /** Batches dead-lettered so far, including those no longer kept. */
    long deadCount(String id);

    /** Batches appended so far. */
    long emitted(String id);

    /** Batches delivered so far. */
    long deliveredCount(String id);

    /** The last delivery failure, {@code null} once a batch is delivered again. */
    String lastError(String id);

    /** The committed checkpoint, {@code null} when none. */
    String checkpoint(String id);

    /** Where a binding resumes: the last value staged, else the committed checkpoint. */
    String resumePosition(String id);

    /** Stages {@code value} behind every batch stored so far (committed at once when none is pending). */
    void stageCheckpoint(String id, String value);

    StoreLimits limits();

    /** New bounds, in force from the next append (what is stored beyond them stays until delivered). */
    void limits(StoreLimits limits);

    /**
     * Why the store cannot take writes now, {@code null} when it can: the answer of the readiness check "Event store
     * writable" ({@link EventStoreCheck}), which is public, so it names no host, path or credential.
     */
    String problem();

    /** Where the store keeps its data, for the log only (a folder, or "the cluster database"). */
    String location();

    /** Whether stored batches are also forced to disk (from the next commit on); an implementation may ignore it. */
    void sync(boolean sync);

    @Override
    void close();
}
