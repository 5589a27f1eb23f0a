package dev.switchboard.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.InvocationException;

public class CatalogTextTest {

    private static final ServiceOperationApi SERVICE = ServiceOperationApi.builder("greeter")
            .displayName("Greeter")
            .connectionParameter("apiKey", ConnectionParameter.secureString("API key"))
            .build();
    private static final ServiceOperation GREET;

    static {
        try {
            GREET = ServiceOperation.builder(SERVICE, "greet")
                    .summary("Greet someone")
                    .inputs(new ObjectMapper()
                            .readTree("{\"type\":\"object\",\"properties\":{\"name\":{},\"times\":{}},"
                                    + "\"required\":[\"name\"]}"))
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final BundleInfo BUNDLE = new BundleInfo(12, "dev.greeter", "1.0.0", "file:/d/greeter.jar");
    private static final ConnectorEntry ONE =
            new ConnectorEntry("greeter", "1.0.0", ConnectorState.ACTIVE, null, SERVICE, List.of(GREET), BUNDLE);
    private static final ConnectorEntry TWO = new ConnectorEntry(
            "greeter", "2.0.0", ConnectorState.FAILED, "broken manifest", SERVICE, List.of(), BUNDLE);
    private static final CatalogSnapshot SNAPSHOT = new CatalogSnapshot(3, List.of(ONE, TWO));

    @Test
    public void withoutAVersionTheHighestActiveOneIsChosenElseTheHighestOfAnyState() {
        assertEquals("1.0.0", CatalogText.select(SNAPSHOT, "greeter", null).version());
        assertEquals("2.0.0", CatalogText.select(SNAPSHOT, "greeter", "2.0.0").version());
        CatalogSnapshot failedOnly = new CatalogSnapshot(4, List.of(TWO));
        assertEquals("2.0.0", CatalogText.select(failedOnly, "greeter", null).version());
    }

    @Test
    public void anUnknownConnectorVersionOrRangeIsTheApisError() {
        assertEquals("ConnectorNotFound", code(() -> CatalogText.select(SNAPSHOT, "nope", null)));
        assertEquals("VersionNotFound", code(() -> CatalogText.select(SNAPSHOT, "greeter", "[3,4)")));
        assertEquals("InvalidVersion", code(() -> CatalogText.select(SNAPSHOT, "greeter", "not a version")));
    }

    @Test
    public void theListHasARowPerVersionAndTheRevision() {
        String list = CatalogText.list(SNAPSHOT);
        assertTrue(list, list.contains("broken manifest"));
        assertTrue(list, list.endsWith("2 connector version(s), catalog revision 3"));
    }

    @Test
    public void infoNamesConnectionParametersNeverValuesAndOperationsStarRequiredInputs() {
        String info = CatalogText.info(SNAPSHOT, "greeter", ONE);
        assertTrue(info, info.startsWith("greeter 1.0.0  ACTIVE"));
        assertTrue(info, info.contains("versions:     1.0.0 ACTIVE, 2.0.0 FAILED"));
        assertTrue(info, info.contains("securestring (secure)"));
        String operations = CatalogText.operations("greeter", ONE);
        assertTrue(operations, operations.contains("name*, times"));
        assertTrue(operations, operations.endsWith("greeter 1.0.0: 1 operation(s)"));
        assertFalse(operations, operations.contains("times*"));
    }

    private static String code(Runnable call) {
        try {
            call.run();
        } catch (InvocationException e) {
            return e.code();
        }
        fail("no error");
        return null;
    }
}
