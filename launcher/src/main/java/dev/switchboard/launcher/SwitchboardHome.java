package dev.switchboard.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The home folder: deploy/ (watched by FileInstall), conf/ (the admin password; secrets/, the files that
 * {@code $[secret:NAME]} reads), data/ (framework cache, ConfigAdmin).
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
        return new SwitchboardHome(workingDirectory.resolve(home).toAbsolutePath().normalize());
    }

    SwitchboardHome create() throws IOException {
        Files.createDirectories(deploy());
        Files.createDirectories(conf());
        if (!Files.isDirectory(secrets())) {
            Files.createDirectories(secrets());
            try {
                Files.setPosixFilePermissions(secrets(), PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: left to the system's defaults
            }
        }
        Files.createDirectories(root.resolve("data"));
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

    /** Where {@code $[secret:NAME]} reads file NAME from (framework property of the interpolation plugin). */
    Path secrets() {
        return conf().resolve("secrets");
    }
}
