package dev.switchboard.host.internal.dispatch;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Switchboard operation dispatcher",
        description = "How the host calls connector operations.")
public @interface DispatcherConfiguration {

    @AttributeDefinition(
            name = "Invocation timeout (ms)",
            description = "Time from accepting a call until the caller gets 504 if the connector has not answered.")
    long invoke_timeout_ms() default 60000;

    @AttributeDefinition(name = "Threads", description = "Threads that call connectors.")
    int max_threads() default 64;

    @AttributeDefinition(
            name = "Queue capacity",
            description = "Calls that may wait for a thread; beyond that a caller gets 503 Busy.")
    int queue_capacity() default 1024;

    @AttributeDefinition(
            name = "Swap wait (ms)",
            description = "How long a call for a connector that is being updated (its bundle replaced) waits for the "
                    + "new version before the caller gets 503. Counts within the invocation timeout.")
    long swap_wait_ms() default 10000;

    @AttributeDefinition(
            name = "Non-blocking limit (ms)",
            description = "A connector marked @NonBlocking is called on the caller's thread; if one such call holds "
                    + "that thread longer than this, the connector is called on the connector threads from then on.")
    long non_blocking_limit_ms() default 50;
}
