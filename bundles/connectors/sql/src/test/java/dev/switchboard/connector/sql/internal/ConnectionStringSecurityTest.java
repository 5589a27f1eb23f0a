package dev.switchboard.connector.sql.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.SocketFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;

/**
 * Issue 10 §2, connection strings through the connector and the real drivers: refused before any connection is made
 * (nothing runs, nothing is written), H2 file databases only in the connector's folder, and the things the drivers do
 * by default that the connector turns off (MariaDB's LOAD DATA LOCAL INFILE).
 */
public final class ConnectionStringSecurityTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Set when {@link TripwireSocketFactory} is instantiated. */
    static final AtomicBoolean TRIPPED = new AtomicBoolean();

    /** A socket factory pgjdbc would instantiate from {@code socketFactory=}. */
    public static final class TripwireSocketFactory extends SocketFactory {
        public TripwireSocketFactory() {
            TRIPPED.set(true);
        }

        @Override
        public Socket createSocket() {
            return new Socket();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return new Socket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return new Socket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return new Socket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return new Socket(address, port, localAddress, localPort);
        }
    }

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Path folder;
    private Path outside;
    private SqlConnector connector;

    @Before
    public void setUp() throws IOException {
        folder = temp.getRoot().toPath().resolve("home/data/h2");
        outside = temp.newFolder("outside").toPath();
        connector = TestDatabase.connector(PoolSettings.DEFAULTS, folder);
        TRIPPED.set(false);
    }

    @After
    public void tearDown() {
        connector.deactivate();
    }

    // ---- H2

    @Test
    public void h2InitIsRefusedAndRunsNothing() {
        Path target = outside.resolve("init");
        assertRefused(
                connection("jdbc:h2:mem:" + unique() + ";INIT=CALL FILE_WRITE('x', '" + target + "')", "sa", null));
        assertFalse(Files.exists(target));
    }

    @Test
    public void h2InitWithAnEscapedNameIsRefusedAndRunsNothing() {
        Path target = outside.resolve("init2");
        assertRefused(
                connection("jdbc:h2:mem:" + unique() + ";IN\\IT=CALL FILE_WRITE('x', '" + target + "')", "sa", null));
        assertFalse(Files.exists(target));
    }

    @Test
    public void h2SettingValueInjectionIsRefusedAndRunsNothing() {
        Path target = outside.resolve("injected");
        assertRefused(connection(
                "jdbc:h2:mem:" + unique() + ";LOCK_TIMEOUT=1\\;CALL FILE_WRITE('x', '" + target + "')", "sa", null));
        assertFalse(Files.exists(target));
    }

    @Test
    public void anH2FileDatabaseByNameLivesInTheFolder() {
        call(connection("jdbc:h2:file:demo", "sa", null), "executeNonQuery", "CREATE TABLE t(i INT)");
        assertTrue(Files.exists(folder.resolve("demo.mv.db")));
    }

    @Test
    public void anH2FileDatabaseWithADotPathLivesInTheFolderNotTheWorkingDirectory() {
        String name = unique();
        call(connection("jdbc:h2:./" + name, "sa", null), "executeQuery", "SELECT 1 AS one");
        assertTrue(Files.exists(folder.resolve(name + ".mv.db")));
        assertFalse(Files.exists(Path.of(name + ".mv.db")));
    }

    @Test
    public void anH2FileDatabaseOutsideTheFolderIsRefusedAndCreatesNothing() {
        Path db = outside.resolve("stolen");
        assertRefused(connection("jdbc:h2:file:" + db, "sa", null));
        assertFalse(Files.exists(outside.resolve("stolen.mv.db")));
    }

    @Test
    public void anH2FileDatabaseBehindDotDotIsRefusedAndCreatesNothing() {
        assertRefused(connection("jdbc:h2:file:../../../outside/dotdot", "sa", null));
        assertFalse(Files.exists(outside.resolve("dotdot.mv.db")));
    }

    @Test
    public void anH2FileDatabaseBehindALinkOutOfTheFolderIsRefusedAndCreatesNothing() throws IOException {
        Files.createDirectories(folder);
        Files.createSymbolicLink(folder.resolve("link"), outside);
        assertRefused(connection("jdbc:h2:file:link/linked", "sa", null));
        assertFalse(Files.exists(outside.resolve("linked.mv.db")));
    }

    @Test
    public void aRemoteH2ServerIsRefused() {
        assertRefused(connection("jdbc:h2:tcp://127.0.0.1:9092/x", "sa", null));
    }

    @Test
    public void anH2FileSystemPrefixIsRefused() {
        assertRefused(connection("jdbc:h2:split:" + outside.resolve("split"), "sa", null));
        assertFalse(Files.exists(outside.resolve("split.mv.db")));
    }

    @Test
    public void anInMemoryH2DatabaseWithSettingsWorksForOrdinarySql() {
        ConnectionParameters c =
                connection("jdbc:h2:mem:" + unique() + ";DB_CLOSE_DELAY=-1;MODE=MySQL;LOCK_TIMEOUT=500", "sa", null);
        call(c, "executeNonQuery", "CREATE TABLE t(id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))");
        call(c, "executeNonQuery", "INSERT INTO t(v) VALUES ('a')");
        assertEquals(
                "a",
                call(c, "executeQuery", "SELECT v FROM t")
                        .get("rows")
                        .get(0)
                        .get("V")
                        .asText());
    }

    @Test
    public void anExistingH2DatabaseKeepsItsData() {
        ConnectionParameters c = connection("jdbc:h2:file:kept", "owner", "pw");
        call(c, "executeNonQuery", "CREATE TABLE t(v INT)");
        call(c, "executeNonQuery", "INSERT INTO t VALUES (7)");
        connector.deactivate();
        connector = TestDatabase.connector(PoolSettings.DEFAULTS, folder);
        assertEquals(
                7,
                call(c, "executeQuery", "SELECT v FROM t")
                        .get("rows")
                        .get(0)
                        .get("V")
                        .asInt());
    }

    // ---- PostgreSQL

    @Test
    public void aPostgresSocketFactoryIsRefusedAndNeverInstantiated() {
        assertRefused(connection(
                "jdbc:postgresql://127.0.0.1:5432/test?socketFactory=" + TripwireSocketFactory.class.getName(),
                "postgres",
                null));
        assertFalse(TRIPPED.get());
    }

    @Test
    public void aPostgresSocketFactoryWithAnEncodedNameIsRefusedAndNeverInstantiated() {
        assertRefused(connection(
                "jdbc:postgresql://127.0.0.1:5432/test?%73ocketFactory=" + TripwireSocketFactory.class.getName(),
                "postgres",
                null));
        assertFalse(TRIPPED.get());
    }

    @Test
    public void postgresWorksForOrdinarySql() {
        TestDatabase pg = TestDatabase.postgres();
        assumeTrue(pg.unreachableReason(), pg.unreachableReason() == null);
        assertEquals(
                2,
                call(pg.connection(), "executeQuery", "SELECT 1 + 1 AS two")
                        .get("rows")
                        .get(0)
                        .get("two")
                        .asInt());
    }

    // ---- MariaDB

    @Test
    public void mariadbAllowLocalInfileIsRefused() {
        assertRefused(connection("jdbc:mariadb://127.0.0.1:3306/test?allowLocalInfile=true", "root", null));
    }

    @Test
    public void mariadbLoadDataLocalInfileReadsNoHostFile() throws Exception {
        TestDatabase maria = TestDatabase.mariadb();
        assumeTrue(maria.unreachableReason(), maria.unreachableReason() == null);
        Path secret = Files.writeString(outside.resolve("secret.txt"), "host-secret\n");
        String table = "sb_infile_" + unique().substring(0, 8);
        ConnectionParameters c = maria.connection();
        call(c, "executeNonQuery", "CREATE TABLE " + table + " (line VARCHAR(100))");
        try {
            ServiceOperationException e =
                    failure(c, "executeNonQuery", "LOAD DATA LOCAL INFILE '" + secret + "' INTO TABLE " + table);
            assertTrue(e.getMessage(), e.getStatusCode() >= 400);
            assertEquals(
                    0,
                    call(c, "executeQuery", "SELECT COUNT(*) AS n FROM " + table)
                            .get("rows")
                            .get(0)
                            .get("n")
                            .asInt());
        } finally {
            call(c, "executeNonQuery", "DROP TABLE " + table);
        }
    }

    // ---- other drivers

    @Test
    public void anotherSchemeIsRefused() {
        for (String url : new String[] {
            "jdbc:sqlite:/tmp/x.db",
            "jdbc:derby:/tmp/x;create=true",
            "jdbc:hsqldb:file:/tmp/x",
            "jdbc:oracle:thin:@x:1521/y",
            "jdbc:h2x:mem:x"
        }) {
            ServiceOperationException e = failure(connection(url, null, null), "executeQuery", "SELECT 1");
            assertEquals(url, 400, e.getStatusCode());
            assertEquals(url, "UnsupportedConnectionString", e.getCode());
        }
    }

    // ---- helpers

    private static String unique() {
        return "sec_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static ConnectionParameters connection(String url, String user, String password) {
        Map<String, Object> values = new HashMap<>();
        values.put("connectionString", url);
        values.put("username", user);
        values.put("password", password);
        return ConnectionParameters.of(values);
    }

    private JsonNode call(ConnectionParameters c, String operation, String query) {
        ObjectNode in = MAPPER.createObjectNode().put("query", query);
        try {
            return connector
                    .invokeOperation(operation, c, ServiceOperationRequest.of(in))
                    .toCompletableFuture()
                    .join()
                    .body();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private ServiceOperationException failure(ConnectionParameters c, String operation, String query) {
        try {
            call(c, operation, query);
        } catch (ServiceOperationException e) {
            return e;
        }
        throw new AssertionError(query + " did not fail");
    }

    private void assertRefused(ConnectionParameters c) {
        ServiceOperationException e = failure(c, "executeQuery", "SELECT 1 AS one");
        assertEquals(e.getMessage(), 400, e.getStatusCode());
        assertEquals(e.getMessage(), "ConnectionStringNotAllowed", e.getCode());
        assertTrue(connector.pools().poolNames().isEmpty());
    }
}
