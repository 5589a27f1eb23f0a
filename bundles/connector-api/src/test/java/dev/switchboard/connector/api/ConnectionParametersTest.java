package dev.switchboard.connector.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

public class ConnectionParametersTest {

    @Test
    public void namesAreCaseInsensitive() throws Exception {
        ConnectionParameters p = ConnectionParameters.of((ObjectNode) new ObjectMapper()
                .readTree("{\"ConnectionString\":\"jdbc:h2:mem:x\",\"maxPoolSize\":4,\"empty\":null}"));
        assertEquals("jdbc:h2:mem:x", p.getString("connectionstring"));
        assertEquals(4, p.get("MAXPOOLSIZE").asInt());
        assertFalse("a JSON null is an absent value", p.contains("empty"));
        assertNull(p.getString("missing"));
    }

    @Test
    public void getRequiredNamesTheMissingParameter() {
        Map<String, Object> values = new HashMap<>();
        values.put("blank", " ");
        values.put("nothing", null);
        ConnectionParameters p = ConnectionParameters.of(values);
        for (String name : new String[] {"blank", "nothing", "absent"}) {
            try {
                p.getRequired(name);
                fail("expected an exception for " + name);
            } catch (ServiceOperationException e) {
                assertEquals(400, e.getStatusCode());
                assertEquals("MissingConnectionParameter", e.getCode());
                assertTrue(e.getMessage(), e.getMessage().contains("'" + name + "'"));
            }
        }
    }

    @Test
    public void toStringNeverShowsValues() {
        ConnectionParameters p = ConnectionParameters.of(Map.of("password", "hunter2", "port", 5432, "ssl", true));
        assertFalse(p.toString().contains("hunter2"));
        assertTrue(p.toString().contains("password"));
        assertEquals(5432, p.get("port").asInt());
        assertTrue(p.get("ssl").asBoolean());
    }

    @Test
    public void immutable() {
        ObjectNode source = new ObjectMapper().createObjectNode().put("a", "1");
        ConnectionParameters p = ConnectionParameters.of(source);
        source.put("a", "2");
        p.toJson().put("a", "3");
        assertEquals("1", p.getString("a"));
        try {
            p.names().clear();
            fail("names must be read-only");
        } catch (UnsupportedOperationException expected) {
            // expected
        }
    }

    @Test
    public void exceptionRejectsNonErrorStatus() {
        try {
            new ServiceOperationException(200, "x", "y");
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("200"));
        }
        assertEquals("OperationFailed", new ServiceOperationException(500, null, "boom").getCode());
    }
}
