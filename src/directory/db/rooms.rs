//! BigBlueButton rooms of bookings (migration 0002).

use super::{Db, DbResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomRow {
    pub booking_id: String,
    pub slug: String,
    pub name: String,
    pub meeting_id: String,
    pub viewer_code: String,
    pub moderator_code: String,
    pub anyone_may_start: bool,
    pub mute_on_start: bool,
    /// `ALWAYS_ACCEPT`, `ASK_MODERATOR` or `ALWAYS_DENY` (BBB's names).
    pub guest_policy: String,
    pub max_participants: Option<i64>,
    pub record: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

from_row!(RoomRow {
    booking_id,
    slug,
    name,
    meeting_id,
    viewer_code,
    moderator_code,
    anyone_may_start,
    mute_on_start,
    guest_policy,
    max_participants,
    record,
    created_at,
    updated_at,
});

const COLUMNS: &str = "booking_id, slug, name, meeting_id, viewer_code, moderator_code, anyone_may_start, mute_on_start, guest_policy, max_participants, record, created_at, updated_at";
/// Writes every column of a room read before (slug, meeting id and creation stay as they were).
const UPDATE: &str = "UPDATE rooms SET slug = $2, name = $3, meeting_id = $4, viewer_code = $5, moderator_code = $6, anyone_may_start = $7, mute_on_start = $8, guest_policy = $9, max_participants = $10, record = $11, created_at = $12, updated_at = $13 WHERE booking_id = $1";

/// Binds `$1`..`$13` in the order of `COLUMNS`.
macro_rules! bind_columns {
    ($query:expr, $room:expr) => {
        $query
            .bind(&$room.booking_id)
            .bind(&$room.slug)
            .bind(&$room.name)
            .bind(&$room.meeting_id)
            .bind(&$room.viewer_code)
            .bind(&$room.moderator_code)
            .bind($room.anyone_may_start)
            .bind($room.mute_on_start)
            .bind(&$room.guest_policy)
            .bind($room.max_participants)
            .bind($room.record)
            .bind($room.created_at)
            .bind($room.updated_at)
    };
}

impl Db {
    /// Stores the room of a booking unless it has one already; returns the stored room (so a
    /// retried approval gets the same slug and codes).
    pub async fn insert_room(&self, room: &RoomRow) -> DbResult<RoomRow> {
        let sql = format!(
            "INSERT INTO rooms ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (booking_id) DO NOTHING"
        );
        on_pool!(self, write, |pool| {
            bind_columns!(sqlx::query(&sql), room)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        self.room_by_booking(&room.booking_id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }

    pub async fn room_by_booking(&self, booking_id: &str) -> DbResult<Option<RoomRow>> {
        let sql = format!("SELECT {COLUMNS} FROM rooms WHERE booking_id = $1");
        on_pool!(self, read, |pool| {
            sqlx::query_as(&sql)
                .bind(booking_id)
                .fetch_optional(pool)
                .await
        })
    }

    /// The room at `/r/{slug}`, if its booking is active.
    pub async fn active_room(&self, slug: &str) -> DbResult<Option<RoomRow>> {
        let sql = format!(
            "SELECT {} FROM rooms JOIN bookings b ON b.id = rooms.booking_id WHERE rooms.slug = $1 AND b.status = 'active'",
            COLUMNS
                .split(", ")
                .map(|c| format!("rooms.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        on_pool!(self, read, |pool| {
            sqlx::query_as(&sql).bind(slug).fetch_optional(pool).await
        })
    }

    /// Saves changed settings or codes, and the booking's links with them, in one transaction.
    pub async fn update_room(&self, room: &RoomRow, links: &str) -> DbResult<()> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            bind_columns!(sqlx::query(UPDATE), room)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE bookings SET links = $2, updated_at = $3 WHERE id = $1 AND links IS NOT NULL")
                .bind(&room.booking_id)
                .bind(links)
                .bind(room.updated_at)
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        })
    }
}
