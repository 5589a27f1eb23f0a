package dev.switchboard.cluster.internal.replication;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the shared ConfigAdmin configurations ({@link SharedConfigurations}) and the cluster's
 * {@code sb_configuration} in step. Called on one thread: {@link #start} once (repeated until it succeeds), then
 * {@link #sync} for a configuration ConfigAdmin reported changed and {@link #tick} every {@code sync.ms}.
 * <p>
 * Properties are copied as ConfigAdmin stores them: {@code $[env:...]}/{@code $[secret:...]} references stay
 * references and encrypted secrets stay encrypted ({@code {aes-gcm}...}), never decrypted here; every node needs the
 * same key ({@link ClusterKeyCheck}). Compared three ways as the deploy folder's files are (here, cluster, last agreed,
 * in memory): at start-up the cluster's version wins (configurations only change through a running node, which sends
 * its changes at once), at run time the last writer by revision.
 */
final class ConfigurationReplicator {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationReplicator.class);
    private static final String ANY_LOCATION = "?";
    private static final String ALL =
            "(|(" + org.osgi.framework.Constants.SERVICE_PID + "=" + SharedConfigurations.PREFIX + "*)("
                    + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + SharedConfigurations.PREFIX + "*))";

    private final ConfigurationAdmin admin;
    private final ConfigurationTable table;
    private final SharedConfigurations shared;
    /** PID to the checksum of its properties as last agreed with the cluster. */
    private final Map<String, String> synced = new HashMap<>();

    private volatile long appliedRevision;
    private volatile boolean started;

    ConfigurationReplicator(ConfigurationAdmin admin, ConfigurationTable table, SharedConfigurations shared) {
        this.admin = admin;
        this.table = table;
        this.shared = shared;
    }

    boolean started() {
        return started;
    }

    long appliedRevision() {
        return appliedRevision;
    }

    /** The cluster's configurations applied here, then this node's that the cluster does not hold sent. */
    void start() throws SQLException, IOException {
        Map<String, ConfigurationTable.Row> cluster = new LinkedHashMap<>();
        long latest = 0;
        for (ConfigurationTable.Row row : table.since(0)) {
            cluster.put(row.pid(), row);
            latest = Math.max(latest, row.revision());
        }
        Map<String, Configuration> locals = sharedHere();
        int applied = 0;
        for (ConfigurationTable.Row row : cluster.values()) {
            if (!shared.sharedPid(row.pid(), row.factoryPid())) {
                continue; // node-local here (local.pids)
            }
            Configuration local = locals.get(row.pid());
            String theirs = row.deleted() ? null : row.checksum();
            if (Objects.equals(checksum(local), theirs)) {
                record(row.pid(), theirs);
            } else if (apply(row, local)) {
                applied++;
            }
        }
        int sent = 0;
        for (Map.Entry<String, Configuration> local : locals.entrySet()) {
            if (!cluster.containsKey(local.getKey()) && send(local.getValue())) {
                sent++;
            }
        }
        appliedRevision = latest;
        started = true;
        LOG.info(
                "Configurations in step with the cluster (revision {}): {} applied from the cluster, {} sent",
                latest,
                applied,
                sent);
    }

    /** Sends {@code pid}'s change (or its deletion) unless it is what the cluster holds. */
    void sync(String pid) throws SQLException, IOException {
        if (!started) {
            return; // the start-up exchange reads every configuration
        }
        Configuration local = one(pid);
        if (local != null && shared.shared(local.getPid(), local.getFactoryPid(), local.getProperties())) {
            send(local);
        } else if (local == null && synced.containsKey(pid)) {
            long revision = table.delete(pid);
            synced.remove(pid);
            LOG.info("Configuration {} deleted here, deleted in the cluster (revision {})", pid, revision);
        }
    }

    /** Every local change not sent yet (a missed event, the database away), then the cluster's changes applied. */
    void tick() throws SQLException, IOException {
        Map<String, Configuration> locals = sharedHere();
        for (Configuration local : locals.values()) {
            send(local);
        }
        for (String pid : Set.copyOf(synced.keySet())) {
            if (!locals.containsKey(pid)) {
                sync(pid);
            }
        }
        for (ConfigurationTable.Row row : table.since(appliedRevision)) {
            if (shared.sharedPid(row.pid(), row.factoryPid())) {
                Configuration local = one(row.pid());
                String here = checksum(local);
                String theirs = row.deleted() ? null : row.checksum();
                if (Objects.equals(here, theirs)) {
                    record(row.pid(), theirs);
                } else if (Objects.equals(here, synced.get(row.pid()))) {
                    apply(row, local);
                }
                // else: changed here and not sent yet: it goes next, with a higher revision
            }
            appliedRevision = row.revision();
        }
    }

    private boolean send(Configuration local) throws SQLException {
        String pid = local.getPid();
        String json;
        try {
            json = ConfigurationJson.encode(local.getProperties());
        } catch (IllegalArgumentException e) {
            if (!"unsendable".equals(synced.get(pid))) {
                LOG.warn("Configuration {} is not replicated: {}", pid, e.getMessage());
                synced.put(pid, "unsendable");
            }
            return false;
        }
        String checksum = Checksums.of(json);
        if (checksum.equals(synced.get(pid))) {
            return false;
        }
        long revision = table.put(pid, local.getFactoryPid(), json, checksum);
        synced.put(pid, checksum);
        LOG.info("Configuration {} sent to the cluster (revision {})", pid, revision == 0 ? "unchanged" : revision);
        return true;
    }

    /** Makes the configuration here what the cluster holds; {@code false} when it is left alone. */
    private boolean apply(ConfigurationTable.Row row, Configuration local) throws IOException {
        String pid = row.pid();
        if (local != null
                && local.getProperties() != null
                && local.getProperties().get(SharedConfigurations.FILE_PROPERTY) != null) {
            LOG.warn("Configuration {} comes from a deploy-folder file here; the cluster's copy is not applied", pid);
            return false;
        }
        if (row.deleted()) {
            synced.remove(pid);
            if (local != null) {
                try {
                    local.delete();
                } catch (IllegalStateException e) {
                    // deleted meanwhile
                }
                LOG.info("Configuration {} deleted, as in the cluster (revision {})", pid, row.revision());
            }
            return local != null;
        }
        Dictionary<String, Object> properties;
        try {
            properties = ConfigurationJson.decode(row.properties());
        } catch (IllegalArgumentException e) {
            LOG.warn("Configuration {} of the cluster cannot be applied: {}", pid, e.getMessage());
            return false;
        }
        Configuration target = local != null ? local : create(row);
        synced.put(pid, row.checksum()); // before the update: its event must not send it back
        target.update(properties);
        LOG.info("Configuration {} applied from the cluster (revision {})", pid, row.revision());
        return true;
    }

    private Configuration create(ConfigurationTable.Row row) throws IOException {
        String factoryPid = row.factoryPid();
        if (factoryPid != null) {
            String name = row.pid().substring(factoryPid.length() + 1);
            return admin.getFactoryConfiguration(factoryPid, name, ANY_LOCATION);
        }
        return admin.getConfiguration(row.pid(), ANY_LOCATION);
    }

    private void record(String pid, String checksum) {
        if (checksum == null) {
            synced.remove(pid);
        } else {
            synced.put(pid, checksum);
        }
    }

    /** The checksum of a shared configuration's properties, {@code null} when there is none (or not shareable). */
    private String checksum(Configuration local) {
        if (local == null || !shared.shared(local.getPid(), local.getFactoryPid(), local.getProperties())) {
            return null;
        }
        try {
            return Checksums.of(ConfigurationJson.encode(local.getProperties()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Map<String, Configuration> sharedHere() throws IOException {
        Map<String, Configuration> found = new LinkedHashMap<>();
        for (Configuration configuration : list(ALL)) {
            if (shared.shared(configuration.getPid(), configuration.getFactoryPid(), configuration.getProperties())) {
                found.put(configuration.getPid(), configuration);
            }
        }
        return found;
    }

    private Configuration one(String pid) throws IOException {
        List<Configuration> found = list("(" + org.osgi.framework.Constants.SERVICE_PID + "=" + escape(pid) + ")");
        return found.isEmpty() ? null : found.get(0);
    }

    private List<Configuration> list(String filter) throws IOException {
        try {
            Configuration[] found = admin.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("Not a filter: " + filter, e);
        }
    }

    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
