package dev.switchboard.triggers.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard triggers", description = "Subscriptions, event store and delivery.")
public @interface TriggersConfiguration {

    @AttributeDefinition(description = "Webhook delivery attempts per batch before it is dead-lettered")
    int delivery_attempts() default 8;

    @AttributeDefinition(description = "Delay before the second attempt (ms); doubled for every further attempt")
    long backoff_initial_ms() default 500;

    @AttributeDefinition(description = "Longest delay between two attempts (ms)")
    long backoff_max_ms() default 60000;

    @AttributeDefinition(description = "How long one webhook POST may take (ms)")
    long webhook_timeout_ms() default 10000;

    @AttributeDefinition(description = "How often subscriptions that wait or failed are retried (ms)")
    long reconcile_ms() default 1000;

    @AttributeDefinition(description = "fsync the event store on every commit (survives power loss, not only a crash)")
    boolean fsync() default true;
}
