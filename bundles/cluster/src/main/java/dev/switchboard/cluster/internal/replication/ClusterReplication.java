package dev.switchboard.cluster.internal.replication;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.cluster.api.ClusterMembership;
import dev.switchboard.crypto.api.SecretCipher;
import dev.switchboard.host.api.DeploymentInventory;

/**
 * Replication in cluster mode: active only while {@link ClusterMembership} is registered (cluster mode, database
 * reachable and migrated). Runs the deploy-folder and configuration replicators on one thread: the cluster's changes
 * are read every {@code sync.ms / 2}, the deploy folder scanned every {@code sync.ms}. Reports how far this node is ({@link ReplicationStatus}): converged once the start-up exchange
 * of both is done, FileInstall has taken the files (no deploy-folder file PENDING or INSTALLED) and this node's
 * encryption key is the cluster's.
 */
@Component(
        service = {ReplicationStatus.class, ConfigurationListener.class},
        immediate = true,
        configurationPid = ReplicationConfiguration.PID)
@Designate(ocd = ReplicationConfiguration.class)
public final class ClusterReplication implements ReplicationStatus, ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterReplication.class);
    private static final String DEPLOY_FOLDER_PROPERTY = "felix.fileinstall.dir";
    /** Ten FileInstall polls at the shipped 100 ms: after it, a file written from the cluster shows as a deployment. */
    static final long FILEINSTALL_GRACE_MS = 1_000;

    private static final String HOME_PROPERTY = "switchboard.home";
    private static final String KEY_FILE_PROPERTY = "dev.switchboard.crypto.key.file";

    private final ClusterMembership membership;
    private final SecretCipher cipher;
    private final String keyFile;
    private final DeployFolderReplicator files;
    private final ConfigurationReplicator configurations;
    private final SharedConfigurations shared;
    private final ScheduledExecutorService thread;

    private volatile DeploymentInventory inventory;

    private volatile Boolean sameKey;
    private volatile boolean settled;
    private boolean databaseAway;
    /** The deploy folder is scanned every sync.ms; rounds (reading the cluster) run twice as often. */
    private final long scanEveryNanos;

    private long lastScan = System.nanoTime();

    @Activate
    public ClusterReplication(
            BundleContext context,
            ReplicationConfiguration config,
            @Reference ClusterMembership membership,
            @Reference ConfigurationAdmin admin,
            @Reference SecretCipher cipher)
            throws IOException {
        this.membership = membership;
        this.cipher = cipher;
        this.keyFile = context.getProperty(KEY_FILE_PROPERTY);
        String folder = context.getProperty(DEPLOY_FOLDER_PROPERTY);
        String home = context.getProperty(HOME_PROPERTY);
        long syncMs = Math.max(50, config.sync_ms());
        this.files = folder == null || folder.isBlank()
                ? null
                : new DeployFolderReplicator(
                        Path.of(folder),
                        home == null || home.isBlank() ? null : Path.of(home, "data", "cluster", "deployments.synced"),
                        new DeploymentTable(membership.dataSource(), membership.self()),
                        config.max_file_bytes(),
                        syncMs);
        this.shared = new SharedConfigurations(List.of(config.local_pids()));
        this.configurations = new ConfigurationReplicator(
                admin, new ConfigurationTable(membership.dataSource(), membership.self()), shared);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-cluster-replication");
            t.setDaemon(true);
            return t;
        });
        this.scanEveryNanos = TimeUnit.MILLISECONDS.toNanos(syncMs);
        thread.scheduleWithFixedDelay(this::round, 0, syncMs / 2, TimeUnit.MILLISECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindInventory(DeploymentInventory inventory) {
        this.inventory = inventory;
    }

    void unbindInventory(DeploymentInventory gone) {
        if (inventory == gone) {
            inventory = null;
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public long appliedRevision() {
        return files == null ? 0 : files.appliedRevision();
    }

    @Override
    public int deployments() {
        return files == null ? 0 : files.deployments();
    }

    @Override
    public boolean converged() {
        // a node whose key is not the cluster's has checked it (sameKey false): it serves the cluster's deployments
        // but not its configurations, which the log says at ERROR; it does not hold readiness up for ever
        return sameKey != null
                && (files == null || files.started())
                && (configurations.started() || Boolean.FALSE.equals(sameKey))
                && settled();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (!shared.sharedPid(event.getPid(), event.getFactoryPid())) {
            return;
        }
        try {
            thread.execute(() -> {
                try {
                    if (Boolean.TRUE.equals(sameKey)) {
                        configurations.sync(event.getPid());
                    }
                } catch (SQLException | IOException | RuntimeException e) {
                    LOG.debug(
                            "Configuration {} not sent yet (sent at the next round): {}", event.getPid(), e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // deactivated
        }
    }

    /** One round on the replication thread; never throws, so the schedule goes on. */
    private void round() {
        try {
            if (sameKey == null) {
                checkKey();
            }
            if (files != null) {
                if (files.started()) {
                    boolean scan =
                            files.unsettled() || System.nanoTime() - lastScan >= scanEveryNanos - scanEveryNanos / 10;
                    files.tick(scan);
                    if (scan) {
                        lastScan = System.nanoTime();
                    }
                } else {
                    files.start();
                }
            }
            if (Boolean.TRUE.equals(sameKey)) {
                if (configurations.started()) {
                    configurations.tick();
                } else {
                    configurations.start();
                }
            }
            if (databaseAway) {
                databaseAway = false;
                LOG.info("Cluster database reachable again: replication resumed");
            }
        } catch (SQLException e) {
            if (!databaseAway) {
                databaseAway = true;
                LOG.warn(
                        "Cluster database unreachable: replication waits (this node keeps serving; its own changes "
                                + "are sent when the database is back): {}",
                        e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Replication round failed (retried in the next round)", e);
        }
    }

    private void checkKey() throws SQLException {
        ClusterKeyCheck.Outcome outcome = ClusterKeyCheck.verify(membership.dataSource(), cipher, membership.self());
        sameKey = outcome.sameKey();
        if (!outcome.sameKey()) {
            LOG.error(
                    "This node's encryption key ({}) is not the cluster's: it cannot decrypt the check value node {} "
                            + "stored with its key. Every node of a cluster needs the same key file: copy it from "
                            + "a node of the cluster and point SWITCHBOARD_ENCRYPTION_KEY_FILE at it, then restart "
                            + "this node. Until then this node serves the cluster's deployments but neither applies nor "
                            + "sends configurations (named connections, settings).",
                    keyFile == null ? "conf/encryption.key" : keyFile,
                    outcome.writtenBy());
        }
    }

    /**
     * FileInstall has taken the deploy folder's files; checked until true once, then latched. Not before
     * {@link #FILEINSTALL_GRACE_MS} after the last file written from the cluster: FileInstall sees a changed file at
     * its next poll (100 ms by default) only, and until then the old content still shows ACTIVE (a node that started
     * with an older jar of its own, and took the cluster's at the start-up exchange, would otherwise be ready before
     * it serves the cluster's version).
     */
    private boolean settled() {
        if (settled) {
            return true;
        }
        if (files != null && files.millisSinceApplied() < FILEINSTALL_GRACE_MS) {
            return false;
        }
        DeploymentInventory current = inventory;
        if (current == null) {
            return false;
        }
        // the files still PENDING or INSTALLED only: a full report looks into every started bundle's components
        if (!current.unsettled().isEmpty()) {
            return false;
        }
        settled = true;
        return true;
    }
}
