-- A claim is the message's next_at moved to the end of its lease: a pending message is due exactly
-- when next_at has passed, so when the next one is due is one look into the outbox_due index (with
-- claimed_until beside next_at it was a scan of every pending message, on every wake).
UPDATE outbox SET next_at = claimed_until WHERE status = 'pending' AND claimed_until > next_at;
ALTER TABLE outbox DROP COLUMN claimed_until;
