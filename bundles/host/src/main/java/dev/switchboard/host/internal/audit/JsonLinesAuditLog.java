package dev.switchboard.host.internal.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.api.AuditLog;
import dev.switchboard.host.internal.DaemonThreadFactory;
import dev.switchboard.host.internal.deploy.DeploymentArchive;

/**
 * The audit trail as JSON lines in daily files under {@code $switchboard.home/data/audit/} (see
 * {@link DailyAuditFiles}); without a home, or when that folder cannot be made, the last {@value #MAX_LIMIT} entries
 * in memory.
 * <p>
 * A failure to write never reaches the caller (the management action it describes has happened, or was refused, for
 * its own reasons): it is logged at ERROR at most once a minute, with the number of entries lost since the last such
 * line. A change of {@code retention.days} applies in place ({@code @Modified}): the HTTP layer, the shell and the
 * archive hold static references to this service and would restart with it.
 */
@Component(service = AuditLog.class, immediate = true, configurationPid = JsonLinesAuditLog.PID)
@Designate(ocd = AuditConfiguration.class)
public final class JsonLinesAuditLog implements AuditLog {

    public static final String PID = "dev.switchboard.host.audit";
    /** The most entries one {@link #since} call returns, and what the in-memory ring keeps. */
    public static final int MAX_LIMIT = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesAuditLog.class);
    private static final long BURST_MS = 60_000;

    private final AuditStore store;
    private final Clock clock;
    /** Prunes at start and once a day; {@code null} in unit tests, which call {@link #prune} themselves. */
    private final ScheduledExecutorService retention;

    private volatile int retentionDays;

    private final Object burstLock = new Object();
    /** Guarded by {@link #burstLock}: when the last ERROR was logged, and the entries lost since. */
    private long lastErrorMillis = Long.MIN_VALUE;

    private long lostSinceError;

    @Activate
    public JsonLinesAuditLog(BundleContext context, AuditConfiguration config) {
        this(
                storeFor(context.getProperty(DeploymentArchive.HOME_PROPERTY)),
                config.retention_days(),
                Clock.systemUTC(),
                new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("switchboard-audit-retention")));
    }

    JsonLinesAuditLog(AuditStore store, int retentionDays, Clock clock, ScheduledExecutorService retention) {
        this.store = store;
        this.retentionDays = retentionDays;
        this.clock = clock;
        this.retention = retention;
        LOG.info("Audit trail: {} (retention.days {})", store.describe(), retentionDays);
        if (retention != null) {
            retention.scheduleWithFixedDelay(this::prune, 0, 1, TimeUnit.DAYS);
        }
    }

    /** Daily files in {@code <home>/data/audit}, or a ring in memory (and a log line that says so). */
    static AuditStore storeFor(String home) {
        if (home == null || home.isBlank()) {
            LOG.warn(
                    "No {} framework property: the audit trail is kept in memory only (the last {} entries) and is "
                            + "lost when the host stops",
                    DeploymentArchive.HOME_PROPERTY,
                    MAX_LIMIT);
            return new AuditRing(MAX_LIMIT);
        }
        Path folder = auditFolder(home);
        try {
            return new DailyAuditFiles(folder);
        } catch (IOException | RuntimeException e) {
            LOG.error(
                    "Cannot use {} for the audit trail ({}): it is kept in memory only (the last {} entries) and is "
                            + "lost when the host stops",
                    folder,
                    e.toString(),
                    MAX_LIMIT);
            return new AuditRing(MAX_LIMIT);
        }
    }

    /** {@code <home>/data/audit}. */
    static Path auditFolder(String home) {
        return Path.of(home).toAbsolutePath().normalize().resolve("data").resolve("audit");
    }

    @Modified
    void modified(AuditConfiguration config) {
        int days = config.retention_days();
        if (days != retentionDays) {
            retentionDays = days;
            LOG.info("Audit trail retention.days is {} now", days);
            if (retention != null) {
                try {
                    retention.execute(this::prune);
                } catch (RejectedExecutionException e) {
                    LOG.debug("Not pruning the audit trail: it is closing");
                }
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (retention != null) {
            retention.shutdownNow();
        }
        store.close();
    }

    @Override
    public void record(AuditEntry entry) {
        if (entry == null) {
            failed(null, new NullPointerException("a null entry"));
            return;
        }
        try {
            store.append(entry);
        } catch (IOException | RuntimeException e) {
            failed(entry, e);
        }
    }

    private void failed(AuditEntry entry, Exception e) {
        synchronized (burstLock) {
            lostSinceError++;
            long now = clock.millis();
            if (lastErrorMillis != Long.MIN_VALUE && now - lastErrorMillis < BURST_MS) {
                return;
            }
            LOG.error(
                    "Cannot write to the audit trail in {}: {}; {} entr{} not recorded since the last such message, "
                            + "this one ({} {}) included; failures in the coming minute are counted, not logged",
                    store.describe(),
                    e.toString(),
                    lostSinceError,
                    lostSinceError == 1 ? "y" : "ies",
                    entry == null ? "-" : entry.action(),
                    entry == null ? "" : entry.target());
            lastErrorMillis = now;
            lostSinceError = 0;
        }
    }

    @Override
    public List<AuditEntry> since(Instant since, int limit) {
        int bounded = Math.min(limit, MAX_LIMIT);
        if (bounded <= 0) {
            return List.of();
        }
        try {
            AuditReading reading = store.read(since, bounded);
            if (reading.corrupt() > 0) {
                LOG.warn(
                        "Skipped {} line(s) of the audit trail in {} that are not entries (the first: {})",
                        reading.corrupt(),
                        store.describe(),
                        reading.example());
            }
            return reading.entries();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the audit trail in " + store.describe() + ": " + e, e);
        }
    }

    /** Deletes the daily files older than {@code retention.days}. */
    void prune() {
        try {
            store.prune(LocalDate.now(clock), retentionDays);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot delete old audit files in {}: {}", store.describe(), e.toString());
        }
    }
}
