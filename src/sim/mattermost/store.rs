//! The simulator's state: JSON documents (`model`) by kind and id, with one lookup key each, in SQLite (a file,
//! or memory when no database is given) or PostgreSQL. Read on every request (no cache), so that a
//! database restored underneath a running simulator is what it serves.

use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::Row;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS mmsim_objects (kind TEXT NOT NULL, id TEXT NOT NULL, lookup TEXT NOT NULL, body TEXT NOT NULL, create_at BIGINT NOT NULL, PRIMARY KEY (kind, id))",
    "CREATE INDEX IF NOT EXISTS mmsim_objects_lookup ON mmsim_objects (kind, lookup)",
    // names of users, teams and channels (per team) are unique, as in Mattermost
    "CREATE UNIQUE INDEX IF NOT EXISTS mmsim_objects_names ON mmsim_objects (kind, lookup) WHERE kind IN ('user', 'team', 'channel')",
];

#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A unique name was taken already.
#[derive(Debug)]
pub enum PutError {
    Exists,
    Db(sqlx::Error),
}

macro_rules! on_pool {
    ($self:expr, $pool:ident => $body:expr) => {
        match $self {
            Store::Sqlite($pool) => $body,
            Store::Postgres($pool) => $body,
        }
    };
}

impl Store {
    /// `None`: SQLite in memory. `postgres://...`: PostgreSQL. Anything else: a SQLite file.
    pub async fn open(url: Option<&str>) -> Result<Store, sqlx::Error> {
        let store = match url {
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                let options = PgConnectOptions::from_str(u)?;
                Store::Postgres(
                    PgPoolOptions::new()
                        .max_connections(8)
                        .acquire_timeout(Duration::from_secs(3))
                        .connect_with(options)
                        .await?,
                )
            }
            other => {
                let options = match other {
                    None => SqliteConnectOptions::from_str("sqlite::memory:")?,
                    Some(u) => SqliteConnectOptions::new()
                        .filename(
                            u.strip_prefix("sqlite://")
                                .or_else(|| u.strip_prefix("sqlite:"))
                                .unwrap_or(u),
                        )
                        .create_if_missing(true),
                };
                // one connection: an in-memory database lives as long as its connection
                Store::Sqlite(
                    SqlitePoolOptions::new()
                        .max_connections(1)
                        .min_connections(1)
                        .idle_timeout(None)
                        .max_lifetime(None)
                        .acquire_timeout(Duration::from_secs(5))
                        .connect_with(options)
                        .await?,
                )
            }
        };
        for statement in SCHEMA {
            on_pool!(&store, p => sqlx::query(statement).execute(p).await.map(|_| ())?);
        }
        Ok(store)
    }

    /// Whether the database answers a query within two seconds.
    pub async fn ping(&self) -> bool {
        let check =
            async { on_pool!(self, p => sqlx::query("SELECT 1").execute(p).await.map(|_| ())) };
        matches!(
            tokio::time::timeout(Duration::from_secs(2), check).await,
            Ok(Ok(_))
        )
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        kind: &str,
        id: &str,
    ) -> Result<Option<T>, sqlx::Error> {
        let row = on_pool!(self, p => sqlx::query("SELECT body FROM mmsim_objects WHERE kind = $1 AND id = $2")
            .bind(kind)
            .bind(id)
            .fetch_optional(p)
            .await?
            .map(|r| r.try_get::<String, _>("body"))
            .transpose()?);
        Ok(row.and_then(|b| serde_json::from_str(&b).ok()))
    }

    /// Objects of a kind with this lookup key, oldest first.
    pub async fn find<T: DeserializeOwned>(
        &self,
        kind: &str,
        lookup: &str,
    ) -> Result<Vec<T>, sqlx::Error> {
        self.select(kind, Some(lookup)).await
    }

    pub async fn list<T: DeserializeOwned>(&self, kind: &str) -> Result<Vec<T>, sqlx::Error> {
        self.select(kind, None).await
    }

    async fn select<T: DeserializeOwned>(
        &self,
        kind: &str,
        lookup: Option<&str>,
    ) -> Result<Vec<T>, sqlx::Error> {
        let bodies: Vec<String> = on_pool!(self, p => sqlx::query("SELECT body FROM mmsim_objects WHERE kind = $1 AND (CAST($2 AS TEXT) IS NULL OR lookup = $2) ORDER BY create_at, id")
            .bind(kind)
            .bind(lookup)
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>("body"))
            .collect::<Result<_, _>>()?);
        Ok(bodies
            .iter()
            .filter_map(|b| serde_json::from_str(b).ok())
            .collect())
    }

    /// Inserts a new object; `Exists` when its id, or its name for named kinds, is taken.
    pub async fn insert(
        &self,
        kind: &str,
        id: &str,
        lookup: &str,
        body: &impl Serialize,
        create_at: i64,
    ) -> Result<(), PutError> {
        let text =
            serde_json::to_string(body).map_err(|e| PutError::Db(sqlx::Error::Encode(e.into())))?;
        let result = on_pool!(self, p => sqlx::query("INSERT INTO mmsim_objects (kind, id, lookup, body, create_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(kind)
            .bind(id)
            .bind(lookup)
            .bind(&text)
            .bind(create_at)
            .execute(p)
            .await
            .map(|_| ()));
        result.map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => PutError::Exists,
            _ => PutError::Db(e),
        })
    }

    /// Replaces the body of an existing object.
    pub async fn update(
        &self,
        kind: &str,
        id: &str,
        body: &impl Serialize,
    ) -> Result<(), sqlx::Error> {
        let text = serde_json::to_string(body).map_err(|e| sqlx::Error::Encode(e.into()))?;
        on_pool!(self, p => sqlx::query("UPDATE mmsim_objects SET body = $3 WHERE kind = $1 AND id = $2")
            .bind(kind)
            .bind(id)
            .bind(&text)
            .execute(p)
            .await
            .map(|_| ())?);
        Ok(())
    }

    pub async fn close(&self) {
        on_pool!(self, p => p.close().await);
    }
}
