package dev.switchboard.host.internal.connections;

import java.util.Map;

import dev.switchboard.host.api.ConnectionStore;

/**
 * One connection configuration as ConfigAdmin stores it: uninterpolated.
 *
 * @param pid        its ConfigAdmin PID ({@code dev.switchboard.connection~<name>} for a named factory configuration)
 * @param properties every stored property, values as written
 */
record StoredConnection(String pid, Map<String, Object> properties) {

    /** The PID prefix of a named factory configuration. */
    static final String NAMED_PREFIX = ConnectionStore.FACTORY_PID + "~";

    StoredConnection {
        properties = Map.copyOf(properties);
    }

    /** Whether it is a named factory configuration, whose name is the part after the {@code ~}. */
    boolean named() {
        return pid.startsWith(NAMED_PREFIX);
    }

    /** The name after the {@code ~} of a named factory configuration, else its {@code name} property. */
    String name() {
        if (named()) {
            return pid.substring(NAMED_PREFIX.length());
        }
        String name = text(properties.get(ConnectionRules.NAME_PROPERTY));
        return name == null ? pid : name;
    }

    /** The connector id it names, or {@code null}. */
    String connector() {
        return text(properties.get(ConnectionRules.CONNECTOR_PROPERTY));
    }

    /** The name of the deploy-folder file it was read from, or {@code null}. */
    String file() {
        String file = text(properties.get(DeployFolderConfigFiles.FILENAME_PROPERTY));
        if (file == null) {
            return null;
        }
        int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
        return file.substring(slash + 1);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    @Override
    public String toString() {
        return "StoredConnection[" + pid + "]"; // values may be secrets
    }
}
