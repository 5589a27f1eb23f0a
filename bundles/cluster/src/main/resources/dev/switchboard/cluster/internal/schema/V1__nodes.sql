-- The nodes of the cluster and their heartbeats (database time).
CREATE TABLE sb_node (
    id               TEXT PRIMARY KEY,
    url              TEXT NOT NULL,
    started_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_heartbeat   TIMESTAMPTZ NOT NULL DEFAULT now(),
    subscriptions    INT NOT NULL DEFAULT 0,
    catalog_revision BIGINT NOT NULL DEFAULT 0,
    deployments      INT NOT NULL DEFAULT 0
);
