package dev.switchboard.connector.support;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One poll of one subscription, run by a {@link PollScheduler}. A poll must be one bounded step (read a batch, emit
 * it, store the checkpoint): it holds one of the scheduler's few shared threads while it runs.
 */
@ConsumerType
@FunctionalInterface
public interface Poll {

    /**
     * Polls once.
     *
     * @return the milliseconds until the next poll ({@code 0}: again at once, behind the polls already due)
     * @throws Exception a failure the poll did not handle itself: the scheduler logs it and polls again after its
     *         retry delay (a poll that reports its own failures, with a backoff, should catch them)
     */
    long pollOnce() throws Exception;
}
