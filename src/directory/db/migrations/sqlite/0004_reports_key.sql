-- Replays are found by (instance, timestamp, signature) instead of (instance, signature): the same
-- thing, since the signature covers the timestamp, but new keys now land at the end of each
-- instance's range of the index instead of on a random page (one dirty page per report and commit).
-- SQLite cannot drop a table's UNIQUE constraint, so the table is rebuilt.
CREATE TABLE reports_new (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_id TEXT NOT NULL REFERENCES instances (id),
    timestamp_secs INTEGER NOT NULL,
    signature TEXT NOT NULL,
    status TEXT,
    body TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    UNIQUE (instance_id, timestamp_secs, signature)
);
INSERT INTO reports_new (seq, instance_id, timestamp_secs, signature, status, body, received_at)
    SELECT seq, instance_id, timestamp_secs, signature, status, body, received_at FROM reports ORDER BY seq;
DROP TABLE reports;
ALTER TABLE reports_new RENAME TO reports;
CREATE INDEX reports_instance_time ON reports (instance_id, received_at);
