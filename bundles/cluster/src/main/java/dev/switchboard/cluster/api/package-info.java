/**
 * Cluster mode: the nodes that share one PostgreSQL database ({@code SWITCHBOARD_CLUSTER_URL}). The services of this
 * package are registered only in cluster mode; a bundle that works alone too references them optionally.
 * <p>
 * 1.1.0: {@code ClusterMembership.databaseProblem()} (a default method).
 */
@Export
@Version("1.1.0")
package dev.switchboard.cluster.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
