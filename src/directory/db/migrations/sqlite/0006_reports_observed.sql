-- Uptime counts each report at the time the agent observed it (a queued report arrives later) and
-- for as long as its announced interval says the next one is due. Reports stored before this
-- migration count at the time they were received, with the default interval.
ALTER TABLE reports ADD COLUMN observed_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN interval_secs INTEGER;
UPDATE reports SET observed_at = received_at;
DROP INDEX reports_instance_time;
CREATE INDEX reports_instance_observed ON reports (instance_id, observed_at);
