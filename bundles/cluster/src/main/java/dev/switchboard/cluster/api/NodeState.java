package dev.switchboard.cluster.api;

/** Whether a node's heartbeat is recent enough ({@link ClusterMembership#nodeTimeoutMillis()}). */
public enum NodeState {
    UP,
    DOWN
}
