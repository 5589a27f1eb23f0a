package dev.switchboard.triggers.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.connector.api.TriggerContext;

/**
 * The {@code timer} binding. The checkpoint is the last scheduled time fired (at first: the subscription's creation,
 * {@link #startPosition}); after a pause (a restart) a missed
 * occurrence fires once, at once, and the schedule continues from now. Every schedule is a task on the shared
 * {@link TriggerScheduler}. An occurrence the store refuses (the subscription's pending store is full) is tried again
 * every {@link #RETRY_MS} (at most its period) until it is stored: none is skipped, none fires twice.
 */
@Component(service = TriggerBinding.class)
public final class TimerBinding implements TriggerBinding {

    static final String TYPE = "timer";
    private static final Logger LOG = LoggerFactory.getLogger(TimerBinding.class);
    static final long RETRY_MS = 5000;

    private final ScheduledExecutorService timers;

    @Activate
    public TimerBinding(@Reference TriggerScheduler scheduler) {
        this(scheduler.executor());
    }

    TimerBinding(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public AutoCloseable start(TriggerContext context) {
        JsonNode in = context.inputs();
        CronSchedule cron =
                in.hasNonNull("cron") ? CronSchedule.parse(in.get("cron").asText()) : null;
        Duration period = period(
                in.path("frequency").asText("Minute"), in.path("interval").asInt(1));
        String checkpoint = context.checkpoints().get();
        Instant last = checkpoint == null ? Instant.now() : Instant.parse(checkpoint);
        Schedule schedule = new Schedule(context, cron, period, last);
        schedule.arm();
        return schedule;
    }

    /**
     * A timer starts when it is created: its first checkpoint is that instant, so the occurrences after it fire even
     * when the host restarts before the first one (a missed occurrence fires once, at once).
     */
    @Override
    public String startPosition(TriggerContext context) {
        return Instant.now().toString();
    }

    static Duration period(String frequency, int interval) {
        return switch (frequency) {
            case "Second" -> Duration.ofSeconds(interval);
            case "Hour" -> Duration.ofHours(interval);
            case "Day" -> Duration.ofDays(interval);
            default -> Duration.ofMinutes(interval);
        };
    }

    private final class Schedule implements AutoCloseable {
        private final TriggerContext context;
        private final CronSchedule cron;
        private final Duration period;
        private Instant last;
        private volatile boolean closed;
        private volatile java.util.concurrent.ScheduledFuture<?> next;

        Schedule(TriggerContext context, CronSchedule cron, Duration period, Instant last) {
            this.context = context;
            this.cron = cron;
            this.period = period;
            this.last = last;
        }

        void arm() {
            if (closed) {
                return;
            }
            Instant due = cron != null
                    ? cron.next(ZonedDateTime.ofInstant(last, ZoneOffset.UTC)).toInstant()
                    : last.plus(period);
            at(due, Math.max(0, Duration.between(Instant.now(), due).toMillis()));
        }

        private void at(Instant due, long delayMs) {
            try {
                next = timers.schedule(() -> fire(due), delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // the shared scheduler is shutting down: so is the host
            }
        }

        private void fire(Instant due) {
            if (closed) {
                return;
            }
            ObjectNode event = JsonNodeFactory.instance.objectNode();
            event.put("scheduledTime", due.toString());
            event.put("firedTime", Instant.now().toString());
            try {
                context.sink().emit(List.of(event)).toCompletableFuture().get(30, TimeUnit.SECONDS);
                context.checkpoints().put(due.toString());
                Instant now = Instant.now();
                // a missed occurrence fired once: continue from now rather than firing every one missed
                last = due.plus(period).isBefore(now) && cron == null ? now : due;
            } catch (Exception e) {
                if (closed) {
                    return;
                }
                long retry = Math.min(RETRY_MS, Math.max(1, period.toMillis()));
                LOG.debug(
                        "Timer of subscription {} could not emit the occurrence {} ({}); trying again in {} ms",
                        context.subscriptionId(),
                        due,
                        e.toString(),
                        retry);
                at(due, retry);
                return;
            }
            arm();
        }

        @Override
        public void close() {
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
    }
}
