-- When each pending batch was appended (epoch ms, the appending node's clock), so that its delivery latency can be
-- measured (switchboard_subscription_delivery_latency_seconds). Batches stored before this script have 0: unknown.
ALTER TABLE sb_trigger_batch ADD COLUMN emitted_at BIGINT NOT NULL DEFAULT 0;
