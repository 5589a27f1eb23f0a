package dev.switchboard.host.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Canary traffic between the side-by-side versions of a connector: the weights by which calls without a version are
 * spread, and an optional guard that moves all traffic back to the previous version when the newest one fails. Kept
 * across restarts ({@code $SWITCHBOARD_HOME/data/traffic.json}).
 *
 * @since 1.5.0
 */
@ProviderType
public interface TrafficControl {

    /**
     * The connector's split.
     *
     * @throws TrafficException {@code NO_SPLIT} when it has none
     */
    TrafficStatus traffic(String connectorId);

    /** Every split in force, by connector id. */
    List<TrafficStatus> all();

    /**
     * Sets (replaces) the connector's split; its guard starts with an empty window.
     *
     * @throws TrafficException {@code UNKNOWN_CONNECTOR}, {@code INVALID} naming the field, or {@code FAILED}
     */
    TrafficStatus setTraffic(String connectorId, TrafficSplit split);

    /**
     * Removes the connector's split: calls without a version go to its highest ACTIVE version again.
     *
     * @throws TrafficException {@code NO_SPLIT} when it has none, {@code FAILED} when that could not be saved
     */
    void clearTraffic(String connectorId);
}
