package dev.switchboard.rest.internal;

import java.io.IOException;

/**
 * {@code GET /cluster} in cluster mode, as the {@link RestServlet} routes it. A service of this bundle's own,
 * registered by {@link ClusterEndpoint} only while the cluster bundle's {@code ClusterMembership} is there (this
 * bundle imports the cluster API optionally, and nothing the servlet loads names its types).
 */
interface ClusterView {

    void cluster(ApiCall call) throws IOException;
}
