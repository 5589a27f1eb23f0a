package dev.switchboard.host.internal.connections;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.felix.utils.properties.InterpolationHelper;
import org.apache.felix.utils.properties.TypedProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Writes the deploy-folder file a configuration came from, in FileInstall's place
 * ({@code felix.fileinstall.enableConfigSave=false}, features/core.json).
 * <p>
 * FileInstall's own write-back truncated the file and then wrote it; its scan (every 100 ms) could read it in
 * between and apply the empty file, and the settings were lost in ConfigAdmin and in the file. Here the new content
 * goes to a temporary file in the same folder, named with a leading dot (FileInstall's {@code felix.fileinstall.filter}
 * skips those, as do the host's reports), which is then moved over the file with {@code ATOMIC_MOVE}: a reader sees
 * the old file or the new one, never a part.
 * <p>
 * The format is FileInstall's: the file is read and written with the same {@link TypedProperties} FileInstall uses
 * (Apache Felix Utils, the version FileInstall 3.7.4 embeds), so comments, order and the raw text of unchanged values
 * ({@code ${...}} that FileInstall substituted) stay as the author wrote them, a {@code .cfg} of strings stays plain
 * {@code key = value}, and a non-string value switches the file to the typed format ({@code L"5"}) as FileInstall
 * did. FileInstall therefore reads back exactly the values ConfigAdmin holds and does not update the configuration
 * again. Files are owner-only (0600) where the file system has POSIX permissions.
 */
final class DeployFolderConfigFiles {

    /** Set by FileInstall on the configurations it made from files: the file's {@code file:} URI. */
    static final String FILENAME_PROPERTY = "felix.fileinstall.filename";

    private static final String ENCODING_PROPERTY = "felix.fileinstall.configEncoding";
    private static final List<String> NOT_WRITTEN = List.of(
            Constants.SERVICE_PID,
            ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION,
            FILENAME_PROPERTY);

    private final BundleContext context;
    private final Charset encoding;

    /**
     * @param context for FileInstall's {@code ${...}} substitution and its encoding setting; {@code null} in tests
     *                (system properties then)
     */
    DeployFolderConfigFiles(BundleContext context) {
        this.context = context;
        String configured = context == null ? null : context.getProperty(ENCODING_PROPERTY);
        this.encoding = configured == null ? StandardCharsets.ISO_8859_1 : Charset.forName(configured);
    }

    /**
     * The file configuration {@code properties} came from, when FileInstall made it from a {@code .cfg} or
     * {@code .config} file (the only ones FileInstall 3.7.4 reads) and that file is still there.
     */
    static Optional<Path> fileOf(Map<String, ?> properties) {
        Object uri = properties.get(FILENAME_PROPERTY);
        if (!(uri instanceof String text)) {
            return Optional.empty();
        }
        Path file;
        try {
            file = Path.of(URI.create(text));
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return Optional.empty();
        }
        Path fileName = file.getFileName();
        if (fileName == null) {
            return Optional.empty(); // the root: no configuration file
        }
        String name = fileName.toString().toLowerCase(Locale.ROOT);
        boolean handled = name.endsWith(".cfg") || name.endsWith(".config");
        return handled && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * Makes {@code file} hold exactly {@code properties} (ConfigAdmin's own properties and FileInstall's marker
     * left out), keeping what it held as written where the value is unchanged.
     *
     * @return whether the file was written ({@code false}: it held these values already)
     */
    boolean write(Path file, Map<String, ?> properties) throws IOException {
        TypedProperties content = new TypedProperties(substitution());
        String before = Files.exists(file) ? Files.readString(file, encoding) : "";
        content.load(new StringReader(before));
        for (String key : new ArrayList<>(content.keySet())) {
            if (!properties.containsKey(key) && !NOT_WRITTEN.contains(key)) {
                content.remove(key);
            }
        }
        for (Map.Entry<String, ?> property : properties.entrySet()) {
            if (!NOT_WRITTEN.contains(property.getKey()) && property.getValue() != null) {
                content.put(property.getKey(), property.getValue());
            }
        }
        StringWriter after = new StringWriter();
        content.save(after);
        if (after.toString().equals(before)) {
            return false;
        }
        replace(file, after.toString().getBytes(encoding));
        return true;
    }

    /** Deletes {@code file}; {@code false} when it was not there. */
    boolean delete(Path file) throws IOException {
        return Files.deleteIfExists(file);
    }

    private void replace(Path file, byte[] bytes) throws IOException {
        Path staged = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        staged, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(staged, bytes);
            try {
                Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private TypedProperties.SubstitutionCallback substitution() {
        InterpolationHelper.SubstitutionCallback properties =
                new InterpolationHelper.BundleContextSubstitutionCallback(context);
        return (name, key, value) -> properties.getValue(value);
    }
}
