package dev.switchboard.triggers.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.triggers.api.DeliveryObserver;

/**
 * The {@link DeliveryObserver} whiteboard: every observer registered is told of each delivered batch. The observers
 * are kept in an array swapped on change, so telling them costs no lock, iterator or allocation; what one throws is
 * caught (logged once per observer) and never reaches the delivery.
 */
@Component(service = DeliveryObservers.class)
public final class DeliveryObservers {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryObservers.class);
    private static final DeliveryObserver[] EMPTY = {};

    /** Observes nothing: for the parts built without the whiteboard (tests). */
    static final DeliveryObservers NONE = new DeliveryObservers();

    private volatile DeliveryObserver[] observers = EMPTY;
    /** The observers whose failure was logged already. */
    private final Set<DeliveryObserver> failed = ConcurrentHashMap.newKeySet();

    @Reference(
            service = DeliveryObserver.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "remove")
    synchronized void add(DeliveryObserver observer, Map<String, Object> properties) {
        DeliveryObserver[] current = observers;
        DeliveryObserver[] more = Arrays.copyOf(current, current.length + 1);
        more[current.length] = observer;
        observers = more;
    }

    synchronized void remove(DeliveryObserver observer) {
        observers = Arrays.stream(observers).filter(o -> o != observer).toArray(DeliveryObserver[]::new);
        failed.remove(observer);
    }

    /**
     * A batch of {@code record}'s was delivered.
     *
     * @param emittedAt when it was stored (epoch ms), 0 when unknown
     */
    void delivered(SubscriptionRecord record, long emittedAt) {
        DeliveryObserver[] current = observers;
        if (current.length == 0) {
            return;
        }
        long latency = emittedAt <= 0 ? -1 : Math.max(0, System.currentTimeMillis() - emittedAt);
        for (DeliveryObserver observer : current) {
            try {
                observer.delivered(record.id(), record.connector(), record.operation(), latency);
            } catch (RuntimeException e) {
                if (failed.add(observer)) {
                    LOG.warn("A delivery observer failed (logged once; delivery goes on): {}", e.toString(), e);
                }
            }
        }
    }
}
