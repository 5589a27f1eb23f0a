package dev.switchboard.host.internal.connections;

import java.util.Map;

/**
 * One connection configuration as ConfigAdmin stores it: uninterpolated.
 *
 * @param pid        its ConfigAdmin PID ({@code dev.switchboard.connection~<name>} for a named factory configuration)
 * @param properties every stored property, values as written
 */
record StoredConnection(String pid, Map<String, Object> properties) {

    StoredConnection {
        properties = Map.copyOf(properties);
    }

    @Override
    public String toString() {
        return "StoredConnection[" + pid + "]"; // values may be secrets
    }
}
