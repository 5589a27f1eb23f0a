package dev.switchboard.cluster.internal.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

import dev.switchboard.crypto.api.SecretCipher;

/**
 * Whether this node encrypts secrets with the cluster's key. Configurations travel with their secret values
 * encrypted as ConfigAdmin stores them, so every node must hold the same key file. The first node stores a known
 * text encrypted with its key ({@code sb_cluster_key}); a node whose cipher cannot decrypt it has another key.
 */
final class ClusterKeyCheck {

    static final String CHECK_TEXT = "switchboard cluster key check";

    /** The outcome; {@code writtenBy} is the node that stored the check value. */
    record Outcome(boolean sameKey, String writtenBy) {}

    private ClusterKeyCheck() {}

    static Outcome verify(DataSource dataSource, SecretCipher cipher, String node) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO sb_cluster_key (id, check_value, "
                    + "created_by) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, cipher.encrypt(CHECK_TEXT));
                insert.setString(2, node);
                insert.executeUpdate();
            }
            try (PreparedStatement q =
                            c.prepareStatement("SELECT check_value, created_by FROM sb_cluster_key WHERE id = 1");
                    ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("sb_cluster_key holds no check value after it was written");
                }
                String writtenBy = rs.getString(2);
                try {
                    return new Outcome(CHECK_TEXT.equals(cipher.decrypt(rs.getString(1))), writtenBy);
                } catch (IllegalArgumentException e) {
                    return new Outcome(false, writtenBy);
                }
            }
        }
    }
}
