package dev.switchboard.rest.internal;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.switchboard.cluster.api.ClusterMembership;
import dev.switchboard.cluster.api.ClusterNode;
import dev.switchboard.host.api.JsonViews;

/**
 * {@code GET /cluster} while this node is in a cluster: {@code {"self", "mode": "cluster", "database": "UP"|"DOWN",
 * "problem"?, "nodes": [{"id", "url", "state", "lastHeartbeat", "subscriptions", "catalogRevision", "deployments"}]}},
 * the nodes ordered by id. While the database cannot be reached, {@code database} is DOWN, {@code problem} says why,
 * and the nodes are the last view this node read.
 */
@Component(service = ClusterView.class)
public final class ClusterEndpoint implements ClusterView {

    private final ClusterMembership membership;
    private final ObjectMapper mapper;
    private final ResponseWriter writer;

    @Activate
    public ClusterEndpoint(@Reference ClusterMembership membership, @Reference JsonViews views) {
        this(membership, views.mapper());
    }

    ClusterEndpoint(ClusterMembership membership, ObjectMapper mapper) {
        this.membership = membership;
        this.mapper = mapper;
        this.writer = new ResponseWriter(mapper);
    }

    @Override
    public void cluster(ApiCall call) throws IOException {
        writer.json(call.response(), 200, view());
    }

    ObjectNode view() {
        ObjectNode root = mapper.createObjectNode();
        root.put("self", membership.self()).put("mode", "cluster");
        String problem = membership.databaseProblem().orElse(null);
        root.put("database", problem == null ? "UP" : "DOWN");
        if (problem != null) {
            root.put("problem", problem);
        }
        ArrayNode nodes = root.putArray("nodes");
        for (ClusterNode node : membership.nodes()) {
            nodes.addObject()
                    .put("id", node.id())
                    .put("url", node.url())
                    .put("state", node.state().name())
                    .put(
                            "lastHeartbeat",
                            node.lastHeartbeat() == null
                                    ? null
                                    : node.lastHeartbeat().toString())
                    .put("subscriptions", node.subscriptions())
                    .put("catalogRevision", node.catalogRevision())
                    .put("deployments", node.deployments());
        }
        return root;
    }
}
