package dev.switchboard.cluster.internal.replication;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.cluster.internal.schema.ClusterSchema;
import dev.switchboard.cluster.internal.schema.TestDatabase;

/** Two nodes' ConfigAdmins (in memory) sharing one PostgreSQL schema. */
public class ConfigurationReplicatorTest {

    private static final String CONNECTION = "dev.switchboard.connection~db";

    private TestDatabase db;
    private FakeConfigurationAdmin adminA;
    private FakeConfigurationAdmin adminB;
    private ConfigurationReplicator a;
    private ConfigurationReplicator b;

    @Before
    public void setUp() throws Exception {
        db = TestDatabase.create();
        ClusterSchema.migrate(db.dataSource());
        adminA = new FakeConfigurationAdmin();
        adminB = new FakeConfigurationAdmin();
        a = node("a", adminA);
        b = node("b", adminB);
        a.start();
        b.start();
    }

    @After
    public void tearDown() throws SQLException {
        db.drop();
    }

    private ConfigurationReplicator node(String id, FakeConfigurationAdmin admin) {
        return new ConfigurationReplicator(
                admin,
                new ConfigurationTable(db.dataSource(), id),
                new SharedConfigurations(List.of("dev.switchboard.host.logs")));
    }

    private void rounds() throws Exception {
        a.tick();
        b.tick();
        a.tick();
    }

    @Test
    public void aConnectionCreatedOnOneNodeIsCreatedOnTheOtherWithItsTypesAndItsSecretStillEncrypted()
            throws Exception {
        adminA.put(
                CONNECTION,
                Map.of(
                        "connector",
                        "sql",
                        "password",
                        "{aes-gcm}c2VjcmV0LWNpcGhlcnRleHQ=",
                        "token",
                        "$[secret:db-token]",
                        "pool.size",
                        5,
                        "timeout",
                        2500L,
                        "hosts",
                        new String[] {"a", "b"},
                        "ports",
                        new int[] {5432, 5433},
                        "ssl",
                        true));
        a.sync(CONNECTION); // as the ConfigurationListener does
        b.tick();
        Hashtable<String, Object> onB = adminB.properties(CONNECTION);
        assertEquals("sql", onB.get("connector"));
        assertEquals("{aes-gcm}c2VjcmV0LWNpcGhlcnRleHQ=", onB.get("password"));
        assertEquals("$[secret:db-token]", onB.get("token"));
        assertEquals(5, onB.get("pool.size"));
        assertEquals(2500L, onB.get("timeout"));
        assertArrayEquals(new String[] {"a", "b"}, (String[]) onB.get("hosts"));
        assertArrayEquals(new int[] {5432, 5433}, (int[]) onB.get("ports"));
        assertEquals(true, onB.get("ssl"));
    }

    @Test
    public void changesAndDeletionsReachTheOtherNode() throws Exception {
        adminA.put(CONNECTION, Map.of("connector", "sql", "url", "jdbc:one"));
        rounds();
        adminA.put(CONNECTION, Map.of("connector", "sql", "url", "jdbc:two"));
        rounds();
        assertEquals("jdbc:two", adminB.properties(CONNECTION).get("url"));
        adminB.remove(CONNECTION);
        b.sync(CONNECTION);
        a.tick();
        assertNull(adminA.properties(CONNECTION));
        assertEquals("true", column("deleted", CONNECTION));
    }

    @Test
    public void hostSettingsTravelButNodeLocalFileMadeAndForeignConfigurationsDoNot() throws Exception {
        adminA.put("dev.switchboard.host.dispatcher", Map.of("timeout.ms", 30000L));
        adminA.put("dev.switchboard.cluster", Map.of("url", "jdbc:postgresql://db/sb"));
        adminA.put("dev.switchboard.cluster.replication", Map.of("sync.ms", 100L));
        adminA.put("dev.switchboard.host.logs", Map.of("lines", 10)); // local.pids
        adminA.put(
                "dev.switchboard.connection~filed",
                Map.of("connector", "http", "felix.fileinstall.filename", "file:/deploy/x.cfg"));
        adminA.put("org.apache.felix.http", Map.of("org.osgi.service.http.port", 9090));
        rounds();
        assertEquals(
                30000L, adminB.properties("dev.switchboard.host.dispatcher").get("timeout.ms"));
        assertEquals(java.util.Set.of("dev.switchboard.host.dispatcher"), adminB.pids());
        assertEquals(1L, count());
    }

    @Test
    public void whatANodeAppliedFromTheClusterIsNotSentBack() throws Exception {
        adminA.put(CONNECTION, Map.of("connector", "sql"));
        rounds();
        String revision = column("revision", CONNECTION);
        b.sync(CONNECTION); // the event of b's own update
        rounds();
        rounds();
        assertEquals(revision, column("revision", CONNECTION));
        assertEquals("a", column("updated_by", CONNECTION));
    }

    @Test
    public void aNodeStartingLateTakesTheClusterConfigurationsAndSendsItsOwn() throws Exception {
        adminA.put(CONNECTION, Map.of("connector", "sql", "url", "jdbc:cluster"));
        adminA.put("dev.switchboard.connection~gone", Map.of("connector", "sql"));
        rounds();
        adminA.remove("dev.switchboard.connection~gone");
        rounds();
        FakeConfigurationAdmin adminC = new FakeConfigurationAdmin();
        adminC.put(CONNECTION, Map.of("connector", "sql", "url", "jdbc:stale"));
        adminC.put("dev.switchboard.connection~gone", Map.of("connector", "sql"));
        adminC.put("dev.switchboard.connection~mine", Map.of("connector", "http"));
        ConfigurationReplicator c = node("c", adminC);
        c.start();
        assertEquals("jdbc:cluster", adminC.properties(CONNECTION).get("url"));
        assertNull(adminC.properties("dev.switchboard.connection~gone"));
        rounds();
        assertEquals(
                "http", adminA.properties("dev.switchboard.connection~mine").get("connector"));
        assertTrue(c.started());
        assertFalse(a.appliedRevision() == 0);
    }

    @Test
    public void changesMadeAtOnceOnTwoNodesEndWithTheLastWriter() throws Exception {
        adminA.put(CONNECTION, Map.of("url", "jdbc:a"));
        adminB.put(CONNECTION, Map.of("url", "jdbc:b"));
        a.tick(); // a sends
        b.tick(); // b sends later: the higher revision
        rounds();
        assertEquals("jdbc:b", adminA.properties(CONNECTION).get("url"));
        assertEquals("jdbc:b", adminB.properties(CONNECTION).get("url"));
    }

    private String column(String column, String pid) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement q = c.prepareStatement("SELECT " + column + " FROM sb_configuration WHERE pid = ?")) {
            q.setString(1, pid);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue("no row for " + pid, rs.next());
                return rs.getString(1).equals("t") ? "true" : rs.getString(1);
            }
        }
    }

    private long count() throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM sb_configuration WHERE NOT deleted");
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
