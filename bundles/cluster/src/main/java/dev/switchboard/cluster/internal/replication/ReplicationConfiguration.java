package dev.switchboard.cluster.internal.replication;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Switchboard cluster replication",
        description = "How the deploy folder and the shared configurations travel between the nodes of a cluster. "
                + "Node-local: this PID is never replicated.")
public @interface ReplicationConfiguration {

    String PID = "dev.switchboard.cluster.replication";

    @AttributeDefinition(
            name = "Sync interval (ms)",
            description = "How often the deploy folder is scanned (the cluster's changes are read twice as often). "
                    + "A file reaches the other nodes within about two and a half intervals.")
    long sync_ms() default 500;

    @AttributeDefinition(
            name = "Largest file (bytes)",
            description = "Deploy-folder files larger than this are not replicated (an ERROR names them).")
    long max_file_bytes() default 64L * 1024 * 1024;

    @AttributeDefinition(
            name = "Node-local PIDs",
            description = "Configuration PIDs (or factory PIDs; a PID also covers those below it: pid.*, pid~*) "
                    + "that are never replicated, besides dev.switchboard.cluster and below.")
    String[] local_pids() default {};
}
