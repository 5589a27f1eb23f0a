package dev.switchboard.cluster.internal.replication;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.cluster.internal.schema.ClusterSchema;
import dev.switchboard.cluster.internal.schema.TestDatabase;
import dev.switchboard.crypto.api.SecretCipher;

public class ClusterKeyCheckTest {

    private TestDatabase db;

    @Before
    public void setUp() throws SQLException {
        db = TestDatabase.create();
        ClusterSchema.migrate(db.dataSource());
    }

    @After
    public void tearDown() throws SQLException {
        db.drop();
    }

    @Test
    public void nodesWithTheFirstNodesKeyPassAndANodeWithAnotherKeyDoesNot() throws SQLException {
        assertTrue(ClusterKeyCheck.verify(db.dataSource(), new KeyedCipher("k1"), "a")
                .sameKey());
        assertTrue(ClusterKeyCheck.verify(db.dataSource(), new KeyedCipher("k1"), "b")
                .sameKey());
        ClusterKeyCheck.Outcome other = ClusterKeyCheck.verify(db.dataSource(), new KeyedCipher("k2"), "c");
        assertFalse(other.sameKey());
        assertEquals("a", other.writtenBy());
    }

    /** Stands in for AES-GCM: a value made with another key does not decrypt. */
    private record KeyedCipher(String key) implements SecretCipher {
        @Override
        public String encrypt(String clear) {
            return PREFIX + Base64.getEncoder().encodeToString((key + ":" + clear).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String decrypt(String encrypted) {
            String text = new String(
                    Base64.getDecoder().decode(encrypted.substring(PREFIX.length())), StandardCharsets.UTF_8);
            if (!text.startsWith(key + ":")) {
                throw new IllegalArgumentException("another key");
            }
            return text.substring(key.length() + 1);
        }
    }
}
