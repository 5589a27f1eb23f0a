package dev.switchboard.connector.sql.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * Issue 10 §2 on H2: what a caller's SQL must not do through the connector (read or write the host's files, run Java,
 * reach other databases, make itself admin), one test per payload, each also showing that nothing happened. Every
 * refusal comes from H2's own admin-right check (the pool's user is no admin), so spelling does not matter: the
 * bypass variants are payloads of their own.
 */
public final class H2StatementSecurityTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Set when a {@link Tripwire} is deserialised. */
    static final AtomicBoolean TRIPPED = new AtomicBoolean();

    /** A class whose deserialisation is visible. */
    static final class Tripwire implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            TRIPPED.set(true);
        }
    }

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private SqlConnector connector;
    private ConnectionParameters connection;
    private Path outside;

    @Before
    public void setUp() throws IOException {
        connector = TestDatabase.connector(
                PoolSettings.DEFAULTS, temp.newFolder("h2").toPath());
        outside = temp.newFolder("outside").toPath();
        connection =
                connection("jdbc:h2:mem:sec_" + UUID.randomUUID().toString().replace("-", ""));
        TRIPPED.set(false);
        // the database exists and works: a table to read
        call("executeNonQuery", "CREATE TABLE secret_free(id INT PRIMARY KEY, v VARCHAR(20))");
        call("executeNonQuery", "INSERT INTO secret_free VALUES (1, 'one')");
    }

    @After
    public void tearDown() {
        connector.deactivate();
    }

    // ---- reading the host's files

    @Test
    public void fileReadIsRefused() {
        assertNotAllowed("executeQuery", "SELECT FILE_READ('/etc/hostname', NULL) AS f");
    }

    @Test
    public void fileReadOfAClasspathResourceIsRefused() {
        assertNotAllowed("executeQuery", "SELECT FILE_READ('classpath:org/h2/Driver.class') AS f");
    }

    @Test
    public void fileReadInLowerCaseIsRefused() {
        assertNotAllowed("executeQuery", "select file_read('/etc/hostname', null) as f");
    }

    @Test
    public void fileReadBehindACommentIsRefused() {
        assertNotAllowed("executeQuery", "SELECT /* harmless */ FILE_READ/**/('/etc/hostname', NULL) AS f");
    }

    @Test
    public void fileReadAsAQuotedIdentifierIsRefused() {
        assertNotAllowed("executeQuery", "SELECT \"FILE_READ\"('/etc/hostname', NULL) AS f");
    }

    @Test
    public void fileReadAsAUnicodeEscapedIdentifierIsRefused() {
        assertNotAllowed("executeQuery", "SELECT U&\"FILE\\005fREAD\"('/etc/hostname', NULL) AS f");
    }

    @Test
    public void fileReadOfAUnicodeEscapedPathIsRefused() {
        assertNotAllowed("executeQuery", "SELECT FILE_READ(U&'\\002fetc\\002fhostname', NULL) AS f");
    }

    @Test
    public void fileReadOfAConcatenatedPathIsRefused() {
        assertNotAllowed("executeQuery", "SELECT FILE_READ('/et' || 'c/host' || 'name', NULL) AS f");
    }

    @Test
    public void fileReadOfAPathFromAParameterIsRefused() {
        assertNotAllowed("executeQuery", "SELECT FILE_READ(?, NULL) AS f", "/etc/hostname");
    }

    @Test
    public void fileReadInsideAViewIsRefusedWhenTheViewIsRead() {
        // H2 checks the right of the session that runs the view, and the pool's user never has it
        call("executeNonQuery", "CREATE VIEW leak AS SELECT FILE_READ('/etc/hostname', NULL) AS f");
        assertNotAllowed("executeQuery", "SELECT * FROM leak");
    }

    @Test
    public void fileReadInAColumnDefaultIsRefusedWhenARowIsInserted() {
        call("executeNonQuery", "CREATE TABLE defaults(id INT, f BLOB DEFAULT FILE_READ('/etc/hostname', NULL))");
        assertNotAllowed("executeNonQuery", "INSERT INTO defaults(id) VALUES (1)");
    }

    @Test
    public void csvReadIsRefused() {
        assertNotAllowed("executeQuery", "SELECT * FROM CSVREAD('/etc/passwd')");
    }

    @Test
    public void createTableAsCsvReadIsRefused() {
        assertNotAllowed("executeNonQuery", "CREATE TABLE pw AS SELECT * FROM CSVREAD('/etc/passwd')");
    }

    @Test
    public void runScriptIsRefusedAndRunsNothing() throws IOException {
        Path script = Files.writeString(outside.resolve("script.sql"), "CREATE TABLE pwned(i INT);");
        assertNotAllowed("executeNonQuery", "RUNSCRIPT FROM '" + script + "'");
        assertEquals(404, failure("executeQuery", "SELECT * FROM pwned").getStatusCode());
    }

    @Test
    public void linkSchemaIsRefused() {
        assertNotAllowed("executeQuery", "SELECT * FROM LINK_SCHEMA('L', '', 'jdbc:h2:mem:other', 'sa', '', 'PUBLIC')");
    }

    @Test
    public void createLinkedTableIsRefused() {
        assertNotAllowed(
                "executeNonQuery", "CREATE LINKED TABLE lt('org.h2.Driver', 'jdbc:h2:mem:other', 'sa', '', 'T')");
    }

    // ---- writing the host's files

    @Test
    public void fileWriteIsRefusedAndWritesNothing() {
        Path target = outside.resolve("written");
        assertNotAllowed("executeQuery", "SELECT FILE_WRITE('owned', '" + target + "') AS n");
        assertFalse(Files.exists(target));
    }

    @Test
    public void csvWriteIsRefusedAndWritesNothing() {
        Path target = outside.resolve("out.csv");
        assertNotAllowed("executeNonQuery", "CALL CSVWRITE('" + target + "', 'SELECT * FROM secret_free')");
        assertFalse(Files.exists(target));
    }

    @Test
    public void scriptToIsRefusedAndWritesNothing() {
        Path target = outside.resolve("dump.sql");
        assertNotAllowed("executeQuery", "SCRIPT TO '" + target + "'");
        assertFalse(Files.exists(target));
    }

    @Test
    public void scriptIsRefused() {
        assertNotAllowed("executeQuery", "SCRIPT");
    }

    @Test
    public void backupToIsRefusedAndWritesNothing() {
        Path target = outside.resolve("backup.zip");
        assertNotAllowed("executeNonQuery", "BACKUP TO '" + target + "'");
        assertFalse(Files.exists(target));
    }

    // ---- running Java

    @Test
    public void createAliasWithSourceIsRefusedAndRunsNothing() {
        Path target = outside.resolve("x");
        assertNotAllowed(
                "executeNonQuery",
                "CREATE ALIAS SHELLEXEC AS 'String shellexec(String cmd) throws"
                        + " java.io.IOException { Runtime.getRuntime().exec(new String[] {\"sh\", \"-c\", cmd}); return cmd; }'");
        ServiceOperationException call = failure("executeQuery", "SELECT SHELLEXEC('id > " + target + "') AS r");
        assertEquals(call.getMessage(), 400, call.getStatusCode());
        assertTrue(call.getMessage(), call.getMessage().contains("SHELLEXEC\" not found"));
        assertFalse(Files.exists(target));
    }

    @Test
    public void createAliasInMixedCaseWithDollarQuotedSourceIsRefused() {
        assertNotAllowed(
                "executeNonQuery",
                "cReAtE aLiAs EXEC2 AS $$ String e(String c) throws Exception {"
                        + " Runtime.getRuntime().exec(c); return c; } $$");
    }

    @Test
    public void createAliasForAStaticMethodIsRefused() {
        assertNotAllowed(
                "executeNonQuery", "CREATE ALIAS GETPROP FOR 'java.lang.System.getProperty(java.lang.String)'");
    }

    @Test
    public void createTriggerWithAClassIsRefused() {
        assertNotAllowed(
                "executeNonQuery",
                "CREATE TRIGGER tr BEFORE INSERT ON secret_free FOR EACH ROW CALL 'org.h2.tools.TriggerAdapter'");
    }

    @Test
    public void createTriggerWithSourceIsRefused() {
        assertNotAllowed(
                "executeNonQuery",
                "CREATE TRIGGER tr2 BEFORE INSERT ON secret_free AS"
                        + " 'org.h2.api.Trigger create() { return null; }'");
    }

    @Test
    public void createAggregateIsRefused() {
        assertNotAllowed("executeNonQuery", "CREATE AGGREGATE AGG FOR 'java.lang.Object'");
    }

    @Test
    public void createTableWithATableEngineIsRefused() {
        assertNotAllowed("executeNonQuery", "CREATE TABLE engined(i INT) ENGINE \"org.h2.Driver\"");
    }

    @Test
    public void javaObjectSerializerIsRefused() {
        assertNotAllowed("executeNonQuery", "SET JAVA_OBJECT_SERIALIZER 'java.lang.Object'");
    }

    @Test
    public void aJavaObjectIsReturnedAsItsBytesNeverDeserialised() throws IOException {
        byte[] bytes = serialisedTripwire();
        JsonNode rows = call(
                        "executeQuery", "SELECT CAST(X'" + HexFormat.of().formatHex(bytes) + "' AS JAVA_OBJECT) AS o")
                .get("rows");
        assertEquals(
                Base64.getEncoder().encodeToString(bytes), rows.get(0).get("O").asText());
        assertFalse(TRIPPED.get());
    }

    @Test
    public void aJavaObjectInAnArrayIsNeverDeserialised() throws IOException {
        byte[] bytes = serialisedTripwire();
        String object = "CAST(X'" + HexFormat.of().formatHex(bytes) + "' AS JAVA_OBJECT)";
        JsonNode rows = call(
                        "executeQuery", "SELECT ARRAY[" + object + "] AS a, ARRAY[ARRAY[" + object + "]] AS nested")
                .get("rows");
        assertEquals(
                Base64.getEncoder().encodeToString(bytes),
                rows.get(0).get("A").get(0).asText());
        assertEquals(
                Base64.getEncoder().encodeToString(bytes),
                rows.get(0).get("NESTED").get(0).get(0).asText());
        assertFalse(TRIPPED.get());
    }

    @Test
    public void aJavaObjectInARowIsNeverDeserialised() throws IOException {
        String object = "CAST(X'" + HexFormat.of().formatHex(serialisedTripwire()) + "' AS JAVA_OBJECT)";
        call("executeQuery", "SELECT ROW(" + object + ", 1) AS r");
        assertFalse(TRIPPED.get());
    }

    @Test
    public void aJavaObjectColumnIsReadAsBytes() throws IOException {
        call("executeNonQuery", "CREATE TABLE objects(o JAVA_OBJECT)");
        call(
                "executeNonQuery",
                "INSERT INTO objects VALUES (CAST(X'" + HexFormat.of().formatHex(serialisedTripwire())
                        + "' AS JAVA_OBJECT))");
        call("executeQuery", "SELECT * FROM objects");
        assertFalse(TRIPPED.get());
    }

    // ---- becoming admin, or leaving the database

    @Test
    public void makingTheConnectorsUserAdminIsRefused() {
        assertNotAllowed("executeNonQuery", "ALTER USER " + H2RestrictedUser.USER + " ADMIN TRUE");
    }

    @Test
    public void creatingAnAdminIsRefused() {
        assertNotAllowed("executeNonQuery", "CREATE USER evil PASSWORD 'x' ADMIN");
    }

    @Test
    public void changingTheAdminsPasswordIsRefused() {
        assertNotAllowed("executeNonQuery", "ALTER USER SA SET PASSWORD 'mine'");
    }

    @Test
    public void shutdownIsRefused() {
        assertNotAllowed("executeNonQuery", "SHUTDOWN");
    }

    @Test
    public void theReservedUserNameIsRefused() {
        Map<String, Object> values = new HashMap<>();
        values.put(
                "connectionString",
                "jdbc:h2:mem:reserved_" + UUID.randomUUID().toString().replace("-", ""));
        values.put("username", H2RestrictedUser.USER.toLowerCase());
        connection = ConnectionParameters.of(values);
        ServiceOperationException e = failure("executeQuery", "SELECT 1 AS one");
        assertEquals(400, e.getStatusCode());
    }

    // ---- ordinary SQL keeps working for the restricted user

    @Test
    public void ordinarySqlWorks() {
        call("executeNonQuery", "CREATE SCHEMA app");
        call("executeNonQuery", "CREATE TABLE app.items(id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))");
        call("executeNonQuery", "CREATE SEQUENCE app.seq");
        call("executeNonQuery", "CREATE INDEX items_name ON app.items(name)");
        call("executeNonQuery", "CREATE VIEW app.names AS SELECT name FROM app.items");
        assertEquals(
                2,
                call("executeNonQuery", "INSERT INTO app.items(name) VALUES ('a'), ('b')")
                        .get("affectedRows")
                        .asInt());
        assertEquals(
                1,
                call("executeNonQuery", "UPDATE app.items SET name = 'c' WHERE name = 'b'")
                        .get("affectedRows")
                        .asInt());
        assertEquals(
                1,
                call("executeNonQuery", "DELETE FROM app.items WHERE name = 'a'")
                        .get("affectedRows")
                        .asInt());
        assertEquals(
                "c",
                call("executeQuery", "SELECT name FROM app.names")
                        .get("rows")
                        .get(0)
                        .get("NAME")
                        .asText());
        assertEquals(
                "one",
                call("executeQuery", "SELECT v FROM secret_free WHERE id = ?", 1)
                        .get("rows")
                        .get(0)
                        .get("V")
                        .asText());
        call("executeNonQuery", "SET LOCK_TIMEOUT 2000");
        call("executeNonQuery", "DROP VIEW app.names");
        call("executeNonQuery", "DROP SCHEMA app CASCADE");
    }

    @Test
    public void theTableActionsWork() throws IOException {
        ObjectNode in = MAPPER.createObjectNode().put("table", "secret_free");
        in.putObject("row").put("id", 2).put("v", "two");
        connector
                .invokeOperation("insertRow", connection, ServiceOperationRequest.of(in))
                .toCompletableFuture()
                .join();
        JsonNode rows = connector
                .invokeOperation(
                        "getRows",
                        connection,
                        ServiceOperationRequest.of(MAPPER.readTree("{\"table\":\"secret_free\"}")))
                .toCompletableFuture()
                .join()
                .body()
                .get("rows");
        assertEquals(2, rows.size());
    }

    @Test
    public void theCallerIsNotAdmin() {
        JsonNode rows = call(
                        "executeQuery",
                        "SELECT CURRENT_USER AS u, IS_ADMIN AS a FROM INFORMATION_SCHEMA.USERS"
                                + " WHERE USER_NAME = CURRENT_USER")
                .get("rows");
        assertEquals(H2RestrictedUser.USER, rows.get(0).get("U").asText());
        assertFalse(rows.get(0).get("A").asBoolean());
    }

    // ---- helpers

    private static ConnectionParameters connection(String url) {
        Map<String, Object> values = new HashMap<>();
        values.put("connectionString", url);
        values.put("username", "sa");
        return ConnectionParameters.of(values);
    }

    private JsonNode call(String operation, String query, Object... parameters) {
        ObjectNode in = MAPPER.createObjectNode().put("query", query);
        for (Object p : parameters) {
            in.withArray("parameters").add(MAPPER.<JsonNode>valueToTree(p));
        }
        try {
            return connector
                    .invokeOperation(operation, connection, ServiceOperationRequest.of(in))
                    .toCompletableFuture()
                    .join()
                    .body();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private ServiceOperationException failure(String operation, String query, Object... parameters) {
        try {
            call(operation, query, parameters);
        } catch (ServiceOperationException e) {
            return e;
        }
        throw new AssertionError(query + " did not fail");
    }

    private void assertNotAllowed(String operation, String query, Object... parameters) {
        ServiceOperationException e = failure(operation, query, parameters);
        assertEquals(e.getMessage(), 400, e.getStatusCode());
        assertEquals(e.getMessage(), "StatementNotAllowed", e.getCode());
    }

    private static byte[] serialisedTripwire() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Tripwire());
        }
        return bytes.toByteArray();
    }
}
