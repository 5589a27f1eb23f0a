package dev.switchboard.connector.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs one kind of trigger: the Switchboard twin of an Azure Functions trigger binding. Registered as an OSGi service
 * by a connector bundle (or the host) for the binding type that {@link ServiceOperationsTriggerProvider#getFunctionTriggerType()}
 * names; the host starts one listener per subscription whose trigger operation uses that type.
 * <p>
 * Delivery is at-least-once: a binding emits events through {@link TriggerContext#sink()}, waits for the returned
 * stage (it completes once the events are durably stored), then records how far it got with
 * {@link TriggerContext#checkpoints()}. After a restart or a hot-swap it resumes from {@link CheckpointStore#get()}.
 */
@ConsumerType
public interface TriggerBinding {

    /** The binding type this service runs, for example {@code "sqlRowTrigger"}, {@code "timer"}. */
    String type();

    /**
     * Starts listening for one subscription. Must return promptly: poll or wait on a thread of the binding's own.
     *
     * @return closed by the host when the subscription is deleted, its connector or this binding goes away, or the
     *         host stops; after {@code close()} returns the binding must not emit for this context any more
     * @throws Exception when the subscription cannot start (the subscription is reported FAILED with the message)
     */
    AutoCloseable start(TriggerContext context) throws Exception;

    /**
     * Fixes where a new subscription starts, when it is created: the host calls this once, before
     * {@code POST /api/subscriptions} answers, and stores the returned value as the subscription's first checkpoint
     * together with the subscription. {@link #start} then finds it in {@link CheckpointStore#get()}, after a restart
     * too, so events that happen between the answer and the first poll (or while the host is down) are not skipped.
     * The value means "after everything there is now" (or "from the beginning" when the inputs ask for what exists
     * already), in the binding's own checkpoint format. Reading the source here is expected (the current maximum
     * key, the folder's files); it must be bounded in time. The context's {@link TriggerContext#sink() sink} refuses
     * events and its {@link TriggerContext#checkpoints() checkpoints} are empty: nothing runs yet.
     * <p>
     * The default returns {@code null}: the binding has no position to fix, and takes one in {@link #start} as it
     * did before 1.3.0.
     *
     * @return the initial checkpoint, or {@code null} for none
     * @throws Exception when the source cannot be read now: the subscription is not created, and the caller is told
     *                   why (a {@link ServiceOperationException}'s status and message are passed on; other messages
     *                   are not, as they may carry connection details). Since 1.3.0.
     */
    default String startPosition(TriggerContext context) throws Exception {
        return null;
    }
}
