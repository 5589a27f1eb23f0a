package dev.switchboard.cluster.api;

import java.time.Instant;

/**
 * One node as the shared database knows it ({@code GET /api/cluster}).
 *
 * @param id               the node id ({@code SWITCHBOARD_NODE_ID}, else generated once and kept in its home)
 * @param url              the node's base URL as it announces it ({@code http://host:port})
 * @param state            UP while its heartbeat is recent
 * @param lastHeartbeat    the database time of its last heartbeat
 * @param subscriptions    the subscriptions it owns now
 * @param catalogRevision  its catalog revision at its last heartbeat
 * @param deployments      the deployments (deploy-folder files) it serves at its last heartbeat
 */
public record ClusterNode(
        String id,
        String url,
        NodeState state,
        Instant lastHeartbeat,
        int subscriptions,
        long catalogRevision,
        int deployments) {}
