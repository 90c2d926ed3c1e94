//! The local store of "my bookings" and "my registrations" with their owner and cancel tokens, and of
//! submissions that could not be sent yet (with the Idempotency-Key a retry must reuse).
//!
//! One JSON file in the XDG data dir, created with mode 0600 and replaced atomically (temp file, fsync,
//! rename), so a crash leaves either the old or the new version. A file that cannot be read is moved
//! aside, never overwritten, and the error names both paths. Every write holds an exclusive lock
//! for its whole read-modify-write, so a TUI and a CLI running at once never lose each other's
//! changes (owner tokens above all).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::{BookingKind, BookingStatus, NewBooking, NewRegistration, RegistrationStatus};
use crate::client::{Client, ClientError, new_idempotency_key};

pub const FILE_NAME: &str = "mine.json";
const VERSION: u32 = 1;
/// How long a write waits for another process's write to finish.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "no data directory: set XDG_DATA_HOME or HOME so that bookings and their tokens can be kept"
    )]
    NoDataDir,
    #[error("{path}: {action}: {source}")]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path} is being changed by another vereint (terminal interface or command) for more than 5 s; nothing was changed, try again"
    )]
    Busy { path: PathBuf },
    #[error(
        "{path} could not be read ({reason}); it was kept as {kept} so that no token is lost, and a new empty store is used from now on"
    )]
    Corrupt {
        path: PathBuf,
        kept: PathBuf,
        reason: String,
    },
}

fn io<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(std::io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        action,
        source,
    }
}

/// A booking this user made, with the token that proves it is theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyBooking {
    pub id: String,
    /// The directory it was made at.
    pub directory: String,
    pub kind: BookingKind,
    pub name: String,
    pub organisation: String,
    pub owner_token: String,
    pub created_at: String,
    /// The status as last seen (shown when the directory cannot be reached).
    pub status: BookingStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRegistration {
    pub id: String,
    pub directory: String,
    pub event_id: String,
    pub date: String,
    pub name: String,
    pub cancel_token: String,
    pub created_at: String,
    pub status: RegistrationStatus,
}

/// What a pending submission will send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Submission {
    Booking(NewBooking),
    Registration {
        event_id: String,
        registration: NewRegistration,
    },
}

/// A form that was submitted while the directory could not be reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// Also the local id of the pending entry.
    pub idempotency_key: String,
    pub directory: String,
    pub created_at: String,
    pub submission: Submission,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mine {
    #[serde(default)]
    pub version: u32,
    #[serde(default)]
    pub bookings: Vec<MyBooking>,
    #[serde(default)]
    pub registrations: Vec<MyRegistration>,
    #[serde(default)]
    pub pending: Vec<Pending>,
}

impl Mine {
    pub fn booking(&self, id: &str) -> Option<&MyBooking> {
        self.bookings.iter().find(|b| b.id == id)
    }

    pub fn registration(&self, id: &str) -> Option<&MyRegistration> {
        self.registrations.iter().find(|r| r.id == id)
    }
}

/// The store file; every method reads or replaces it whole.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
}

impl Store {
    /// `mine.json` in the XDG data dir.
    pub fn open_default() -> Result<Store, StoreError> {
        let dir = crate::config::data_dir().ok_or(StoreError::NoDataDir)?;
        Ok(Store::at(dir.join(FILE_NAME)))
    }

    pub fn at(path: PathBuf) -> Store {
        Store { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The stored data; empty when there is no file yet. A broken file is moved aside (see
    /// [`StoreError::Corrupt`]).
    pub fn load(&self) -> Result<Mine, StoreError> {
        let bytes = match fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Mine::default()),
            Err(e) => return Err(io(&self.path, "reading")(e)),
        };
        match serde_json::from_slice::<Mine>(&bytes) {
            Ok(mine) if mine.version <= VERSION => Ok(mine),
            Ok(mine) => Err(self.set_aside(format!(
                "written by a newer vereint (store version {})",
                mine.version
            ))),
            Err(e) => Err(self.set_aside(e.to_string())),
        }
    }

    fn set_aside(&self, reason: String) -> StoreError {
        let stamp = jiff::Timestamp::now().as_second();
        let mut kept = self.path.with_extension(format!("json.broken-{stamp}"));
        let mut n = 1;
        while kept.exists() {
            kept = self.path.with_extension(format!("json.broken-{stamp}-{n}"));
            n += 1;
        }
        if let Err(e) = fs::rename(&self.path, &kept) {
            return io(&self.path, "moving the unreadable file aside")(e);
        }
        StoreError::Corrupt {
            path: self.path.clone(),
            kept,
            reason,
        }
    }

    /// Writes `mine` atomically, under the store's lock.
    pub fn save(&self, mine: &Mine) -> Result<(), StoreError> {
        let _lock = self.lock()?;
        self.write(mine)
    }

    /// Loads, lets `change` edit, saves; returns what `change` returned. The store stays locked
    /// from the read to the write, so a concurrent update waits instead of being overwritten.
    pub fn update<T>(&self, change: impl FnOnce(&mut Mine) -> T) -> Result<T, StoreError> {
        let _lock = self.lock()?;
        let mut mine = self.load()?;
        let out = change(&mut mine);
        self.write(&mine)?;
        Ok(out)
    }

    fn dir(&self) -> &Path {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }

    /// The exclusive lock of the store, held until the returned file is dropped. On Unix it is
    /// the lock (flock) of the store's private folder: the store file itself is replaced on every
    /// write, so a lock on it would guard a file that is gone, and the folder leaves no lock file
    /// behind.
    fn lock(&self) -> Result<fs::File, StoreError> {
        let dir = self.dir();
        create_private_dir(dir)?;
        #[cfg(unix)]
        let (file, path) = (fs::File::open(dir), dir.to_path_buf());
        #[cfg(not(unix))]
        let (file, path) = {
            let path = dir.join(format!(".{FILE_NAME}.lock"));
            (
                fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&path),
                path,
            )
        };
        let file = file.map_err(io(&path, "opening for the lock"))?;
        // bounded: a writer holds the lock for milliseconds; one that hangs must not hang us
        let deadline = std::time::Instant::now() + LOCK_WAIT;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(StoreError::Busy {
                        path: self.path.clone(),
                    });
                }
                Err(fs::TryLockError::Error(e)) => return Err(io(&path, "locking")(e)),
            }
        }
    }

    /// Writes `mine` atomically: a temp file created 0600 next to the store, fsync, rename, fsync
    /// dir. The caller holds the lock.
    fn write(&self, mine: &Mine) -> Result<(), StoreError> {
        let dir = self.dir();
        let mut mine = mine.clone();
        mine.version = VERSION;
        let bytes = serde_json::to_vec_pretty(&mine).expect("the store serialises");
        let tmp = dir.join(format!(
            ".{FILE_NAME}.{}.{}.tmp",
            std::process::id(),
            crate::api::token::hex(&crate::api::token::random_bytes::<4>())
        ));
        let result = (|| {
            let mut file = private_file(&tmp)?;
            file.write_all(&bytes).map_err(io(&tmp, "writing"))?;
            file.sync_all().map_err(io(&tmp, "syncing"))?;
            fs::rename(&tmp, &self.path).map_err(io(&self.path, "replacing"))?;
            if let Ok(d) = fs::File::open(dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }
}

fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(io(dir, "creating the directory"))
}

fn private_file(path: &Path) -> Result<fs::File, StoreError> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(io(path, "creating"))
}

// Sending a submission: kept as pending in the store before it goes out, moved to "mine" once
// the directory acknowledged it. A retry sends the same Idempotency-Key, so the directory creates
// nothing twice. The CLI and the TUI both send through here.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Booking(MyBooking),
    Registration(MyRegistration),
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The directory said no, or could not be reached (`is_transient`: the entry stays pending).
    #[error(transparent)]
    Client(#[from] ClientError),
}

impl SendError {
    /// True when the submission is still pending and a retry may succeed.
    pub fn kept(&self) -> bool {
        matches!(self, SendError::Client(e) if e.is_transient())
    }
}

/// A new pending entry with a fresh Idempotency-Key.
pub fn pending(directory: &str, submission: Submission) -> Pending {
    Pending {
        idempotency_key: new_idempotency_key(),
        directory: directory.to_string(),
        created_at: jiff::Timestamp::now().to_string(),
        submission,
    }
}

pub fn booking(directory: &str, b: NewBooking) -> Pending {
    pending(directory, Submission::Booking(b))
}

pub fn registration(directory: &str, event_id: &str, r: NewRegistration) -> Pending {
    pending(
        directory,
        Submission::Registration {
            event_id: event_id.to_string(),
            registration: r,
        },
    )
}

/// Stores `p` as pending (unless it is already there), sends it, and records the outcome: moved to
/// bookings/registrations when acknowledged, dropped when refused, kept when the directory could
/// not be reached.
pub async fn send(store: &Store, p: &Pending) -> Result<Sent, SendError> {
    store.update(|m| {
        if !m
            .pending
            .iter()
            .any(|q| q.idempotency_key == p.idempotency_key)
        {
            m.pending.push(p.clone());
        }
    })?;
    let result = deliver(p).await;
    let key = &p.idempotency_key;
    match &result {
        Ok(sent) => store.update(|m| {
            m.pending.retain(|q| &q.idempotency_key != key);
            match sent {
                Sent::Booking(b) => {
                    if m.booking(&b.id).is_none() {
                        m.bookings.push(b.clone());
                    }
                }
                Sent::Registration(r) => {
                    if m.registration(&r.id).is_none() {
                        m.registrations.push(r.clone());
                    }
                }
            }
        })?,
        Err(e) if !e.is_transient() => {
            store.update(|m| m.pending.retain(|q| &q.idempotency_key != key))?
        }
        Err(_) => {}
    }
    Ok(result?)
}

async fn deliver(p: &Pending) -> Result<Sent, ClientError> {
    let client = Client::new(&p.directory)?;
    let now = jiff::Timestamp::now().to_string();
    match &p.submission {
        Submission::Booking(b) => {
            let created = client.book(b, &p.idempotency_key).await?;
            Ok(Sent::Booking(MyBooking {
                id: created.id,
                directory: p.directory.clone(),
                kind: b.kind,
                name: b.name.clone(),
                organisation: b.organisation.clone(),
                owner_token: created.owner_token,
                created_at: now,
                status: BookingStatus::Requested,
            }))
        }
        Submission::Registration {
            event_id,
            registration,
        } => {
            let created = client
                .register(event_id, registration, Some(&p.idempotency_key))
                .await?;
            Ok(Sent::Registration(MyRegistration {
                id: created.id,
                directory: p.directory.clone(),
                event_id: created.event_id,
                date: created.date,
                name: registration.name.clone(),
                cancel_token: created.cancel_token,
                created_at: now,
                status: created.status,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn booking(id: &str) -> MyBooking {
        MyBooking {
            id: id.into(),
            directory: "http://127.0.0.1:1/".into(),
            kind: BookingKind::BbbRoom,
            name: "Vorstand".into(),
            organisation: "Kiezchor".into(),
            owner_token: "own_secret".into(),
            created_at: "2026-11-28T03:00:00Z".into(),
            status: BookingStatus::Requested,
        }
    }

    #[test]
    fn missing_file_is_empty_and_saving_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("sub/mine.json"));
        assert_eq!(store.load().unwrap(), Mine::default());
        store.update(|m| m.bookings.push(booking("b1"))).unwrap();
        store.update(|m| m.bookings.push(booking("b2"))).unwrap();
        let mine = store.load().unwrap();
        assert_eq!(mine.bookings.len(), 2);
        assert_eq!(mine.booking("b2").unwrap().owner_token, "own_secret");
        let leftovers: Vec<_> = fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["mine.json"], "no temp files left behind");
    }

    #[cfg(unix)]
    #[test]
    fn file_and_directory_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("data/mine.json"));
        store.save(&Mine::default()).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(store.path()), 0o600);
        assert_eq!(mode(&dir.path().join("data")), 0o700);
    }

    #[test]
    fn a_corrupt_file_is_kept_aside_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.json");
        fs::write(&path, b"{\"bookings\": [ {\"id\": ").unwrap();
        let store = Store::at(path.clone());
        let err = store.load().unwrap_err();
        let StoreError::Corrupt { kept, .. } = &err else {
            panic!("{err}")
        };
        let text = err.to_string();
        assert!(text.contains(&path.display().to_string()), "{text}");
        assert!(text.contains(&kept.display().to_string()), "{text}");
        assert_eq!(
            fs::read(kept).unwrap(),
            b"{\"bookings\": [ {\"id\": ",
            "the broken file is kept as it was"
        );
        assert_eq!(store.load().unwrap(), Mine::default());
        store.update(|m| m.bookings.push(booking("b1"))).unwrap();
        assert!(kept.exists(), "saving again does not touch the kept file");
    }

    #[test]
    fn a_newer_store_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.json");
        fs::write(&path, br#"{"version": 99}"#).unwrap();
        let err = Store::at(path.clone()).load().unwrap_err();
        assert!(err.to_string().contains("newer vereint"), "{err}");
        assert!(!path.exists());
    }

    const WRITER: &str = "VEREINT_TEST_STORE_WRITER";
    const ROUNDS: usize = 150;

    /// The TUI and the CLI at once: two processes (this test binary, started again as writers)
    /// each add bookings in a loop to the same store; every booking of both is kept.
    #[test]
    fn two_processes_updating_at_once_lose_nothing() {
        if let Ok(job) = std::env::var(WRITER) {
            let (path, tag) = job.split_once('|').unwrap();
            let store = Store::at(PathBuf::from(path));
            for i in 0..ROUNDS {
                store
                    .update(|m| m.bookings.push(booking(&format!("{tag}-{i}"))))
                    .unwrap();
            }
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/mine.json");
        let exe = std::env::current_exe().unwrap();
        let mut writers: Vec<std::process::Child> = ["a", "b"]
            .iter()
            .map(|tag| {
                std::process::Command::new(&exe)
                    .args([
                        "--exact",
                        "mine::store::tests::two_processes_updating_at_once_lose_nothing",
                        "--test-threads=1",
                    ])
                    .env(WRITER, format!("{}|{tag}", path.display()))
                    .stdout(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        for w in &mut writers {
            let status = loop {
                if let Some(status) = w.try_wait().unwrap() {
                    break status;
                }
                if std::time::Instant::now() > deadline {
                    let _ = w.kill();
                    panic!("a writer did not finish in time");
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            };
            assert!(status.success(), "a writer failed: {status}");
        }
        let mine = Store::at(path).load().unwrap();
        for tag in ["a", "b"] {
            for i in 0..ROUNDS {
                let id = format!("{tag}-{i}");
                assert!(mine.booking(&id).is_some(), "{id} was lost");
            }
        }
        assert_eq!(mine.bookings.len(), 2 * ROUNDS);
    }
}
