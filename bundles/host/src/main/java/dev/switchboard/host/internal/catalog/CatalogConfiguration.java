package dev.switchboard.host.internal.catalog;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Switchboard connector catalog",
        description = "How the host reads each connector's metadata and operations when it registers.")
public @interface CatalogConfiguration {

    @AttributeDefinition(
            name = "Load timeout (ms)",
            description = "How long getService() and getOperations(true) together may take before the connector is "
                    + "listed as FAILED.")
    long load_timeout_ms() default 5000;

    @AttributeDefinition(
            name = "Loader threads",
            description = "Threads that read connector manifests; a connector that hangs holds one until it returns.")
    int load_threads() default 2;

    @AttributeDefinition(
            name = "Drain timeout (ms)",
            description = "When a connector's provider goes away (its bundle is updated, stopped or uninstalled), it "
                    + "is first taken out of the catalog so that no new call reaches it, then the unregistration waits "
                    + "this long at most for the calls already running on it to finish.")
    long drain_timeout_ms() default 30000;

    @AttributeDefinition(
            name = "Publish delay (ms)",
            description = "A connector registering, or its manifest read, is published in the catalog at most this "
                    + "long later, together with the changes that follow it: many connectors starting at once cost "
                    + "one catalog rebuild per delay instead of one per change. The delay stretches to 4 times the last "
                    + "rebuild (at most 250 ms) when rebuilding the catalog takes longer. 0 publishes each change at "
                    + "once. A connector going away is always published at once.")
    long publish_delay_ms() default 20;
}
