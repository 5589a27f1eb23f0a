package dev.switchboard.triggers.api;

/** Whether a subscription's trigger is listening. */
public enum SubscriptionState {
    /** Its binding runs and emits events. */
    ACTIVE,
    /** It cannot start yet (connector, version or binding missing); the reason says what it waits for. */
    WAITING,
    /** Its binding refused to start or stopped with an error; retried from time to time. */
    FAILED,
    /**
     * Its binding runs but cannot read its source now (the database is unreachable, say); the reason says why. The
     * binding retries with a backoff and the subscription is ACTIVE again once it can read. Since 1.2.0.
     */
    FAILING
}
