-- The trigger store in cluster mode (PostgresTriggerStore in the triggers bundle) and the subscriptions' owners.
-- One row per subscription: its record (JSON), its owner and lease epoch (a claim sets owner and increments epoch;
-- the owner's writes are fenced with AND owner = ? AND epoch = ?), its counters and its committed checkpoint.
CREATE TABLE sb_subscription (
    id             TEXT PRIMARY KEY,
    record         TEXT NOT NULL,
    owner          TEXT,
    epoch          BIGINT NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- what the owner last reported of its run (shown by the other nodes)
    run_state      TEXT,
    run_reason     TEXT,
    next_sequence  BIGINT NOT NULL DEFAULT 0,
    emitted        BIGINT NOT NULL DEFAULT 0,
    delivered      BIGINT NOT NULL DEFAULT 0,
    dead_lettered  BIGINT NOT NULL DEFAULT 0,
    last_error     TEXT,
    checkpoint     TEXT
);

CREATE INDEX sb_subscription_owner ON sb_subscription (owner);

-- Batches stored and not yet delivered: their events as the UTF-8 JSON of an array, exactly as appended.
CREATE TABLE sb_trigger_batch (
    subscription_id TEXT NOT NULL REFERENCES sb_subscription (id) ON DELETE CASCADE,
    sequence        BIGINT NOT NULL,
    events          BYTEA NOT NULL,
    attempts        INT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT,
    PRIMARY KEY (subscription_id, sequence)
);

-- Checkpoints staged behind the batches stored so far (committed once none up to after_sequence is pending).
CREATE TABLE sb_trigger_staged (
    subscription_id TEXT NOT NULL REFERENCES sb_subscription (id) ON DELETE CASCADE,
    position        BIGSERIAL,
    after_sequence  BIGINT NOT NULL,
    value           TEXT,
    PRIMARY KEY (subscription_id, position)
);

-- The newest dead-lettered batches of each subscription (deadletters.keep of them).
CREATE TABLE sb_trigger_dead (
    subscription_id   TEXT NOT NULL REFERENCES sb_subscription (id) ON DELETE CASCADE,
    sequence          BIGINT NOT NULL,
    events            BYTEA NOT NULL,
    attempts          INT NOT NULL,
    last_error        TEXT,
    dead_lettered_at  BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, sequence)
);

