package dev.switchboard.host.internal.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentState;

/**
 * Whether the deploy folder scanner has taken a file written at a known time: its entry is the outcome of that content.
 * ACTIVE with its connectors and CONFLICT count once the bundle installed from the file is at least as recent as the
 * write; FAILED and DUPLICATE at once (the classifier reads the file's current content for them); ACTIVE without
 * connectors, INSTALLED, UNRESOLVED and NO_CONNECTOR once the bundle is as recent and the state has held for
 * {@link #STEADY_MS} (Declarative Services or the catalog may not have got to the connector yet); PENDING never.
 */
final class SettledDeployment {

    static final long STEADY_MS = 1_000;
    private static final long POLL_MS = 25;
    private static final Set<DeploymentState> AT_ONCE =
            Set.of(DeploymentState.FAILED, DeploymentState.DUPLICATE, DeploymentState.APPLIED);
    private static final Set<DeploymentState> WHEN_FRESH = Set.of(DeploymentState.ACTIVE, DeploymentState.CONFLICT);

    /** The bundle installed from a file: its last-modified time (ms), or -1 when none is installed from it. */
    interface InstalledAt {
        long lastModified(Path file);
    }

    private final Supplier<List<Deployment>> deployments;
    private final InstalledAt installed;
    private final LongSupplier clock;

    SettledDeployment(Supplier<List<Deployment>> deployments, InstalledAt installed, LongSupplier clock) {
        this.deployments = deployments;
        this.installed = installed;
        this.clock = clock;
    }

    /** The entry of {@code file}, or {@code null} when the folder lists none. */
    Deployment entry(String fileName) {
        for (Deployment deployment : deployments.get()) {
            if (deployment.file().equals(fileName)) {
                return deployment;
            }
        }
        return null;
    }

    /**
     * Waits at most {@code wait} for the outcome of the content written to {@code file} at {@code writtenAt} (ms).
     *
     * @return the last entry seen, and whether it is the outcome
     */
    Outcome await(Path file, long writtenAt, Duration wait) throws InterruptedException {
        String name = String.valueOf(file.getFileName());
        long deadline = clock.getAsLong() + Math.max(0, wait.toMillis());
        DeploymentState steadyState = null;
        long steadySince = 0;
        while (true) {
            Deployment entry = entry(name);
            long now = clock.getAsLong();
            if (entry != null) {
                DeploymentState state = entry.state();
                boolean fresh = installed.lastModified(file) >= writtenAt;
                // ACTIVE without connectors yet, or with a connector the catalog is still loading (listed under its
                // placeholder id "bundle:<symbolic name>", which no real id can be: ids have no ':'), is not the
                // outcome
                boolean complete = state != DeploymentState.ACTIVE
                        || !entry.connectors().isEmpty()
                                && entry.connectors().stream().noneMatch(c -> c.indexOf(':') >= 0);
                if (AT_ONCE.contains(state) || fresh && complete && WHEN_FRESH.contains(state)) {
                    return new Outcome(entry, true);
                }
                if (fresh && state != DeploymentState.PENDING) {
                    if (state != steadyState) {
                        steadyState = state;
                        steadySince = now;
                    } else if (now - steadySince >= STEADY_MS) {
                        return new Outcome(entry, true);
                    }
                } else {
                    steadyState = null;
                }
            }
            if (now >= deadline) {
                return new Outcome(entry, false);
            }
            Thread.sleep(Math.min(POLL_MS, Math.max(1, deadline - now)));
        }
    }

    /** Waits at most {@code wait} until no bundle is installed from {@code file}; whether none is. */
    boolean awaitGone(Path file, Duration wait) throws InterruptedException {
        long deadline = clock.getAsLong() + Math.max(0, wait.toMillis());
        while (installed.lastModified(file) >= 0) {
            long now = clock.getAsLong();
            if (now >= deadline) {
                return false;
            }
            Thread.sleep(Math.min(POLL_MS, Math.max(1, deadline - now)));
        }
        return true;
    }

    record Outcome(Deployment deployment, boolean settled) {}
}
