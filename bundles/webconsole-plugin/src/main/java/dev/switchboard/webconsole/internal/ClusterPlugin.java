package dev.switchboard.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.switchboard.cluster.api.ClusterMembership;

/**
 * The "Cluster" page of the Web Console ({@code /system/console/cluster}): this node, the cluster database's state,
 * and every node with its state, URL, last heartbeat, subscriptions, catalog revision and deployments, as
 * {@code GET /api/cluster} shows them. Standalone it says so; in cluster mode before the node has joined, it says the
 * cluster database cannot be reached yet (readiness names the reason).
 */
@Component(
        service = Servlet.class,
        property = {
            ServletConstants.PLUGIN_LABEL + "=" + ClusterPlugin.LABEL,
            ServletConstants.PLUGIN_TITLE + "=Cluster",
            ServletConstants.PLUGIN_CATEGORY + "=Switchboard"
        })
public final class ClusterPlugin extends AbstractServlet {

    static final String LABEL = "cluster";

    private static final long serialVersionUID = 1L;

    /**
     * The cluster bundle's {@link ClusterMembership}, once this node has joined. {@code Object} on purpose: the
     * import of its package is optional (see {@code ConnectorsPlugin}); {@link ClusterTable} casts it.
     */
    @Reference(
            service = ClusterMembership.class,
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    private transient volatile Object membership;

    private final boolean clusterMode;

    @Activate
    public ClusterPlugin(BundleContext context) {
        this.clusterMode = Boolean.parseBoolean(context.getProperty("switchboard.cluster"));
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = response.getWriter();
        Object joined = membership;
        if (joined != null) {
            out.write(ClusterTable.html(joined));
        } else if (clusterMode) {
            out.write("<h2>Cluster</h2><p class=\"ui-state-error\">This node runs in cluster mode but has not joined "
                    + "the cluster database yet: it cannot reach it, or is migrating its schema. It retries with "
                    + "backoff; <a href=\"hc\">Health Check</a> (tag <code>ready</code>) and "
                    + "<code>GET /api/health/ready</code> name the database and the reason.</p>");
        } else {
            out.write("<h2>Cluster</h2><p>This node runs standalone. Set <code>SWITCHBOARD_CLUSTER_URL</code> "
                    + "(a PostgreSQL JDBC URL) on every node to run them as one cluster: see docs/cluster.md.</p>");
        }
    }
}
