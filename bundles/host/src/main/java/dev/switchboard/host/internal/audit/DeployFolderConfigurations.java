package dev.switchboard.host.internal.audit;

import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.api.AuditLog;

/**
 * Records what FileInstall does with the deploy folder's configuration files ({@code .cfg}, {@code .config}):
 * {@code deployment.add} when a configuration first comes from a file, {@code deployment.update} when it changes,
 * {@code deployment.remove} when it is deleted; by {@code deploy-folder}, target the file name, details the PID,
 * the factory PID and the names of the properties, never their values.
 * <p>
 * FileInstall marks the configurations it made with {@code felix.fileinstall.filename}. A deleted configuration can
 * no longer be read, so the file each PID came from is remembered. A change made over the API or in the console to a
 * configuration that came from a file shows here too, beside the entry of the user who made it (the host writes a
 * named connection's change into its file, {@code DeployFolderConfigFiles}; FileInstall writes nothing back).
 */
@Component(service = ConfigurationListener.class, immediate = true)
public final class DeployFolderConfigurations implements ConfigurationListener {

    static final String FILENAME_PROPERTY = "felix.fileinstall.filename";

    private static final Logger LOG = LoggerFactory.getLogger(DeployFolderConfigurations.class);

    private final AuditLog audit;
    private final ConfigurationAdmin configurationAdmin;
    private final DeployFolder folder;
    private final Clock clock;
    /** PID to the deploy-folder file it came from. */
    private final Map<String, String> files = new ConcurrentHashMap<>();

    @Activate
    public DeployFolderConfigurations(
            BundleContext context, @Reference AuditLog audit, @Reference ConfigurationAdmin configurationAdmin) {
        this(audit, configurationAdmin, DeployFolder.of(context), Clock.systemUTC());
    }

    DeployFolderConfigurations(
            AuditLog audit, ConfigurationAdmin configurationAdmin, DeployFolder folder, Clock clock) {
        this.audit = audit;
        this.configurationAdmin = configurationAdmin;
        this.folder = folder;
        this.clock = clock;
        try {
            Configuration[] existing = configurationAdmin.listConfigurations("(" + FILENAME_PROPERTY + "=*)");
            for (Configuration configuration : existing == null ? new Configuration[0] : existing) {
                String file = folder.fileName(configuration.getProperties().get(FILENAME_PROPERTY));
                if (file != null) {
                    files.putIfAbsent(configuration.getPid(), file);
                }
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn(
                    "Cannot list the deploy folder's configurations: a removal of one made before now is not "
                            + "audited ({})",
                    e.toString());
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (folder.folder() == null) {
            return;
        }
        String pid = event.getPid();
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            String file = files.remove(pid);
            if (file != null) {
                record("deployment.remove", file, details(pid, event.getFactoryPid(), null));
            }
            return;
        }
        if (event.getType() != ConfigurationEvent.CM_UPDATED) {
            return;
        }
        Dictionary<String, Object> properties = properties(pid);
        String file = properties == null ? null : folder.fileName(properties.get(FILENAME_PROPERTY));
        if (file == null) {
            return;
        }
        String before = files.put(pid, file);
        record(
                before == null ? "deployment.add" : "deployment.update",
                file,
                details(pid, event.getFactoryPid(), properties));
    }

    private Dictionary<String, Object> properties(String pid) {
        try {
            Configuration[] found =
                    configurationAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + escape(pid) + ")");
            return found == null || found.length == 0 ? null : found[0].getProperties();
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn("Cannot read configuration {} to audit it: {}", pid, e.toString());
            return null;
        }
    }

    /** PID, factory PID and the property names (sorted, without the framework's own): never a value. */
    static Map<String, String> details(String pid, String factoryPid, Dictionary<String, Object> properties) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("pid", pid);
        if (factoryPid != null) {
            details.put("factoryPid", factoryPid);
        }
        if (properties != null) {
            TreeSet<String> names = new TreeSet<>();
            for (String key : Collections.list(properties.keys())) {
                if (!key.startsWith("service.") && !key.equals(FILENAME_PROPERTY)) {
                    names.add(key);
                }
            }
            details.put("properties", String.join(",", names));
        }
        return details;
    }

    private void record(String action, String file, Map<String, String> details) {
        audit.record(new AuditEntry(clock.instant(), DeployFolderBundles.WHO, action, file, null, "success", details));
    }

    /** RFC 1960 filter value escaping. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
