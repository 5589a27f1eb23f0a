package dev.switchboard.triggers.internal;

/**
 * The state of the trigger store the running {@code Subscriptions} component uses, for {@link EventStoreCheck}:
 * registered by {@link SubscriptionManager} (its embedded store) or {@link ClusterSubscriptions} (the cluster
 * database, or why it has none yet), whichever {@link TriggersMode} enabled.
 */
public interface EventStoreState {

    /** See {@link TriggerStore#problem()}: {@code null} when the store takes writes, else why not (no path, no host). */
    String storeProblem();

    /** See {@link TriggerStore#location()}: for the log only. */
    String storeLocation();

    /** The state of {@code store}. */
    static EventStoreState of(TriggerStore store) {
        return new EventStoreState() {
            @Override
            public String storeProblem() {
                return store.problem();
            }

            @Override
            public String storeLocation() {
                return store.location();
            }
        };
    }
}
