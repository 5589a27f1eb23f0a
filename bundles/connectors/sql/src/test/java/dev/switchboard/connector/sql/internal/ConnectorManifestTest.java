package dev.switchboard.connector.sql.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.testkit.OperationSchemas;

public class ConnectorManifestTest {

    private static final OperationSchemas SCHEMAS =
            OperationSchemas.of(SqlConnector.manifest().operations());

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SqlConnector connector = new SqlConnector(PoolSettings.DEFAULTS, TestDatabase.SCHEDULER);

    @Test
    public void serviceAndConnectionParameters() {
        ServiceOperationApi service = connector.getService();
        assertEquals("sql", service.name());
        assertEquals(
                List.of(ServiceOperationApi.CAPABILITY_ACTIONS, ServiceOperationApi.CAPABILITY_TRIGGERS),
                service.properties().capabilities());
        var params = service.properties().connectionParameters();
        assertEquals(List.of("connectionString", "username", "password", "maxPoolSize"), List.copyOf(params.keySet()));
        assertTrue(params.get("connectionString").secure());
        assertTrue(params.get("connectionString").required());
        assertEquals(ConnectionParameter.STRING, params.get("username").type());
        assertTrue(params.get("password").secure());
        assertFalse(params.get("password").required());
        assertEquals(ConnectionParameter.INT, params.get("maxPoolSize").type());
    }

    @Test
    public void sixActionsAndOneTriggerWithValidSchemas() {
        var metaSchema = JsonSchemaFactory.getInstance(VersionFlag.V202012)
                .getSchema(SchemaLocation.of(VersionFlag.V202012.getId()));
        List<ServiceOperation> ops = connector.getOperations(true);
        assertEquals(
                List.of(
                        "executeQuery",
                        "executeNonQuery",
                        "getRows",
                        "insertRow",
                        "updateRows",
                        "deleteRows",
                        "whenRowInserted"),
                ops.stream().map(ServiceOperation::name).toList());
        for (ServiceOperation op : ops) {
            assertEquals(op.name(), "whenRowInserted".equals(op.name()), op.isTrigger());
            assertEquals("sql", op.properties().api().name());
            for (var schema : List.of(op.manifest().inputs(), op.manifest().outputs())) {
                assertNotNull(op.name(), schema);
                Set<ValidationMessage> problems = metaSchema.validate(schema);
                assertTrue(op.name() + ": " + problems, problems.isEmpty());
            }
        }
        connector.getOperations(false).forEach(op -> assertNull(op.manifest()));
    }

    @Test
    public void inputsSchemasRefuseWhatTheConnectorCannotTake() throws Exception {
        String[][] invalid = {
            {"executeQuery", "{}"},
            {"executeQuery", "{\"query\":\"\"}"},
            {"executeQuery", "{\"query\":\"SELECT 1\",\"parameters\":[{\"a\":1}]}"},
            {"executeQuery", "{\"query\":\"SELECT 1\",\"maxRows\":0}"},
            {"executeQuery", "{\"query\":\"SELECT 1\",\"extra\":1}"},
            {"getRows", "{\"table\":\"t\",\"orderBy\":[{\"column\":\"a\",\"direction\":\"sideways\"}]}"},
            {"getRows", "{\"table\":\"t\",\"filter\":{\"a\":[1]}}"},
            {"insertRow", "{\"table\":\"t\",\"row\":{}}"},
            {"updateRows", "{\"table\":\"t\",\"filter\":{\"a\":1}}"},
            {"deleteRows", "{\"filter\":{\"a\":1}}"},
        };
        for (String[] c : invalid) {
            assertFalse(
                    c[0] + " " + c[1],
                    SCHEMAS.validateInputs(c[0], MAPPER.readTree(c[1])).isEmpty());
        }
    }
}
