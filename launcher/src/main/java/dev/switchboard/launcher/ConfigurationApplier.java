package dev.switchboard.launcher;

import java.lang.reflect.InvocationTargetException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the features' configurations through ConfigAdmin from outside the framework. The launcher's class loader
 * does not see {@code org.osgi.service.cm} and the framework does not export it, so the ConfigAdmin and Configuration
 * interfaces are loaded from the bundle that registered the service and called reflectively. Properties the features
 * set are written over what is stored; other stored properties (changed in the console, say) are kept; an unchanged
 * configuration is not updated again.
 */
final class ConfigurationApplier {
    static final String CONFIGURATION_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
    private static final String CONFIGURATION = "org.osgi.service.cm.Configuration";
    private static final String ANY_LOCATION = "?";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationApplier.class);

    private final BundleContext context;

    ConfigurationApplier(BundleContext context) {
        this.context = context;
    }

    /** @return how many configurations were created or changed */
    int apply(Map<String, Map<String, Object>> configurations, long waitMillis) throws StartupException {
        if (configurations.isEmpty()) {
            return 0;
        }
        ServiceReference<?> reference = awaitService(waitMillis);
        Object admin = context.getService(reference);
        try {
            Bundle provider = reference.getBundle();
            Class<?> adminType = provider.loadClass(CONFIGURATION_ADMIN);
            Class<?> configurationType = provider.loadClass(CONFIGURATION);
            int changed = 0;
            for (Map.Entry<String, Map<String, Object>> entry : configurations.entrySet()) {
                if (applyOne(admin, adminType, configurationType, entry.getKey(), entry.getValue())) {
                    changed++;
                }
            }
            return changed;
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            throw new StartupException("Cannot apply the configurations through ConfigAdmin: " + cause, cause);
        } finally {
            context.ungetService(reference);
        }
    }

    private static boolean applyOne(
            Object admin, Class<?> adminType, Class<?> configurationType, String pid, Map<String, Object> properties)
            throws ReflectiveOperationException {
        Object configuration;
        int tilde = pid.indexOf('~');
        if (tilde > 0) {
            // Feature spec: "factoryPid~name" is a named factory configuration
            configuration = adminType
                    .getMethod("getFactoryConfiguration", String.class, String.class, String.class)
                    .invoke(admin, pid.substring(0, tilde), pid.substring(tilde + 1), ANY_LOCATION);
        } else {
            configuration = adminType
                    .getMethod("getConfiguration", String.class, String.class)
                    .invoke(admin, pid, ANY_LOCATION);
        }
        Dictionary<?, ?> stored =
                (Dictionary<?, ?>) configurationType.getMethod("getProperties").invoke(configuration);
        if (stored != null && containsAll(stored, properties)) {
            LOG.debug("Configuration {} is up to date", pid);
            return false;
        }
        Hashtable<String, Object> updated = new Hashtable<>();
        if (stored != null) {
            for (Enumeration<?> keys = stored.keys(); keys.hasMoreElements(); ) {
                Object key = keys.nextElement();
                updated.put(key.toString(), stored.get(key));
            }
        }
        updated.putAll(properties);
        configurationType.getMethod("update", Dictionary.class).invoke(configuration, updated);
        LOG.debug("Configuration {} applied", pid);
        return true;
    }

    private static boolean containsAll(Dictionary<?, ?> stored, Map<String, Object> properties) {
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            if (!Objects.deepEquals(stored.get(property.getKey()), property.getValue())) {
                return false;
            }
        }
        return true;
    }

    private ServiceReference<?> awaitService(long waitMillis) throws StartupException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (true) {
            ServiceReference<?> reference = context.getServiceReference(CONFIGURATION_ADMIN);
            if (reference != null) {
                return reference;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new StartupException("ConfigAdmin did not register its service within " + waitMillis
                        + " ms; the configurations of the features cannot be applied");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("Interrupted while waiting for ConfigAdmin", e);
            }
        }
    }
}
