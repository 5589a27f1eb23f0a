package dev.switchboard.cluster.internal.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Switchboard cluster mode",
        description = "The shared PostgreSQL database of the cluster (SWITCHBOARD_CLUSTER_URL) and this node's "
                + "identity. Off while the URL is empty: one node, the embedded stores.")
@interface ClusterConfiguration {

    @AttributeDefinition(
            name = "Database URL",
            description = "jdbc:postgresql://host:5432/database (currentSchema=... selects a schema). Empty: "
                    + "standalone.")
    String url() default "";

    @AttributeDefinition(name = "User")
    String user() default "";

    @AttributeDefinition(
            name = "Password",
            type = AttributeType.PASSWORD,
            description = "Plain, or a $[secret:NAME] / $[env:NAME] reference resolved by ConfigAdmin")
    String password() default "";

    @AttributeDefinition(
            name = "Node id",
            description = "Empty: generated once and kept in data/cluster/node.id of the home")
    String node_id() default "";

    @AttributeDefinition(
            name = "Node URL",
            description = "The base URL other nodes and GET /api/cluster show. Empty: http://<host name>:<port>")
    String node_url() default "";

    @AttributeDefinition(name = "Heartbeat (ms)", description = "How often this node writes its heartbeat")
    long heartbeat_ms() default 1000;

    @AttributeDefinition(
            name = "Node timeout (ms)",
            description = "A node whose last heartbeat is older (database time) is DOWN and its work moves")
    long node_timeout_ms() default 5000;
}
