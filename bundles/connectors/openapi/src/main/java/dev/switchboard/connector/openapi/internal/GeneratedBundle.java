package dev.switchboard.connector.openapi.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Version;

/**
 * The bundle made of one document: a manifest and the document itself, nothing else (no code, no activator). Its
 * symbolic name comes from the file name, so two files never collide as bundles and two documents with one id and
 * version meet in the catalog as a CONFLICT; its version is the document's {@code info.version}. Installing it from
 * the file's location makes every deploy-folder mechanism of the host (report, archive, rollback, drain on update)
 * apply to the document as to a jar. The same document always gives the same bytes.
 */
final class GeneratedBundle {

    /** The header that marks a generated bundle; its value is the entry holding the document. */
    static final String DOCUMENT_HEADER = "Switchboard-OpenAPI-Document";

    static final String FILE_HEADER = "Switchboard-OpenAPI-File";
    static final String SYMBOLIC_NAME_PREFIX = "dev.switchboard.openapi.";
    private static final long FIXED_TIME = 315532800000L; // 1980-01-01: a stable jar for a stable document

    private GeneratedBundle() {}

    static String symbolicName(String fileName) {
        return SYMBOLIC_NAME_PREFIX + fileName.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    static byte[] build(String fileName, byte[] document, String connectorId, Version version) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName(fileName));
        main.putValue("Bundle-Version", version.toString());
        main.putValue("Bundle-Name", "OpenAPI document " + fileName + " (connector " + connectorId + ")");
        // wired to the connector API its connector is registered under, like any connector bundle
        main.putValue("Import-Package", "dev.switchboard.connector.api;version=\"[1.0,2)\"");
        String entry = "OSGI-INF/openapi/" + fileName.replaceAll("[^A-Za-z0-9_.-]", "_");
        main.putValue(DOCUMENT_HEADER, entry);
        main.putValue(FILE_HEADER, fileName);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(document.length + 1024);
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            JarEntry manifestEntry = new JarEntry("META-INF/MANIFEST.MF");
            manifestEntry.setTime(FIXED_TIME);
            jar.putNextEntry(manifestEntry);
            manifest.write(jar);
            jar.closeEntry();
            JarEntry documentEntry = new JarEntry(entry);
            documentEntry.setTime(FIXED_TIME);
            jar.putNextEntry(documentEntry);
            jar.write(document);
            jar.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
