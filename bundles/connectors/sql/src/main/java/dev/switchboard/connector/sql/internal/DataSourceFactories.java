package dev.switchboard.connector.sql.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

import org.osgi.service.jdbc.DataSourceFactory;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * The {@link DataSourceFactory} services the driver bundles registered, by the driver class they declare. Bound and
 * unbound by DS at any time, read on every pool creation. Thread-safe.
 */
final class DataSourceFactories {

    private record Registered(DataSourceFactory factory, String driverClass) {}

    private final List<Registered> factories = new CopyOnWriteArrayList<>();

    void add(DataSourceFactory factory, Map<String, ?> properties) {
        factories.add(new Registered(factory, driverClassOf(properties)));
    }

    void remove(DataSourceFactory factory) {
        factories.removeIf(r -> r.factory() == factory);
    }

    /**
     * The factory for {@code url}'s database; the first registered one when a driver registered several.
     *
     * @throws ServiceOperationException 400 naming the supported prefixes (never the URL: it may hold a password)
     *                                   when no supported database matches, 503 when its driver is not deployed
     */
    Selected select(String url) {
        JdbcDriverKind kind = JdbcDriverKind.of(url)
                .orElseThrow(() -> new ServiceOperationException(
                        400,
                        "UnsupportedConnectionString",
                        "The connection string is not a supported JDBC URL: it must start with "
                                + JdbcDriverKind.supportedPrefixes() + "."));
        for (Registered r : factories) {
            if (kind.driverClass().equals(r.driverClass())) {
                return new Selected(kind, r.factory());
            }
        }
        throw new ServiceOperationException(
                503,
                "DriverUnavailable",
                "No JDBC driver for " + kind + " is deployed: no DataSourceFactory service with osgi.jdbc.driver.class="
                        + kind.driverClass() + ".");
    }

    /** A {@code DataSource} from {@code factory} with nothing but the URL and the credentials. */
    static DataSource create(DataSourceFactory factory, String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty(DataSourceFactory.JDBC_URL, url);
        if (user != null) {
            props.setProperty(DataSourceFactory.JDBC_USER, user);
        }
        if (password != null) {
            props.setProperty(DataSourceFactory.JDBC_PASSWORD, password);
        }
        return factory.createDataSource(props);
    }

    record Selected(JdbcDriverKind kind, DataSourceFactory factory) {}

    private static String driverClassOf(Map<String, ?> properties) {
        Object value = properties == null ? null : properties.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS);
        return value == null ? "" : value.toString();
    }
}
