package dev.switchboard.connector.sql.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

import org.osgi.service.jdbc.DataSourceFactory;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * H2's own switch against code execution and file access: every dangerous statement and function of H2 2.x
 * ({@code FILE_READ}, {@code FILE_WRITE}, {@code CSVREAD}, {@code CSVWRITE}, {@code RUNSCRIPT}, {@code SCRIPT},
 * {@code BACKUP}, {@code LINK_SCHEMA}, {@code CREATE ALIAS}, {@code CREATE TRIGGER}, {@code CREATE AGGREGATE},
 * {@code CREATE LINKED TABLE}, table engines, database-wide {@code SET}s, {@code SHUTDOWN}, users and grants) needs
 * admin rights. So the caller's statements never run as an admin: the connector opens the database once as the
 * caller's user (who becomes its admin when the database is new), keeps that connection for the pool's lifetime
 * without ever running caller SQL on it (it also keeps an in-memory database alive), creates the user
 * {@value #USER} without admin rights but with {@code ALTER ANY SCHEMA} (tables, views, sequences, indexes in every
 * schema; DML on every table), and the pool connects as that user. Whatever spelling a statement uses (case,
 * comments, quoting, {@code U&'...'}, string concatenation), H2 itself checks the right.
 *
 * <p>A caller's user that is not an admin of an existing database is used as it is. The password of {@value #USER}
 * is random, kept in memory only, and set again whenever a pool opens.
 */
final class H2RestrictedUser {

    static final String USER = "SWITCHBOARD_SQL";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String password = HexFormat.of().formatHex(randomBytes());

    /** The admin connection kept open, and what the pool connects with. */
    record Prepared(Connection anchor, String url, String user, String password) {}

    /**
     * Opens {@code url}'s database as the caller and prepares the restricted user.
     *
     * @throws SQLException the database refused the caller or the preparation
     * @throws ServiceOperationException 400 for a file database outside the folder or the reserved user name
     */
    Prepared prepare(
            DataSourceFactory factory, H2Url url, H2Url.Folder folder, String callerUser, String callerPassword)
            throws SQLException {
        if (callerUser != null && callerUser.trim().equalsIgnoreCase(USER)) {
            throw JdbcUrlPolicy.refusal("The H2 user name " + USER + " is reserved by the sql connector: use another.");
        }
        if (url.file() != null) {
            checkFolder(url.file(), folder);
        }
        Connection anchor = DataSourceFactories.create(factory, url.adminUrl(), callerUser, callerPassword)
                .getConnection();
        try {
            if (!isAdmin(anchor)) {
                return new Prepared(anchor, url.restrictedUrl(), callerUser, callerPassword);
            }
            try (Statement s = anchor.createStatement()) {
                // the password is hex we made: safe as a literal (H2 takes no parameters in these commands)
                s.execute("CREATE USER IF NOT EXISTS " + USER + " PASSWORD '" + password + "'");
                s.execute("ALTER USER " + USER + " SET PASSWORD '" + password + "'");
                s.execute("ALTER USER " + USER + " ADMIN FALSE");
                s.execute("GRANT ALTER ANY SCHEMA TO " + USER);
            }
            return new Prepared(anchor, url.restrictedUrl(), USER, password);
        } catch (SQLException | RuntimeException e) {
            anchor.close();
            throw e;
        }
    }

    private static boolean isAdmin(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT IS_ADMIN FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = CURRENT_USER");
                ResultSet rs = ps.executeQuery()) {
            // no row: we cannot tell, so treat it as an admin and restrict
            return !rs.next() || rs.getBoolean(1);
        }
    }

    /** The database's folder exists, and no link inside the configured folder leads out of it. */
    private static void checkFolder(Path file, H2Url.Folder folder) {
        try {
            Path root = folder.realPath();
            Path parent = file.getParent();
            Files.createDirectories(parent);
            if (!parent.toRealPath().startsWith(root)) {
                throw JdbcUrlPolicy.refusal("The H2 database's folder leads out of the sql connector's H2 folder.");
            }
        } catch (IOException e) {
            throw new ServiceOperationException(
                    503,
                    "H2FolderUnavailable",
                    "The sql connector's H2 folder could not" + " be created or read ("
                            + e.getClass().getSimpleName() + "): check setting h2.folder.");
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
