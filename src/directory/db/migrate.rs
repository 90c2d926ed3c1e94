//! Migrations, one list per backend, applied at start in one transaction; `schema_migrations`
//! records the versions applied. A released file never changes: databases migrated with it exist.

use super::{Db, DbResult, Location};

/// Version, name, SQL.
type Migration = (i64, &'static str, &'static str);

const SQLITE: &[Migration] = &[
    (1, "init", include_str!("migrations/sqlite/0001_init.sql")),
    (2, "rooms", include_str!("migrations/sqlite/0002_rooms.sql")),
    (
        3,
        "mattermost_teams",
        include_str!("migrations/sqlite/0003_mattermost_teams.sql"),
    ),
    (
        4,
        "reports_key",
        include_str!("migrations/sqlite/0004_reports_key.sql"),
    ),
    (
        5,
        "reports_touch_instance",
        include_str!("migrations/sqlite/0005_reports_touch_instance.sql"),
    ),
    (
        6,
        "reports_observed",
        include_str!("migrations/sqlite/0006_reports_observed.sql"),
    ),
    (
        7,
        "registrations_one_per_email",
        include_str!("migrations/sqlite/0007_registrations_one_per_email.sql"),
    ),
    (
        8,
        "outbox",
        include_str!("migrations/sqlite/0008_outbox.sql"),
    ),
    (
        9,
        "instance_alerts",
        include_str!("migrations/sqlite/0009_instance_alerts.sql"),
    ),
    (
        10,
        "outbox_lease",
        include_str!("migrations/sqlite/0010_outbox_lease.sql"),
    ),
    (
        11,
        "instance_lang",
        include_str!("migrations/sqlite/0011_instance_lang.sql"),
    ),
];

const POSTGRES: &[Migration] = &[
    (1, "init", include_str!("migrations/postgres/0001_init.sql")),
    (
        2,
        "rooms",
        include_str!("migrations/postgres/0002_rooms.sql"),
    ),
    (
        3,
        "mattermost_teams",
        include_str!("migrations/postgres/0003_mattermost_teams.sql"),
    ),
    (
        4,
        "reports_key",
        include_str!("migrations/postgres/0004_reports_key.sql"),
    ),
    // there is no 5 here: 0005 is a trigger only SQLite needs
    (
        6,
        "reports_observed",
        include_str!("migrations/postgres/0006_reports_observed.sql"),
    ),
    (
        7,
        "registrations_one_per_email",
        include_str!("migrations/postgres/0007_registrations_one_per_email.sql"),
    ),
    (
        8,
        "outbox",
        include_str!("migrations/postgres/0008_outbox.sql"),
    ),
    (
        9,
        "instance_alerts",
        include_str!("migrations/postgres/0009_instance_alerts.sql"),
    ),
    (
        10,
        "outbox_lease",
        include_str!("migrations/postgres/0010_outbox_lease.sql"),
    ),
    (
        11,
        "instance_lang",
        include_str!("migrations/postgres/0011_instance_lang.sql"),
    ),
];

fn schema_migrations(integer: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version {integer} PRIMARY KEY, name TEXT NOT NULL, applied_at {integer} NOT NULL)"
    )
}

/// The SQL that makes an empty database what the migrations before `version` left it, with their
/// versions recorded: where the tests of a migration start.
pub fn schema_before(location: &Location, version: i64) -> String {
    let (migrations, integer) = match location {
        Location::Sqlite(_) => (SQLITE, "INTEGER"),
        Location::Postgres(_) => (POSTGRES, "BIGINT"),
    };
    let mut sql = format!("{};\n", schema_migrations(integer));
    for &(v, name, migration) in migrations.iter().filter(|m| m.0 < version) {
        sql.push_str(migration);
        sql.push_str(&format!(
            "\nINSERT INTO schema_migrations (version, name, applied_at) VALUES ({v}, '{name}', 0);\n"
        ));
    }
    sql
}

impl Db {
    pub(super) async fn migrate(&self) -> DbResult<()> {
        let (migrations, integer) = match self {
            Db::Sqlite(_) => (SQLITE, "INTEGER"),
            Db::Postgres(_) => (POSTGRES, "BIGINT"),
        };
        let create = schema_migrations(integer);
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            if let Db::Postgres(_) = self {
                // several servers may start at once: one migrates, the others wait
                sqlx::query("SELECT pg_advisory_xact_lock(7465726569)")
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::raw_sql(&create).execute(&mut *tx).await?;
            for &(version, name, sql) in migrations {
                let done = sqlx::query("SELECT 1 FROM schema_migrations WHERE version = $1")
                    .bind(version)
                    .fetch_optional(&mut *tx)
                    .await?;
                if done.is_none() {
                    sqlx::raw_sql(sql).execute(&mut *tx).await?;
                    sqlx::query(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                    )
                    .bind(version)
                    .bind(name)
                    .bind(crate::directory::now_ms())
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await
        })
    }
}
