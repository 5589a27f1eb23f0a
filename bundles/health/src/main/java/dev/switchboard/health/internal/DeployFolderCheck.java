package dev.switchboard.health.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

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
    /** What readiness waits for while the catalog has changes to publish. */
    static final String CATALOG_PUBLISHING = "the connector catalog (changes being published)";

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
        // the files still on their way only (a full report looks into every started bundle's components: seconds
        // with thousands of connectors), and not before the first scan is over
        boolean scannerStarted = scannerStarted();
        List<Deployment> unsettled = scannerStarted ? inventory.unsettled() : List.of();
        // in this order: every file started, then no registration waiting to be published (a connector that just
        // started is registered but not in the snapshot yet), then the snapshot, which has them all
        boolean publishing = scannerStarted && catalog.publishing();
        CatalogSnapshot snapshot = catalog.snapshot();
        List<String> waiting = waitingFor(scannerStarted, unsettled, snapshot, folder);
        if (waiting.isEmpty() && publishing) {
            waiting.add(CATALOG_PUBLISHING);
        }
        if (!waiting.isEmpty()) {
            FormattingResultLog log = new FormattingResultLog();
            log.temporarilyUnavailable(Waiting.summary("waiting for ", waiting));
            return new Result(log);
        }
        String summary = summary(folder, snapshot);
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
     *
     * @param unsettled the folder's files still PENDING or INSTALLED ({@link DeploymentInventory#unsettled()})
     * @param folder    the deploy folder, to name the file of a connector still loading
     */
    static List<String> waitingFor(
            boolean scannerStarted, List<Deployment> unsettled, CatalogSnapshot catalog, Path folder) {
        List<String> waiting = new ArrayList<>();
        if (!scannerStarted) {
            waiting.add("the deploy folder scanner's first scan");
            return waiting;
        }
        for (Deployment deployment : unsettled) {
            DeploymentState state = deployment.state();
            if (PENDING.equals(state.name()) || state == DeploymentState.INSTALLED) {
                waiting.add(deployment.file() + " (" + state + ")");
            }
        }
        // the deploy folder's connectors and the shipped ones (features) alike: none may answer 404 once ready
        for (ConnectorEntry entry : catalog.connectors()) {
            if (entry.state() == ConnectorState.LOADING) {
                waiting.add(fileOf(entry, folder) + "connector " + entry.id() + "@" + entry.version() + " (LOADING)");
            }
        }
        return waiting;
    }

    /** {@code "name.jar: "} when the connector's bundle was installed from a file of the folder, else empty. */
    private static String fileOf(ConnectorEntry entry, Path folder) {
        Path file = entry.bundle() == null ? null : locationFile(entry.bundle().location());
        return file != null && folder != null && folder.equals(file.getParent()) ? file.getFileName() + ": " : "";
    }

    private static Path locationFile(String location) {
        try {
            URI uri = location == null ? null : new URI(location);
            return uri != null && "file".equals(uri.getScheme())
                    ? Path.of(uri).toAbsolutePath().normalize()
                    : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code "n file(s), m connector(s)"}: the folder's files and the catalog's connectors installed from them. */
    private static String summary(Path folder, CatalogSnapshot catalog) {
        long files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.filter(f -> !f.getFileName().toString().startsWith(".") && Files.isRegularFile(f))
                    .count();
        } catch (IOException e) {
            files = 0;
        }
        long connectors = catalog.connectors().stream()
                .filter(entry -> !fileOf(entry, folder).isEmpty())
                .count();
        return files + " file(s), " + connectors + " connector(s)";
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
