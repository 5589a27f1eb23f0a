-- The trigger store in cluster mode (PostgresTriggerStore in the triggers bundle) and the subscriptions' owners.
CREATE TABLE sb_subscription (
    id         TEXT PRIMARY KEY,
    record     TEXT NOT NULL,
    owner      TEXT,
    epoch      BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
