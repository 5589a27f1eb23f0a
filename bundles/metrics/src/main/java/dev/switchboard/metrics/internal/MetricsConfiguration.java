package dev.switchboard.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Switchboard metrics endpoint",
        description = "Who may read GET /metrics (the Prometheus text format).")
public @interface MetricsConfiguration {

    String PID = "dev.switchboard.metrics";

    @AttributeDefinition(
            name = "Anonymous access",
            description = "Serve /metrics without credentials (for a "
                    + "scraper on a trusted network). Off: the admin, or an API token with role metrics or operator.")
    boolean anonymous_access() default false;
}
