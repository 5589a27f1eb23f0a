package dev.switchboard.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Makes connector bundles at run time from the compiled no-op connector: the same class, another
 * {@code Bundle-SymbolicName} and {@code Bundle-Version}, and the connector id and operation count rewritten in its DS
 * component description. Plain {@code java.util.jar}; no bnd at run time.
 */
final class ConnectorJars {

    private static final String COMPONENT = "OSGI-INF/dev.switchboard.benchmarks.noop.NoopConnector.xml";
    private static final String ID_PROPERTY =
            "<property name=\"bench.connector.id\" type=\"String\" value=\"bench-noop\"/>";
    private static final String OPS_PROPERTY = "<property name=\"bench.operations\" type=\"Integer\" value=\"1\"/>";

    private final Path template;

    /** @param template the no-op connector jar built by benchmarks/noop-connector */
    ConnectorJars(Path template) {
        this.template = template;
    }

    /** Writes connector {@code id} with {@code operations} operations as bundle {@code symbolicName} to {@code target}. */
    Path connector(Path target, String symbolicName, String version, String id, int operations) throws IOException {
        return connector(target, symbolicName, version, id, operations, true);
    }

    /**
     * The same, marked {@code @NonBlocking} or not: one that is not runs on the host's connector threads (the
     * bulkhead part's connectors, which must share the pool to show the isolation).
     */
    Path connector(Path target, String symbolicName, String version, String id, int operations, boolean nonBlocking)
            throws IOException {
        try (JarFile in = new JarFile(template.toFile());
                OutputStream file = Files.newOutputStream(target)) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            main.putValue("Bundle-SymbolicName", symbolicName);
            main.putValue("Bundle-Version", version);
            main.putValue("Bundle-Name", "Benchmark connector " + id);
            try (JarOutputStream out = new JarOutputStream(file, manifest)) {
                var entries = in.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().equals(JarFile.MANIFEST_NAME)
                            || entry.getName().equals("META-INF/")) {
                        continue;
                    }
                    byte[] bytes;
                    try (InputStream content = in.getInputStream(entry)) {
                        bytes = content.readAllBytes();
                    }
                    if (entry.getName().equals(COMPONENT)) {
                        String xml = new String(bytes, StandardCharsets.UTF_8);
                        if (!xml.contains(ID_PROPERTY) || !xml.contains(OPS_PROPERTY)) {
                            throw new IllegalStateException(
                                    "unexpected component description in " + template + ":\n" + xml);
                        }
                        if (!nonBlocking) {
                            xml = xml.replaceAll("<property name=\"switchboard\\.invoke\\.non\\.blocking\"[^>]*/>", "");
                        }
                        bytes = xml.replace(ID_PROPERTY, ID_PROPERTY.replace("bench-noop", id))
                                .replace(
                                        OPS_PROPERTY,
                                        OPS_PROPERTY.replace("value=\"1\"", "value=\"" + operations + "\""))
                                .getBytes(StandardCharsets.UTF_8);
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    out.write(bytes);
                    out.closeEntry();
                }
            }
        }
        return target;
    }

    /** A bundle with nothing in it but its manifest: what the framework and FileInstall cost on their own. */
    static Path plainBundle(Path target, String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        try (OutputStream file = Files.newOutputStream(target);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("README.txt"));
            out.write("A plain bundle for the deploy benchmark's baseline.\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return target;
    }
}
