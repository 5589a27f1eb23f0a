-- What every node of the cluster shares: the deploy folder's files and the configurations (connections, settings).
-- Writers take the advisory lock 'swbr' for the transaction that draws a revision and writes it, so revisions commit in
-- order: a node that has applied revision N never finds a row below N committed later.
CREATE SEQUENCE sb_revision;

-- One row per deploy-folder file name; a deleted file keeps its row (deleted, no content) so that a node that was
-- down removes it too.
CREATE TABLE sb_deployment (
    name       TEXT PRIMARY KEY,
    content    BYTEA,
    checksum   TEXT,
    revision   BIGINT NOT NULL,
    deleted    BOOLEAN NOT NULL DEFAULT false,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX sb_deployment_revision ON sb_deployment (revision);

-- One row per ConfigAdmin configuration shared by the nodes (PID or factory PID dev.switchboard.*, not from a file,
-- not node-local); properties in a typed JSON form, secret values as ConfigAdmin stores them (encrypted).
CREATE TABLE sb_configuration (
    pid         TEXT PRIMARY KEY,
    factory_pid TEXT,
    properties  TEXT,
    checksum    TEXT,
    revision    BIGINT NOT NULL,
    deleted     BOOLEAN NOT NULL DEFAULT false,
    updated_by  TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX sb_configuration_revision ON sb_configuration (revision);

-- A value encrypted with the first node's key: a node whose key does not decrypt it has another key file.
CREATE TABLE sb_cluster_key (
    id          INT PRIMARY KEY CHECK (id = 1),
    check_value TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
