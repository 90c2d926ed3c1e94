//! Enrollment tokens (migration 0001): an operator creates one, a club's instance uses it once to
//! register itself.

use super::{Db, DbResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInstance {
    pub id: String,
    pub organisation: String,
    pub contact_email: String,
    pub services: String,
    pub secret: String,
    /// The language of the alerts to the contact ("de" or "en").
    pub lang: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enrolled {
    Created,
    /// The same registration again within [`RETRY_WINDOW_MS`] (a retry whose answer was lost): the
    /// instance it created.
    Existing {
        id: String,
        secret: String,
    },
    InvalidToken,
    Expired,
    /// The token was already used for a different registration.
    Used,
}

/// How long after a registration the same request may fetch the instance's secret again.
pub const RETRY_WINDOW_MS: i64 = 10 * 60 * 1000;

impl Db {
    pub async fn create_enrollment(
        &self,
        token_hash: &str,
        note: Option<&str>,
        expires_at: i64,
        now: i64,
    ) -> DbResult<()> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO enrollments (token_hash, note, created_at, expires_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(token_hash)
            .bind(note)
            .bind(now)
            .bind(expires_at)
            .execute(pool)
            .await
            .map(|_| ())
        })
    }

    pub async fn enroll(
        &self,
        token_hash: &str,
        request_hash: &str,
        i: &NewInstance,
        now: i64,
    ) -> DbResult<Enrolled> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let Some((expires_at, used_by, used_for)) =
                sqlx::query_as::<_, (i64, Option<String>, Option<String>)>(
                    "UPDATE enrollments SET note = note WHERE token_hash = $1 RETURNING expires_at, instance_id, request_hash",
                )
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?
            else {
                return Ok(Enrolled::InvalidToken);
            };
            // an expired token gives nothing away, not even to a retry of its own registration
            if expires_at < now {
                return Ok(Enrolled::Expired);
            }
            if let Some(id) = used_by {
                if used_for.as_deref() != Some(request_hash) {
                    return Ok(Enrolled::Used);
                }
                let (secret, created_at): (String, i64) =
                    sqlx::query_as("SELECT secret, created_at FROM instances WHERE id = $1")
                        .bind(&id)
                        .fetch_one(&mut *tx)
                        .await?;
                // a retry whose answer was lost gets the secret again, but only for a short while
                if now - created_at > RETRY_WINDOW_MS {
                    return Ok(Enrolled::Used);
                }
                return Ok(Enrolled::Existing { id, secret });
            }
            sqlx::query(
                "INSERT INTO instances (id, organisation, contact_email, services, secret, status, created_at, lang) VALUES ($1, $2, $3, $4, $5, 'new', $6, $7)",
            )
            .bind(&i.id)
            .bind(&i.organisation)
            .bind(&i.contact_email)
            .bind(&i.services)
            .bind(&i.secret)
            .bind(now)
            .bind(&i.lang)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE enrollments SET instance_id = $1, request_hash = $2 WHERE token_hash = $3",
            )
            .bind(&i.id)
            .bind(request_hash)
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Enrolled::Created)
        })
    }
}
