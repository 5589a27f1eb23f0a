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
}
