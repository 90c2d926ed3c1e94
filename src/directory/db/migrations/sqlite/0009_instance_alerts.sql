-- What an instance's contact (and the chat channels) were told about it: no row is "up, nothing
-- said". state: up | down (reason critical | stale); critical_run counts consecutive critical
-- reports; alerted_at is the last alert or reminder (one reminder a day while down); changes are
-- the times (ms, comma-separated) of its state changes within the last hour, for flapping.
CREATE TABLE instance_alerts (
    instance_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    reason TEXT,
    detail TEXT NOT NULL DEFAULT '',
    critical_run INTEGER NOT NULL DEFAULT 0,
    down_since INTEGER,
    alerted_at INTEGER,
    changes TEXT NOT NULL DEFAULT '',
    flapping INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX instance_alerts_down ON instance_alerts (state, alerted_at);
