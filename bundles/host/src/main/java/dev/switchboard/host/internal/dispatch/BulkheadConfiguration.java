package dev.switchboard.host.internal.dispatch;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One factory configuration per connector (PID {@value ConnectorLimits#PID}): its bulkhead and rate limit. */
@ObjectClassDefinition(
        name = "Switchboard connector bulkhead",
        description = "The concurrency limit, queue and rate limit of one connector id, overriding the defaults the "
                + "dispatcher derives from its own settings.")
public @interface BulkheadConfiguration {

    @AttributeDefinition(name = "Connector", description = "The connector id this applies to (all its versions).")
    String connector();

    @AttributeDefinition(
            name = "Connection",
            required = false,
            description = "A stored connection's name: the rate limit then applies to the calls of this connector "
                    + "that use that connection (each such configuration has its own bucket), and max.concurrent and "
                    + "queue.capacity are ignored. Empty for the whole connector.")
    String connection() default "";

    @AttributeDefinition(
            name = "Max concurrent calls",
            required = false,
            description = "Calls of this connector that may run (or wait for a connector thread) at once; -1 for "
                    + "the default, half the dispatcher's max.threads.")
    int max_concurrent() default -1;

    @AttributeDefinition(
            name = "Queue capacity",
            required = false,
            description = "Calls of this connector that may wait for one of its running calls to finish; beyond "
                    + "that a caller gets 503 ConnectorBusy. -1 for the default, a quarter of the dispatcher's "
                    + "queue.capacity.")
    int queue_capacity() default -1;

    @AttributeDefinition(
            name = "Rate (calls per second)",
            required = false,
            description = "Calls per second allowed on average; beyond that a caller gets 429 RateLimited with "
                    + "Retry-After. 0 for no rate limit.")
    double rate_per_second() default 0;

    @AttributeDefinition(
            name = "Burst",
            required = false,
            description = "Calls that may pass at once after a quiet time; 0 for one second's worth of the rate.")
    int burst() default 0;
}
