package dev.switchboard.cluster.internal.schema;

import static org.junit.Assert.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class ClusterSchemaTest {

    private TestDatabase db;

    @Before
    public void setUp() throws SQLException {
        db = TestDatabase.create();
    }

    @After
    public void tearDown() throws SQLException {
        db.drop();
    }

    @Test
    public void createsEverySchemaVersionOnce() throws SQLException {
        int latest = ClusterSchema.version(ClusterSchema.MIGRATIONS.get(ClusterSchema.MIGRATIONS.size() - 1));
        assertEquals(latest, ClusterSchema.migrate(db.dataSource()));
        assertEquals(latest, ClusterSchema.migrate(db.dataSource()));
        assertEquals(ClusterSchema.MIGRATIONS.size(), count("SELECT count(*) FROM sb_schema_version"));
    }

    @Test
    public void nodesStartingTogetherMigrateOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<Integer> migrate = () -> ClusterSchema.migrate(db.dataSource());
                all.add(pool.submit(migrate));
            }
            for (Future<Integer> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(ClusterSchema.MIGRATIONS.size(), count("SELECT count(*) FROM sb_schema_version"));
        assertEquals(0, count("SELECT count(*) FROM sb_node"));
    }

    @Test(expected = SQLException.class)
    public void aChangedScriptStopsTheNode() throws SQLException {
        ClusterSchema.migrate(db.dataSource());
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE sb_schema_version SET checksum = 'other' WHERE version = 1");
        }
        ClusterSchema.migrate(db.dataSource());
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
