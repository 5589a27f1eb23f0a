package dev.switchboard.connector.support;

import org.osgi.annotation.versioning.ProviderType;

/** The polls of one subscription, as {@link PollScheduler#start} started them. */
@ProviderType
public interface Polling extends AutoCloseable {

    /**
     * Stops polling: no poll starts after this returns. A poll in flight is interrupted and waited for, bounded by
     * {@link PollScheduler#CLOSE_WAIT_MS}. Closing twice does nothing more.
     */
    @Override
    void close();

    /** Whether {@link #close()} was called (a poll may check it to stay quiet about failures caused by closing). */
    boolean isClosed();
}
