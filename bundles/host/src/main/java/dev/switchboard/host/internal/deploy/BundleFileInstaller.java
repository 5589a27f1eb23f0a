package dev.switchboard.host.internal.deploy;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.internal.DaemonThreadFactory;

/**
 * Installs the bundles of the deploy folder in FileInstall's place, so that two files holding the same bundle (the
 * same Bundle-SymbolicName and Bundle-Version) never touch each other's bundle.
 * <p>
 * Why: FileInstall 3.7.4 maps each file to a bundle id. For a second file of an installed bundle
 * ({@code DirectoryWatcher.installOrUpdateBundle}) it finds the bundle by name and version and <em>updates</em> it
 * with the copy (restarting the live bundle), then records that bundle id for the copy too; deleting the copy then
 * uninstalls the bundle, and the original file, whose content did not change, is never installed again. A
 * {@code CollisionHook} does not help (FileInstall never calls {@code installBundle} for the copy) and a find hook
 * would have to guess which of FileInstall's calls to hide a bundle from. FileInstall's own extension point does:
 * an {@link ArtifactInstaller} service ranked above its built-in bundle transformer is asked first for every file,
 * and FileInstall then only reports files to it (install, update, uninstall) and leaves the bundles alone.
 * <p>
 * What this installer does with a bundle file directly in the deploy folder:
 * <ul>
 * <li>install: when no bundle of that name and version is installed, installs it (location: the file's URI, as
 * FileInstall would) and queues it to be started beside FileInstall's thread ({@link BundleStartQueue}); otherwise the file is a <em>duplicate</em>: left uninstalled, logged (one WARN),
 * reported as DUPLICATE naming the file that serves.</li>
 * <li>update: of a duplicate, nothing (unless its new content is another bundle, which is then installed); of a
 * serving file, stop (transient), update, refresh that bundle only, start: the hot swap the catalog drains.</li>
 * <li>uninstall: of a duplicate, nothing; of a serving file with a duplicate left, the duplicate takes over the
 * bundle in place: nothing happens to the bundle when the bytes are the same, else it is updated from the copy (a
 * hot swap, calls wait for it); with none left, uninstall and refresh.</li>
 * </ul>
 * Bundles that fail to start are started again on every bundle change, as FileInstall does. Files that are not
 * bundles, and files in other folders, are left to FileInstall.
 */
@Component(
        service = {ArtifactInstaller.class, ServedFiles.class},
        immediate = true,
        property = Constants.SERVICE_RANKING + ":Integer=100")
public final class BundleFileInstaller implements ArtifactInstaller, ServedFiles, BundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(BundleFileInstaller.class);
    private final BundleContext context;
    /** The deploy folder, absolute and normalised; {@code null} when there is none (then nothing is handled). */
    private final Path folder;

    private final BundleStarts starts;
    private final BundleStartQueue startQueue;
    private final ExecutorService background =
            Executors.newSingleThreadExecutor(new DaemonThreadFactory("switchboard-deploy-installer"));
    /** Serving file to its bundle; guarded by {@code this}. */
    private final Map<Path, Served> served = new HashMap<>();
    /** Duplicate file to the bundle it holds, in name order (the first takes over); guarded by {@code this}. */
    private final Map<Path, BundleKey> parked = new TreeMap<>();

    private record Served(long bundleId, byte[] digest) {}

    @Activate
    public BundleFileInstaller(BundleContext context) {
        this.context = context;
        this.starts = new BundleStarts(context);
        this.startQueue = new BundleStartQueue(context, starts);
        String property = context.getProperty(DeploymentScanner.DEPLOY_FOLDER_PROPERTY);
        this.folder = property == null || property.isBlank()
                ? null
                : Path.of(property).toAbsolutePath().normalize();
        // bundles installed before this component (by FileInstall itself, or by an earlier instance) stay served
        for (Bundle bundle : context.getBundles()) {
            Path file = DeployFolderPaths.locationPath(bundle.getLocation());
            if (file != null && inFolder(file)) {
                served.put(file, new Served(bundle.getBundleId(), ContentDigest.of(file)));
            }
        }
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        background.shutdownNow();
        startQueue.close();
    }

    @Override
    public boolean canHandle(File artifact) {
        Path file = artifact.toPath().toAbsolutePath().normalize();
        return inFolder(file) && Files.isRegularFile(file) && BundleKey.of(file) != null;
    }

    @Override
    public void install(File artifact) throws Exception {
        Path file = artifact.toPath().toAbsolutePath().normalize();
        byte[] content = Files.readAllBytes(file);
        BundleKey key = BundleKey.of(file);
        if (key == null) {
            throw new BundleException(file.getFileName() + " is no longer a bundle");
        }
        Bundle started;
        synchronized (this) {
            started = installLocked(artifact, file, key, content);
        }
        if (started != null) {
            startQueue.start(started);
        }
    }

    /** Installs the file's bundle, or parks the file as a duplicate; the bundle to start, or {@code null}. */
    private Bundle installLocked(File artifact, Path file, BundleKey key, byte[] content) throws Exception {
        Bundle same = installed(key);
        Served mine = served.get(file);
        if (same != null && (mine == null || mine.bundleId() != same.getBundleId())) {
            String servedBy = servingFileOf(same);
            if (parked.put(file, key) == null) {
                LOG.warn(
                        "{} holds the same bundle as {} ({}): left uninstalled, {} keeps serving; remove one of the "
                                + "copies (this one takes over if the other is removed)",
                        file.getFileName(),
                        servedBy,
                        key,
                        servedBy);
            }
            return null;
        }
        parked.remove(file);
        Bundle bundle = mine == null ? null : context.getBundle(mine.bundleId());
        if (bundle != null) {
            return updateLocked(file, bundle, content) ? bundle : null;
        }
        String location = artifact.toURI().toURL().toString();
        Bundle existing = context.getBundle(location);
        if (existing != null) {
            served.put(file, new Served(existing.getBundleId(), null));
            return updateLocked(file, existing, content) ? existing : null;
        }
        LOG.info("Installing bundle {} from {}", key, file.getFileName());
        bundle = context.installBundle(location, new ByteArrayInputStream(content));
        served.put(file, new Served(bundle.getBundleId(), ContentDigest.of(content)));
        return bundle;
    }

    @Override
    public void update(File artifact) throws Exception {
        Path file = artifact.toPath().toAbsolutePath().normalize();
        boolean changed;
        Bundle bundle;
        synchronized (this) {
            Served mine = served.get(file);
            bundle = mine == null ? null : context.getBundle(mine.bundleId());
            if (bundle == null) {
                served.remove(file);
            }
        }
        if (bundle == null) {
            // a duplicate (stays one unless it now holds another bundle), or a file whose bundle went away
            install(artifact);
            return;
        }
        byte[] content = Files.readAllBytes(file);
        synchronized (this) {
            changed = updateLocked(file, bundle, content);
        }
        if (changed) {
            starts.start(bundle);
        }
        reconcileLater();
    }

    /** Updates a serving file's bundle unless its content is unchanged; true when it was updated. */
    private boolean updateLocked(Path file, Bundle bundle, byte[] content) throws Exception {
        byte[] digest = ContentDigest.of(content);
        Served mine = served.get(file);
        if (mine != null && mine.digest() != null && Arrays.equals(mine.digest(), digest)) {
            return false;
        }
        LOG.info("Updating bundle {} {} from {}", bundle.getSymbolicName(), bundle.getVersion(), file.getFileName());
        // as FileInstall does: stopped first so that update does not start it with the old wiring, refreshed, started
        BundleStarts.stopTransient(bundle);
        try {
            bundle.update(new ByteArrayInputStream(content));
            served.put(file, new Served(bundle.getBundleId(), digest));
        } catch (BundleException | RuntimeException e) {
            // refused: the previous content keeps serving (the report says the file is newer than its bundle)
            starts.refresh(List.of(bundle));
            starts.start(bundle);
            throw e;
        }
        starts.refresh(List.of(bundle));
        return true;
    }

    @Override
    public void uninstall(File artifact) throws Exception {
        Path file = artifact.toPath().toAbsolutePath().normalize();
        Bundle updated = null;
        synchronized (this) {
            BundleKey duplicate = parked.remove(file);
            if (duplicate != null) {
                LOG.info(
                        "{} removed: it was a copy of bundle {}, which was not touched", file.getFileName(), duplicate);
                return;
            }
            Served mine = served.remove(file);
            Bundle bundle = mine == null ? null : context.getBundle(mine.bundleId());
            if (bundle == null) {
                return;
            }
            BundleKey key = new BundleKey(bundle.getSymbolicName(), bundle.getVersion());
            Path heir = heirOf(key);
            if (heir != null) {
                parked.remove(heir);
                byte[] content = Files.readAllBytes(heir);
                served.put(heir, new Served(bundle.getBundleId(), mine.digest()));
                LOG.info(
                        "{} removed: bundle {} keeps serving, now from its copy {}",
                        file.getFileName(),
                        key,
                        heir.getFileName());
                if (updateLocked(heir, bundle, content)) {
                    updated = bundle;
                }
            } else {
                LOG.info("Uninstalling bundle {} ({} removed)", key, file.getFileName());
                bundle.uninstall();
                starts.refresh(List.of(bundle));
            }
        }
        if (updated != null) {
            starts.start(updated);
        }
        reconcileLater();
    }

    /**
     * The first duplicate of the bundle still on disk with that very bundle in it; else the first other file of the
     * folder holding it that FileInstall has not reported yet (copied in just before the original was removed: the
     * scanner reports removals before additions, so without this the bundle would be uninstalled first).
     */
    private Path heirOf(BundleKey key) {
        for (Map.Entry<Path, BundleKey> entry : parked.entrySet()) {
            if (entry.getValue().equals(key) && key.equals(BundleKey.of(entry.getKey()))) {
                return entry.getKey();
            }
        }
        try (var files = Files.list(folder)) {
            return files.map(f -> f.toAbsolutePath().normalize())
                    .sorted()
                    .filter(f -> !served.containsKey(f)
                            && !f.getFileName().toString().startsWith(".")
                            && Files.isRegularFile(f)
                            && key.equals(BundleKey.of(f)))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        switch (event.getType()) {
            case BundleEvent.INSTALLED,
                    BundleEvent.RESOLVED,
                    BundleEvent.UNRESOLVED,
                    BundleEvent.UPDATED,
                    BundleEvent.UNINSTALLED -> reconcileLater();
            default -> {}
        }
    }

    private void reconcileLater() {
        try {
            background.execute(this::reconcile);
        } catch (RejectedExecutionException e) {
            // deactivated
        }
    }

    /** Installs duplicates whose bundle is gone (uninstalled by someone else), starts what failed to start. */
    private void reconcile() {
        List<Path> free;
        synchronized (this) {
            free = parked.entrySet().stream()
                    .filter(e -> installed(e.getValue()) == null)
                    .map(Map.Entry::getKey)
                    .toList();
        }
        for (Path file : free) {
            try {
                LOG.info("{} was a copy of a bundle no longer installed: installing it", file.getFileName());
                synchronized (this) {
                    parked.remove(file);
                }
                install(file.toFile());
            } catch (Exception e) {
                LOG.warn("Cannot install {}: {}", file.getFileName(), e.toString());
            }
        }
        starts.retry();
    }

    @Override
    public synchronized Map<Path, Long> servingFiles() {
        Map<Path, Long> files = new LinkedHashMap<>();
        served.forEach((file, s) -> files.put(file, s.bundleId()));
        return files;
    }

    @Override
    public Set<Long> queuedToStart() {
        return startQueue.queued();
    }

    @Override
    public synchronized Map<Path, String> duplicates() {
        Map<Path, String> files = new LinkedHashMap<>();
        for (Map.Entry<Path, BundleKey> entry : parked.entrySet()) {
            Bundle same = installed(entry.getValue());
            files.put(entry.getKey(), same == null ? null : servingFileOf(same));
        }
        return files;
    }

    /** The deploy-folder file that serves the bundle (its name), else the bundle's location. */
    private String servingFileOf(Bundle bundle) {
        for (Map.Entry<Path, Served> entry : served.entrySet()) {
            if (entry.getValue().bundleId() == bundle.getBundleId()) {
                return entry.getKey().getFileName().toString();
            }
        }
        Path file = DeployFolderPaths.locationPath(bundle.getLocation());
        return file != null && inFolder(file) ? file.getFileName().toString() : bundle.getLocation();
    }

    private Bundle installed(BundleKey key) {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() != Bundle.UNINSTALLED
                    && key.symbolicName().equals(bundle.getSymbolicName())
                    && key.version().equals(bundle.getVersion())) {
                return bundle;
            }
        }
        return null;
    }

    private boolean inFolder(Path file) {
        return folder != null && folder.equals(file.getParent());
    }
}
