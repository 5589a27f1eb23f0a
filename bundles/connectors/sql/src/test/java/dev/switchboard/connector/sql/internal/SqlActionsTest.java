package dev.switchboard.connector.sql.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.testkit.OperationSchemas;

/**
 * Every action against H2 and, where one is running, the same tests against PostgreSQL and MariaDB. A database that
 * is not reachable is skipped with the reason printed, unless {@code SWITCHBOARD_TEST_REQUIRE_POSTGRES} (or
 * {@code _MARIADB}) is {@code true}: then it fails. Each test uses tables of its own, named uniquely per run.
 */
@RunWith(Parameterized.class)
public class SqlActionsTest {

    private static final OperationSchemas SCHEMAS =
            OperationSchemas.of(SqlConnector.manifest().operations());

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String RUN =
            UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final Map<String, String> UNREACHABLE = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> RAN = new ConcurrentHashMap<>();

    @Parameters(name = "{0}")
    public static Collection<Object[]> databases() {
        List<Object[]> list = new ArrayList<>();
        list.add(new Object[] {TestDatabase.h2("sb_actions_" + RUN)});
        list.add(new Object[] {TestDatabase.postgres()});
        list.add(new Object[] {TestDatabase.mariadb()});
        for (Object[] p : list) {
            TestDatabase db = (TestDatabase) p[0];
            String reason = db.unreachableReason();
            if (reason != null) {
                UNREACHABLE.put(db.name, reason);
            }
        }
        return list;
    }

    @AfterClass
    public static void report() {
        StringBuilder line = new StringBuilder("SqlActionsTest ran against:");
        RAN.forEach(
                (db, n) -> line.append(' ').append(db).append(" (").append(n).append(" tests)"));
        UNREACHABLE.forEach(
                (db, why) -> line.append("; skipped ").append(db).append(": ").append(why));
        System.out.println(line);
    }

    private final TestDatabase db;
    private SqlConnector connector;
    private final List<String> created = new ArrayList<>();

    public SqlActionsTest(TestDatabase db) {
        this.db = db;
    }

    @Before
    public void setUp() {
        String reason = UNREACHABLE.get(db.name);
        if (reason != null) {
            String flag = db.isPostgres()
                    ? "SWITCHBOARD_TEST_REQUIRE_POSTGRES"
                    : db.isMariaDb() ? "SWITCHBOARD_TEST_REQUIRE_MARIADB" : null;
            if (flag != null && TestDatabase.required(flag)) {
                fail(flag + " is set but " + reason);
            }
            System.out.println("Skipping " + db.name + ": " + reason);
            Assume.assumeTrue(reason, false);
        }
        connector = TestDatabase.connector(PoolSettings.DEFAULTS);
    }

    @After
    public void tearDown() throws Exception {
        if (connector != null) {
            connector.deactivate();
        }
        for (String table : created) {
            db.execute("DROP TABLE IF EXISTS " + table);
        }
        if (connector != null) {
            RAN.computeIfAbsent(db.name, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** A fresh table name, dropped after the test. */
    private String table(String what) {
        String name = "sb_" + RUN + "_" + TABLES.incrementAndGet() + "_" + what;
        created.add(name);
        return name;
    }

    /** items(id identity, name, qty, price, note), with rows a..e. */
    private String items() throws Exception {
        String t = table("items");
        db.execute("CREATE TABLE " + t + " (id " + db.identity + ", name VARCHAR(50) NOT NULL UNIQUE, qty INT, "
                + "price DECIMAL(12,2), note VARCHAR(200))");
        String[] names = {"a", "b", "c", "d", "e"};
        for (int i = 0; i < names.length; i++) {
            db.execute("INSERT INTO " + t + " (name, qty, price, note) VALUES ('" + names[i] + "', " + (i + 1) * 10
                    + ", " + (i + 1) + ".50, " + (i % 2 == 0 ? "NULL" : "'odd'") + ")");
        }
        return t;
    }

    private JsonNode call(String operation, String json) throws Exception {
        JsonNode inputs = MAPPER.readTree(json);
        SCHEMAS.assertValidInputs(operation, inputs);
        try {
            JsonNode body = connector
                    .invokeOperation(operation, db.connection(), ServiceOperationRequest.of(inputs))
                    .toCompletableFuture()
                    .join()
                    .body();
            SCHEMAS.assertValidOutputs(operation, body);
            return body;
        } catch (CompletionException e) {
            throw (Exception) e.getCause();
        }
    }

    private ServiceOperationException failure(String operation, String json) throws Exception {
        try {
            call(operation, json);
        } catch (ServiceOperationException e) {
            return e;
        }
        throw new AssertionError(operation + " " + json + " did not fail");
    }

    private static String q(String s) {
        return MAPPER.getNodeFactory().textNode(s).toString();
    }

    private static List<String> names(JsonNode rowSet, String column) {
        List<String> list = new ArrayList<>();
        for (JsonNode row : rowSet.get("rows")) {
            list.add(field(row, column).asText());
        }
        return list;
    }

    /** A column of a row, whatever case the database reports the label in. */
    private static JsonNode field(JsonNode row, String column) {
        for (var it = row.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(column)) {
                return e.getValue();
            }
        }
        throw new AssertionError("no column " + column + " in " + row);
    }

    // ---- executeQuery / executeNonQuery

    @Test
    public void executeQueryBindsParametersAndReturnsRows() throws Exception {
        String t = items();
        JsonNode out = call(
                "executeQuery",
                "{\"query\":\"SELECT name, qty, price FROM " + t
                        + " WHERE qty >= ? AND name <> ? ORDER BY name\",\"parameters\":[20, \"c\"]}");
        assertEquals(List.of("b", "d", "e"), names(out, "name"));
        assertEquals(3, out.get("rowCount").asInt());
        assertFalse(out.get("truncated").asBoolean());
        assertEquals(3, out.get("columns").size());
        JsonNode first = out.get("rows").get(0);
        assertEquals(20, field(first, "qty").asInt());
        assertEquals(0, new BigDecimal("2.50").compareTo(field(first, "price").decimalValue()));
    }

    @Test
    public void executeQueryTruncatesAtMaxRows() throws Exception {
        String t = items();
        JsonNode out = call("executeQuery", "{\"query\":\"SELECT * FROM " + t + " ORDER BY id\",\"maxRows\":3}");
        assertEquals(3, out.get("rows").size());
        assertTrue(out.get("truncated").asBoolean());
        out = call("executeQuery", "{\"query\":\"SELECT * FROM " + t + " ORDER BY id\",\"maxRows\":5}");
        assertEquals(5, out.get("rows").size());
        assertFalse(out.get("truncated").asBoolean());
    }

    @Test
    public void executeQueryRefusesAStatementWithoutRows() throws Exception {
        String t = items();
        ServiceOperationException e = failure(
                "executeQuery", "{\"query\":\"UPDATE " + t + " SET qty = 1 WHERE name = ?\",\"parameters\":[\"zzz\"]}");
        assertEquals(400, e.getStatusCode());
    }

    @Test
    public void executeNonQueryReportsAffectedRows() throws Exception {
        String t = items();
        JsonNode out = call(
                "executeNonQuery",
                "{\"query\":\"UPDATE " + t + " SET note = ? WHERE qty > ?\",\"parameters\":[\"big\", 25]}");
        assertEquals(3, out.get("affectedRows").asInt());
        out = call("executeNonQuery", "{\"query\":\"DELETE FROM " + t + " WHERE note IS NULL\"}");
        assertEquals(1, out.get("affectedRows").asInt()); // only a: c and e got a note
    }

    // ---- getRows

    @Test
    public void getRowsFiltersOrdersAndLimits() throws Exception {
        String t = items();
        JsonNode out = call("getRows", "{\"table\":" + q(t) + ",\"filter\":{\"note\":\"odd\"}}");
        assertEquals(List.of("b", "d"), names(out, "name").stream().sorted().toList());
        out = call(
                "getRows",
                "{\"table\":" + q(t) + ",\"filter\":{\"note\":null},"
                        + "\"orderBy\":[{\"column\":\"qty\",\"direction\":\"desc\"}]}");
        assertEquals(List.of("e", "c", "a"), names(out, "name"));
        out = call("getRows", "{\"table\":" + q(t) + ",\"orderBy\":[{\"column\":\"name\"}],\"top\":2}");
        assertEquals(List.of("a", "b"), names(out, "name"));
        assertTrue(out.get("truncated").asBoolean());
        out = call("getRows", "{\"table\":" + q(t) + ",\"filter\":{\"qty\":30,\"name\":\"c\"}}");
        assertEquals(List.of("c"), names(out, "name"));
    }

    @Test
    public void namesAreMatchedAsTheDatabaseFoldsThem() throws Exception {
        String t = items();
        String upper = t.toUpperCase(Locale.ROOT);
        JsonNode out = call(
                "getRows",
                "{\"table\":" + q(upper) + ",\"filter\":{\"NAME\":\"a\"}," + "\"orderBy\":[{\"column\":\"Qty\"}]}");
        assertEquals(List.of("a"), names(out, "name"));
        out = call("getRows", "{\"table\":" + q(db.schema + "." + t) + ",\"filter\":{\"name\":\"b\"}}");
        assertEquals(List.of("b"), names(out, "name"));
        // a quoted name is taken exactly as written
        out = call("getRows", "{\"table\":" + q("\"" + db.stored(t) + "\"") + ",\"filter\":{\"name\":\"c\"}}");
        assertEquals(List.of("c"), names(out, "name"));
        if (!db.isMariaDb()) {
            String wrongCase = db.stored(t).equals(upper) ? t : upper;
            assertEquals(
                    404,
                    failure("getRows", "{\"table\":" + q("\"" + wrongCase + "\"") + "}")
                            .getStatusCode());
        }
    }

    @Test
    public void unknownTablesAndColumnsAre404() throws Exception {
        String t = items();
        assertEquals(
                404,
                failure("getRows", "{\"table\":\"no_such_table_" + RUN + "\"}").getStatusCode());
        assertEquals(
                404,
                failure("getRows", "{\"table\":" + q("no_such_schema." + t) + "}")
                        .getStatusCode());
        assertEquals(
                404,
                failure("getRows", "{\"table\":" + q(t) + ",\"filter\":{\"nope\":1}}")
                        .getStatusCode());
        assertEquals(
                404,
                failure("getRows", "{\"table\":" + q(t) + ",\"orderBy\":[{\"column\":\"nope\"}]}")
                        .getStatusCode());
        assertEquals(
                404,
                failure("insertRow", "{\"table\":" + q(t) + ",\"row\":{\"nope\":1}}")
                        .getStatusCode());
        assertEquals(
                404,
                failure("updateRows", "{\"table\":" + q(t) + ",\"filter\":{\"name\":\"a\"}," + "\"set\":{\"nope\":1}}")
                        .getStatusCode());
        assertEquals(
                404,
                failure("executeQuery", "{\"query\":\"SELECT * FROM no_such_table_" + RUN + "\"}")
                        .getStatusCode());
    }

    // ---- insertRow / updateRows / deleteRows

    @Test
    public void insertRowReturnsTheGeneratedKey() throws Exception {
        String t = items();
        JsonNode out = call("insertRow", "{\"table\":" + q(t) + ",\"row\":{\"name\":\"f\",\"qty\":60}}");
        assertEquals(1, out.get("affectedRows").asInt());
        JsonNode keys = out.get("generatedKeys");
        assertEquals(keys.toString(), 1, keys.size());
        int id = field(keys, "id").asInt();
        assertEquals(6, id);
        JsonNode row = call("getRows", "{\"table\":" + q(t) + ",\"filter\":{\"id\":" + id + "}}");
        assertEquals(List.of("f"), names(row, "name"));
    }

    @Test
    public void insertRowWithAConstraintViolationIs400WithSqlState() throws Exception {
        String t = items();
        ServiceOperationException e = failure("insertRow", "{\"table\":" + q(t) + ",\"row\":{\"name\":\"a\"}}");
        assertEquals(400, e.getStatusCode());
        assertTrue(e.getMessage(), e.getMessage().contains("SQLState 23"));
        e = failure("executeQuery", "{\"query\":\"SELEKT 1\"}");
        assertEquals(400, e.getStatusCode());
        assertTrue(e.getMessage(), e.getMessage().contains("SQLState 42"));
    }

    @Test
    public void updateRowsNeedsAFilterOrAll() throws Exception {
        String t = items();
        JsonNode out = call(
                "updateRows",
                "{\"table\":" + q(t) + ",\"filter\":{\"note\":\"odd\"}," + "\"set\":{\"qty\":0,\"note\":null}}");
        assertEquals(2, out.get("affectedRows").asInt());
        assertEquals(
                List.of("b", "d"),
                names(
                        call(
                                "getRows",
                                "{\"table\":" + q(t) + ",\"filter\":{\"qty\":0},"
                                        + "\"orderBy\":[{\"column\":\"name\"}]}"),
                        "name"));
        ServiceOperationException e = failure("updateRows", "{\"table\":" + q(t) + ",\"set\":{\"qty\":1}}");
        assertEquals(400, e.getStatusCode());
        assertEquals(
                5,
                call("updateRows", "{\"table\":" + q(t) + ",\"set\":{\"qty\":1},\"all\":true}")
                        .get("affectedRows")
                        .asInt());
    }

    @Test
    public void deleteRowsNeedsAFilterOrAll() throws Exception {
        String t = items();
        assertEquals(400, failure("deleteRows", "{\"table\":" + q(t) + "}").getStatusCode());
        assertEquals(
                400,
                failure("deleteRows", "{\"table\":" + q(t) + ",\"filter\":{}}").getStatusCode());
        assertEquals(
                1,
                call("deleteRows", "{\"table\":" + q(t) + ",\"filter\":{\"name\":\"a\"}}")
                        .get("affectedRows")
                        .asInt());
        assertEquals(
                2,
                call("deleteRows", "{\"table\":" + q(t) + ",\"filter\":{\"note\":null}}")
                        .get("affectedRows")
                        .asInt());
        assertEquals(
                2,
                call("deleteRows", "{\"table\":" + q(t) + ",\"all\":true}")
                        .get("affectedRows")
                        .asInt());
        assertEquals(
                0, call("getRows", "{\"table\":" + q(t) + "}").get("rowCount").asInt());
    }

    // ---- injection

    @Test
    public void hostileNamesNeverReachTheSql() throws Exception {
        String t = items();
        String[] hostileTables = {
            t + "; DROP TABLE " + t + "; --",
            t + "\" ; DROP TABLE " + t + "; --",
            t + "` ; DROP TABLE " + t + "; --",
            t + " WHERE 1=1",
            "(SELECT * FROM " + t + ")",
            t.substring(0, t.length() - 2) + "%",
            t.substring(0, t.length() - 2) + "__",
        };
        for (String hostile : hostileTables) {
            assertEquals(
                    hostile,
                    404,
                    failure("getRows", "{\"table\":" + q(hostile) + "}").getStatusCode());
            assertEquals(
                    hostile,
                    404,
                    failure("deleteRows", "{\"table\":" + q(hostile) + ",\"all\":true}")
                            .getStatusCode());
        }
        String[] hostileColumns = {
            "name = name OR 1=1 --", "name\" = \"name", "name` = `name", "qty) OR (1=1", "n%", "nam_"
        };
        for (String hostile : hostileColumns) {
            assertEquals(
                    hostile,
                    404,
                    failure("deleteRows", "{\"table\":" + q(t) + ",\"filter\":{" + q(hostile) + ":\"x\"}}")
                            .getStatusCode());
            assertEquals(
                    hostile,
                    404,
                    failure("getRows", "{\"table\":" + q(t) + ",\"orderBy\":[{\"column\":" + q(hostile) + "}]}")
                            .getStatusCode());
            assertEquals(
                    hostile,
                    404,
                    failure("insertRow", "{\"table\":" + q(t) + ",\"row\":{" + q(hostile) + ":\"x\"}}")
                            .getStatusCode());
        }
        assertEquals(
                5, call("getRows", "{\"table\":" + q(t) + "}").get("rowCount").asInt());
    }

    @Test
    public void hostileValuesAreBoundAsData() throws Exception {
        String t = items();
        String[] hostileValues = {
            "x' OR '1'='1",
            "x\" OR \"1\"=\"1",
            "'); DROP TABLE " + t + "; --",
            "\\'; DELETE FROM " + t + "; --",
            "a' --"
        };
        for (String value : hostileValues) {
            assertEquals(
                    value,
                    0,
                    call("getRows", "{\"table\":" + q(t) + ",\"filter\":{\"name\":" + q(value) + "}}")
                            .get("rowCount")
                            .asInt());
            assertEquals(
                    value,
                    0,
                    call("deleteRows", "{\"table\":" + q(t) + ",\"filter\":{\"name\":" + q(value) + "}}")
                            .get("affectedRows")
                            .asInt());
            assertEquals(
                    value,
                    0,
                    call(
                                    "executeQuery",
                                    "{\"query\":\"SELECT * FROM " + t + " WHERE name = ?\"," + "\"parameters\":["
                                            + q(value) + "]}")
                            .get("rowCount")
                            .asInt());
        }
        for (int i = 0; i < hostileValues.length; i++) {
            call(
                    "insertRow",
                    "{\"table\":" + q(t) + ",\"row\":{\"name\":\"h" + i + "\",\"note\":" + q(hostileValues[i]) + "}}");
            JsonNode back =
                    call("getRows", "{\"table\":" + q(t) + ",\"filter\":{\"note\":" + q(hostileValues[i]) + "}}");
            assertEquals(List.of("h" + i), names(back, "name"));
        }
        assertEquals(
                5 + hostileValues.length,
                call("getRows", "{\"table\":" + q(t) + "}").get("rowCount").asInt());
    }

    // ---- type mapping

    @Test
    public void typesRoundTrip() throws Exception {
        String t = table("types");
        db.execute("CREATE TABLE " + t + " (id " + db.identity + ", i INT, big BIGINT, amt DECIMAL(30,10), "
                + "dbl " + db.doubleType + ", flag BOOLEAN, dt DATE, tod TIME, ts " + db.timestampType + ", "
                + "txt VARCHAR(100), bin " + db.binaryType + ")");
        String row = "{\"i\":-42,\"big\":9007199254740993,\"amt\":12345678901234567890.0123456789,"
                + "\"dbl\":1.5,\"flag\":true,\"dt\":\"2024-02-29\",\"tod\":\"13:45:30\","
                + "\"ts\":\"2024-01-31T13:45:30.123\",\"txt\":\"h\u00e9llo \u2603\",\"bin\":\"AAEC/w==\"}";
        JsonNode keys = call("insertRow", "{\"table\":" + q(t) + ",\"row\":" + row + "}")
                .get("generatedKeys");
        int id = field(keys, "id").asInt();
        call(
                "insertRow",
                "{\"table\":" + q(t) + ",\"row\":{\"i\":null,\"big\":null,\"amt\":null,\"dbl\":null,"
                        + "\"flag\":null,\"dt\":null,\"tod\":null,\"ts\":null,\"txt\":null,\"bin\":null}}");

        JsonNode expected = MAPPER.readTree(row);
        for (JsonNode out : List.of(
                call("getRows", "{\"table\":" + q(t) + ",\"filter\":{\"id\":" + id + "}}"),
                call(
                        "executeQuery",
                        "{\"query\":\"SELECT * FROM " + t + " WHERE id = ?\",\"parameters\":[" + id + "]}"))) {
            JsonNode got = out.get("rows").get(0);
            assertEquals(-42L, field(got, "i").longValue());
            assertTrue(field(got, "i").isIntegralNumber());
            assertEquals(9007199254740993L, field(got, "big").longValue());
            assertEquals(
                    0,
                    expected.get("amt")
                            .decimalValue()
                            .compareTo(field(got, "amt").decimalValue()));
            assertTrue(field(got, "amt").isBigDecimal());
            assertEquals(1.5, field(got, "dbl").doubleValue(), 0.0);
            assertTrue(field(got, "flag").isBoolean() && field(got, "flag").booleanValue());
            assertEquals("2024-02-29", field(got, "dt").asText());
            assertEquals("13:45:30", field(got, "tod").asText());
            assertEquals("2024-01-31T13:45:30.123", field(got, "ts").asText());
            assertEquals("h\u00e9llo \u2603", field(got, "txt").asText());
            assertEquals("AAEC/w==", field(got, "bin").asText());
        }
        // filtering binds by column type too: dates, timestamps, decimals, booleans, binary
        JsonNode byTypes = call(
                "getRows",
                "{\"table\":" + q(t) + ",\"filter\":{\"dt\":\"2024-02-29\","
                        + "\"ts\":\"2024-01-31T13:45:30.123\",\"amt\":\"12345678901234567890.0123456789\",\"flag\":true,"
                        + "\"bin\":\"AAEC/w==\"}}");
        assertEquals(1, byTypes.get("rowCount").asInt());

        JsonNode nulls = call("getRows", "{\"table\":" + q(t) + ",\"filter\":{\"i\":null}}")
                .get("rows")
                .get(0);
        for (String column : List.of("i", "big", "amt", "dbl", "flag", "dt", "tod", "ts", "txt", "bin")) {
            assertTrue(column, field(nulls, column).isNull());
        }
        ServiceOperationException e = failure("insertRow", "{\"table\":" + q(t) + ",\"row\":{\"dt\":\"31/01/2024\"}}");
        assertEquals(400, e.getStatusCode());
        e = failure("insertRow", "{\"table\":" + q(t) + ",\"row\":{\"i\":1.5}}");
        assertEquals(400, e.getStatusCode());
    }

    @Test
    public void operationsAndInputsAreChecked() throws Exception {
        assertEquals(404, failure("dropDatabase", "{}").getStatusCode());
        assertNotNull(connector.getOperations(true));
    }
}
