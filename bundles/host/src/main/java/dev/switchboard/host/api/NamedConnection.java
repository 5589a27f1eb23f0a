package dev.switchboard.host.api;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A named connection as stored, for display: secrets are masked.
 *
 * @param name       the connection's name
 * @param connector  the id of the connector it is for
 * @param parameters the stored (not interpolated) values by parameter name, so {@code $[env:NAME]} shows as written;
 *                   the value of a {@code securestring} parameter, or of any parameter the connector does not declare
 *                   as a plain one, is {@value #MASK}
 * @param file       the deploy-folder file it comes from, {@code null} when it was made over the API or the console
 * @param problem    why it cannot be used now (connector not installed, a parameter missing or of the wrong type, a
 *                   reference that could not be resolved), for a person to act on; {@code null} when it can be used.
 *                   Never contains a value.
 */
public record NamedConnection(
        String name, String connector, Map<String, Object> parameters, String file, String problem) {

    /** What is shown, and may be sent back to keep the stored value, in place of a secret. */
    public static final String MASK = "********";

    public NamedConnection {
        TreeMap<String, Object> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sorted.putAll(parameters);
        parameters = Collections.unmodifiableMap(sorted);
    }

    /** Names only: values may be secrets. */
    @Override
    public String toString() {
        return "NamedConnection[" + name + " for " + connector + ", parameters " + parameters.keySet() + "]";
    }
}
