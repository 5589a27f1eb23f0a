package dev.switchboard.connector.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable string state of one subscription, such as the last key or time a binding has emitted up to.
 * <p>
 * Call {@link #put} only after the events it covers were emitted (their stage completed): they are then stored, so a
 * binding that resumes from it after a restart or a hot-swap loses nothing and reads nothing twice. The host reports
 * a checkpoint as committed (in the subscription's {@code checkpoint}) only once every event emitted before the
 * {@code put} has been delivered or dead-lettered. A binding keeps its position in memory while it runs and reads
 * {@link #get} when it starts.
 */
@ProviderType
public interface CheckpointStore {

    /** Where to resume: the last checkpoint put (its events are stored), {@code null} when there is none yet. */
    String get();

    /** Records how far the binding has emitted; committed once the events emitted so far are delivered. */
    void put(String checkpoint);
}
