package dev.switchboard.host.internal.deploy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Which deploy-folder file serves which bundle, and which files are left uninstalled as copies of a bundle another
 * file serves ({@link BundleFileInstaller}). A bundle keeps the location of the file it was first installed from, so
 * after a hand-over (the original removed, its copy serving) the location no longer names the serving file: this does.
 */
public interface ServedFiles {

    /** Absolute, normalised file to the id of the bundle installed from its content. */
    Map<Path, Long> servingFiles();

    /** Absolute, normalised file left uninstalled to what serves its bundle (a file name, or a bundle location). */
    Map<Path, String> duplicates();

    /** Ids of the bundles installed from the folder and queued to start, whose start was not tried yet. */
    default Set<Long> queuedToStart() {
        return Set.of();
    }
}
