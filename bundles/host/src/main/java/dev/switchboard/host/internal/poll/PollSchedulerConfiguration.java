package dev.switchboard.host.internal.poll;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Switchboard poll scheduler",
        description = "The one pool of threads on which the polling triggers of every connector run.")
public @interface PollSchedulerConfiguration {

    @AttributeDefinition(
            name = "Threads",
            description = "Threads on which every polling subscription of every connector polls (1 to 64).")
    int threads() default 4;

    @AttributeDefinition(
            name = "Spare threads",
            description = "Extra threads, at most, started while polls that overran their time limit refuse to end, "
                    + "so that they do not delay the other subscriptions (0 to 64).")
    int spare_threads() default 4;

    @AttributeDefinition(
            name = "Poll time limit (ms)",
            description = "A poll running longer is interrupted and counted as hung until it ends. Keep it above "
                    + "the longest normal poll (a batch plus up to 60 s waiting for the host to store it).")
    long poll_timeout_ms() default 120_000;

    @AttributeDefinition(
            name = "Retry delay (ms)",
            description = "When a poll throws instead of saying when to poll again, it is polled again after this.")
    long retry_delay_ms() default 5_000;
}
