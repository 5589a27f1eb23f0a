package dev.switchboard.connector.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable string state of one subscription, such as the last key or time a binding has emitted up to.
 * <p>
 * {@link #put} is staged: the checkpoint becomes the committed one, the one {@link #get} returns after a restart or a
 * hot-swap, only once every event emitted before the {@code put} has been delivered (or dead-lettered). A binding
 * therefore keeps its position in memory while it runs and reads {@link #get} when it starts.
 */
@ProviderType
public interface CheckpointStore {

    /** The committed checkpoint, {@code null} when there is none yet. */
    String get();

    /** Records how far the binding has emitted, to be committed after the events emitted so far are delivered. */
    void put(String checkpoint);
}
