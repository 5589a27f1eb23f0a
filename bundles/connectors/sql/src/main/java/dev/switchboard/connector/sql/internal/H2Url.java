package dev.switchboard.connector.sql.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An H2 URL the connector accepts, parsed the way H2 2.x parses it ({@code org.h2.engine.ConnectionInfo}): the
 * database name up to the first {@code ;}, then {@code ;}-separated {@code KEY=value} settings where a backslash
 * escapes the next character and keys are compared in upper case.
 *
 * <ul>
 * <li>{@code jdbc:h2:mem:<name>}: a named in-memory database.</li>
 * <li>{@code jdbc:h2:file:<path>} or {@code jdbc:h2:<path>}: a file database, only inside the configured folder. A
 * relative path (also {@code ./x}) is taken from that folder, an absolute one must lie inside it.</li>
 * <li>Everything else is refused: remote servers ({@code tcp:}, {@code ssl:}), file-system prefixes
 * ({@code zip:}, {@code split:}, {@code nio:}, {@code memFS:}, ...), {@code ~}, backslashes (H2 turns them into
 * separators after any check of ours could see them), the unnamed {@code mem:} (a new database per connection).</li>
 * <li>Settings: only those below, with plain values (letters, digits, {@code _ . , + -}). {@code INIT} and every
 * setting that names a class, a file or a script are refused.</li>
 * </ul>
 */
final class H2Url {

    /**
     * Settings a non-admin session may set: they go into the URL of both connections (the connector's admin one and
     * the pool's restricted one).
     */
    static final Set<String> SESSION_SETTINGS = Set.of(
            "LOCK_TIMEOUT",
            "SCHEMA",
            "SCHEMA_SEARCH_PATH",
            "QUERY_TIMEOUT",
            "LAZY_QUERY_EXECUTION",
            "NON_KEYWORDS",
            "VARIABLE_BINARY",
            "TRUNCATE_LARGE_LENGTH",
            "AUTOCOMMIT");

    /**
     * Settings of the database as a whole (read when it opens, or {@code SET} commands that need admin rights): only
     * in the URL of the connector's admin connection, which applies them before the pool connects.
     */
    static final Set<String> DATABASE_SETTINGS = Set.of(
            "MODE",
            "DB_CLOSE_DELAY",
            "DB_CLOSE_ON_EXIT",
            "WRITE_DELAY",
            "IGNORECASE",
            "DATABASE_TO_UPPER",
            "DATABASE_TO_LOWER",
            "CASE_INSENSITIVE_IDENTIFIERS",
            "DEFAULT_NULL_ORDERING",
            "IFEXISTS",
            "FORBID_CREATION",
            "CACHE_SIZE",
            "MAX_MEMORY_ROWS",
            "DEFAULT_LOCK_TIMEOUT",
            "LOCK_MODE",
            "RETENTION_TIME",
            "MAX_LENGTH_INPLACE_LOB",
            "MAX_OPERATION_MEMORY",
            "REFERENTIAL_INTEGRITY");

    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9_.,+\\-]{0,100}");
    private static final String PREFIX = "jdbc:h2:";

    private final String name;
    private final Map<String, String> settings;
    private final Path file;

    private H2Url(String name, Map<String, String> settings, Path file) {
        this.name = name;
        this.settings = settings;
        this.file = file;
    }

    /** The folder H2 file databases must live in, absolute and normalised. */
    record Folder(Path path) {
        Folder {
            path = path.toAbsolutePath().normalize();
        }

        /** The folder, created (owner-only where the file system allows) if missing, with links resolved. */
        Path realPath() throws IOException {
            if (!Files.isDirectory(path)) {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectories(
                            path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(path);
                }
            }
            return path.toRealPath();
        }
    }

    /** @throws dev.switchboard.connector.api.ServiceOperationException 400 when the URL is not accepted */
    static H2Url parse(String url, Folder folder) {
        if (!url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw JdbcUrlPolicy.refusal("An H2 connection string starts with jdbc:h2:.");
        }
        String rest = url.substring(PREFIX.length());
        int semicolon = rest.indexOf(';');
        String name = semicolon < 0 ? rest : rest.substring(0, semicolon);
        Map<String, String> settings = semicolon < 0 ? Map.of() : settings(rest.substring(semicolon + 1));
        if (name.startsWith("mem:")) {
            if (name.length() == "mem:".length()) {
                throw JdbcUrlPolicy.refusal("Name the H2 in-memory database (jdbc:h2:mem:<name>): an unnamed one is"
                        + " a different database on every pooled connection.");
            }
            return new H2Url(name, settings, null);
        }
        if (name.startsWith("tcp:") || name.startsWith("ssl:")) {
            throw JdbcUrlPolicy.refusal("Remote H2 servers (jdbc:h2:tcp: and jdbc:h2:ssl:) are not supported by the"
                    + " sql connector: use jdbc:h2:mem:<name>, a file database in the connector's H2 folder, or"
                    + " PostgreSQL/MariaDB for a database on another machine.");
        }
        Path file = fileInFolder(name.startsWith("file:") ? name.substring("file:".length()) : name, folder);
        return new H2Url("file:" + file, settings, file);
    }

    private static Path fileInFolder(String path, Folder folder) {
        String outside = "H2 file databases live in the sql connector's H2 folder (setting h2.folder, by default"
                + " $SWITCHBOARD_HOME/data/h2): write jdbc:h2:file:<name>, a path relative to that folder.";
        if (path.isEmpty() || path.startsWith("~") || path.indexOf('\\') >= 0 || hasPrefix(path)) {
            throw JdbcUrlPolicy.refusal(outside + " File-system prefixes (zip:, split:, nio:, memFS:, ...), ~ and"
                    + " backslashes are not accepted.");
        }
        Path resolved;
        try {
            Path given = Paths.get(path);
            resolved = (given.isAbsolute() ? given : folder.path().resolve(given)).normalize();
        } catch (InvalidPathException e) {
            throw JdbcUrlPolicy.refusal(outside);
        }
        if (!resolved.startsWith(folder.path()) || resolved.equals(folder.path())) {
            throw JdbcUrlPolicy.refusal(outside);
        }
        return resolved;
    }

    /** {@code zip:}, {@code nio:}, ...: H2 takes what is before a colon as a file system (a drive letter is not). */
    private static boolean hasPrefix(String path) {
        int colon = path.indexOf(':');
        return colon >= 0 && !(colon == 1 && File.separatorChar == '\\' && Character.isLetter(path.charAt(0)));
    }

    private static Map<String, String> settings(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String setting : splitLikeH2(text)) {
            if (setting.isEmpty()) {
                continue;
            }
            int eq = setting.indexOf('=');
            String key = (eq < 0 ? setting : setting.substring(0, eq)).trim().toUpperCase(Locale.ENGLISH);
            if (!SESSION_SETTINGS.contains(key) && !DATABASE_SETTINGS.contains(key)) {
                throw JdbcUrlPolicy.refusal("The H2 setting '" + printable(key) + "' is not accepted by the sql"
                        + " connector: INIT and settings that name a class, a file or a script are refused, and so"
                        + " is any setting not on the list in the sql connector's README.");
            }
            String value = eq < 0 ? "" : setting.substring(eq + 1);
            if (eq < 0 || !PLAIN_VALUE.matcher(value).matches()) {
                throw JdbcUrlPolicy.refusal(
                        "The H2 setting '" + key + "' needs a plain value (letters, digits and" + " _ . , + -).");
            }
            if (settings.put(key, value) != null) {
                throw JdbcUrlPolicy.refusal("The H2 setting '" + key + "' is given twice.");
            }
        }
        return settings;
    }

    /** H2's {@code StringUtils.arraySplit(text, ';', false)}: a backslash takes the next character as it is. */
    private static List<String> splitLikeH2(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ';') {
                parts.add(current.toString());
                current.setLength(0);
            } else if (c == '\\' && i < text.length() - 1) {
                current.append(text.charAt(++i));
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String printable(String key) {
        String k = key.length() > 40 ? key.substring(0, 40) + "..." : key;
        return k.replaceAll("[^A-Za-z0-9_ .-]", "?");
    }

    /** The file database's path without H2's suffix, or {@code null} for an in-memory database. */
    Path file() {
        return file;
    }

    /** For the connector's own admin connection: the database and every accepted setting. */
    String adminUrl() {
        StringBuilder url = new StringBuilder(PREFIX).append(name);
        settings.forEach((k, v) -> url.append(';').append(k).append('=').append(v));
        return url.toString();
    }

    /**
     * For the pool's restricted user: the session settings, and {@code IFEXISTS=TRUE}, so that a connection never
     * creates a new database (in which that user would be the admin).
     */
    String restrictedUrl() {
        StringBuilder url = new StringBuilder(PREFIX).append(name);
        settings.forEach((k, v) -> {
            if (SESSION_SETTINGS.contains(k)) {
                url.append(';').append(k).append('=').append(v);
            }
        });
        return url.append(";IFEXISTS=TRUE").toString();
    }
}
