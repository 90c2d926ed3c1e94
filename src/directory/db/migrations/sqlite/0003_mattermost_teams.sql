-- The Mattermost team an approved team booking got (one per booking).
CREATE TABLE mattermost_teams (
    booking_id TEXT PRIMARY KEY REFERENCES bookings (id),
    team_id TEXT NOT NULL,
    team_name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
