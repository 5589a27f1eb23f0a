package dev.switchboard.triggers.internal;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enables the one {@link dev.switchboard.triggers.api.Subscriptions} implementation this host uses: the standalone
 * {@link SubscriptionManager} (embedded store in the host's home), or {@link ClusterSubscriptions} when the launcher
 * set the framework property {@code switchboard.cluster=true} (SWITCHBOARD_CLUSTER_URL given). Both components are
 * disabled until this one enables one of them, so a cluster node never opens the embedded store.
 */
@Component(immediate = true, service = TriggersMode.class)
public final class TriggersMode {

    static final String CLUSTER_PROPERTY = "switchboard.cluster";

    private static final Logger LOG = LoggerFactory.getLogger(TriggersMode.class);

    @Activate
    public TriggersMode(ComponentContext context) {
        boolean cluster = Boolean.parseBoolean(context.getBundleContext().getProperty(CLUSTER_PROPERTY));
        String component = cluster ? ClusterSubscriptions.class.getName() : SubscriptionManager.class.getName();
        LOG.debug("Triggers: {} mode ({})", cluster ? "cluster" : "standalone", component);
        context.enableComponent(component);
    }
}
