package dev.switchboard.host.internal.catalog;

import dev.switchboard.connector.api.ServiceOperationApi;

/**
 * How far reading one manifest got, shared with the timeout task so that a timeout can name the call that hung and,
 * once known, the connector's name.
 */
final class LoadProgress {

    private volatile String step = "starting";
    private volatile ServiceOperationApi service;
    private volatile String id;

    void step(String current) {
        this.step = current;
    }

    String step() {
        return step;
    }

    void identified(String connectorId, ServiceOperationApi metadata) {
        this.service = metadata;
        this.id = connectorId;
    }

    /** The connector id once a valid name was read, else {@code null}. */
    String id() {
        return id;
    }

    ServiceOperationApi service() {
        return service;
    }
}
