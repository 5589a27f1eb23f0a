package dev.switchboard.connector.openapi.internal;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.spi.DeployFileInspector;

/**
 * Installs the OpenAPI documents of the deploy folder: FileInstall reports each {@code *.openapi.json|yaml|yml}
 * file to this installer (an {@link ArtifactInstaller}, asked before FileInstall's own handling), which compiles the
 * document and installs the {@link GeneratedBundle} made of it from the file's location, so the document is a
 * deployment like a jar: a new content updates the bundle in place (its connector is drained and swapped by the
 * host), deleting the file uninstalls it, and the archive and rollback keep and restore its earlier contents.
 * <p>
 * A document that does not compile is not installed; a new content that does not compile leaves the bundle of the
 * previous one serving. Either way the deployment report says why, with the parser's messages, through
 * {@link DeployFileInspector}.
 */
@Component(
        service = {ArtifactInstaller.class, DeployFileInspector.class},
        immediate = true,
        property = Constants.SERVICE_RANKING + ":Integer=100")
public final class DocumentInstaller implements ArtifactInstaller, DeployFileInspector {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentInstaller.class);
    private static final long REFRESH_TIMEOUT_SECONDS = 60;

    private final BundleContext context;
    private final CompiledDocuments documents;

    @Activate
    public DocumentInstaller(BundleContext context, @Reference CompiledDocuments documents) {
        this.context = context;
        this.documents = documents;
    }

    @Override
    public boolean canHandle(File artifact) {
        return DocumentReader.handles(artifact.getName()) && artifact.isFile();
    }

    @Override
    public void install(File artifact) throws Exception {
        guarded(artifact);
    }

    @Override
    public void update(File artifact) throws Exception {
        guarded(artifact);
    }

    /** An Error thrown into FileInstall's scanner would stop it for every file: report it as this file's failure. */
    private void guarded(File artifact) throws Exception {
        try {
            installOrUpdate(artifact);
        } catch (LinkageError | StackOverflowError e) {
            LOG.error("{} could not be installed", artifact.getName(), e);
            throw new BundleException(artifact.getName() + " could not be installed: " + e);
        }
    }

    private synchronized void installOrUpdate(File artifact) throws Exception {
        String fileName = artifact.getName();
        byte[] content = Files.readAllBytes(artifact.toPath());
        CompiledDocuments.Outcome outcome = documents.compile(fileName, content);
        String location = location(artifact);
        Bundle existing = context.getBundle(location);
        if (!outcome.ok()) {
            // reported by GET /api/deployments (DeployFileInspector); not thrown: FileInstall would log the same
            // again with a stack trace. It calls update() again when the file changes.
            LOG.warn(
                    "{} is not installed{}: {}",
                    fileName,
                    existing == null
                            ? ""
                            : " (bundle " + existing.getSymbolicName() + " " + existing.getVersion()
                                    + " keeps serving)",
                    outcome.reason());
            return;
        }
        OpenApiDefinition definition = outcome.definition();
        byte[] bundle = GeneratedBundle.build(fileName, content, definition.id(), definition.version());
        if (existing == null) {
            Bundle installed = context.installBundle(location, new ByteArrayInputStream(bundle));
            LOG.info(
                    "{}: connector {}@{} with {} operations{}",
                    fileName,
                    definition.id(),
                    definition.version(),
                    definition.operations().size(),
                    skipped(definition.skipped()));
            installed.start(Bundle.START_ACTIVATION_POLICY);
            return;
        }
        // the host drains the connector's calls while the bundle stops; calls arriving meanwhile wait for it
        existing.stop(Bundle.STOP_TRANSIENT);
        existing.update(new ByteArrayInputStream(bundle));
        refresh(existing);
        LOG.info(
                "{} updated: connector {}@{} with {} operations{}",
                fileName,
                definition.id(),
                definition.version(),
                definition.operations().size(),
                skipped(definition.skipped()));
        existing.start(Bundle.START_ACTIVATION_POLICY);
    }

    private static String skipped(List<String> skipped) {
        return skipped.isEmpty() ? "" : " (" + skipped.size() + " left out: " + String.join("; ", skipped) + ")";
    }

    @Override
    public synchronized void uninstall(File artifact) throws Exception {
        Bundle bundle = context.getBundle(location(artifact));
        if (bundle == null) {
            return;
        }
        bundle.uninstall();
        refresh(bundle);
        LOG.info(
                "{} removed: bundle {} {} uninstalled",
                artifact.getName(),
                bundle.getSymbolicName(),
                bundle.getVersion());
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        FrameworkWiring wiring =
                context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(List.of(bundle), event -> done.countDown());
        if (!done.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("Refreshing {} took longer than {} s", bundle.getSymbolicName(), REFRESH_TIMEOUT_SECONDS);
        }
    }

    /** As FileInstall and the host's bundle installer: the file's URL. */
    static String location(File artifact) throws IOException {
        return artifact.getAbsoluteFile().toPath().normalize().toUri().toURL().toString();
    }

    @Override
    public boolean handles(String fileName) {
        return DocumentReader.handles(fileName);
    }

    @Override
    public Inspection inspect(String fileName, Path content) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(content);
        } catch (IOException e) {
            return Inspection.problem("the file cannot be read: " + e.getMessage());
        }
        CompiledDocuments.Outcome outcome = documents.compile(fileName, bytes);
        if (!outcome.ok()) {
            return Inspection.problem("not a usable OpenAPI document: " + outcome.reason());
        }
        return Inspection.bundle(
                GeneratedBundle.symbolicName(fileName),
                outcome.definition().version().toString());
    }
}
