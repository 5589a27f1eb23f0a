package dev.switchboard.connector.sql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * One HikariCP pool per distinct connection, opened on first use and kept in least-recently-used order: beyond
 * {@link PoolSettings#maxPools()} the oldest is closed. Every pool is closed by {@link #closeAll()} (component
 * deactivation), and the pools a driver's factory created are closed when that factory goes away. Thread-safe; pools
 * are opened and closed outside the map's lock, so a slow database holds up only its own callers.
 */
final class ConnectionPools {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPools.class);

    /** Hikari names its threads after the pool: tests look for this prefix to prove none is left. */
    static final String POOL_NAME_PREFIX = "switchboard-sql-";

    private static final AtomicInteger POOL_NUMBERS = new AtomicInteger();

    private final DataSourceFactories factories;
    private final PoolSettings settings;
    private final JdbcUrlPolicy policy;
    private final H2Url.Folder h2Folder;
    private final H2RestrictedUser h2User = new H2RestrictedUser();
    private final LinkedHashMap<PoolKey, Pool> pools = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;
    /** Hikari pools constructed, for tests: a database that is down must not cost one per attempt. */
    private final AtomicInteger poolsStarted = new AtomicInteger();

    ConnectionPools(DataSourceFactories factories, PoolSettings settings, H2Url.Folder h2Folder) {
        this.factories = factories;
        this.settings = settings;
        this.h2Folder = h2Folder;
        this.policy = new JdbcUrlPolicy(h2Folder);
    }

    /** The pool for {@code key}, opened now if needed. */
    DataSource dataSource(PoolKey key) {
        Pool pool;
        List<Pool> evicted = new ArrayList<>();
        synchronized (pools) {
            if (closed) {
                throw new ServiceOperationException(503, "ConnectorStopping", "The SQL connector is stopping.");
            }
            pool = pools.computeIfAbsent(key, k -> new Pool());
            for (Iterator<Pool> it = pools.values().iterator(); pools.size() > settings.maxPools() && it.hasNext(); ) {
                Pool oldest = it.next();
                if (oldest != pool) {
                    it.remove();
                    evicted.add(oldest);
                }
            }
        }
        evicted.forEach(p -> p.close("more than " + settings.maxPools() + " pools open"));
        try {
            return pool.open(key);
        } catch (RuntimeException e) {
            synchronized (pools) {
                pools.remove(key, pool);
            }
            throw e;
        }
    }

    /** Closes the pool of {@code key}, if one is open (for example when a named connection is deleted). */
    boolean close(PoolKey key) {
        Pool pool;
        synchronized (pools) {
            pool = pools.remove(key);
        }
        if (pool != null) {
            pool.close("its connection was closed");
        }
        return pool != null;
    }

    /** Closes the pools that {@code factory} created: its driver is going away. */
    void closeCreatedBy(DataSourceFactory factory) {
        List<Pool> gone = new ArrayList<>();
        synchronized (pools) {
            for (Iterator<Pool> it = pools.values().iterator(); it.hasNext(); ) {
                Pool p = it.next();
                if (p.createdBy(factory)) {
                    it.remove();
                    gone.add(p);
                }
            }
        }
        gone.forEach(p -> p.close("its JDBC driver went away"));
    }

    /** Closes every pool; later calls to {@link #dataSource} fail with 503. */
    void closeAll() {
        List<Pool> all;
        synchronized (pools) {
            closed = true;
            all = new ArrayList<>(pools.values());
            pools.clear();
        }
        all.forEach(p -> p.close("the connector stopped"));
    }

    int size() {
        synchronized (pools) {
            return pools.size();
        }
    }

    /** One pool, opened once under its own lock. */
    private final class Pool {
        private HikariDataSource dataSource;
        private DataSourceFactory factory;
        /** H2: the connector's admin connection, kept while the pool lives and never given to a caller. */
        private Connection anchor;

        private boolean closed;

        synchronized DataSource open(PoolKey key) {
            if (closed) {
                throw new ServiceOperationException(503, "PoolClosed", "The connection pool was closed; try again.");
            }
            if (dataSource == null) {
                DataSourceFactories.Selected selected = factories.select(key.connectionString());
                JdbcUrlPolicy.Checked checked = policy.check(selected.kind(), key.connectionString());
                H2RestrictedUser.Prepared h2 = checked.h2() == null ? null : prepareH2(selected, checked.h2(), key);
                HikariConfig config = new HikariConfig();
                config.setMaximumPoolSize(key.maxPoolSize());
                // one idle connection keeps the database reachable cheaply (H2 in-memory ones live by the anchor)
                config.setMinimumIdle(1);
                config.setConnectionTimeout(settings.connectionTimeoutMs());
                config.setIdleTimeout(settings.idleTimeoutMs());
                config.setInitializationFailTimeout(1);
                try {
                    DataSource raw = h2 != null
                            ? createDataSource(selected, h2.url(), h2.user(), h2.password())
                            : createDataSource(
                                    selected, checked.url(), key.username(), passwordFor(selected.kind(), key));
                    if (h2 == null) {
                        // one plain connection first: while the database is down, retries (a trigger's polls) open
                        // no Hikari pool each (H2 was reached already, by the admin connection)
                        probe(raw);
                    }
                    config.setDataSource(raw);
                    config.setPoolName(POOL_NAME_PREFIX + POOL_NUMBERS.incrementAndGet());
                    poolsStarted.incrementAndGet();
                    dataSource = new HikariDataSource(config);
                } catch (ServiceOperationException e) {
                    closeQuietly(h2 == null ? null : h2.anchor());
                    throw e;
                } catch (RuntimeException e) {
                    closeQuietly(h2 == null ? null : h2.anchor());
                    throw SqlFailures.connectFailure(e, key);
                }
                anchor = h2 == null ? null : h2.anchor();
                factory = selected.factory();
                LOG.info(
                        "Opened connection pool {} to a {} database (max {} connections)",
                        config.getPoolName(),
                        selected.kind(),
                        key.maxPoolSize());
            }
            return dataSource;
        }

        synchronized boolean createdBy(DataSourceFactory f) {
            return factory == f;
        }

        void close(String why) {
            HikariDataSource ds;
            Connection h2Anchor;
            synchronized (this) {
                closed = true;
                ds = dataSource;
                dataSource = null;
                h2Anchor = anchor;
                anchor = null;
            }
            if (ds != null) {
                LOG.info("Closing connection pool {}: {}", ds.getPoolName(), why);
                ds.close();
            }
            closeQuietly(h2Anchor);
        }
    }

    /** Opens and closes one connection, waiting at most the connection timeout. */
    private void probe(DataSource raw) {
        try {
            raw.setLoginTimeout((int) Math.max(1, settings.connectionTimeoutMs() / 1000));
        } catch (SQLException | RuntimeException e) {
            LOG.debug("The driver's DataSource takes no login timeout: {}", e.toString());
        }
        try (Connection probe = raw.getConnection()) {
            LOG.trace("Reached the database ({})", probe.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException(e); // connectFailure below, without the driver's text
        }
    }

    private H2RestrictedUser.Prepared prepareH2(DataSourceFactories.Selected selected, H2Url url, PoolKey key) {
        try {
            return h2User.prepare(selected.factory(), url, h2Folder, key.username(), key.password());
        } catch (SQLException e) {
            throw SqlFailures.connectFailure(e, key);
        }
    }

    /**
     * PostgreSQL without a password reads the host's {@code ~/.pgpass} and sends a matching entry to the server the
     * caller named: an empty password keeps that file out.
     */
    private static String passwordFor(JdbcDriverKind kind, PoolKey key) {
        return key.password() == null && kind == JdbcDriverKind.POSTGRESQL ? "" : key.password();
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the H2 admin connection failed: {}", e.toString());
            }
        }
    }

    private static DataSource createDataSource(
            DataSourceFactories.Selected selected, String url, String user, String password) {
        try {
            return DataSourceFactories.create(selected.factory(), url, user, password);
        } catch (SQLException | RuntimeException e) {
            // the driver's message may repeat the URL: keep it out
            throw new ServiceOperationException(
                    400,
                    "InvalidConnectionString",
                    "The " + selected.kind() + " driver refused the connection string" + SqlFailures.stateOf(e) + ".");
        }
    }

    /** For tests: how many Hikari pools were constructed (opened, or failed while opening). */
    int poolsStarted() {
        return poolsStarted.get();
    }

    /** For tests: the names of the open pools. */
    List<String> poolNames() {
        List<String> names = new ArrayList<>();
        synchronized (pools) {
            for (Map.Entry<PoolKey, Pool> e : pools.entrySet()) {
                synchronized (e.getValue()) {
                    if (e.getValue().dataSource != null) {
                        names.add(e.getValue().dataSource.getPoolName());
                    }
                }
            }
        }
        return names;
    }
}
