package dev.switchboard.host.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told about every call the host's dispatcher makes to an operation of an ACTIVE connector version, for metrics.
 * <p>
 * The dispatcher asks for the {@link CallMeter} of a connector version's operation once (when a call first resolves
 * to it) and keeps it with that version's registration, so a call costs one {@link CallMeter#ended} and no lookup by
 * name. Calls that resolve to no operation (unknown connector, version or operation) are not reported: their ids come
 * from the caller and would make the set of meters unbounded.
 *
 * @since 1.4.0
 */
@ConsumerType
public interface InvocationListener {

    /**
     * The meter for calls to {@code operationId} of {@code connectorId@version}; called at most once per connector
     * version registration and operation (again after the listener service changed).
     *
     * @return the meter, never {@code null}
     */
    CallMeter meter(String connectorId, String version, String operationId);

    /** Counts the calls of one operation of one connector version. */
    @ConsumerType
    interface CallMeter {

        /**
         * One call ended: on the thread that completed it (the caller's, a connector thread or the timeout sweep),
         * exactly once per call. Must not block; should not allocate.
         *
         * @param outcome       how it ended
         * @param durationNanos from the moment the host accepted the call to its answer (waiting for a connector
         *                      thread included)
         */
        void ended(CallOutcome outcome, long durationNanos);
    }
}
