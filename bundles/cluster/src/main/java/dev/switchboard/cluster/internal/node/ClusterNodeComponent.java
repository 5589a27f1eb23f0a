package dev.switchboard.cluster.internal.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.cluster.api.ClusterMembership;
import dev.switchboard.cluster.internal.replication.ReplicationStatus;

/**
 * This node in cluster mode (PID {@value #PID}, whose {@code url} is {@code SWITCHBOARD_CLUSTER_URL}): a HikariCP pool
 * on the shared PostgreSQL database, the schema migrated, the heartbeat, and the {@link ClusterMembership} service,
 * registered here in code once the database is reachable and migrated (retried with backoff meanwhile), so that
 * bundles waiting for it never run against a database that is not there. The readiness check is registered at once.
 * With an empty URL this component does nothing: the node runs standalone.
 */
@Component(
        configurationPid = ClusterNodeComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = ClusterConfiguration.class)
public final class ClusterNodeComponent {

    static final String PID = "dev.switchboard.cluster";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNodeComponent.class);

    /**
     * The longest a statement on the cluster database may wait for an answer: every statement of the cluster and
     * trigger stores is a short one, so 10 s means the network is gone (the connection is then closed and replaced).
     */
    static final int SOCKET_TIMEOUT_SECONDS = 10;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ReplicationStatus replication;

    private final BundleContext context;
    private final HikariDataSource pool;
    private final Heartbeat heartbeat;
    private final ServiceRegistration<HealthCheck> readiness;
    private volatile ServiceRegistration<ClusterMembership> membership;
    private volatile boolean active = true;

    @Activate
    public ClusterNodeComponent(BundleContext context, ClusterConfiguration config) throws IOException {
        this.context = context;
        String url = config.url().trim();
        if (url.isEmpty()) {
            LOG.debug("Cluster mode is off (no SWITCHBOARD_CLUSTER_URL)");
            this.pool = null;
            this.heartbeat = null;
            this.readiness = null;
            return;
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("SWITCHBOARD_CLUSTER_URL must be a PostgreSQL JDBC URL "
                    + "(jdbc:postgresql://host:5432/database), not '" + NodeIdentity.describe(url) + "'");
        }
        if (config.heartbeat_ms() < 100 || config.node_timeout_ms() < 2 * config.heartbeat_ms()) {
            throw new IllegalArgumentException("Cluster heartbeat.ms must be at least 100 and node.timeout.ms at least "
                    + "twice heartbeat.ms (have " + config.heartbeat_ms() + " and " + config.node_timeout_ms() + ")");
        }
        String home = context.getProperty("switchboard.home");
        String self = NodeIdentity.id(config.node_id(), Path.of(home == null ? "." : home));
        String nodeUrl = NodeIdentity.url(config.node_url(), context.getProperty("org.osgi.service.http.port"));
        String database = NodeIdentity.describe(url);
        this.pool = pool(url, config, self);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-cluster-heartbeat");
            t.setDaemon(true);
            return t;
        });
        this.heartbeat = new Heartbeat(
                pool,
                database,
                self,
                nodeUrl,
                config.heartbeat_ms(),
                config.node_timeout_ms(),
                () -> replication,
                this::register,
                scheduler);
        Dictionary<String, Object> check = new Hashtable<>();
        check.put(HealthCheck.NAME, ClusterReadiness.NAME);
        check.put(HealthCheck.TAGS, new String[] {"ready", "switchboard"});
        this.readiness = context.registerService(
                HealthCheck.class, new ClusterReadiness(heartbeat, () -> replication, self), check);
        LOG.info("Cluster mode: node {} ({}) on the cluster database {}", self, nodeUrl, database);
        heartbeat.start();
    }

    private static HikariDataSource pool(String url, ClusterConfiguration config, String self) {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url);
        if (!config.user().isBlank()) {
            postgres.setUser(config.user().trim());
        }
        if (!config.password().isEmpty()) {
            postgres.setPassword(config.password());
        }
        postgres.setApplicationName("switchboard " + self);
        // without these the driver waits for ever on a network that drops packets (its defaults: connect 10 s,
        // socket none): a heartbeat, a lease pass or a REST call on /api/cluster would hang with it
        long connectionTimeout = connectionTimeout(config);
        postgres.setConnectTimeout((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(connectionTimeout)));
        postgres.setLoginTimeout((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(connectionTimeout)));
        postgres.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
        postgres.setTcpKeepAlive(true);
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(postgres);
        hikari.setPoolName("switchboard-cluster");
        hikari.setMaximumPoolSize(8);
        hikari.setMinimumIdle(1);
        // the pool starts although the database is down: the heartbeat retries, the node keeps serving
        hikari.setInitializationFailTimeout(-1);
        hikari.setConnectionTimeout(connectionTimeout);
        hikari.setValidationTimeout(250);
        return new HikariDataSource(hikari);
    }

    /** How long a caller waits for a connection: twice the heartbeat, between 250 ms and 5 s (2 s by default). */
    static long connectionTimeout(ClusterConfiguration config) {
        return Math.max(250, Math.min(config.heartbeat_ms() * 2, 5000));
    }

    /**
     * Registers the membership on a thread of its own: the components waiting for it (trigger store, replication)
     * activate during the registration, and their start must not hold up the heartbeat.
     */
    private void register(DatabaseMembership joined) {
        Thread registration = new Thread(() -> publish(joined), "switchboard-cluster-join");
        registration.setDaemon(true);
        registration.start();
    }

    /** Outside the lock: SCR activates the dependents during the registration (no lock held across it). */
    private void publish(DatabaseMembership joined) {
        if (!active) {
            return;
        }
        ServiceRegistration<ClusterMembership> registered;
        try {
            registered = context.registerService(ClusterMembership.class, joined, null);
        } catch (IllegalStateException e) {
            return; // the bundle is stopping
        }
        synchronized (this) {
            if (active) {
                membership = registered;
                return;
            }
        }
        unregister(registered); // deactivated meanwhile
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            active = false;
            if (membership != null) {
                unregister(membership);
                membership = null;
            }
        }
        if (readiness != null) {
            unregister(readiness);
        }
        if (heartbeat != null) {
            heartbeat.stop();
        }
        if (pool != null) {
            pool.close();
        }
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // the bundle is stopping: already gone
        }
    }
}
