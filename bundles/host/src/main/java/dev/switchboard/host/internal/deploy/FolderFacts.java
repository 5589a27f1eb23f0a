package dev.switchboard.host.internal.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the deployment report knows about the deploy folder besides the installed bundles.
 *
 * @param servingFiles       file to the id of the bundle serving its content ({@link ServedFiles})
 * @param duplicates         file left uninstalled as a copy to what serves that bundle
 * @param configurations     the configurations FileInstall made from files ({@code felix.fileinstall.filename})
 * @param connectionProblems deploy-folder file name to the problem of the named connection it holds
 * @param queuedToStart      ids of the bundles installed from the folder and waiting for their start
 *                           ({@link ServedFiles#queuedToStart()})
 */
record FolderFacts(
        Map<Path, Long> servingFiles,
        Map<Path, String> duplicates,
        List<ConfiguredFile> configurations,
        Map<String, String> connectionProblems,
        Set<Long> queuedToStart) {

    static final FolderFacts NONE = new FolderFacts(Map.of(), Map.of(), List.of(), Map.of());

    FolderFacts(
            Map<Path, Long> servingFiles,
            Map<Path, String> duplicates,
            List<ConfiguredFile> configurations,
            Map<String, String> connectionProblems) {
        this(servingFiles, duplicates, configurations, connectionProblems, Set.of());
    }

    FolderFacts {
        queuedToStart = Set.copyOf(queuedToStart);
        servingFiles = Map.copyOf(servingFiles);
        duplicates = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(duplicates));
        configurations = List.copyOf(configurations);
        connectionProblems = Map.copyOf(connectionProblems);
    }

    /**
     * One configuration made from a file.
     *
     * @param fileUri the value of {@code felix.fileinstall.filename}
     * @param pid     the configuration's PID
     */
    record ConfiguredFile(String fileUri, String pid) {}
}
