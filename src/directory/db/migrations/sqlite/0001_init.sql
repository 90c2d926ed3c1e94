-- vereint directory, SQLite schema 1. Times are unix milliseconds unless named *_secs.
CREATE TABLE bookings (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    organisation TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    email TEXT NOT NULL,
    purpose TEXT NOT NULL,
    name TEXT NOT NULL,
    expected_participants INTEGER NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    links TEXT,
    owner_token_hash TEXT NOT NULL,
    idempotency_hash TEXT NOT NULL UNIQUE,
    request_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX bookings_status ON bookings (status, created_at);

CREATE TABLE event_slots (
    event_id TEXT NOT NULL,
    date TEXT NOT NULL,
    confirmed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, date)
);

CREATE TABLE registrations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    event_id TEXT NOT NULL,
    date TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    organisation TEXT NOT NULL,
    note TEXT,
    status TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    idempotency_hash TEXT UNIQUE,
    request_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX registrations_event ON registrations (event_id, date, status, seq);

CREATE TABLE enrollments (
    token_hash TEXT PRIMARY KEY,
    note TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    instance_id TEXT,
    request_hash TEXT
);

CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    organisation TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    services TEXT NOT NULL,
    secret TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_report_at INTEGER
);

CREATE TABLE reports (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_id TEXT NOT NULL REFERENCES instances (id),
    timestamp_secs INTEGER NOT NULL,
    signature TEXT NOT NULL,
    status TEXT,
    body TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    UNIQUE (instance_id, signature)
);
CREATE INDEX reports_instance_time ON reports (instance_id, received_at);
