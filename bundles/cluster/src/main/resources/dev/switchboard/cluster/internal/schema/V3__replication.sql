-- What every node of the cluster shares: the deploy folder's files and the configurations (connections, settings).
CREATE SEQUENCE sb_revision;

CREATE TABLE sb_deployment (
    name       TEXT PRIMARY KEY,
    content    BYTEA,
    checksum   TEXT,
    revision   BIGINT NOT NULL,
    deleted    BOOLEAN NOT NULL DEFAULT false,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
