-- The outbox: every mail (and webhook post) the directory owes someone, written in the same
-- transaction as the change that causes it and delivered in the background. The id is the stable
-- Message-ID's local part. status: pending -> sent | failed. A claim (claimed_until) keeps other
-- processes away while one delivers.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    topic TEXT NOT NULL,
    subject_id TEXT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    html TEXT,
    calendar TEXT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    claimed_until INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_at);
CREATE INDEX outbox_recipient ON outbox (recipient, created_at);

-- The language each person gets their mail in.
ALTER TABLE bookings ADD COLUMN lang TEXT NOT NULL DEFAULT 'de';
ALTER TABLE registrations ADD COLUMN lang TEXT NOT NULL DEFAULT 'de';
