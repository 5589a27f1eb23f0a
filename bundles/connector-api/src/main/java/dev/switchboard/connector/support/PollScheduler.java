package dev.switchboard.connector.support;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's one scheduler on which the polling triggers of every connector run, as a DS service: reference it
 * (mandatory, static) instead of starting a thread, or a pool, per subscription or per connector. Modelled on the
 * shared executor of Apache Felix Health Checks.
 * <p>
 * The contract every implementation keeps:
 * <ul>
 * <li>a subscription's first poll runs at once, the next one the number of milliseconds its poll returned later;
 * polls of one subscription never overlap;</li>
 * <li>a poll that throws is logged and polled again after a retry delay; it never stops its subscription, nor
 * others;</li>
 * <li>the threads are few and bounded, and they are shared: a poll that blocks or hangs holds one of them, never
 * more, so it delays the others only once every thread is busy; the host's implementation interrupts a poll that
 * overruns its time limit and, while such a poll still refuses to end, runs the others on a bounded number of
 * spare threads (its documentation gives the figures);</li>
 * <li>{@link Polling#close()} stops one subscription; a connector closes its subscriptions when it stops
 * ({@link Pollers#closeAll()}). Polls still running when the scheduler itself stops are interrupted.</li>
 * </ul>
 */
@ProviderType
public interface PollScheduler {

    /** How long {@link Polling#close()} waits for a poll in flight, in milliseconds. */
    long CLOSE_WAIT_MS = 10_000;

    /**
     * Polls at once, then as each poll says, until the returned handle is closed.
     *
     * @param name who polls, for logs and thread dumps (the binding type and subscription, say); never a secret
     * @param poll one poll
     * @return the handle that stops the polls
     */
    Polling start(String name, Poll poll);
}
