//! The Mattermost teams bookings got (migration 0003).

use super::{Db, DbResult};

/// The team a booking got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRow {
    pub booking_id: String,
    pub team_id: String,
    pub team_name: String,
}

from_row!(TeamRow {
    booking_id,
    team_id,
    team_name
});

impl Db {
    /// Records the team of a booking; a second call for the same booking keeps the first team.
    pub async fn save_team(&self, row: &TeamRow, now: i64) -> DbResult<()> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO mattermost_teams (booking_id, team_id, team_name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (booking_id) DO NOTHING",
            )
            .bind(&row.booking_id)
            .bind(&row.team_id)
            .bind(&row.team_name)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ())
        })
    }

    pub async fn team_of(&self, booking_id: &str) -> DbResult<Option<TeamRow>> {
        on_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT booking_id, team_id, team_name FROM mattermost_teams WHERE booking_id = $1",
            )
            .bind(booking_id)
            .fetch_optional(pool)
            .await
        })
    }
}
