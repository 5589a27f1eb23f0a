package dev.switchboard.cluster.internal.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared database's schema, created and migrated by the nodes themselves: a versioned list of SQL scripts
 * ({@link #MIGRATIONS}, resources beside this class, never edited once released: a change is a new script), applied
 * in order, each in its own transaction, and recorded in {@code sb_schema_version} with a checksum. Several nodes
 * starting at once are serialised by a transaction-scoped PostgreSQL advisory lock: the first applies what is
 * missing, the others find it applied. A database ahead of this node (a newer node migrated it) is accepted as long
 * as the scripts this node knows are unchanged; a script whose checksum differs from the recorded one stops the
 * node with a message naming it.
 */
public final class ClusterSchema {

    /** The scripts, oldest first; the version is the number after {@code V}. Append only. */
    static final List<String> MIGRATIONS =
            List.of("V1__nodes.sql", "V2__triggers.sql", "V3__replication.sql", "V4__batch_emitted_at.sql");

    /** The advisory lock's key: {@code 'swbd'} as an int. */
    private static final long LOCK = 0x73776264L;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSchema.class);

    private ClusterSchema() {}

    /** Applies every script the database does not have yet; returns the schema version it is at now. */
    public static int migrate(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int version = 0;
                for (String script : MIGRATIONS) {
                    version = migrate(c, script);
                }
                return version;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static int migrate(Connection c, String script) throws SQLException {
        int version = version(script);
        String sql = read(script);
        String checksum = sha256(sql);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            s.execute("CREATE TABLE IF NOT EXISTS sb_schema_version (version INT PRIMARY KEY, script TEXT NOT NULL, "
                    + "checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            try (PreparedStatement q = c.prepareStatement("SELECT checksum FROM sb_schema_version WHERE version = ?")) {
                q.setInt(1, version);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        c.commit();
                        if (!rs.getString(1).equals(checksum)) {
                            throw new SQLException("The cluster database's schema script " + script + " was applied "
                                    + "with other contents (checksum " + rs.getString(1) + ", this node has " + checksum
                                    + "): the nodes run different builds. Run the same Switchboard version on every "
                                    + "node.");
                        }
                        return version;
                    }
                }
            }
            s.execute(sql);
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO sb_schema_version (version, script, checksum) VALUES (?, ?, ?)")) {
                insert.setInt(1, version);
                insert.setString(2, script);
                insert.setString(3, checksum);
                insert.executeUpdate();
            }
            c.commit();
            LOG.info("Cluster database: schema script {} applied", script);
            return version;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    private static String read(String script) {
        try (InputStream in = ClusterSchema.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("schema script " + script + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("schema script " + script + " cannot be read", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
