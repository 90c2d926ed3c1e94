//! Storage of the Mattermost teams bookings got (migration 0003).

use sqlx::Row;

use super::db::{Db, DbResult};

/// The team a booking got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRow {
    pub booking_id: String,
    pub team_id: String,
    pub team_name: String,
}

macro_rules! on_backend {
    ($db:expr, $pool:ident, $field:ident => $body:expr) => {
        match $db {
            Db::Sqlite(s) => {
                let $pool = &s.$field;
                $body
            }
            Db::Postgres(s) => {
                let $pool = &s.$field;
                $body
            }
        }
    };
}

impl Db {
    /// Records the team of a booking; a second call for the same booking keeps the first team.
    pub async fn save_team(&self, row: &TeamRow, now: i64) -> DbResult<()> {
        on_backend!(self, pool, write => sqlx::query(
            "INSERT INTO mattermost_teams (booking_id, team_id, team_name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (booking_id) DO NOTHING",
        )
        .bind(&row.booking_id)
        .bind(&row.team_id)
        .bind(&row.team_name)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
    }

    pub async fn team_of(&self, booking_id: &str) -> DbResult<Option<TeamRow>> {
        let found = on_backend!(self, pool, read => sqlx::query(
            "SELECT team_id, team_name FROM mattermost_teams WHERE booking_id = $1",
        )
        .bind(booking_id)
        .fetch_optional(pool)
        .await?
        .map(|r| -> DbResult<(String, String)> { Ok((r.try_get("team_id")?, r.try_get("team_name")?)) })
        .transpose()?);
        Ok(found.map(|(team_id, team_name)| TeamRow {
            booking_id: booking_id.to_string(),
            team_id,
            team_name,
        }))
    }
}
