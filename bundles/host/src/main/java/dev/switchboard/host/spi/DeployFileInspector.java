package dev.switchboard.host.spi;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Says what a deploy-folder file that is not a jar installs as. Registered by a bundle that installs such files
 * itself (a FileInstall {@code ArtifactInstaller} that generates a bundle from the file, installed from the file's
 * location): the host's deployment report uses it to explain a file that did not install or whose new content was
 * refused, and the archive and rollback use it to tell which bundle an earlier content of the file was.
 */
@ConsumerType
public interface DeployFileInspector {

    /** Whether this inspector reads files of this name (by its suffix, typically). */
    boolean handles(String fileName);

    /**
     * What the content installs as. Called from the host's threads, also for copies kept in the archive (whose own
     * names differ: {@code fileName} is always the deploy-folder file's name). Must not throw.
     *
     * @param fileName the name of the deploy-folder file the content is (or was) in
     * @param content  the content to read
     */
    Inspection inspect(String fileName, Path content);

    /**
     * The bundle a content installs as ({@code symbolicName} and {@code version}), or why it cannot be installed
     * ({@code problem}: words its author can act on, such as a parser's messages with where they apply).
     */
    record Inspection(String symbolicName, String version, String problem) {

        public static Inspection bundle(String symbolicName, String version) {
            return new Inspection(symbolicName, version, null);
        }

        public static Inspection problem(String problem) {
            return new Inspection(null, null, problem);
        }
    }
}
