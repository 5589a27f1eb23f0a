package dev.switchboard.host.internal.deploy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentState;

/**
 * The deployment state of a configuration file in the deploy folder, which FileInstall hands to ConfigAdmin under
 * the PID its name gives.
 */
final class ConfigurationFiles {

    private ConfigurationFiles() {}

    /**
     * A configuration file: APPLIED when ConfigAdmin holds the configuration FileInstall made from it (FAILED when it
     * is a named connection with a problem), PENDING while the scanner may not have read it yet, else FAILED.
     */
    static Deployment classify(Path file, Instant now, FolderFacts facts) {
        String name = file.getFileName().toString();
        String expected = pidOf(name);
        if (name.toLowerCase(Locale.ROOT).endsWith(".cfg.json")) {
            String base = name.substring(0, name.length() - ".cfg.json".length());
            return new Deployment(
                    name,
                    DeploymentState.FAILED,
                    null,
                    List.of(),
                    "the deploy folder scanner "
                            + "(FileInstall 3.7.4) reads .cfg and .config files only: rename it to " + base
                            + ".cfg (Java "
                            + "properties) or " + base + ".config (typed values)",
                    expected);
        }
        Path wanted = file.toAbsolutePath().normalize();
        for (FolderFacts.ConfiguredFile configured : facts.configurations()) {
            Path from = DeployFolderPaths.locationPath(configured.fileUri());
            if (from != null && DeployFolderPaths.samePath(wanted, from)) {
                String problem = facts.connectionProblems().get(name);
                return problem == null
                        ? new Deployment(name, DeploymentState.APPLIED, null, List.of(), null, configured.pid())
                        : new Deployment(
                                name,
                                DeploymentState.FAILED,
                                null,
                                List.of(),
                                "the connection cannot be " + "used: " + problem,
                                configured.pid());
            }
        }
        if (DeployFolderPaths.modifiedWithin(file, now, DeploymentClassifier.SCANNER_GRACE)) {
            return new Deployment(
                    name,
                    DeploymentState.PENDING,
                    null,
                    List.of(),
                    "not applied yet: waiting for " + "the deploy folder scanner",
                    expected);
        }
        return new Deployment(
                name,
                DeploymentState.FAILED,
                null,
                List.of(),
                "not applied: the deploy folder "
                        + "scanner (FileInstall) could not read it as a configuration; its log says why",
                expected);
    }

    /**
     * The PID FileInstall gives a configuration file: the name without its extension; {@code factory-name} is a
     * factory configuration, PID {@code factory~name}.
     */
    static String pidOf(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        String base = lower.endsWith(".cfg.json")
                ? fileName.substring(0, fileName.length() - 9)
                : fileName.substring(0, fileName.lastIndexOf('.'));
        int dash = base.indexOf('-');
        return dash < 0 ? base : base.substring(0, dash) + "~" + base.substring(dash + 1);
    }
}
