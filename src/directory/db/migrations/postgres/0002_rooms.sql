-- vereint directory, schema 2: BigBlueButton rooms (Greenlight's model). One room per approved
-- bbb_room booking; the BBB meeting is created on demand when someone enters.
CREATE TABLE rooms (
    booking_id TEXT PRIMARY KEY REFERENCES bookings (id),
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    meeting_id TEXT NOT NULL UNIQUE,
    -- access codes are shared with people on purpose, so they are stored as they are
    viewer_code TEXT NOT NULL,
    moderator_code TEXT NOT NULL,
    anyone_may_start BOOLEAN NOT NULL,
    mute_on_start BOOLEAN NOT NULL,
    guest_policy TEXT NOT NULL,
    max_participants BIGINT,
    record BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
