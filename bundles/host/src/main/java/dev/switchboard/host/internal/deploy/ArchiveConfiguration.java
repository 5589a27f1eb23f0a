package dev.switchboard.host.internal.deploy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Switchboard deployment archive",
        description = "Keeps the previous contents of each deploy-folder file under $SWITCHBOARD_HOME/data/archive, "
                + "for POST /api/connectors/{id}/rollback.")
public @interface ArchiveConfiguration {

    @AttributeDefinition(
            name = "Versions kept per file",
            description = "How many contents of each deploy-folder file are kept, the current one included; older "
                    + "ones are deleted.")
    int archive_keep() default 5;

    @AttributeDefinition(
            name = "Rollback timeout (ms)",
            description = "How long a rollback waits for the catalog to show the connector at the version put back.")
    long rollback_timeout_ms() default 15000;
}
