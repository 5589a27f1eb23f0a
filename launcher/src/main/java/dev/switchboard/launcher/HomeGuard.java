package dev.switchboard.launcher;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Switchboard home private to its owner: restricts what is there at start, and what the running host makes
 * when the process umask does not (a sweep every {@value #SWEEP_SECONDS} s).
 */
final class HomeGuard {

    /** How often files under the home are restricted to the owner when the umask does not do it. */
    static final long SWEEP_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(HomeGuard.class);

    private final HomePermissions permissions;

    HomeGuard(HomePermissions permissions) {
        this.permissions = permissions;
    }

    /** Takes group and world access away from everything under the home, with one WARN naming what it fixed. */
    void restrict(String when) {
        try {
            List<String> fixed = permissions.restrict();
            if (!fixed.isEmpty()) {
                LOG.warn(
                        "Restricted {} entries of the Switchboard home to its owner {} (they were group/world "
                                + "accessible): {}",
                        fixed.size(),
                        when,
                        HomePermissions.summary(fixed, 12));
            }
        } catch (IOException e) {
            LOG.warn("Cannot restrict the Switchboard home to its owner {}: {}", when, e.toString());
        }
    }

    /**
     * Files made once the host runs (ConfigAdmin's data/config, H2's trigger store, the archive) follow the process
     * umask: {@code ./switchboard} sets 077, so they are private at once. Started otherwise with a looser umask,
     * the home stays 0700 (no other user reaches anything in it) and the files made during the start are fixed now,
     * then every {@value #SWEEP_SECONDS} s.
     */
    void guardNewFiles() {
        boolean privateByUmask;
        try {
            privateByUmask = permissions.newFilesArePrivate();
        } catch (IOException e) {
            privateByUmask = false;
        }
        if (privateByUmask) {
            restrict("after the start"); // only what some other process loosened meanwhile
            return;
        }
        List<String> fixed;
        try {
            fixed = permissions.restrict();
        } catch (IOException e) {
            fixed = List.of();
        }
        LOG.warn(
                "This process creates files readable by group/world (its umask is not 077): restricted {} entries "
                        + "made during the start{}; the home is mode 700, so no other user reaches them, and new files are "
                        + "restricted every {} s. Start Switchboard with ./switchboard, or run 'umask 077' first",
                fixed.size(),
                fixed.isEmpty() ? "" : " (" + HomePermissions.summary(fixed, 6) + ")",
                SWEEP_SECONDS);
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-home-permissions");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    private void sweep() {
        try {
            List<String> swept = permissions.restrict();
            if (!swept.isEmpty()) {
                LOG.debug("Restricted to the owner: {}", HomePermissions.summary(swept, 12));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Sweeping the home's permissions failed: {}", e.toString());
        }
    }
}
