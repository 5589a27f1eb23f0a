package dev.switchboard.connector.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

public class ConnectorManifestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    public void readsServiceAndOperationsFromOneDocument() throws Exception {
        ObjectNode json = MAPPER.createObjectNode();
        json.set("service", MAPPER.readTree(ConnectorManifestTest.class.getResourceAsStream("service.json")));
        json.putArray("operations")
                .add(MAPPER.readTree(ConnectorManifestTest.class.getResourceAsStream("operation.json")));

        ConnectorManifest manifest = ConnectorManifest.fromJson(json);
        assertEquals(ModelJsonTest.sqlService(), manifest.service());
        assertEquals(ModelJsonTest.queryOperation(), manifest.operations(true).get(0));
        assertNull(
                "summaries carry no manifest", manifest.operations(false).get(0).manifest());
        assertEquals("executeQuery", manifest.operations(false).get(0).name());
    }

    @Test
    public void aMissingResourceSaysWhichOne() {
        try {
            ConnectorManifest.read(ConnectorManifestTest.class, "nowhere.json");
            fail();
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("nowhere.json"));
        }
    }
}
