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
}
