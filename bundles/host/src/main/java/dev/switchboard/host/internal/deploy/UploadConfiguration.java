package dev.switchboard.host.internal.deploy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Switchboard deploy-folder uploads",
        description = "Files put into the deploy folder through PUT /api/deployments/{file} and the console's upload.")
public @interface UploadConfiguration {

    @AttributeDefinition(
            name = "Largest file (bytes)",
            description = "A larger upload is refused with 413 and nothing is written (64 MiB by default, as the "
                    + "cluster's replication limit).")
    long max_file_bytes() default 64L * 1024 * 1024;
}
