//! Storage, on SQLite (the default, a file in the data dir) or PostgreSQL (chosen by a
//! `postgres://` URL). One way to reach both: `Db` is the backend, each resource's file adds the
//! methods the handlers call to it, and a method runs its body on the backend's pool with
//! `on_pool!`. The SQL is the same text for both where the dialects agree (`$n` parameters,
//! `ON CONFLICT`, `RETURNING`); where they do not (a batch of reports), the file matches on the
//! backend itself. Migrations are per backend, in `migrations/`.
//!
//! Every write that must be serialised (capacity, enrollment use) starts its transaction with a
//! write to the row that guards it, which locks that row in PostgreSQL and takes the write lock in
//! SQLite. SQLite writes go through a pool of one connection so that writers queue instead of
//! spinning on SQLITE_BUSY.

/// Runs `$body` with `$pool` bound to the backend's `read` or `write` pool. The body is compiled
/// once per backend: sqlx's types differ between them, the SQL does not.
macro_rules! on_pool {
    ($db:expr, $which:ident, |$pool:ident| $body:expr) => {
        match $db {
            $crate::directory::db::Db::Sqlite(s) => {
                let $pool = &s.$which;
                $body
            }
            $crate::directory::db::Db::Postgres(s) => {
                let $pool = &s.$which;
                $body
            }
        }
    };
}

/// `sqlx::FromRow` for a row struct on both backends, each field read from the column of its name
/// (what sqlx's derive writes; its `derive` feature would build SQLite a second time, for the host);
/// after a `;`, one field that is a row struct of its own, read from the same columns.
macro_rules! from_row {
    ($Row:ident { $($field:ident),* $(,)? $(; $nested:ident: $Nested:ident)? }) => {
        impl<'r, R: sqlx::Row> sqlx::FromRow<'r, R> for $Row
        where
            &'r str: sqlx::ColumnIndex<R>,
            String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        {
            fn from_row(r: &'r R) -> sqlx::Result<Self> {
                Ok($Row {
                    $($nested: $Nested::from_row(r)?,)?
                    $($field: r.try_get(stringify!($field))?,)*
                })
            }
        }
    };
}

#[macro_use]
mod outbox;
#[macro_use]
mod alerts;
mod bookings;
mod enrollment;
pub mod health;
mod instances;
mod migrate;
mod registrations;
mod reports;
mod rooms;
mod teams;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Postgres, Sqlite};

pub use alerts::{AlertRules, AlertState};
pub use bookings::{BookingRow, Inserted};
pub use enrollment::{Enrolled, NewInstance, RETRY_WINDOW_MS};
pub use health::HealthRow;
pub use instances::InstanceRow;
pub use migrate::schema_before;
pub use outbox::{NewMessage, Notice, OutboxRow, Outcome};
pub use registrations::{Cancelled, Registered, RegistrationRow};
pub use reports::{HistoryRow, NewReport, ReportConn};
pub use rooms::RoomRow;
pub use teams::TeamRow;

pub type DbResult<T> = Result<T, sqlx::Error>;

/// A backend's pools. On SQLite `write` has the only connection that writes and `read` the
/// others; on PostgreSQL both are the same pool.
#[derive(Debug)]
pub struct Pools<DB: sqlx::Database> {
    read: Pool<DB>,
    write: Pool<DB>,
    /// The SQLite database file.
    file: Option<PathBuf>,
}

impl<DB: sqlx::Database> Clone for Pools<DB> {
    fn clone(&self) -> Self {
        Pools {
            read: self.read.clone(),
            write: self.write.clone(),
            file: self.file.clone(),
        }
    }
}

/// The backend chosen from the database URL.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(Pools<Sqlite>),
    Postgres(Pools<Postgres>),
}

/// Where the database is, decided from the URL: `postgres://` or `postgresql://` for PostgreSQL,
/// `sqlite://PATH` or a plain path for SQLite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    pub fn parse(url: &str) -> Location {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Location::Postgres(url.to_string())
        } else {
            let path = url
                .strip_prefix("sqlite://")
                .or_else(|| url.strip_prefix("sqlite:"))
                .unwrap_or(url);
            Location::Sqlite(PathBuf::from(path))
        }
    }

    /// For logs: the PostgreSQL URL without its password.
    pub fn redacted(&self) -> String {
        match self {
            Location::Sqlite(p) => format!("sqlite {}", p.display()),
            Location::Postgres(url) => match url::Url::parse(url) {
                Ok(mut u) => {
                    if u.password().is_some() {
                        let _ = u.set_password(Some("***"));
                    }
                    format!("postgres {u}")
                }
                Err(_) => "postgres (unparsable URL)".to_string(),
            },
        }
    }
}

impl Db {
    /// Opens (creating a SQLite file if needed) and migrates the database.
    pub async fn open(location: &Location) -> DbResult<Db> {
        let db = match location {
            Location::Sqlite(path) => Db::Sqlite(open_sqlite(path).await?),
            Location::Postgres(url) => Db::Postgres(open_postgres(url).await?),
        };
        db.migrate().await?;
        Ok(db)
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        on_pool!(self, write, |pool| pool.close().await);
        on_pool!(self, read, |pool| pool.close().await);
    }

    pub async fn ping(&self) -> DbResult<()> {
        on_pool!(self, read, |pool| {
            sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
        })
    }

    /// A write that needs room on the disk: rewrites the newest migration's row in its own
    /// transaction. On SQLite that one page may land where a failed transaction's pages were, so
    /// first `PROBE_BYTES` must fit beside the database file.
    pub async fn write_probe(&self) -> DbResult<()> {
        if let Db::Sqlite(Pools {
            file: Some(file), ..
        }) = self
        {
            let mut probe = file.as_os_str().to_owned();
            probe.push(".probe");
            tokio::task::spawn_blocking(move || room_for(Path::new(&probe), PROBE_BYTES))
                .await
                .map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))??;
        }
        on_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE schema_migrations SET applied_at = applied_at \
                 WHERE version = (SELECT MAX(version) FROM schema_migrations)",
            )
            .execute(pool)
            .await
            .map(|_| ())
        })
    }

    /// (status, count) of the rows of `table`, by status.
    async fn status_counts(&self, table: &str) -> DbResult<Vec<(String, i64)>> {
        let sql =
            format!("SELECT status, COUNT(*) AS n FROM {table} GROUP BY status ORDER BY status");
        on_pool!(self, read, |pool| sqlx::query_as(&sql)
            .fetch_all(pool)
            .await)
    }
}

/// What must fit beside a SQLite database before `/readyz` calls it writable again.
const PROBE_BYTES: usize = 1 << 20;

/// Writes `bytes` to a file at `path`, to the disk, and removes it again.
fn room_for(path: &Path, bytes: usize) -> std::io::Result<()> {
    use std::io::Write as _;
    let written = std::fs::File::create(path).and_then(|mut f| {
        f.write_all(&vec![0u8; bytes])?;
        f.sync_all()
    });
    let removed = std::fs::remove_file(path);
    written.and(removed)
}

/// WAL and synchronous=FULL: a write is acknowledged only once it is on disk.
async fn open_sqlite(path: &Path) -> DbResult<Pools<Sqlite>> {
    make_private(path)?;
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options.clone())
        .await?;
    let read = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?;
    // WAL mode has made the -wal and -shm files by now; SQLite gives them the database file's mode
    make_private(path)?;
    Ok(Pools {
        read,
        write,
        file: Some(path.to_path_buf()),
    })
}

/// The database holds instance secrets and every e-mail address: a folder vereint creates for it is
/// 0700, and the database file and its -wal and -shm files are 0600, whatever the umask.
fn make_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _, PermissionsExt as _};
        let private = |p: &Path, mode: u32| {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode))
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.exists()
        {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)?;
            private(parent, 0o700)?;
        }
        // an empty file is a new database to SQLite; created here so that it is never wider. An
        // existing file is never opened: closing a descriptor of the database file drops every
        // POSIX lock this process's SQLite connections hold on it, and without their shared lock
        // another process that closes the database may checkpoint and delete the WAL under them
        // (acknowledged writes lost after kill -9; tests/directory_durability.rs reads back from a
        // second process for this)
        match std::fs::OpenOptions::new()
            .create_new(true)
            .write(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        let mut name = path.as_os_str().to_owned();
        for file in [String::new(), "-wal".into(), "-shm".into()] {
            name.push(&file);
            let p = Path::new(&name);
            if p.exists() {
                private(p, 0o600)?;
            }
            name = path.as_os_str().to_owned();
        }
    }
    #[cfg(not(unix))]
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    Ok(())
}

async fn open_postgres(url: &str) -> DbResult<Pools<Postgres>> {
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(PgConnectOptions::from_str(url)?)
        .await?;
    Ok(Pools {
        read: pool.clone(),
        write: pool,
        file: None,
    })
}

/// Placeholders `$first, $first+1, ...` for `n` values.
fn params(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_from_url() {
        assert_eq!(
            Location::parse("postgres://u:p@localhost/db"),
            Location::Postgres("postgres://u:p@localhost/db".into())
        );
        assert_eq!(
            Location::parse("sqlite:///var/lib/x.db"),
            Location::Sqlite("/var/lib/x.db".into())
        );
        assert_eq!(
            Location::parse("/tmp/x.db"),
            Location::Sqlite("/tmp/x.db".into())
        );
        let r = Location::parse("postgres://u:secret@localhost/db").redacted();
        assert!(!r.contains("secret"), "{r}");
    }
}

#[cfg(all(test, unix))]
mod private_tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[tokio::test]
    async fn the_database_and_its_folder_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data/vereint");
        let path = folder.join("directory.sqlite3");
        let db = Db::open(&Location::Sqlite(path.clone())).await.unwrap();
        db.create_enrollment("hash", None, 2, 1).await.unwrap();
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&dir.path().join("data")), 0o700);
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
        db.close().await;
        // an existing database made wider by hand is narrowed again
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let db = Db::open(&Location::Sqlite(path.clone())).await.unwrap();
        assert_eq!(mode(&path), 0o600);
        db.close().await;
    }
}
