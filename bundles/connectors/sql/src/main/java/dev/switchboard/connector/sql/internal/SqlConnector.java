package dev.switchboard.connector.sql.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ConnectorManifest;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.connector.api.TriggerContext;
import dev.switchboard.connector.support.ManifestTriggerConnector;
import dev.switchboard.connector.support.PollScheduler;

/**
 * The {@code sql} connector. Drivers are the {@link DataSourceFactory} services of driver bundles (never
 * {@code DriverManager}, whose class-space assumptions do not hold in OSGi); each distinct connection gets a HikariCP
 * pool over a {@code DataSource} from the matching factory. The {@code sqlRowTrigger} subscriptions poll on the
 * host's shared {@link PollScheduler}. Stopping the component stops them and closes every pool.
 */
@Component(
        service = {ServiceOperationsProvider.class, TriggerBinding.class},
        configurationPid = SqlConnector.PID)
@Designate(ocd = SqlConnectorConfiguration.class)
public final class SqlConnector extends ManifestTriggerConnector {

    static final String PID = "dev.switchboard.connector.sql";
    /** The framework property holding the host's home folder (absolute). */
    static final String HOME_PROPERTY = "switchboard.home";

    private static final Logger LOG = LoggerFactory.getLogger(SqlConnector.class);

    private final DataSourceFactories drivers = new DataSourceFactories();
    private final ConnectionPools pools;
    private final SqlOperations operations;
    private final SqlRowTrigger rowTrigger;

    @Activate
    public SqlConnector(SqlConnectorConfiguration config, BundleContext context, @Reference PollScheduler scheduler) {
        this(PoolSettings.of(config), h2Folder(config.h2_folder(), context.getProperty(HOME_PROPERTY)), scheduler);
    }

    /** For tests: H2 file databases under {@code data/h2} of the working directory. */
    SqlConnector(PoolSettings settings, PollScheduler scheduler) {
        this(settings, h2Folder("", null), scheduler);
    }

    SqlConnector(PoolSettings settings, H2Url.Folder h2Folder, PollScheduler scheduler) {
        super(manifest(), SqlRowTrigger.TYPE, SqlRowTrigger.OPERATION);
        this.pools = new ConnectionPools(drivers, settings, h2Folder);
        this.operations = new SqlOperations(settings.queryTimeoutSeconds());
        this.rowTrigger =
                new SqlRowTrigger(pools, settings.queryTimeoutSeconds(), scheduler, settings.triggerBackoffMaxMs());
    }

    /** The service and operations, from {@code manifest.json} beside this class. */
    static ConnectorManifest manifest() {
        return ConnectorManifest.read(SqlConnector.class, "manifest.json");
    }

    @Reference(
            service = DataSourceFactory.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindDataSourceFactory(DataSourceFactory factory, Map<String, Object> properties) {
        drivers.add(factory, properties);
        LOG.debug("JDBC driver available: {}", properties.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS));
    }

    void unbindDataSourceFactory(DataSourceFactory factory, Map<String, Object> properties) {
        drivers.remove(factory);
        pools.closeCreatedBy(factory);
        LOG.debug("JDBC driver gone: {}", properties.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS));
    }

    /**
     * Setting {@code h2.folder}: empty for {@code <home>/data/h2}; a relative path is taken from the home (the working
     * directory when the framework has no {@code switchboard.home}).
     */
    static H2Url.Folder h2Folder(String setting, String home) {
        Path base = home == null || home.isBlank() ? Paths.get("") : Paths.get(home);
        Path folder = setting == null || setting.isBlank()
                ? base.resolve("data").resolve("h2")
                : base.resolve(setting.trim());
        return new H2Url.Folder(folder);
    }

    @Deactivate
    void deactivate() {
        rowTrigger.closeAll();
        pools.closeAll();
    }

    /**
     * Closes the pool of this connection, if one is open: for when a named connection is deleted or changed. Calls
     * that still use it fail; the next call with the same parameters opens a new pool.
     *
     * @return {@code true} when a pool was open
     */
    public boolean closeConnection(ConnectionParameters connectionParameters) {
        return pools.close(PoolKey.of(connectionParameters));
    }

    @Override
    public AutoCloseable start(TriggerContext context) throws Exception {
        return rowTrigger.start(context);
    }

    /** The current maximum key (or the beginning, with includeExisting), read now: see {@link SqlRowTrigger}. */
    @Override
    public String startPosition(TriggerContext context) throws Exception {
        return rowTrigger.startPosition(context);
    }

    @Override
    protected CompletionStage<ServiceOperationResponse> invoke(
            String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        return completed(invoke(operationId, connectionParameters, request.parameters()));
    }

    private JsonNode invoke(String operationId, ConnectionParameters connectionParameters, JsonNode inputs) {
        Action action = Action.of(operationId);
        if (action == null) {
            throw operationNotFound(operationId);
        }
        PoolKey key = PoolKey.of(connectionParameters);
        try (Connection connection = pools.dataSource(key).getConnection()) {
            return switch (action) {
                case EXECUTE_QUERY -> operations.executeQuery(connection, inputs);
                case EXECUTE_NON_QUERY -> operations.executeNonQuery(connection, inputs);
                case GET_ROWS -> operations.getRows(connection, inputs);
                case INSERT_ROW -> operations.insertRow(connection, inputs);
                case UPDATE_ROWS -> operations.updateRows(connection, inputs);
                case DELETE_ROWS -> operations.deleteRows(connection, inputs);
            };
        } catch (SQLException e) {
            ServiceOperationException failure = SqlFailures.statementFailure(e, key);
            LOG.debug("{} failed with status {} ({})", operationId, failure.getStatusCode(), failure.getCode());
            throw failure;
        }
    }

    /** The operations, by name. */
    private enum Action {
        EXECUTE_QUERY("executeQuery"),
        EXECUTE_NON_QUERY("executeNonQuery"),
        GET_ROWS("getRows"),
        INSERT_ROW("insertRow"),
        UPDATE_ROWS("updateRows"),
        DELETE_ROWS("deleteRows");

        private final String operationId;

        Action(String operationId) {
            this.operationId = operationId;
        }

        static Action of(String operationId) {
            for (Action a : values()) {
                if (a.operationId.equals(operationId)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** For tests: running subscriptions. */
    int running() {
        return rowTrigger.running();
    }

    /** For tests. */
    ConnectionPools pools() {
        return pools;
    }
}
