package dev.switchboard.host.internal.logging;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Switchboard per-connector logs",
        description = "The recent log lines kept in memory for each connector (GET /api/connectors/{id}/logs).")
public @interface LogBufferConfiguration {

    @AttributeDefinition(
            name = "Lines per connector",
            description = "How many recent lines each connector keeps; " + "older ones are dropped.",
            min = "1",
            max = "100000")
    int lines_per_connector() default 1000;
}
