package dev.switchboard.host.internal.catalog;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard connector catalog",
        description = "How the host reads each connector's metadata and operations when it registers.")
public @interface CatalogConfiguration {

    @AttributeDefinition(name = "Load timeout (ms)",
            description = "How long getService() and getOperations(true) together may take before the connector is "
                    + "listed as FAILED.")
    long load_timeout_ms() default 5000;

    @AttributeDefinition(name = "Loader threads",
            description = "Threads that read connector manifests; a connector that hangs holds one until it returns.")
    int load_threads() default 2;
}
