package dev.switchboard.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The home folder: deploy/ (watched by FileInstall), conf/ (the admin password, the key that encrypts secrets in
 * configurations; secrets/, the files that {@code $[secret:NAME]} reads), data/ (framework cache, ConfigAdmin, the
 * trigger store, the deployment archive). Private to its owner: see {@link HomePermissions}.
 */
final class SwitchboardHome {
    static final String DEFAULT = ".switchboard";

    private final Path root;

    private SwitchboardHome(Path root) {
        this.root = root;
    }

    /** {@code SWITCHBOARD_HOME}, relative to the working directory, or {@code ./.switchboard}. */
    static SwitchboardHome of(String fromEnvironment, Path workingDirectory) {
        String home = fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT : fromEnvironment;
        return new SwitchboardHome(
                workingDirectory.resolve(home).toAbsolutePath().normalize());
    }

    /** Creates the folders that are missing, each mode 700 (the modes of existing ones: {@link HomePermissions}). */
    SwitchboardHome create() throws IOException {
        for (Path folder : new Path[] {root, deploy(), conf(), secrets(), data()}) {
            if (!Files.isDirectory(folder)) {
                try {
                    Files.createDirectories(
                            folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(folder); // not a POSIX file system: left to the system's defaults
                }
            }
        }
        return this;
    }

    Path root() {
        return root;
    }

    Path deploy() {
        return root.resolve("deploy");
    }

    Path conf() {
        return root.resolve("conf");
    }

    Path data() {
        return root.resolve("data");
    }

    /** Where {@code $[secret:NAME]} reads file NAME from (framework property of the interpolation plugin). */
    Path secrets() {
        return conf().resolve("secrets");
    }
}
