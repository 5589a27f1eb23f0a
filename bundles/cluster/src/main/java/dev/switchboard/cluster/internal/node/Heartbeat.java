package dev.switchboard.cluster.internal.node;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.cluster.internal.replication.ReplicationStatus;
import dev.switchboard.cluster.internal.schema.ClusterSchema;

/**
 * This node's life in the cluster database: first migrate the schema and join (retried with backoff while the
 * database cannot be reached, {@link #MAX_BACKOFF_MILLIS} apart at most), then hand the membership over once and
 * write a heartbeat every {@code heartbeatMillis}. A failed heartbeat is retried with backoff too; the node keeps
 * running meanwhile, and {@link #status()} says what is wrong (readiness, console, {@code GET /api/cluster}).
 * <p>
 * A heartbeat that hangs (a network that drops packets rather than refusing them: the query waits for the driver's
 * socket timeout) counts as a failure as soon as no heartbeat has been written for {@link #STALE_BEATS} periods, so
 * readiness turns 503 then, not once the driver gives up.
 */
final class Heartbeat {

    /**
     * The longest pause between two attempts while the database cannot be reached: short, so a node is back within
     * about 2 s of the database (one connection attempt every 2 s per node costs the database nothing).
     */
    static final long MAX_BACKOFF_MILLIS = 2_000;

    /** Heartbeat periods without a heartbeat written after which the database counts as unreachable. */
    static final int STALE_BEATS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    /**
     * @param joined    whether the node has migrated the schema and joined (its membership exists)
     * @param reachable whether the last attempt reached the database
     * @param problem   why not, naming the database (no credentials), or null
     * @param since     when the present state began (wall clock)
     */
    record Status(boolean joined, boolean reachable, String problem, Instant since) {}

    private final NodeTable table;
    private final DataSource dataSource;
    private final String database;
    private final String self;
    private final String url;
    private final long heartbeatMillis;
    private final long timeoutMillis;
    private final Supplier<ReplicationStatus> replication;
    private final Consumer<DatabaseMembership> onJoined;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanos;
    private final Clock clock;

    private volatile Status status;
    private volatile long lastBeatNanos;
    private volatile boolean stopped;
    private int failures;

    Heartbeat(
            DataSource dataSource,
            String database,
            String self,
            String url,
            long heartbeatMillis,
            long timeoutMillis,
            Supplier<ReplicationStatus> replication,
            Consumer<DatabaseMembership> onJoined,
            ScheduledExecutorService scheduler) {
        this.dataSource = dataSource;
        this.table = new NodeTable(dataSource);
        this.database = database;
        this.self = self;
        this.url = url;
        this.heartbeatMillis = heartbeatMillis;
        this.timeoutMillis = timeoutMillis;
        this.replication = replication;
        this.onJoined = onJoined;
        this.scheduler = scheduler;
        this.nanos = System::nanoTime;
        this.clock = Clock.systemUTC();
        this.status = new Status(false, false, "connecting to the cluster database " + database, clock.instant());
    }

    void start() {
        schedule(this::join, 0);
    }

    /** The present state; a joined node whose heartbeat has not been written for {@link #STALE_BEATS} periods is
     * reported unreachable even while the attempt still hangs. */
    Status status() {
        Status now = status;
        if (now.joined() && now.reachable()) {
            long silentMillis = TimeUnit.NANOSECONDS.toMillis(nanos.getAsLong() - lastBeatNanos);
            if (silentMillis > STALE_BEATS * heartbeatMillis) {
                return new Status(
                        true,
                        false,
                        "the cluster database " + database + " is unreachable: no heartbeat written for " + silentMillis
                                + " ms (the last attempt has not answered)",
                        clock.instant().minusMillis(silentMillis - heartbeatMillis));
            }
        }
        return now;
    }

    /** Whether this node's own heartbeat succeeded within the node timeout (its local, monotonic clock). */
    boolean selfLive() {
        Status now = status;
        return now.joined() && nanos.getAsLong() - lastBeatNanos < TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Stops beating; a node that had joined marks itself DOWN at once (a clean stop needs no timeout). */
    void stop() {
        stopped = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (status.joined()) {
            try {
                table.leave(self);
            } catch (SQLException e) {
                LOG.debug("Cluster node {}: could not mark itself DOWN on stop: {}", self, e.toString());
            }
        }
    }

    private void join() {
        try {
            int version = ClusterSchema.migrate(dataSource);
            table.join(self, url);
            lastBeatNanos = nanos.getAsLong();
            failures = 0;
            status = new Status(true, true, null, clock.instant());
            LOG.info(
                    "Cluster node {} ({}) joined the cluster database {} (schema version {})",
                    self,
                    url,
                    database,
                    version);
            onJoined.accept(new DatabaseMembership(table, self, heartbeatMillis, timeoutMillis, dataSource, this));
            schedule(this::beat, heartbeatMillis);
        } catch (SQLException | RuntimeException e) {
            long delay = failed(e, "cannot join");
            schedule(this::join, delay);
        }
    }

    private void beat() {
        try {
            ReplicationStatus replicated = replication.get();
            table.beat(
                    self,
                    url,
                    replicated == null ? 0 : replicated.appliedRevision(),
                    replicated == null ? 0 : replicated.deployments());
            lastBeatNanos = nanos.getAsLong();
            if (!status.reachable()) {
                LOG.info("Cluster node {}: the cluster database {} is reachable again", self, database);
                status = new Status(true, true, null, clock.instant());
            }
            failures = 0;
            schedule(this::beat, heartbeatMillis);
        } catch (SQLException | RuntimeException e) {
            schedule(this::beat, failed(e, "heartbeat failed"));
        }
    }

    /** Records the failure (logged once per change of reason) and returns the delay before the next attempt. */
    private long failed(Exception e, String what) {
        failures++;
        String problem = "the cluster database " + database + " is unreachable (" + what + "): " + reason(e);
        Status previous = status;
        // once per outage and per kind of reason: the pool's message changes with its timings ("after 2001ms")
        if (previous.reachable() || !sameReason(problem, previous.problem())) {
            LOG.warn("Cluster node {}: {}; retrying with backoff, invocations keep being served", self, problem);
        }
        status = new Status(
                previous.joined(),
                false,
                problem,
                previous.reachable() || previous.problem() == null ? clock.instant() : previous.since());
        return Math.min(MAX_BACKOFF_MILLIS, heartbeatMillis << Math.min(failures - 1, 10));
    }

    private static boolean sameReason(String one, String other) {
        return other != null && one.replaceAll("\\d+", "#").equals(other.replaceAll("\\d+", "#"));
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        return message == null
                ? e.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }

    private void schedule(Runnable task, long delayMillis) {
        if (stopped) {
            return;
        }
        try {
            scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopped meanwhile
        }
    }
}
