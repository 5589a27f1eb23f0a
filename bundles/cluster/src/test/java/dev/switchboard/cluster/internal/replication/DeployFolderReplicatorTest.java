package dev.switchboard.cluster.internal.replication;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.switchboard.cluster.internal.schema.ClusterSchema;
import dev.switchboard.cluster.internal.schema.TestDatabase;

/** Two nodes in one JVM: two deploy folders, one PostgreSQL schema, rounds driven by the test. */
public class DeployFolderReplicatorTest {

    private static final long MAX_BYTES = 1024 * 1024;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private TestDatabase db;
    private Path folderA;
    private Path folderB;
    private DeployFolderReplicator a;
    private DeployFolderReplicator b;

    @Before
    public void setUp() throws Exception {
        db = TestDatabase.create();
        ClusterSchema.migrate(db.dataSource());
        folderA = temp.newFolder("a", "deploy").toPath();
        folderB = temp.newFolder("b", "deploy").toPath();
        a = node("a", folderA);
        b = node("b", folderB);
        a.start();
        b.start();
    }

    @After
    public void tearDown() throws SQLException {
        db.drop();
    }

    private DeployFolderReplicator node(String id, Path folder) throws IOException {
        Path state = folder.resolveSibling("data").resolve("cluster").resolve("deployments.synced");
        return new DeployFolderReplicator(folder, state, new DeploymentTable(db.dataSource(), id), MAX_BYTES, 400);
    }

    /** Enough rounds for a change on either node to be seen, found stable, sent and applied on the other. */
    private void rounds() throws Exception {
        for (int i = 0; i < 3; i++) {
            a.tick();
            b.tick();
        }
    }

    @Test
    public void aFileAddedOnOneNodeIsWrittenOnTheOther() throws Exception {
        byte[] jar = bytes("greeter 1.0.0", 5000);
        Files.write(folderA.resolve("greeter.jar"), jar);
        rounds();
        assertArrayEquals(jar, Files.readAllBytes(folderB.resolve("greeter.jar")));
        assertEquals(List.of("greeter.jar"), files(folderB));
        assertEquals(a.appliedRevision(), b.appliedRevision());
        assertEquals(1, b.deployments());
    }

    @Test
    public void aChangedFileIsReplacedOnTheOther() throws Exception {
        Files.write(folderA.resolve("greeter.jar"), bytes("v1", 100));
        rounds();
        byte[] v2 = bytes("v2", 200);
        Files.write(folderA.resolve("greeter.jar"), v2);
        rounds();
        assertArrayEquals(v2, Files.readAllBytes(folderB.resolve("greeter.jar")));
    }

    @Test
    public void aRemovedFileIsRemovedOnTheOtherAndTombstoned() throws Exception {
        Files.write(folderB.resolve("api.openapi.yaml"), bytes("openapi", 10));
        rounds();
        assertTrue(Files.exists(folderA.resolve("api.openapi.yaml")));
        Files.delete(folderB.resolve("api.openapi.yaml"));
        rounds();
        assertFalse(Files.exists(folderA.resolve("api.openapi.yaml")));
        assertEquals("true", column("deleted", "api.openapi.yaml"));
    }

    @Test
    public void whatANodeWroteFromTheClusterIsNotSentBack() throws Exception {
        Files.write(folderA.resolve("greeter.jar"), bytes("v1", 100));
        rounds();
        String revision = column("revision", "greeter.jar");
        rounds();
        rounds();
        assertEquals(revision, column("revision", "greeter.jar"));
        assertEquals("a", column("updated_by", "greeter.jar"));
        assertEquals(1L, count());
    }

    @Test
    public void aFileStillBeingWrittenIsNotSentUntilItStopsChanging() throws Exception {
        Path file = folderA.resolve("big.jar");
        Files.write(file, bytes("part", 1000));
        a.tick(); // seen
        Files.write(file, bytes("part", 3000)); // still growing
        a.tick(); // changed since: not sent
        assertEquals(0L, count());
        a.tick(); // unchanged over a round: sent
        assertEquals(1L, count());
        b.tick();
        assertArrayEquals(bytes("part", 3000), Files.readAllBytes(folderB.resolve("big.jar")));
    }

    @Test
    public void changesMadeAtOnceOnTwoNodesEndWithTheLastWriter() throws Exception {
        Files.write(folderA.resolve("greeter.jar"), bytes("from a", 100));
        Files.write(folderB.resolve("greeter.jar"), bytes("from b", 100));
        a.tick();
        b.tick();
        a.tick(); // a sends first
        b.tick(); // b sends second: the higher revision wins
        rounds();
        assertArrayEquals(bytes("from b", 100), Files.readAllBytes(folderA.resolve("greeter.jar")));
        assertArrayEquals(bytes("from b", 100), Files.readAllBytes(folderB.resolve("greeter.jar")));
        assertEquals("b", column("updated_by", "greeter.jar"));
    }

    @Test
    public void aNodeThatWasDownCatchesUpAndSendsWhatChangedInItsFolderMeanwhile() throws Exception {
        Files.write(folderA.resolve("one.jar"), bytes("one", 10));
        Files.write(folderA.resolve("two.jar"), bytes("two", 10));
        rounds();
        assertEquals(List.of("one.jar", "two.jar"), files(folderB));

        // b is down: a removes one, changes two, adds three; b's folder gains mine.jar by hand
        Files.delete(folderA.resolve("one.jar"));
        Files.write(folderA.resolve("two.jar"), bytes("two v2", 10));
        Files.write(folderA.resolve("three.jar"), bytes("three", 10));
        for (int i = 0; i < 3; i++) {
            a.tick();
        }
        Files.write(folderB.resolve("mine.jar"), bytes("mine", 10));

        b = node("b", folderB); // restarted: the same folder and synced state
        b.start();
        assertEquals(List.of("mine.jar", "three.jar", "two.jar"), files(folderB));
        assertArrayEquals(bytes("two v2", 10), Files.readAllBytes(folderB.resolve("two.jar")));
        rounds();
        assertEquals(List.of("mine.jar", "three.jar", "two.jar"), files(folderA));
        assertEquals(a.appliedRevision(), b.appliedRevision());
    }

    @Test
    public void aFileRemovedWhileTheNodeWasDownIsRemovedInTheCluster() throws Exception {
        Files.write(folderA.resolve("one.jar"), bytes("one", 10));
        rounds();
        Files.delete(folderB.resolve("one.jar")); // b down, its copy deleted by hand
        b = node("b", folderB);
        b.start();
        rounds();
        assertEquals(List.of(), files(folderA));
        assertEquals("true", column("deleted", "one.jar"));
    }

    @Test
    public void aNewNodeTakesTheClusterSetOverItsOwnCopiesAndDropsWhatTheClusterDeleted() throws Exception {
        Files.write(folderA.resolve("kept.jar"), bytes("cluster", 10));
        Files.write(folderA.resolve("gone.jar"), bytes("gone", 10));
        rounds();
        Files.delete(folderA.resolve("gone.jar"));
        rounds();
        Path folderC = temp.newFolder("c", "deploy").toPath();
        Files.write(folderC.resolve("kept.jar"), bytes("stale copy", 10));
        Files.write(folderC.resolve("gone.jar"), bytes("gone", 10));
        Files.write(folderC.resolve("only-c.jar"), bytes("c", 10));
        DeployFolderReplicator c = node("c", folderC);
        c.start();
        assertEquals(List.of("kept.jar", "only-c.jar"), files(folderC));
        assertArrayEquals(bytes("cluster", 10), Files.readAllBytes(folderC.resolve("kept.jar")));
        rounds();
        assertTrue(Files.exists(folderA.resolve("only-c.jar")));
    }

    @Test
    public void dotFilesTemporaryFilesAndFilesOverTheLimitStayOnTheirNode() throws Exception {
        Files.write(folderA.resolve(".hidden.jar"), bytes("x", 10));
        Files.write(folderA.resolve("upload.jar.part"), bytes("x", 10));
        Files.write(folderA.resolve("huge.jar"), new byte[(int) MAX_BYTES + 1]);
        rounds();
        assertEquals(List.of(), files(folderB));
        assertEquals(0L, count());
    }

    @Test
    public void theSyncedStateSurvivesARestartSoNothingIsSentAgain() throws Exception {
        Files.write(folderA.resolve("greeter.jar"), bytes("v1", 100));
        rounds();
        String revision = column("revision", "greeter.jar");
        a = node("a", folderA);
        a.start();
        b = node("b", folderB);
        b.start();
        rounds();
        assertEquals(revision, column("revision", "greeter.jar"));
    }

    @Test
    public void filesWrittenFromTheClusterAreOwnerOnlyAndCrashLeftoversGoAtStart() throws Exception {
        Files.write(folderA.resolve("dev.switchboard.connection-db.cfg"), bytes("password={aes-gcm}x", 19));
        rounds();
        Path copy = folderB.resolve("dev.switchboard.connection-db.cfg");
        assertEquals(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(copy));
        Files.write(folderB.resolve(".greeter.jar.0000.cluster.tmp"), bytes("half", 4));
        b = node("b", folderB);
        b.start();
        assertEquals(List.of("dev.switchboard.connection-db.cfg"), files(folderB));
    }

    @Test
    public void changesMadeWhileTheDatabaseIsAwayTravelWhenItIsBack() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean away = new java.util.concurrent.atomic.AtomicBoolean();
        javax.sql.DataSource flaky = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    if (away.get()) {
                        throw new SQLException("Connection refused");
                    }
                    return method.invoke(db.dataSource(), args);
                });
        a = new DeployFolderReplicator(folderA, null, new DeploymentTable(flaky, "a"), MAX_BYTES, 400);
        a.start();
        away.set(true);
        Files.write(folderA.resolve("greeter.jar"), bytes("made offline", 100));
        for (int i = 0; i < 3; i++) {
            try {
                a.tick();
            } catch (SQLException expected) {
                // the replication thread logs it once and tries again next round
            }
        }
        assertEquals(0L, count());
        away.set(false);
        rounds();
        assertArrayEquals(bytes("made offline", 100), Files.readAllBytes(folderB.resolve("greeter.jar")));
    }

    private static byte[] bytes(String text, int size) {
        byte[] seed = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = seed[i % seed.length];
        }
        return out;
    }

    /** Every entry of the folder, sorted: temporary dot-files left behind would show here. */
    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> stream = Files.list(folder)) {
            List<String> names = new ArrayList<>();
            stream.forEach(p -> names.add(String.valueOf(p.getFileName())));
            names.sort(null);
            return names;
        }
    }

    private String column(String column, String name) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement q = c.prepareStatement("SELECT " + column + " FROM sb_deployment WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue("no row for " + name, rs.next());
                return rs.getString(1).equals("t") ? "true" : rs.getString(1);
            }
        }
    }

    private long count() throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM sb_deployment");
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
