package dev.switchboard.host.internal.connections;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.switchboard.host.api.ConnectionStore;

/**
 * Connection configurations in ConfigAdmin. Created with location {@code "?"} (any bundle may receive them), as
 * FileInstall creates those of the deploy folder; values are stored as given, so a reference stays a reference.
 * <p>
 * One that came from a deploy-folder file is changed in the file too, and deleted with it: FileInstall no longer
 * writes configurations back ({@code felix.fileinstall.enableConfigSave=false}), {@link DeployFolderConfigFiles}
 * does, whole. The file is written first, so a file that cannot be written leaves ConfigAdmin unchanged and the
 * caller gets the error; FileInstall then reads back the values ConfigAdmin holds and changes nothing.
 */
final class ConfigAdminConnections implements ConnectionConfigurations {

    /** Set by FileInstall on a configuration it made from a file; kept so the file stays in step. */
    static final String FILEINSTALL_PREFIX = "felix.fileinstall.";

    private static final String ANY_LOCATION = "?";

    private final ConfigurationAdmin admin;
    private final DeployFolderConfigFiles files;

    ConfigAdminConnections(ConfigurationAdmin admin, DeployFolderConfigFiles files) {
        this.admin = admin;
        this.files = files;
    }

    @Override
    public List<StoredConnection> list() {
        List<StoredConnection> result = new ArrayList<>();
        for (Configuration configuration :
                find("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + ConnectionStore.FACTORY_PID + ")")) {
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties != null) {
                result.add(new StoredConnection(configuration.getPid(), toMap(properties)));
            }
        }
        return result;
    }

    @Override
    public String create(String name, Map<String, Object> properties) {
        try {
            Configuration configuration =
                    admin.getFactoryConfiguration(ConnectionStore.FACTORY_PID, name, ANY_LOCATION);
            configuration.update(new Hashtable<>(properties));
            return configuration.getPid();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store connection " + name + " in ConfigAdmin", e);
        }
    }

    @Override
    public void update(String pid, Map<String, Object> properties) {
        Configuration configuration = one(pid);
        if (configuration == null) {
            throw new IllegalStateException("Connection configuration " + pid + " is gone");
        }
        Hashtable<String, Object> updated = new Hashtable<>(properties);
        Dictionary<String, Object> stored = configuration.getProperties();
        if (stored != null) {
            for (Enumeration<String> keys = stored.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                if (key.startsWith(FILEINSTALL_PREFIX)) {
                    updated.put(key, stored.get(key));
                }
            }
        }
        Optional<Path> file = DeployFolderConfigFiles.fileOf(updated);
        try {
            if (file.isPresent()) {
                files.write(file.get(), updated);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot write connection configuration " + pid + " into "
                            + file.get().getFileName() + " in the deploy folder",
                    e);
        }
        try {
            configuration.update(updated);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store connection configuration " + pid + " in ConfigAdmin", e);
        }
    }

    @Override
    public boolean delete(String pid) {
        Configuration configuration = one(pid);
        if (configuration == null) {
            return false;
        }
        Dictionary<String, Object> stored = configuration.getProperties();
        Optional<Path> file = stored == null ? Optional.empty() : DeployFolderConfigFiles.fileOf(toMap(stored));
        try {
            if (file.isPresent()) {
                files.delete(file.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot delete " + file.get().getFileName() + " from the deploy folder "
                            + "(connection configuration " + pid + ")",
                    e);
        }
        try {
            configuration.delete();
        } catch (IllegalStateException e) {
            // FileInstall saw the file go and deleted the configuration first
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete connection configuration " + pid, e);
        }
        return true;
    }

    private Configuration one(String pid) {
        List<Configuration> found = find("(" + Constants.SERVICE_PID + "=" + escape(pid) + ")");
        return found.isEmpty() ? null : found.get(0);
    }

    private List<Configuration> find(String filter) {
        try {
            Configuration[] found = admin.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list connection configurations", e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Map<String, Object> toMap(Dictionary<String, ?> properties) {
        Map<String, Object> map = new HashMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            Object value = properties.get(key);
            if (value != null) {
                map.put(key, value);
            }
        }
        return map;
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
