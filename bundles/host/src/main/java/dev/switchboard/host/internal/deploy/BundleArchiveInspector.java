package dev.switchboard.host.internal.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.osgi.framework.Constants;
import org.osgi.framework.Version;

import dev.switchboard.host.spi.DeployFileInspector;

/** Opens a deploy-folder file that did not become a bundle and says why, in words its author can act on. */
final class BundleArchiveInspector {

    private static final String BUILD_HINT = "build it with bnd or the maven-bundle-plugin";

    /** Files other than jars, read by other bundles; {@code null}: jars only. */
    private final DeployFileInspectors others;

    BundleArchiveInspector() {
        this(null);
    }

    BundleArchiveInspector(DeployFileInspectors others) {
        this.others = others;
    }

    ArchiveInspection inspect(Path file) {
        return inspect(String.valueOf(file.getFileName()), file);
    }

    /**
     * @param fileName the deploy-folder file's name (an archived copy has another one)
     * @param content  the content to read
     */
    ArchiveInspection inspect(String fileName, Path content) {
        DeployFileInspector other = others == null ? null : others.forFile(fileName);
        if (other != null) {
            try {
                DeployFileInspector.Inspection inspection = other.inspect(fileName, content);
                return inspection.problem() == null && inspection.symbolicName() != null
                        ? ArchiveInspection.bundle(inspection.symbolicName(), inspection.version())
                        : ArchiveInspection.problem(
                                inspection.problem() == null ? "the file could not be read" : inspection.problem());
            } catch (RuntimeException e) {
                return ArchiveInspection.problem("the file could not be read: " + e);
            }
        }
        return inspectJar(content);
    }

    private ArchiveInspection inspectJar(Path file) {
        try {
            if (Files.size(file) == 0) {
                return ArchiveInspection.problem(
                        "the file is empty: copy the complete bundle jar into the deploy " + "folder");
            }
        } catch (IOException e) {
            return ArchiveInspection.problem("the file cannot be read: " + e.getMessage());
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry("META-INF/MANIFEST.MF");
            if (entry == null) {
                return ArchiveInspection.problem(
                        "not an OSGi bundle: the jar has no META-INF/MANIFEST.MF; " + BUILD_HINT);
            }
            Manifest manifest;
            try (InputStream in = zip.getInputStream(entry)) {
                manifest = new Manifest(in);
            }
            return fromManifest(manifest.getMainAttributes());
        } catch (ZipException e) {
            return ArchiveInspection.problem(
                    "not a jar or zip file (corrupt, or copied incompletely?): " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return ArchiveInspection.problem(
                    "the file cannot be read as a jar: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static ArchiveInspection fromManifest(Attributes attributes) {
        String symbolicName = attributes.getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (symbolicName == null || symbolicName.isBlank()) {
            return ArchiveInspection.problem(
                    "not an OSGi bundle: the manifest has no Bundle-SymbolicName; " + BUILD_HINT);
        }
        // the header may carry directives: "com.example.a;singleton:=true"
        String name = symbolicName.split(";", 2)[0].trim();
        String declared = attributes.getValue(Constants.BUNDLE_VERSION);
        try {
            Version version = declared == null ? Version.emptyVersion : Version.parseVersion(declared.trim());
            return ArchiveInspection.bundle(name, version.toString());
        } catch (IllegalArgumentException e) {
            return ArchiveInspection.problem("bundle " + name + " has an invalid Bundle-Version '" + declared
                    + "': use major.minor.micro[.qualifier]");
        }
    }
}
