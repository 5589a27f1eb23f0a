package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 10 §2 against the real launcher: the shipped {@code sql} connector, invoked over REST with an inline
 * connection, refuses each payload with a 400 and nothing happens (no file read into the answer, no file written, no
 * command run); ordinary SQL on an H2 in-memory database and on PostgreSQL keeps working.
 */
public class SqlSecurityE2EIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static SwitchboardProcess host;
    private static Path outside;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.start("switchboard-sql-security");
        outside = Files.createTempDirectory("sb-sql-outside");
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.kill();
        }
    }

    // ---- statements

    @Test
    public void fileReadIsRefused() throws IOException {
        String hostname = Files.readString(Path.of("/etc/hostname")).trim();
        HttpResponse<String> r = query(mem(), "executeQuery", "SELECT FILE_READ('/etc/hostname', NULL) AS f");
        assertNotAllowed(r);
        assertFalse(r.body().contains(hostname));
    }

    @Test
    public void csvReadIsRefused() {
        HttpResponse<String> r = query(mem(), "executeQuery", "SELECT * FROM CSVREAD('/etc/passwd')");
        assertNotAllowed(r);
        assertFalse(r.body().contains("root:"));
    }

    @Test
    public void createAliasWithRuntimeExecIsRefusedAndRunsNothing() {
        Path target = outside.resolve("x");
        ObjectNode connection = mem();
        assertNotAllowed(query(
                connection,
                "executeNonQuery",
                "CREATE ALIAS SHELLEXEC AS 'String shellexec(String"
                        + " cmd) throws java.io.IOException { Runtime.getRuntime().exec(new String[] {\"sh\", \"-c\", cmd});"
                        + " return cmd; }'"));
        HttpResponse<String> call = query(connection, "executeQuery", "SELECT SHELLEXEC('id > " + target + "') AS r");
        assertEquals(call.body(), 400, call.statusCode());
        assertFalse(Files.exists(target));
    }

    @Test
    public void createAliasInDisguiseIsRefused() {
        assertNotAllowed(query(
                mem(),
                "executeNonQuery",
                "cReAtE /* */ aLiAs \"GETPROP\" FOR 'java.lang.System.getProperty(java.lang.String)'"));
    }

    @Test
    public void fileReadAsAUnicodeEscapedNameIsRefused() {
        assertNotAllowed(query(mem(), "executeQuery", "SELECT U&\"FILE\\005fREAD\"('/et' || 'c/hostname', NULL) AS f"));
    }

    @Test
    public void fileWriteIsRefusedAndWritesNothing() {
        Path target = outside.resolve("written");
        assertNotAllowed(query(mem(), "executeQuery", "SELECT FILE_WRITE('owned', '" + target + "') AS n"));
        assertFalse(Files.exists(target));
    }

    @Test
    public void csvWriteIsRefusedAndWritesNothing() {
        Path target = outside.resolve("out.csv");
        assertNotAllowed(query(mem(), "executeNonQuery", "CALL CSVWRITE('" + target + "', 'SELECT 1')"));
        assertFalse(Files.exists(target));
    }

    @Test
    public void scriptToIsRefusedAndWritesNothing() {
        Path target = outside.resolve("dump.sql");
        assertNotAllowed(query(mem(), "executeQuery", "SCRIPT TO '" + target + "'"));
        assertFalse(Files.exists(target));
    }

    @Test
    public void backupToIsRefusedAndWritesNothing() {
        Path target = outside.resolve("backup.zip");
        assertNotAllowed(query(mem(), "executeNonQuery", "BACKUP TO '" + target + "'"));
        assertFalse(Files.exists(target));
    }

    @Test
    public void runScriptIsRefusedAndRunsNothing() throws IOException {
        Path target = outside.resolve("from-script");
        Path script = Files.writeString(outside.resolve("script.sql"), "CALL FILE_WRITE('x', '" + target + "');");
        assertNotAllowed(query(mem(), "executeNonQuery", "RUNSCRIPT FROM '" + script + "'"));
        assertFalse(Files.exists(target));
    }

    @Test
    public void linkSchemaIsRefused() {
        assertNotAllowed(query(
                mem(), "executeQuery", "SELECT * FROM LINK_SCHEMA('L', '', 'jdbc:h2:mem:other', 'sa', '', 'PUBLIC')"));
    }

    @Test
    public void createTriggerWithSourceIsRefused() {
        ObjectNode connection = mem();
        assertEquals(
                200,
                query(connection, "executeNonQuery", "CREATE TABLE t(i INT)").statusCode());
        assertNotAllowed(query(
                connection,
                "executeNonQuery",
                "CREATE TRIGGER tr BEFORE INSERT ON t AS" + " 'org.h2.api.Trigger create() { return null; }'"));
    }

    @Test
    public void aJavaObjectIsAnsweredAsBytesNotDeserialised() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(Integer.valueOf(424242));
        }
        HttpResponse<String> r = query(
                mem(),
                "executeQuery",
                "SELECT CAST(X'" + HexFormat.of().formatHex(bytes.toByteArray()) + "' AS JAVA_OBJECT) AS o");
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode value = SwitchboardProcess.json(r).at("/body/rows/0/O");
        assertEquals(r.body(), Base64.getEncoder().encodeToString(bytes.toByteArray()), value.asText());
        assertNotEquals(424242, value.asInt());
    }

    // ---- connection strings

    @Test
    public void h2InitIsRefusedAndRunsNothing() {
        Path target = outside.resolve("init");
        assertConnectionRefused(connection("jdbc:h2:mem:" + unique() + ";INIT=CALL FILE_WRITE('x', '" + target + "')"));
        assertFalse(Files.exists(target));
    }

    @Test
    public void anH2FileDatabaseOutsideTheFolderIsRefusedAndCreatesNothing() {
        assertConnectionRefused(connection("jdbc:h2:file:" + outside.resolve("db")));
        assertFalse(Files.exists(outside.resolve("db.mv.db")));
    }

    @Test
    public void anH2FileDatabaseBehindDotDotIsRefused() {
        assertConnectionRefused(connection("jdbc:h2:file:../../escaped"));
        assertFalse(Files.exists(host.home().resolve("escaped.mv.db")));
    }

    @Test
    public void aRemoteH2ServerIsRefused() {
        assertConnectionRefused(connection("jdbc:h2:tcp://127.0.0.1:9092/x"));
    }

    @Test
    public void anH2FileSystemPrefixIsRefused() {
        assertConnectionRefused(connection("jdbc:h2:zip:" + outside.resolve("x.zip") + "!/db"));
    }

    @Test
    public void aPostgresSocketFactoryIsRefused() {
        assertConnectionRefused(connection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&"
                + "socketFactory=org.postgresql.ssl.NonValidatingFactory"));
    }

    @Test
    public void aPostgresLoggerFileIsRefusedAndWritesNothing() {
        Path log = outside.resolve("pg.log");
        assertConnectionRefused(connection(
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&loggerLevel=TRACE" + "&LOGGERFILE=" + log));
        assertFalse(Files.exists(log));
    }

    @Test
    public void aMariadbAllowLocalInfileIsRefused() {
        assertConnectionRefused(connection("jdbc:mariadb://127.0.0.1:3306/test?user=root&allowLocalInfile=true"));
    }

    @Test
    public void anotherDriverIsRefused() {
        HttpResponse<String> r =
                query(connection("jdbc:sqlite:" + outside.resolve("x.db")), "executeQuery", "SELECT 1");
        assertEquals(r.body(), 400, r.statusCode());
        assertEquals(
                "UnsupportedConnectionString",
                SwitchboardProcess.json(r).at("/error/code").asText());
    }

    // ---- ordinary SQL keeps working

    @Test
    public void ordinarySqlOnAnH2InMemoryDatabaseWorks() {
        ObjectNode connection = mem();
        ok(query(
                connection,
                "executeNonQuery",
                "CREATE TABLE items(id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))"));
        ok(query(connection, "executeNonQuery", "INSERT INTO items(name) VALUES ('a'), ('b')"));
        ok(query(connection, "executeNonQuery", "UPDATE items SET name = 'c' WHERE name = 'b'"));
        ok(query(connection, "executeNonQuery", "DELETE FROM items WHERE name = 'a'"));
        JsonNode rows = SwitchboardProcess.json(ok(query(connection, "executeQuery", "SELECT name FROM items")))
                .at("/body/rows");
        assertEquals(1, rows.size());
        assertEquals("c", rows.get(0).get("NAME").asText());
    }

    @Test
    public void anH2FileDatabaseByNameLivesInTheHomesH2Folder() {
        ok(query(connection("jdbc:h2:file:inventory"), "executeNonQuery", "CREATE TABLE stock(i INT)"));
        assertTrue(Files.exists(host.home().resolve("data/h2/inventory.mv.db")));
    }

    @Test
    public void ordinarySqlOnPostgresWorks() {
        assumeTrue("PostgreSQL on 127.0.0.1:5432", reachable(5432));
        ObjectNode connection =
                connection("jdbc:postgresql://127.0.0.1:5432/test").put("username", "postgres");
        String table = "sb_e2e_sec_" + unique().substring(0, 8);
        ok(query(connection, "executeNonQuery", "CREATE TABLE " + table + " (id INT PRIMARY KEY, name TEXT)"));
        try {
            ok(query(connection, "executeNonQuery", "INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b')"));
            ok(query(connection, "executeNonQuery", "UPDATE " + table + " SET name = 'c' WHERE id = 2"));
            ok(query(connection, "executeNonQuery", "DELETE FROM " + table + " WHERE id = 1"));
            JsonNode rows = SwitchboardProcess.json(ok(query(connection, "executeQuery", "SELECT name FROM " + table)))
                    .at("/body/rows");
            assertEquals("c", rows.get(0).get("name").asText());
        } finally {
            ok(query(connection, "executeNonQuery", "DROP TABLE " + table));
        }
    }

    // ---- helpers

    private static String unique() {
        return "sec_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static ObjectNode connection(String url) {
        return MAPPER.createObjectNode().put("connectionString", url);
    }

    private static ObjectNode mem() {
        return connection("jdbc:h2:mem:" + unique() + ";DB_CLOSE_DELAY=-1").put("username", "sa");
    }

    private static HttpResponse<String> query(ObjectNode connection, String operation, String sql) {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("connection", connection);
        body.putObject("parameters").put("query", sql);
        return host.post("/api/connectors/sql/operations/" + operation + "/invoke", body.toString());
    }

    private static HttpResponse<String> ok(HttpResponse<String> r) {
        assertEquals(r.body(), 200, r.statusCode());
        return r;
    }

    private static void assertNotAllowed(HttpResponse<String> r) {
        assertEquals(r.body(), 400, r.statusCode());
        assertEquals(
                r.body(),
                "StatementNotAllowed",
                SwitchboardProcess.json(r).at("/error/code").asText());
    }

    private static void assertConnectionRefused(ObjectNode connection) {
        HttpResponse<String> r = query(connection, "executeQuery", "SELECT 1 AS one");
        assertEquals(r.body(), 400, r.statusCode());
        assertEquals(
                r.body(),
                "ConnectionStringNotAllowed",
                SwitchboardProcess.json(r).at("/error/code").asText());
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
