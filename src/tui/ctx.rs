//! What every screen may read, and change in `update`: language, theme, the catalogue, the clock,
//! marks, the status line, where requests go, and the background work queued for the event loop.

use std::fmt;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::action::Job;
use super::keymap::Keymap;
use super::results::Failure;
use super::text::{clock, zone_name};
use super::theme::Theme;
use crate::catalog::Catalog;
use crate::catalog::search::Index;
use crate::client::Client;
use crate::health::run::Options;
use crate::health::site::SiteChecks;
use crate::i18n::{Lang, Msg, t, tf};

/// How many tools can be compared at once.
pub const MAX_COMPARE: usize = 4;

/// What every component may read, and change in `update`.
pub struct Ctx {
    pub lang: Lang,
    pub theme: Theme,
    pub catalog: Arc<Catalog>,
    /// The time the screens show dates relative to; set by the event loop, fixed in tests.
    pub now: Timestamp,
    /// The zone times other than events' are shown in: the system's, UTC in tests.
    pub local: TimeZone,
    pub keymap: &'static Keymap,
    /// Tools marked for comparison, by position in the catalogue, in the order they were marked.
    pub marked: Vec<usize>,
    index: Option<Arc<Index>>,
    jobs: Vec<Job>,
    /// A message for the hint line until the next key.
    pub status: Option<String>,
    /// My bookings and registrations (none in tests unless set).
    pub mine: Option<crate::mine::store::Store>,
    /// Where bookings and registrations go.
    pub directory_url: String,
    /// Text for the terminal's clipboard (OSC 52), written by the event loop.
    pub clipboard: Option<String>,
    /// Where the catalogue on screen came from (the directory's copy replaces the embedded one).
    pub catalog_source: crate::client::catalog_sync::Source,
    /// The directory's admin token, when configured (admin screens).
    pub admin: Option<AdminAccess>,
    /// A site file's services to check (`vereint tui --site FILE`).
    pub site: Option<Arc<SiteAccess>>,
}

impl Ctx {
    pub fn new(catalog: Arc<Catalog>, lang: Lang, theme: Theme, now: Timestamp) -> Ctx {
        Ctx {
            lang,
            theme,
            catalog,
            now,
            local: TimeZone::UTC,
            keymap: Keymap::embedded(),
            marked: Vec::new(),
            index: None,
            jobs: Vec::new(),
            status: None,
            mine: None,
            directory_url: String::new(),
            clipboard: None,
            catalog_source: crate::client::catalog_sync::Source::Embedded,
            admin: None,
            site: None,
        }
    }

    /// Hands work to the event loop to run in the background.
    pub fn spawn(&mut self, job: Job) {
        self.jobs.push(job);
    }

    /// The search index; built now if the background build has not delivered it yet.
    pub fn index(&mut self) -> Arc<Index> {
        let catalog = &self.catalog;
        Arc::clone(
            self.index
                .get_or_insert_with(|| Arc::new(Index::new(catalog))),
        )
    }

    pub fn has_index(&self) -> bool {
        self.index.is_some()
    }

    /// Uses `index` from now on; `None` drops it (it was built for another catalogue).
    pub fn set_index(&mut self, index: Option<Arc<Index>>) {
        self.index = index;
    }

    /// Work queued by components, for the event loop to spawn.
    pub fn take_jobs(&mut self) -> Vec<Job> {
        std::mem::take(&mut self.jobs)
    }

    /// Marks or unmarks a tool for comparison.
    pub fn toggle_mark(&mut self, tool: usize) {
        if let Some(pos) = self.marked.iter().position(|&m| m == tool) {
            self.marked.remove(pos);
        } else if self.marked.len() >= MAX_COMPARE {
            self.status = Some(tf(Msg::TuiCompareFull, self.lang, &[("max", &MAX_COMPARE)]));
        } else {
            self.marked.push(tool);
        }
    }

    pub fn t(&self, msg: Msg) -> &'static str {
        t(msg, self.lang)
    }

    /// `2026-11-28 10:15` in local time.
    pub fn local_time(&self, at: Timestamp) -> String {
        clock(at, &self.local)
    }

    /// The local zone's name, e.g. `Europe/Berlin`.
    pub fn local_zone(&self) -> String {
        zone_name(&self.local, self.now)
    }

    /// "local time, Europe/Berlin", for the one place on a screen that names the zone.
    pub fn local_label(&self) -> String {
        tf(Msg::TimesLocal, self.lang, &[("zone", &self.local_zone())])
    }
}

/// Where the admin requests go and the token they carry.
#[derive(Clone)]
pub struct AdminAccess {
    pub url: String,
    token: String,
}

impl AdminAccess {
    pub fn new(url: impl Into<String>, token: impl Into<String>) -> AdminAccess {
        AdminAccess {
            url: url.into(),
            token: token.into(),
        }
    }

    pub fn client(&self) -> Result<Client, Failure> {
        Client::new(&self.url)
            .map(|c| c.with_admin_token(self.token.clone()))
            .map_err(|e| Failure::of(&e))
    }
}

impl fmt::Debug for AdminAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdminAccess")
            .field("url", &self.url)
            .field("token", &"<hidden>")
            .finish()
    }
}

/// A site's checks and how to run them (secrets inside `opts` are never drawn).
#[derive(Debug)]
pub struct SiteAccess {
    pub checks: SiteChecks,
    pub opts: Options,
}
