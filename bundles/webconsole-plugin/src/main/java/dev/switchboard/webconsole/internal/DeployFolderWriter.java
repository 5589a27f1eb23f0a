package dev.switchboard.webconsole.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Puts connector jars into the deploy folder and takes them out, so that the console follows the same path as a file
 * dropped by hand: FileInstall installs, updates and uninstalls. An upload is written next to the folder first and
 * then moved in atomically, so FileInstall never sees half a jar.
 */
final class DeployFolderWriter {

    /** A plain file name: no path, no hidden file, a .jar. */
    private static final Pattern UPLOAD_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}\\.jar");

    private final Path folder;

    DeployFolderWriter(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /** Whether {@code name} may be the name of an uploaded file. */
    static boolean acceptableName(String name) {
        return name != null && UPLOAD_NAME.matcher(name).matches();
    }

    /**
     * Writes {@code content} to {@code fileName} in the deploy folder, replacing a file of that name.
     *
     * @return whether a file of that name was replaced
     * @throws IllegalArgumentException when the name is not a plain jar file name
     */
    boolean upload(String fileName, InputStream content) throws IOException {
        if (!acceptableName(fileName)) {
            throw new IllegalArgumentException("The file name must be a plain .jar name (letters, digits, . _ + -)");
        }
        Path target = inFolder(fileName);
        Path parent = folder.getParent();
        Path staging = parent != null ? parent : folder;
        Path staged = Files.createTempFile(staging, ".upload-", ".part");
        try {
            Files.copy(content, staged, StandardCopyOption.REPLACE_EXISTING);
            boolean replaced = Files.exists(target);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return replaced;
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /**
     * Deletes {@code fileName} from the deploy folder.
     *
     * @return whether there was such a file
     * @throws IllegalArgumentException when the name points outside the folder
     */
    boolean remove(String fileName) throws IOException {
        return Files.deleteIfExists(inFolder(fileName));
    }

    private Path inFolder(String fileName) {
        if (fileName == null
                || fileName.isBlank()
                || fileName.contains("/")
                || fileName.contains("\\")
                || fileName.equals(".")
                || fileName.equals("..")) {
            throw new IllegalArgumentException("Not a file name in the deploy folder");
        }
        Path path = folder.resolve(fileName).normalize();
        if (!folder.equals(path.getParent())) {
            throw new IllegalArgumentException("Not a file name in the deploy folder");
        }
        return path;
    }
}
