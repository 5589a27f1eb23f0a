package dev.switchboard.connector.sql.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Limits of the SQL connector's connection pools and its H2 folder (PID {@code dev.switchboard.connector.sql}). */
@ObjectClassDefinition(name = "Switchboard SQL connector", description = "Connection pools of the sql connector")
public @interface SqlConnectorConfiguration {

    @AttributeDefinition(
            name = "Maximum pools",
            description = "Open pools kept at most; the least recently used one is closed beyond this")
    int max_pools() default 16;

    @AttributeDefinition(
            name = "Connection timeout (ms)",
            description = "How long opening a pool or waiting for a free connection may take")
    long connection_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Query timeout (s)", description = "Statements running longer are cancelled; 0: none")
    int query_timeout_seconds() default 60;

    @AttributeDefinition(
            name = "Idle timeout (ms)",
            description = "An idle connection beyond the first is closed after this")
    long idle_timeout_ms() default 600_000;

    @AttributeDefinition(
            name = "H2 folder",
            description = "H2 file databases live only in this folder; empty: "
                    + "$SWITCHBOARD_HOME/data/h2. A relative path is taken from $SWITCHBOARD_HOME")
    String h2_folder() default "";

    @AttributeDefinition(
            name = "Trigger backoff cap (ms)",
            description = "A whenRowInserted subscription whose "
                    + "database cannot be read is shown FAILING and polls again after max(pollSeconds, 1 s), doubling each "
                    + "time up to this")
    long trigger_backoff_max_ms() default 60_000;
}
