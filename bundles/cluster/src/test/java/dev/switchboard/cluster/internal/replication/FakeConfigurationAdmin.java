package dev.switchboard.cluster.internal.replication;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** ConfigAdmin in memory, as Felix ConfigAdmin behaves for what replication uses (tests only). */
final class FakeConfigurationAdmin implements ConfigurationAdmin {

    private final Map<String, FakeConfiguration> configurations = new ConcurrentSkipListMap<>();

    /** The stored properties of {@code pid} (no PID keys), {@code null} when there is none. */
    Hashtable<String, Object> properties(String pid) {
        FakeConfiguration c = configurations.get(pid);
        if (c == null || c.properties == null) {
            return null;
        }
        Hashtable<String, Object> copy = new Hashtable<>(c.properties);
        copy.remove(Constants.SERVICE_PID);
        copy.remove(SERVICE_FACTORYPID);
        return copy;
    }

    /** Sets {@code pid}'s properties as REST or the console would. */
    void put(String pid, Map<String, Object> properties) {
        int tilde = pid.indexOf('~');
        FakeConfiguration c = tilde > 0
                ? (FakeConfiguration) getFactoryConfiguration(pid.substring(0, tilde), pid.substring(tilde + 1), "?")
                : (FakeConfiguration) getConfiguration(pid, "?");
        c.update(new Hashtable<>(properties));
    }

    void remove(String pid) {
        configurations.get(pid).delete();
    }

    Set<String> pids() {
        return Set.copyOf(configurations.keySet());
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        return configurations.computeIfAbsent(
                factoryPid + "." + configurations.size(), pid -> new FakeConfiguration(pid, factoryPid));
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        return createFactoryConfiguration(factoryPid);
    }

    @Override
    public Configuration getConfiguration(String pid, String location) {
        return configurations.computeIfAbsent(pid, p -> new FakeConfiguration(p, null));
    }

    @Override
    public Configuration getConfiguration(String pid) {
        return getConfiguration(pid, null);
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        return configurations.computeIfAbsent(factoryPid + "~" + name, p -> new FakeConfiguration(p, factoryPid));
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        return getFactoryConfiguration(factoryPid, name, null);
    }

    @Override
    public Configuration[] listConfigurations(String filter) throws InvalidSyntaxException {
        Filter f = filter == null ? null : FrameworkUtil.createFilter(filter);
        List<Configuration> found = new ArrayList<>();
        for (FakeConfiguration c : configurations.values()) {
            if (c.properties != null && (f == null || f.match(c.properties))) {
                found.add(c);
            }
        }
        return found.isEmpty() ? null : found.toArray(new Configuration[0]);
    }

    private final class FakeConfiguration implements Configuration {
        private final String pid;
        private final String factoryPid;
        private volatile Hashtable<String, Object> properties;
        private long changes;

        FakeConfiguration(String pid, String factoryPid) {
            this.pid = pid;
            this.factoryPid = factoryPid;
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return properties == null ? null : new Hashtable<>(properties);
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public void update(Dictionary<String, ?> update) {
            Hashtable<String, Object> copy = new Hashtable<>();
            for (Enumeration<String> keys = update.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                copy.put(key, update.get(key));
            }
            copy.put(Constants.SERVICE_PID, pid);
            if (factoryPid != null) {
                copy.put(SERVICE_FACTORYPID, factoryPid);
            }
            properties = copy;
            changes++;
        }

        @Override
        public void delete() {
            if (configurations.remove(pid) == null) {
                throw new IllegalStateException("deleted already");
            }
        }

        @Override
        public String getFactoryPid() {
            return factoryPid;
        }

        @Override
        public void update() {}

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> update) {
            update(update);
            return true;
        }

        @Override
        public void setBundleLocation(String location) {}

        @Override
        public String getBundleLocation() {
            return "?";
        }

        @Override
        public long getChangeCount() {
            return changes;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {}

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return Set.of();
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {}
    }
}
