package dev.switchboard.host.internal.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * Which bundle a file holds: its Bundle-SymbolicName (directives dropped) and Bundle-Version, the pair the framework
 * allows once.
 */
record BundleKey(String symbolicName, Version version) {

    /** The bundle a jar holds, {@code null} when it is none (no readable jar, no Bundle-SymbolicName). */
    static BundleKey of(Path file) {
        try (JarFile jar = new JarFile(file.toFile())) {
            Manifest manifest = jar.getManifest();
            String name =
                    manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (name == null || name.isBlank()) {
                return null;
            }
            String version = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
            int directives = name.indexOf(';');
            return new BundleKey(
                    (directives < 0 ? name : name.substring(0, directives)).strip(),
                    version == null ? Version.emptyVersion : Version.parseVersion(version.strip()));
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return symbolicName + " " + version;
    }
}
