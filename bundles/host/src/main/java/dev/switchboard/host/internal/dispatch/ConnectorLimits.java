package dev.switchboard.host.internal.dispatch;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one factory configuration ({@code dev.switchboard.host.bulkhead-<name>.cfg}) sets for a connector id, or
 * the rate limit of one stored connection of it: read by the {@link OperationDispatcher}, which references every
 * instance. A configuration change replaces the component, so an instance never changes.
 */
@Component(
        service = ConnectorLimits.class,
        configurationPid = ConnectorLimits.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BulkheadConfiguration.class, factory = true)
public final class ConnectorLimits {

    public static final String PID = "dev.switchboard.host.bulkhead";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorLimits.class);

    private final String connector;
    private final String connection;
    private final int maxConcurrent;
    private final int queueCapacity;
    private final double ratePerSecond;
    private final int burst;

    @Activate
    public ConnectorLimits(BulkheadConfiguration config, Map<String, Object> properties) {
        this(
                config.connector(),
                config.connection(),
                config.max_concurrent(),
                config.queue_capacity(),
                config.rate_per_second(),
                config.burst());
        if (connector.isEmpty()) {
            LOG.warn(
                    "Configuration {} of {} names no connector (connector = <id>); it is ignored",
                    properties.get("service.pid"),
                    PID);
        }
    }

    /**
     * @param maxConcurrent -1 (or less than 1) for the dispatcher's default
     * @param queueCapacity -1 (or less than 0) for the dispatcher's default
     * @param ratePerSecond 0 (or less) for no rate limit
     * @param burst         0 (or less) for one second's worth of {@code ratePerSecond}
     */
    ConnectorLimits(String connector, int maxConcurrent, int queueCapacity, double ratePerSecond, int burst) {
        this(connector, null, maxConcurrent, queueCapacity, ratePerSecond, burst);
    }

    /**
     * @param connection a stored connection's name: only the rate limit applies, to the calls that use it; or
     *                   {@code null}/empty for the whole connector
     */
    ConnectorLimits(
            String connector,
            String connection,
            int maxConcurrent,
            int queueCapacity,
            double ratePerSecond,
            int burst) {
        this.connector = connector == null ? "" : connector.trim();
        this.connection = connection == null || connection.isBlank() ? null : connection.trim();
        this.maxConcurrent = maxConcurrent;
        this.queueCapacity = queueCapacity;
        this.ratePerSecond = Double.isFinite(ratePerSecond) ? ratePerSecond : 0;
        this.burst = burst;
    }

    String connector() {
        return connector;
    }

    /** The stored connection the rate limit is for, {@code null} for the whole connector. */
    String connection() {
        return connection;
    }

    /** The connector's own maximum, or {@code fallback} when the configuration leaves it to the default. */
    int maxConcurrent(int fallback) {
        return maxConcurrent >= 1 ? maxConcurrent : fallback;
    }

    int queueCapacity(int fallback) {
        return queueCapacity >= 0 ? queueCapacity : fallback;
    }

    double ratePerSecond() {
        return ratePerSecond;
    }

    int burst() {
        return burst;
    }

    boolean rateLimited() {
        return ratePerSecond > 0;
    }

    @Override
    public String toString() {
        return "connector=" + connector + (connection == null ? "" : ", connection=" + connection)
                + ", max.concurrent=" + maxConcurrent + ", queue.capacity=" + queueCapacity + ", rate.per.second="
                + ratePerSecond + ", burst=" + burst;
    }
}
