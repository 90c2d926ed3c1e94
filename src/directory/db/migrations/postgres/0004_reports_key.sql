-- Replays are found by (instance, timestamp, signature) instead of (instance, signature): the same
-- thing, since the signature covers the timestamp, but new keys now land at the end of each
-- instance's range of the index instead of on a random page.
ALTER TABLE reports ADD CONSTRAINT reports_instance_time_signature_key UNIQUE (instance_id, timestamp_secs, signature);
ALTER TABLE reports DROP CONSTRAINT reports_instance_id_signature_key;
