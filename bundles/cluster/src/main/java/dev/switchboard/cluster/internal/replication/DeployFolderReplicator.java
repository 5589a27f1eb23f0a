package dev.switchboard.cluster.internal.replication;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's deploy folder and the cluster's {@code sb_deployment} in step, in both directions. Called on one
 * thread: {@link #start} once (repeated until it succeeds), then {@link #tick} every {@code sync.ms}.
 * <p>
 * Each file is compared three ways: its content here (by checksum, once stable over two scans), in the cluster, and
 * as it was when both last agreed ({@link SyncedChecksums}, kept in the node's home across restarts). Changed here
 * only: sent to the cluster with a new revision (a removal as a tombstone). Changed in the cluster only: written here
 * (dot temp file + atomic move) or deleted. Both changed: last writer wins by revision, which at start-up means the
 * cluster's version, and at run time the local one, still to be sent, as it will get the higher revision. What this
 * node wrote from the cluster is recorded as agreed at once, so it is never sent back.
 */
final class DeployFolderReplicator {

    private static final Logger LOG = LoggerFactory.getLogger(DeployFolderReplicator.class);

    private final FolderScan folder;
    private final FolderWriter writer;
    private final DeploymentTable table;
    private final SyncedChecksums synced;
    private final long settleMillis;
    private volatile long appliedRevision;
    private volatile boolean started;
    private volatile int deployments;
    /** When this node last wrote or deleted a file of its folder from the cluster ({@link System#nanoTime}), or 0. */
    private volatile long lastAppliedNanos;

    /**
     * @param stateFile    where the last agreed checksums are kept ({@code null}: in memory only)
     * @param settleMillis the pause between the two scans at start-up that tell a whole file from one being written
     */
    DeployFolderReplicator(Path folder, Path stateFile, DeploymentTable table, long maxBytes, long settleMillis)
            throws IOException {
        Path normalized = folder.toAbsolutePath().normalize();
        this.folder = new FolderScan(normalized, maxBytes, Math.max(1, settleMillis / 2));
        this.writer = new FolderWriter(normalized);
        this.table = table;
        this.synced = SyncedChecksums.load(stateFile);
        this.settleMillis = settleMillis;
    }

    /** The highest cluster revision of the deploy folder applied here. */
    long appliedRevision() {
        return appliedRevision;
    }

    /** Whether the start-up exchange is done: the cluster's files are here and this node's are in the cluster. */
    boolean started() {
        return started;
    }

    /** Whether a file of the folder was seen changing: it is looked at again at the next round. */
    boolean unsettled() {
        return folder.unsettled();
    }

    /**
     * How long ago this node last wrote or deleted a deploy-folder file from the cluster's set; {@link Long#MAX_VALUE}
     * when it never did. FileInstall sees such a change at its next poll only: until then the deployments still show
     * the file's previous content.
     */
    long millisSinceApplied() {
        long at = lastAppliedNanos;
        return at == 0 ? Long.MAX_VALUE : (System.nanoTime() - at) / 1_000_000;
    }

    /** The files this node holds as the cluster does. */
    int deployments() {
        return deployments;
    }

    /**
     * The start-up exchange: the cluster's set first (its files written, its deletions applied), then what changed
     * here while the node was away, and the files the cluster does not know, sent.
     */
    void start() throws IOException, SQLException, InterruptedException {
        writer.removeLeftovers();
        folder.scan();
        Thread.sleep(settleMillis);
        folder.scan();
        Map<String, DeploymentTable.Row> cluster = new LinkedHashMap<>();
        long latest = 0;
        for (DeploymentTable.Row row : table.since(0)) {
            cluster.put(row.name(), row);
            latest = Math.max(latest, row.revision());
        }
        int written = 0;
        int removed = 0;
        for (DeploymentTable.Row row : cluster.values()) {
            FolderScan.Local local = folder.local(row.name());
            String base = synced.get(row.name());
            String theirs = row.deleted() ? null : row.checksum();
            if (local.changing() || Objects.equals(local.checksum(), theirs)) {
                if (!local.changing()) {
                    synced.set(row.name(), theirs);
                }
                continue;
            }
            // a tombstone this node never agreed on (a node new to the cluster) is the cluster's decision: applied
            boolean changedHereOnly = base != null && base.equals(theirs) && !Objects.equals(local.checksum(), base);
            if (!changedHereOnly && apply(row)) {
                if (row.deleted()) {
                    removed++;
                } else {
                    written++;
                }
            }
        }
        int sent = sendLocalChanges();
        appliedRevision = latest;
        finishTick();
        started = true;
        LOG.info(
                "Deploy folder in step with the cluster (revision {}): {} file(s) written and {} removed from the "
                        + "cluster's set, {} change(s) of this node sent",
                latest,
                written,
                removed,
                sent);
    }

    /** One round: local changes sent, then the cluster's changes since the last round applied. */
    void tick() throws IOException, SQLException {
        tick(true);
    }

    /**
     * One round; {@code scanFolder} {@code false}: only the cluster's changes (the folder is scanned every
     * {@code sync.ms}, the cluster read twice as often, so a file reaches the other nodes sooner).
     */
    void tick(boolean scanFolder) throws IOException, SQLException {
        if (scanFolder) {
            folder.scan();
            sendLocalChanges();
        }
        for (DeploymentTable.Row row : table.since(appliedRevision)) {
            FolderScan.Local local = folder.local(row.name());
            String theirs = row.deleted() ? null : row.checksum();
            if (!local.changing()) {
                if (Objects.equals(local.checksum(), theirs)) {
                    synced.set(row.name(), theirs); // this node's own write, or the same content
                } else if (Objects.equals(local.checksum(), synced.get(row.name()))) {
                    apply(row);
                }
                // else: changed here and not sent yet (the database was away): it goes next, with a higher revision
            }
            appliedRevision = row.revision();
        }
        finishTick();
    }

    /** Sends every stable file whose content is not the agreed one, and a tombstone for every agreed file gone. */
    private int sendLocalChanges() throws IOException, SQLException {
        int sent = 0;
        for (Map.Entry<String, String> file : folder.stable().entrySet()) {
            String name = file.getKey();
            String checksum = file.getValue();
            if (checksum.equals(synced.get(name))) {
                continue;
            }
            byte[] content = folder.read(name, checksum);
            if (content == null) {
                continue; // changed meanwhile: seen again next round
            }
            long revision = table.put(name, content, checksum);
            synced.set(name, checksum);
            sent++;
            LOG.info(
                    "Deploy folder: {} sent to the cluster (revision {})",
                    name,
                    revision == 0 ? "unchanged" : revision);
        }
        List<String> names = List.copyOf(synced.names());
        for (String name : names) {
            if (!folder.names().contains(name) && !folder.local(name).changing()) {
                long revision = table.delete(name);
                synced.set(name, null);
                sent++;
                LOG.info("Deploy folder: {} removed, removed in the cluster too (revision {})", name, revision);
            }
        }
        return sent;
    }

    /** Writes or deletes the file as the cluster holds it; {@code false} when the row moved on meanwhile. */
    private boolean apply(DeploymentTable.Row row) throws IOException, SQLException {
        String name = row.name();
        if (!FolderScan.replicable(name)) {
            LOG.warn(
                    "Deploy folder: the cluster holds a file named {}, which is not a deploy-folder file name: "
                            + "ignored",
                    name);
            return false;
        }
        if (row.deleted()) {
            writer.delete(name);
            lastAppliedNanos = System.nanoTime();
            folder.deleted(name);
            synced.set(name, null);
            LOG.info("Deploy folder: {} removed, as in the cluster (revision {})", name, row.revision());
            return true;
        }
        byte[] content = table.content(name, row.revision());
        if (content == null) {
            return false; // a later revision replaced it: applied when its row comes
        }
        if (!Checksums.of(content).equals(row.checksum())) {
            LOG.warn("Deploy folder: the cluster's content of {} does not match its checksum: not written", name);
            return false;
        }
        writer.write(name, content);
        lastAppliedNanos = System.nanoTime();
        folder.written(name, row.checksum());
        synced.set(name, row.checksum());
        LOG.info("Deploy folder: {} written from the cluster (revision {})", name, row.revision());
        return true;
    }

    private void finishTick() throws IOException {
        synced.save();
        int count = 0;
        for (Map.Entry<String, String> file : folder.stable().entrySet()) {
            if (file.getValue().equals(synced.get(file.getKey()))) {
                count++;
            }
        }
        deployments = count;
    }
}
