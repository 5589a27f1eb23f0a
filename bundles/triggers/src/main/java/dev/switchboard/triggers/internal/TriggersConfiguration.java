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

    @AttributeDefinition(description = "Most subscriptions the host runs; creating one more is refused (409)")
    int max_subscriptions() default 1000;

    @AttributeDefinition(
            description = "Most batches one subscription may hold undelivered; beyond, new batches are "
                    + "refused (hook posts 429, a polling binding reads them again later)")
    int max_pending_batches() default 1000;

    @AttributeDefinition(description = "Most bytes of undelivered batches one subscription may hold (JSON, UTF-8)")
    long max_pending_bytes() default 16L * 1024 * 1024;

    @AttributeDefinition(description = "Largest body one hook post may carry (bytes, as JSON); larger ones get 413")
    long hook_max_bytes() default 1024L * 1024;

    @AttributeDefinition(description = "Dead-lettered batches kept per subscription; the oldest go first")
    int deadletters_keep() default 100;

    @AttributeDefinition(
            description = "Most event streams (GET /api/subscriptions/{id}/events) open at once, over "
                    + "all subscriptions; one more gets 503")
    int max_streams() default 64;

    @AttributeDefinition(description = "Threads of the scheduler shared by delivery, timers and retries")
    int scheduler_threads() default 4;
}
