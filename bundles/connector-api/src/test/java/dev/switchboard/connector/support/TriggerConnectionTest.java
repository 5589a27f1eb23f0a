package dev.switchboard.connector.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.Test;

import dev.switchboard.connector.api.CheckpointStore;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.EventSink;
import dev.switchboard.connector.api.TriggerContext;

public class TriggerConnectionTest {

    private static TriggerContext withInformation(String information) {
        return new TriggerContext() {
            @Override
            public String subscriptionId() {
                return "s1";
            }

            @Override
            public JsonNode inputs() {
                return JsonNodeFactory.instance.objectNode();
            }

            @Override
            public String connectorId() {
                return "demo";
            }

            @Override
            public String operationId() {
                return "whenDone";
            }

            @Override
            public JsonNode triggerDefinition() {
                return JsonNodeFactory.instance.objectNode();
            }

            @Override
            public String connectionInformation() {
                return information;
            }

            @Override
            public EventSink sink() {
                throw new UnsupportedOperationException();
            }

            @Override
            public CheckpointStore checkpoints() {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    public void theParametersAreReadBackAsTheyWereWritten() {
        ConnectionParameters parameters = ConnectionParameters.of(Map.of("rootFolder", "/data", "port", 5432));
        String information = TriggerConnection.information(parameters);
        ConnectionParameters back = TriggerConnection.parameters(withInformation(information), "needs one");
        assertEquals(parameters.toJson(), back.toJson());
    }

    @Test
    public void noConnectionIsRefusedWithTheConnectorsMessage() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TriggerConnection.parameters(withInformation(null), "the x trigger needs a connection"));
        assertEquals("the x trigger needs a connection", e.getMessage());
    }

    @Test
    public void informationThatIsNotAJsonObjectIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> TriggerConnection.parameters(withInformation("[1]"), "needs one"));
        assertThrows(
                IllegalArgumentException.class, () -> TriggerConnection.parameters(withInformation("{"), "needs one"));
    }
}
