package dev.switchboard.triggers.internal;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness, critical: the trigger event store can be written. Every emitted batch and checkpoint is committed to the
 * store before it counts, so a store that cannot be written loses nothing but accepts nothing either. The store in
 * use says why it cannot ({@link TriggerStore#problem()}: the embedded one probes its folder, cluster mode's asks the
 * cluster database's state); the answer is public, so where the store is goes to the log only. Registered only while
 * a {@code Subscriptions} component runs (it registers the {@link EventStoreState}).
 */
@Component(
        service = HealthCheck.class,
        immediate = true,
        property = {
            HealthCheck.NAME + "=" + EventStoreCheck.NAME,
            HealthCheck.TAGS + "=" + SubscriptionsResumedCheck.READY_TAG,
            HealthCheck.TAGS + "=" + SubscriptionsResumedCheck.PUBLIC_TAG
        })
public final class EventStoreCheck implements HealthCheck {

    static final String NAME = "Event store writable";
    private static final Logger LOG = LoggerFactory.getLogger(EventStoreCheck.class);

    private final EventStoreState store;
    /** The last problem logged, so that a failing store is logged once per change, not on every probe. */
    private volatile String logged;

    @Activate
    public EventStoreCheck(@Reference EventStoreState store) {
        this.store = store;
    }

    @Override
    public Result execute() {
        String problem = store.storeProblem();
        if (problem == null) {
            if (logged != null) {
                LOG.info("The trigger store ({}) accepts writes again", store.storeLocation());
                logged = null;
            }
            return new Result(Result.Status.OK, "the trigger store accepts writes");
        }
        if (!problem.equals(logged)) {
            LOG.warn("The trigger store ({}) cannot be written: {}", store.storeLocation(), problem);
            logged = problem;
        }
        return new Result(
                Result.Status.CRITICAL,
                "the trigger store cannot be written (" + problem + "); the log says where it is");
    }
}
