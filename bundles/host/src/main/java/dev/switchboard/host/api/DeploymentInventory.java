package dev.switchboard.host.api;

import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** What is in the deploy folder and what became of each file. */
@ProviderType
public interface DeploymentInventory {

    /** The deploy folder watched for connector bundles. */
    Path deployFolder();

    /** One entry per file in the deploy folder, sorted by file name. */
    List<Deployment> deployments();

    /**
     * The files still on their way, as {@link #deployments()} reports them: {@link DeploymentState#PENDING} (not read,
     * or installed and waiting for its turn to start) and {@link DeploymentState#INSTALLED} (installed, not started).
     * What a readiness check polls during a start: an implementation may answer it without looking into the bundles
     * that started (their components), which with thousands of connectors is most of the cost of a full report.
     *
     * @return the unsettled files, sorted by file name; empty once everything started or failed
     * @since 1.8
     */
    default List<Deployment> unsettled() {
        return deployments().stream()
                .filter(d -> d.state() == DeploymentState.PENDING || d.state() == DeploymentState.INSTALLED)
                .toList();
    }
}
