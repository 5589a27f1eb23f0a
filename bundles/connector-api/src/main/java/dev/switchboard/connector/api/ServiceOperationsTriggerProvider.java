package dev.switchboard.connector.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented beside {@link ServiceOperationsProvider} by a connector that offers triggers: names the trigger
 * binding that runs them.
 */
@ConsumerType
public interface ServiceOperationsTriggerProvider {

    /** The binding type that runs this connector's triggers, for example {@code "sqlRowTrigger"}. */
    String getFunctionTriggerType();

    /** Fixed parameters for the trigger binding; an empty object by default. */
    default JsonNode getFunctionTriggerDefinition() {
        return JsonNodeFactory.instance.objectNode();
    }
}
