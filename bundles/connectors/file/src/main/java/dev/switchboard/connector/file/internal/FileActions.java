package dev.switchboard.connector.file.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * The four actions. Every path goes through {@link FileRoot#resolve}; failures are {@link ServiceOperationException}s
 * whose messages name the input and the caller's relative path, never the root folder or file content.
 */
final class FileActions {

    /** Files {@code writeFile} writes before moving them into place; never listed nor fired for. */
    static final String TEMP_PREFIX = ".switchboard-write-";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Limits limits;
    private final FolderListing listing;

    FileActions(Limits limits) {
        this.limits = limits;
        this.listing = new FolderListing(limits);
    }

    /* ---- listFiles ------------------------------------------------------------------------------------------ */

    JsonNode listFiles(FileRoot root, JsonNode in) {
        return listing.listFiles(root, in);
    }

    /* ---- readFile ------------------------------------------------------------------------------------------- */

    JsonNode readFile(FileRoot root, JsonNode in) {
        String input = in.path("path").asText();
        Path file = root.resolve("path", input, false);
        boolean base64 = "base64".equals(in.path("encoding").asText("text"));
        BasicFileAttributes attrs = existingFile(input, file);
        refuseHardLinks(input, file);
        if (attrs.size() > limits.maxReadBytes()) {
            throw tooLarge(input, attrs.size());
        }
        byte[] bytes;
        try (InputStream stream = Files.newInputStream(file)) {
            bytes = stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxReadBytes() + 1));
        } catch (IOException e) {
            throw FileFailures.ioFailure("read", "path", input, e);
        }
        if (bytes.length > limits.maxReadBytes()) {
            throw tooLarge(input, bytes.length); // it grew while being read
        }
        String content;
        if (base64) {
            content = Base64.getEncoder().encodeToString(bytes);
        } else {
            try {
                content = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new ServiceOperationException(
                        422,
                        "NotText",
                        "Input 'path' (" + FileRoot.quote(input)
                                + ") is not UTF-8 text; read it with encoding base64.");
            }
        }
        ObjectNode out = JSON.objectNode();
        out.put("path", root.relative(file));
        out.put("size", bytes.length);
        out.put("lastModified", attrs.lastModifiedTime().toInstant().toString());
        out.put("content", content);
        out.put("encoding", base64 ? "base64" : "text");
        return out;
    }

    private ServiceOperationException tooLarge(String input, long size) {
        return new ServiceOperationException(
                413,
                "FileTooLarge",
                "Input 'path' (" + FileRoot.quote(input) + ") is " + size + " bytes, more than the "
                        + limits.maxReadBytes() + " bytes readFile may return.");
    }

    private static BasicFileAttributes existingFile(String input, Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw FileFailures.notFound(input);
        } catch (IOException e) {
            throw FileFailures.ioFailure("read", "path", input, e);
        }
        if (!attrs.isRegularFile()) {
            throw new ServiceOperationException(
                    400, "NotAFile", "Input 'path' (" + FileRoot.quote(input) + ") is not a file.");
        }
        return attrs;
    }

    /**
     * A regular file with more than one hard link may be a file outside the root that someone linked into it (a link
     * count is all that tells them apart): refused unless {@code allow.hard.links}. File systems without the
     * {@code unix} attribute view (Windows) are not checked. Checked just before use, like symbolic links.
     */
    private void refuseHardLinks(String input, Path file) {
        if (limits.allowHardLinks()) {
            return;
        }
        int links;
        try {
            links = ((Number) Files.getAttribute(file, "unix:nlink")).intValue();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return;
        } catch (NoSuchFileException e) {
            throw FileFailures.notFound(input);
        } catch (IOException e) {
            throw FileFailures.ioFailure("read", "path", input, e);
        }
        if (links > 1) {
            throw new ServiceOperationException(
                    400,
                    "HardLinkRefused",
                    "Input 'path' (" + FileRoot.quote(input)
                            + ") is a file with " + links
                            + " hard links; another of them may be outside the root folder, "
                            + "so it is neither read nor written. Copy the file instead of linking it, or set "
                            + "allow.hard.links of PID " + FileConnector.PID
                            + " to true if no one else writes under the "
                            + "root folder.");
        }
    }

    /* ---- writeFile ------------------------------------------------------------------------------------------ */

    JsonNode writeFile(FileRoot root, JsonNode in) {
        String input = in.path("path").asText();
        Path file = root.resolve("path", input, false);
        boolean overwrite = in.path("overwrite").asBoolean(false);
        byte[] bytes = content(in);
        if (bytes.length > limits.maxWriteBytes()) {
            throw new ServiceOperationException(
                    413,
                    "ContentTooLarge",
                    "Input 'content' is " + bytes.length + " bytes, more than the " + limits.maxWriteBytes()
                            + " bytes writeFile accepts.");
        }
        boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        if (existed && !overwrite) {
            throw FileFailures.exists(input);
        }
        if (Files.isDirectory(file)) {
            throw new ServiceOperationException(
                    409, "IsAFolder", "Input 'path' (" + FileRoot.quote(input) + ") is a folder.");
        }
        if (existed && Files.isRegularFile(file)) {
            refuseHardLinks(input, file);
        }
        Path parent = file.getParent();
        Path temp = null;
        try {
            try {
                Files.createDirectories(parent);
            } catch (FileAlreadyExistsException e) {
                throw new ServiceOperationException(
                        409, "NotAFolder", "A parent of input 'path' (" + FileRoot.quote(input) + ") is a file.");
            }
            temp = parent.resolve(TEMP_PREFIX + UUID.randomUUID() + ".tmp");
            try (OutputStream out =
                    Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
            if (overwrite) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException e) {
                    throw FileFailures.exists(input); // it appeared meanwhile
                }
            }
            temp = null;
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            ObjectNode out = JSON.objectNode();
            out.put("path", root.relative(file));
            out.put("size", attrs.size());
            out.put("lastModified", attrs.lastModifiedTime().toInstant().toString());
            out.put("created", !existed);
            return out;
        } catch (IOException e) {
            throw FileFailures.ioFailure("write", "path", input, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort; the name is never listed
                }
            }
        }
    }

    private static byte[] content(JsonNode in) {
        String content = in.path("content").asText("");
        if ("base64".equals(in.path("encoding").asText("text"))) {
            try {
                return Base64.getDecoder().decode(content.replaceAll("\\s+", "")); // line breaks allowed, nothing else
            } catch (IllegalArgumentException e) {
                throw new ServiceOperationException(
                        400, "InvalidContent", "Input 'content' is not valid base64 (encoding is base64).");
            }
        }
        return content.getBytes(StandardCharsets.UTF_8);
    }

    /* ---- deleteFile ----------------------------------------------------------------------------------------- */

    JsonNode deleteFile(FileRoot root, JsonNode in) {
        String input = in.path("path").asText();
        Path file = root.resolve("path", input, false);
        try {
            Files.delete(file);
        } catch (NoSuchFileException e) {
            throw FileFailures.notFound(input);
        } catch (DirectoryNotEmptyException e) {
            throw new ServiceOperationException(
                    409,
                    "FolderNotEmpty",
                    "Input 'path' (" + FileRoot.quote(input) + ") is a folder that is not empty.");
        } catch (IOException e) {
            throw FileFailures.ioFailure("delete", "path", input, e);
        }
        ObjectNode out = JSON.objectNode();
        out.put("path", root.relative(file));
        out.put("deleted", true);
        return out;
    }
}
