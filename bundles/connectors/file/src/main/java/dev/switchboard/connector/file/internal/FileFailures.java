package dev.switchboard.connector.file.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * The failures the file actions share, each naming the input and the caller's relative path, never the root folder
 * (an exception's own message would carry the absolute path).
 */
final class FileFailures {

    private FileFailures() {}

    /** An I/O failure: the kind of exception only (its message would carry the absolute path). */
    static ServiceOperationException ioFailure(String verb, String name, String input, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new ServiceOperationException(
                    403,
                    "AccessDenied",
                    "Could not " + verb + " input '" + name + "' (" + FileRoot.quote(input) + "): access denied.");
        }
        if (e instanceof FileSystemException failure
                && failure.getReason() != null
                && failure.getReason().toLowerCase(Locale.ROOT).contains("name too long")) {
            // ENAMETOOLONG from a file system whose limits are below the ones FileRoot checks
            return new ServiceOperationException(
                    400,
                    "InvalidPath",
                    "Could not " + verb + " input '" + name + "' (" + FileRoot.quote(input)
                            + "): the path is too long for the file system.");
        }
        if (e instanceof NotDirectoryException) {
            return new ServiceOperationException(
                    400,
                    "NotAFolder",
                    "Could not " + verb + " input '" + name + "' (" + FileRoot.quote(input)
                            + "): a part of the path is not a folder.");
        }
        return new ServiceOperationException(
                500,
                "FileSystemError",
                "Could not " + verb + " input '" + name + "' (" + FileRoot.quote(input) + "): "
                        + e.getClass().getSimpleName() + ".");
    }

    static ServiceOperationException notFound(String input) {
        return new ServiceOperationException(
                404, "FileNotFound", "Input 'path' (" + FileRoot.quote(input) + ") does not exist.");
    }

    static ServiceOperationException exists(String input) {
        return new ServiceOperationException(
                409,
                "FileExists",
                "Input 'path' (" + FileRoot.quote(input) + ") already exists; set overwrite to true to replace it.");
    }
}
