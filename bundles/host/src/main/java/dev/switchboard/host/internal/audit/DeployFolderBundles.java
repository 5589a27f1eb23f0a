package dev.switchboard.host.internal.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.api.AuditLog;

/**
 * Records what FileInstall does with the deploy folder's bundles, as someone on the machine changed the folder:
 * {@code deployment.add} (INSTALLED), {@code deployment.update} (UPDATED), {@code deployment.remove} (UNINSTALLED),
 * by {@code deploy-folder}, target the file name, details the bundle's symbolic name and version.
 * <p>
 * The framework cache is cleared at each start, so FileInstall installs every file in the folder again then: those
 * entries carry {@code atStart=true} (the file was in the folder before the host started). A rollback and an upload
 * over the API also change the folder: their own entries (by {@code host}, the user or the token) come with one of
 * these.
 */
@Component(
        service = {},
        immediate = true)
public final class DeployFolderBundles {

    static final String WHO = "deploy-folder";

    private final BundleContext context;
    private final AuditLog audit;
    private final DeployFolder folder;
    private final Clock clock;
    private final Instant started;
    private final BundleListener listener = this::bundleChanged;

    @Activate
    public DeployFolderBundles(BundleContext context, @Reference AuditLog audit) {
        this(context, audit, DeployFolder.of(context), Clock.systemUTC());
    }

    DeployFolderBundles(BundleContext context, AuditLog audit, DeployFolder folder, Clock clock) {
        this.context = context;
        this.audit = audit;
        this.folder = folder;
        this.clock = clock;
        this.started = clock.instant();
        if (folder.folder() != null) {
            context.addBundleListener(listener);
        }
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(listener);
    }

    void bundleChanged(BundleEvent event) {
        String action = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "deployment.add";
            case BundleEvent.UPDATED -> "deployment.update";
            case BundleEvent.UNINSTALLED -> "deployment.remove";
            default -> null;
        };
        Bundle bundle = event.getBundle();
        String fileName = action == null ? null : folder.fileName(bundle.getLocation());
        if (fileName == null) {
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        if (bundle.getSymbolicName() != null) {
            details.put("symbolicName", bundle.getSymbolicName());
        }
        details.put("version", bundle.getVersion().toString());
        if (event.getType() == BundleEvent.INSTALLED
                && olderThanStart(folder.folder().resolve(fileName))) {
            details.put("atStart", "true");
        }
        audit.record(new AuditEntry(clock.instant(), WHO, action, fileName, null, "success", details));
    }

    /**
     * Whether the file was in the folder before this component started: its inode change time (ctime), which a
     * rename into the folder or a copy sets, unlike the modification time that {@code mv} and {@code cp -p} keep.
     * Where the file system has no ctime, no file is taken for one found at start.
     */
    private boolean olderThanStart(Path file) {
        try {
            Object ctime = Files.getAttribute(file, "unix:ctime");
            return ctime instanceof FileTime time && time.toInstant().isBefore(started);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
