package dev.switchboard.host.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.switchboard.connector.api.ConnectionParameters;

/**
 * Named connections: ConfigAdmin factory configurations of {@value #FACTORY_PID} with {@code name}, {@code connector}
 * and one property per connection parameter, made over the API or dropped into the deploy folder as
 * {@code dev.switchboard.connection-<name>.cfg}. Values may reference {@code $[env:NAME]} and {@code $[secret:NAME]};
 * they are resolved only when a connection is used, and secrets are never returned.
 * <p>
 * Failures are {@link InvocationException}s carrying the HTTP status to report; their messages name parameters, never
 * values.
 */
@ProviderType
public interface ConnectionStore {

    /** The factory PID of connection configurations. */
    String FACTORY_PID = "dev.switchboard.connection";

    /** Every connection, sorted by name, masked. */
    List<NamedConnection> list();

    /** The connection named {@code name}, masked. */
    Optional<NamedConnection> get(String name);

    /**
     * Creates or replaces the connection named {@code name}, after checking the parameters against those the
     * connector's highest ACTIVE version declares. A parameter sent as {@link NamedConnection#MASK} keeps its stored
     * value.
     *
     * @param parameters values by parameter name: strings, booleans or integers; a string may hold references
     * @return the stored connection, masked
     * @throws InvocationException 400 InvalidConnectionName, ConnectorNotInstalled, UnknownConnectionParameter,
     *                             MissingConnectionParameter, InvalidConnectionParameter (one detail per parameter)
     */
    NamedConnection put(String name, String connector, Map<String, Object> parameters);

    /** @return {@code false} when there was no connection named {@code name} */
    boolean delete(String name);

    /**
     * The values of connection {@code name}, references resolved, for a call to connector {@code connectorId}.
     *
     * @throws InvocationException 404 ConnectionNotFound; 400 ConnectionMismatch when it was made for another
     *                             connector; 400 InvalidConnection when it cannot be used (see
     *                             {@link NamedConnection#problem()})
     */
    ConnectionParameters resolve(String name, String connectorId);
}
