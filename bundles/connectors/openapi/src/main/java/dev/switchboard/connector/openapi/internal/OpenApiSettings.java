package dev.switchboard.connector.openapi.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Limits of the OpenAPI documents, PID {@value #PID}. */
@ObjectClassDefinition(
        name = "Switchboard OpenAPI connectors",
        description = "Limits applied to *.openapi.json|yaml|yml documents in the deploy folder.")
public @interface OpenApiSettings {

    String PID = "dev.switchboard.connector.openapi";

    @AttributeDefinition(
            name = "Max document size (bytes)",
            description = "A larger document is FAILED without being parsed.")
    int max_document_bytes() default 5 * 1024 * 1024;

    @AttributeDefinition(
            name = "Max schema nodes",
            description = "An operation whose inputs or outputs schema has more nodes than this once its $refs are "
                    + "resolved is skipped (listed with the reason).")
    int max_schema_nodes() default 20_000;
}
