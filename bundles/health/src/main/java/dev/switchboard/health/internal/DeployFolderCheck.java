package dev.switchboard.health.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.DeploymentState;

/**
 * Readiness: the deploy folder's initial scan has settled. That is: the deploy folder scanner (FileInstall, whose
 * first scan installs and starts the folder's bundles while it starts, {@code felix.fileinstall.noInitialDelay}) is
 * ACTIVE, no file is PENDING or INSTALLED (installed, not started yet) in {@link DeploymentInventory}, and no
 * connector is LOADING, neither the folder's nor the shipped ones: each is ACTIVE or FAILED (or CONFLICT), so a client
 * that waited for readiness never gets 404 ConnectorNotFound for a connector that was there at the start.
 * <p>
 * It is a start-up condition: once settled it stays OK (the component is immediate, so the instance and its latch
 * live as long as the bundle), so a jar copied in later (hot deployment) never takes the
 * host out of service; {@code GET /api/deployments} shows each file's state from then on.
 */
@Component(
        service = HealthCheck.class,
        immediate = true,
        property = {
            HealthCheck.NAME + "=" + DeployFolderCheck.NAME,
            HealthCheck.TAGS + "=" + DeployFolderCheck.READY_TAG,
            HealthCheck.TAGS + "=" + DeployFolderCheck.PUBLIC_TAG
        })
public final class DeployFolderCheck implements HealthCheck {

    static final String NAME = "Deploy folder settled";
    /** The tag {@code GET /api/health/ready} selects. */
    static final String READY_TAG = "ready";
    /** Checks whose messages are written to be shown without credentials (file names and ids, no paths). */
    static final String PUBLIC_TAG = "switchboard";

    static final String SCANNER = "org.apache.felix.fileinstall";
    /** Not an enum constant of every host API version: a file the scanner has not installed yet. */
    static final String PENDING = "PENDING";

    private static final String DEPLOY_FOLDER_PROPERTY = "felix.fileinstall.dir";
    private static final Logger LOG = LoggerFactory.getLogger(DeployFolderCheck.class);

    private final BundleContext context;
    private final DeploymentInventory inventory;
    private final ConnectorCatalog catalog;
    private final AtomicReference<Result> settled = new AtomicReference<>();

    @Activate
    public DeployFolderCheck(
            BundleContext context, @Reference DeploymentInventory inventory, @Reference ConnectorCatalog catalog) {
        this.context = context;
        this.inventory = inventory;
        this.catalog = catalog;
    }

    @Override
    public Result execute() {
        Result done = settled.get();
        if (done != null) {
            return done;
        }
        Path folder = inventory.deployFolder();
        if (folder == null) {
            return settle(new Result(Result.Status.OK, "no deploy folder is configured"));
        }
        List<String> waiting = waitingFor(scannerStarted(), inventory.deployments(), catalog.snapshot());
        if (!waiting.isEmpty()) {
            FormattingResultLog log = new FormattingResultLog();
            log.temporarilyUnavailable(Waiting.summary("waiting for ", waiting));
            return new Result(log);
        }
        List<Deployment> deployments = inventory.deployments();
        String summary = deployments.size() + " file(s), "
                + deployments.stream().mapToInt(d -> d.connectors().size()).sum() + " connector(s)";
        LOG.info("The deploy folder settled: {}", summary);
        return settle(new Result(
                Result.Status.OK,
                "settled at the start: " + summary + " (GET /api/deployments shows each file's state from now on)"));
    }

    private Result settle(Result result) {
        settled.compareAndSet(null, result);
        return settled.get();
    }

    /**
     * What the folder still waits for, one short item each (file names and connector ids only: the answer is public);
     * empty once settled.
     */
    static List<String> waitingFor(boolean scannerStarted, List<Deployment> deployments, CatalogSnapshot catalog) {
        List<String> waiting = new ArrayList<>();
        if (!scannerStarted) {
            waiting.add("the deploy folder scanner's first scan");
            return waiting;
        }
        for (Deployment deployment : deployments) {
            DeploymentState state = deployment.state();
            if (PENDING.equals(state.name()) || state == DeploymentState.INSTALLED) {
                waiting.add(deployment.file() + " (" + state + ")");
            }
        }
        // the deploy folder's connectors and the shipped ones (features) alike: none may answer 404 once ready
        for (ConnectorEntry entry : catalog.connectors()) {
            if (entry.state() == ConnectorState.LOADING) {
                waiting.add(
                        fileOf(entry, deployments) + "connector " + entry.id() + "@" + entry.version() + " (LOADING)");
            }
        }
        return waiting;
    }

    private static String fileOf(ConnectorEntry entry, List<Deployment> deployments) {
        for (Deployment deployment : deployments) {
            if (deployment.bundle() != null
                    && entry.bundle() != null
                    && deployment.bundle().id() == entry.bundle().id()) {
                return deployment.file() + ": ";
            }
        }
        return "";
    }

    private boolean scannerStarted() {
        for (Bundle bundle : context.getBundles()) {
            if (SCANNER.equals(bundle.getSymbolicName())) {
                return bundle.getState() == Bundle.ACTIVE;
            }
        }
        return false;
    }

    /** The deploy folder as FileInstall reads it, {@code null} when none is configured. */
    static Path deployFolder(BundleContext context) {
        String folder = context.getProperty(DEPLOY_FOLDER_PROPERTY);
        return folder == null || folder.isBlank()
                ? null
                : Path.of(folder).toAbsolutePath().normalize();
    }
}
