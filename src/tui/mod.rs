//! The terminal interface.
//!
//! Built like ratatui's component template: one [`Action`] enum; a tokio `select!` loop over
//! crossterm's `EventStream`, a clock tick and an mpsc channel on which background [`Job`]s report
//! back; one component per screen (`screens/`) with `handle_key`, `update` and `draw`; at most one draw
//! per loop turn. The keymap is data (`keymap.toml`) and the help screen is generated from it. All
//! strings come from `crate::i18n`, all data passes through `text::clean` before it is drawn.
//!
//! The terminal is restored on every way out: a guard's `Drop` and a panic hook.

pub mod action;
pub mod app;
pub mod ctx;
pub mod keymap;
pub mod results;
pub mod screens;
pub mod text;
pub mod theme;

#[cfg(test)]
mod form_tests;
#[cfg(test)]
mod key_tests;
#[cfg(test)]
mod owner_tests;
#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod testing;

use std::io::{self, Stdout, Write};
use std::task::Poll;
use std::time::Duration;

use futures_util::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event, EventStream};
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use tokio::sync::mpsc;

pub use action::{Action, Job};
pub use app::App;
use theme::Theme;

use crate::i18n::{Msg, t};
use crate::session::Session;

/// How the interface is started.
#[derive(Debug, Clone)]
pub struct Options {
    /// Stop once the first frame is drawn (start-up benchmarks).
    pub exit_after_first_frame: bool,
    /// The site file whose services the site dashboard checks.
    pub site: Option<std::path::PathBuf>,
    /// How often the clock ticks (time-based screens, background refreshes).
    pub tick: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            exit_after_first_frame: false,
            site: None,
            tick: Duration::from_secs(1),
        }
    }
}

/// Opens the interface and runs it until the user quits.
pub fn run(session: Session, options: Options) -> anyhow::Result<()> {
    use std::io::IsTerminal as _;
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        anyhow::bail!(t(Msg::TuiNeedsTerminal, session.lang));
    }
    // a broken site file is reported before the screen is taken over
    let site = options
        .site
        .as_deref()
        .map(|path| site_access(&session, path))
        .transpose()?;
    crate::runtime::new(crate::runtime::Threads::One)?.block_on(run_async(session, &options, site))
}

fn site_access(
    session: &Session,
    path: &std::path::Path,
) -> anyhow::Result<std::sync::Arc<ctx::SiteAccess>> {
    let checks = crate::health::site::SiteChecks::load(path, session.lang)?;
    let mut opts = crate::health::options(session, Duration::from_secs(10), 32, None, None, None)?;
    opts.bbb_secret = opts.bbb_secret.or(checks.bbb_secret.clone());
    opts.turn_secret = opts.turn_secret.or(checks.turn_secret.clone());
    Ok(std::sync::Arc::new(ctx::SiteAccess { checks, opts }))
}

async fn run_async(
    session: Session,
    options: &Options,
    site: Option<std::sync::Arc<ctx::SiteAccess>>,
) -> anyhow::Result<()> {
    let theme = Theme::new(session.config.ui.theme, Theme::no_color_from_env());
    let directory_url = session.config.directory.client_url(None);
    let mut app = App::new(session.catalog, session.lang, theme, jiff::Timestamp::now());
    app.ctx.mine = crate::mine::store::Store::open_default().ok();
    // times other than events' are shown in the machine's zone (the screens say which)
    app.ctx.local = jiff::tz::TimeZone::system();
    app.ctx.site = site;
    // the admin screens: the token from directory.admin_token_file or the env, never drawn
    match session.config.directory.admin_token() {
        Ok(Some(token)) => {
            app.ctx.admin = Some(ctx::AdminAccess::new(&directory_url, token));
        }
        Ok(None) => {}
        Err(e) => app.ctx.status = Some(format!("{e:#}")),
    }
    app.ctx.directory_url = directory_url;
    install_panic_hook();
    let _guard = TerminalGuard::enter(session.config.ui.mouse)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    // first frame before anything heavy happens
    terminal.draw(|frame| app.draw(frame))?;
    if options.exit_after_first_frame {
        return Ok(());
    }
    app.after_first_frame();
    // an operator's own catalogue folder is what they want to see; otherwise the directory's
    if session.config.catalog.dir.is_none() {
        app.ctx
            .spawn(catalog_sync_job(app.ctx.directory_url.clone()));
    }
    event_loop(&mut terminal, &mut app, options.tick).await
}

async fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    tick: Duration,
) -> anyhow::Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(tick);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        spawn_jobs(app, &tx);
        tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => handle(app, &event),
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(()),
            },
            _ = tick.tick() => app.dispatch(Action::Tick(jiff::Timestamp::now())),
            Some(action) = rx.recv() => app.dispatch(action),
        }
        // take whatever else is ready (a paste, fast typing) before drawing once
        while let Some(Ok(event)) = ready_event(&mut events).await {
            handle(app, &event);
            if app.should_quit {
                break;
            }
        }
        while let Ok(action) = rx.try_recv() {
            app.dispatch(action);
        }
        if app.should_quit {
            return Ok(());
        }
        if app.dirty {
            terminal.draw(|frame| app.draw(frame))?;
        }
        if let Some(text) = app.ctx.clipboard.take() {
            copy_osc52(terminal.backend_mut(), &text)?;
        }
    }
}

/// The next input event if one is ready now, `None` if not (or if input has ended, which the next
/// `select!` sees). It polls with this task's own waker on purpose: while it waits for input,
/// crossterm's stream keeps the first waker it was handed, so a no-op waker here (`now_or_never`)
/// would leave the loop asleep until the next tick.
async fn ready_event(events: &mut EventStream) -> Option<io::Result<Event>> {
    std::future::poll_fn(|cx| match events.poll_next_unpin(cx) {
        Poll::Ready(event) => Poll::Ready(event),
        Poll::Pending => Poll::Ready(None),
    })
    .await
}

/// Fetches the directory's catalogue (or confirms the cached one) without holding up the first frame.
fn catalog_sync_job(directory_url: String) -> Job {
    use crate::client::catalog_sync::{Cache, Source, sync};
    Job::new("catalogue", async move {
        let synced = match crate::client::Client::new(&directory_url) {
            Ok(client) => {
                let cache = Cache::for_directory(client.base().as_str());
                sync(&client, cache.as_ref(), jiff::Timestamp::now()).await
            }
            Err(e) => crate::client::catalog_sync::Synced {
                catalog: None,
                source: Source::Embedded,
                problem: Some(e.to_string()),
            },
        };
        if let Some(problem) = &synced.problem {
            tracing::info!(%problem, "directory catalogue not used");
        }
        Action::CatalogSynced(action::CatalogSynced {
            catalog: synced
                .catalog
                .map(|c| action::Shared(std::sync::Arc::new(c))),
            source: synced.source,
        })
    })
}

/// Puts `text` on the clipboard of the terminal (also over SSH) with the OSC 52 sequence.
fn copy_osc52(out: &mut impl io::Write, text: &str) -> io::Result<()> {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

fn handle(app: &mut App, event: &Event) {
    if let Some(action) = app.handle_event(event) {
        app.dispatch(action);
    }
}

fn spawn_jobs(app: &mut App, tx: &mpsc::UnboundedSender<Action>) {
    for job in app.take_jobs() {
        let tx = tx.clone();
        tokio::spawn(async move {
            let action = job.run.await;
            // the receiver is gone only when the app has quit
            let _ = tx.send(action);
        });
    }
}

/// Raw mode, alternate screen and (if configured) mouse capture, undone on drop.
struct TerminalGuard;

impl TerminalGuard {
    fn enter(mouse: bool) -> io::Result<TerminalGuard> {
        enable_raw_mode()?;
        let guard = TerminalGuard;
        let mut out = io::stdout();
        // a plain clear, not `Terminal::clear`, which asks the terminal for the cursor position and
        // waits for the answer (a round trip before the first frame, slow over SSH)
        execute!(
            out,
            EnterAlternateScreen,
            Clear(ClearType::All),
            cursor::Hide
        )?;
        if mouse {
            execute!(out, EnableMouseCapture)?;
        }
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was; safe to call more than once.
fn restore() {
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal before the panic message is printed, so that it is readable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
