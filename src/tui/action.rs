//! Everything that can happen in the interface is an [`Action`]: keys and mouse events become actions,
//! components turn actions into state changes (and sometimes into further actions), and background
//! tasks report back with actions over the app's channel.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::results::{
    AdminResult, CommunityAnswer, LiveRegistrations, LiveStatus, Outcome, RoomAnswer, Sweep,
};
use crate::catalog::filter::FilterKey;
use crate::catalog::model::Platform;
use crate::catalog::search::Index;

/// The screens, in the order of the tab bar where they have a tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScreenId {
    Home,
    Catalogue,
    Compare,
    Examples,
    Events,
    Detail,
    Reader,
    Help,
    Book,
    MyBookings,
    Register,
    Room,
    Community,
    /// Admin screens and dashboard.
    Admin,
    /// A site file's services, checked from here.
    SiteHealth,
}

impl ScreenId {
    /// Screens reachable from the tab bar (keys 1-5).
    pub const TABS: [ScreenId; 5] = [
        ScreenId::Home,
        ScreenId::Catalogue,
        ScreenId::Compare,
        ScreenId::Examples,
        ScreenId::Events,
    ];
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // the app
    Quit,
    /// Leave the current screen (or cancel what is going on in it).
    Back,
    Help,
    Go(ScreenId),
    /// Open the catalogue with the search field focused.
    Search,
    ToggleLang,
    ToggleTheme,
    /// The clock moved on; carries the new time so that nothing below reads the wall clock.
    Tick(jiff::Timestamp),

    // moving around
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    Open,
    Toggle,
    /// Mouse: the row (relative to the list's first visible item) was clicked.
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp,
    ScrollDown,

    // text fields
    Input(char),
    DeleteBack,
    ClearInput,
    CancelInput,
    SubmitInput,

    // catalogue
    ToggleCompare,
    OpenCompare,
    Filter(FilterKey),
    RemoveChip(usize),
    RemoveLastChip,
    ClearFilters,
    ClearSearch,

    // compare
    Remove,

    // opening things
    ShowTool(usize),
    ShowExample(usize),

    /// A message for the status line.
    Status(String),

    // bookings and registrations
    Refresh,
    /// Register for the selected date (Events screen).
    Register,
    RegisterFor {
        event_id: String,
        title: String,
        date: String,
    },
    Copy,
    /// Room settings of the selected active room booking (My bookings).
    EditRoom,
    OpenRoom(Box<crate::mine::store::MyBooking>),
    RotateCodes,
    RenewInvite,
    /// Several actions from one background job, applied in order.
    Chain(Vec<Action>),

    // results of background work
    /// The search index and the catalogue it was built from.
    IndexReady(Shared<Index>, Shared<crate::catalog::Catalog>),
    CatalogSynced(CatalogSynced),
    Booked(Outcome),
    BookingsLive(LiveStatus),
    RegistrationsLive(LiveRegistrations),
    RoomAnswer(RoomAnswer),
    CommunityAnswer(CommunityAnswer),

    // admin screens and dashboard
    /// Approve the selected booking.
    Approve,
    /// Reject the selected booking: asks for the reason first.
    Reject,
    /// Dashboard: the next sort order.
    Sort,
    /// Dashboard: only instances with problems, on/off.
    OnlyProblems,
    /// Dashboard: focus the text filter.
    FilterText,
    /// What an admin request brought back.
    Admin(AdminResult),
    /// One sweep of a site's checks, and when it ended.
    SiteChecked(Sweep, jiff::Timestamp),
}

impl Action {
    /// The action a keymap entry names, such as `quit`, `go:catalogue` or `filter:e2e`.
    pub fn from_name(name: &str) -> Option<Action> {
        use Action::*;
        if let Some(screen) = name.strip_prefix("go:") {
            return Some(Go(match screen {
                "home" => ScreenId::Home,
                "catalogue" => ScreenId::Catalogue,
                "compare" => ScreenId::Compare,
                "examples" => ScreenId::Examples,
                "events" => ScreenId::Events,
                "book" => ScreenId::Book,
                "bookings" => ScreenId::MyBookings,
                "community" => ScreenId::Community,
                "admin" => ScreenId::Admin,
                "site_health" => ScreenId::SiteHealth,
                _ => return None,
            }));
        }
        if let Some(filter) = name.strip_prefix("filter:") {
            return Some(Filter(match filter {
                "open_source" => FilterKey::OpenSource,
                "self_hostable" => FilterKey::SelfHostable,
                "e2e" => FilterKey::E2e,
                "free_tier" => FilterKey::FreeTier,
                "eu" => FilterKey::Eu,
                other => {
                    FilterKey::Platform(Platform::ALL.into_iter().find(|p| p.as_str() == other)?)
                }
            }));
        }
        Some(match name {
            "quit" => Quit,
            "back" => Back,
            "help" => Help,
            "search" => Search,
            "lang" => ToggleLang,
            "theme" => ToggleTheme,
            "up" => Up,
            "down" => Down,
            "left" => Left,
            "right" => Right,
            "page_up" => PageUp,
            "page_down" => PageDown,
            "top" => Top,
            "bottom" => Bottom,
            "next_pane" => NextPane,
            "prev_pane" => PrevPane,
            "open" => Open,
            "toggle" => Toggle,
            "delete_back" => DeleteBack,
            "clear_input" => ClearInput,
            "cancel_input" => CancelInput,
            "submit_input" => SubmitInput,
            "toggle_compare" => ToggleCompare,
            "compare" => OpenCompare,
            "remove_chip" => RemoveLastChip,
            "clear_filters" => ClearFilters,
            "clear_search" => ClearSearch,
            "remove" => Remove,
            "refresh" => Refresh,
            "copy" => Copy,
            "register" => Register,
            "edit_room" => EditRoom,
            "rotate_codes" => RotateCodes,
            "renew_invite" => RenewInvite,
            "approve" => Approve,
            "reject" => Reject,
            "sort" => Sort,
            "only_problems" => OnlyProblems,
            "filter_text" => FilterText,
            _ => return None,
        })
    }
}

/// What the background catalogue sync ended with (see `client::catalog_sync`).
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogSynced {
    pub catalog: Option<Shared<crate::catalog::Catalog>>,
    pub source: crate::client::catalog_sync::Source,
}

/// A value shared with a background task; equal when it is the same allocation.
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Shared<{}>", std::any::type_name::<T>())
    }
}

/// Work that must not block input (building the search index, every network call). The event loop
/// spawns it on the runtime and feeds the action it ends with back into the app.
pub struct Job {
    pub name: &'static str,
    pub run: Pin<Box<dyn Future<Output = Action> + Send>>,
}

impl Job {
    pub fn new(name: &'static str, run: impl Future<Output = Action> + Send + 'static) -> Self {
        Job {
            name,
            run: Box::pin(run),
        }
    }

    /// CPU-bound work, run on the blocking pool.
    pub fn blocking(name: &'static str, f: impl FnOnce() -> Action + Send + 'static) -> Self {
        Job::new(name, async move {
            tokio::task::spawn_blocking(f)
                .await
                .unwrap_or_else(|e| Action::Status(format!("{name}: {e}")))
        })
    }
}

impl fmt::Debug for Job {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Job({})", self.name)
    }
}
