//! Command line: clap definitions and dispatch. Output goes through `output`.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, CommandFactory, Parser, Subcommand};
use serde::Serialize;

use crate::catalog::filter::Filters;
use crate::catalog::model::{Count, E2e, Fact, Platform, Tool};
use crate::catalog::search::{Index, Searcher};
use crate::catalog::{self, profile};
use crate::config::{self, Paths};
use crate::events;
use crate::i18n::{Lang, Msg, t, tf};
use crate::output;
use crate::session::Session;

#[derive(Debug, Parser)]
#[command(name = "vereint", version, about = "Digital tools and infrastructure for clubs and non-profits", long_about = None)]
pub struct Cli {
    /// Language of the output (default: from LC_ALL, LC_MESSAGES or LANG)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Read this configuration file on top of the system and user files
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the terminal interface (the default without a command)
    Tui {
        /// Draw the first frame, restore the terminal and exit (for start-up benchmarks)
        #[arg(long, hide = true)]
        exit_after_first_frame: bool,
        /// Check the services of this `vereint provision` site file (H: site services)
        #[arg(long, value_name = "FILE")]
        site: Option<std::path::PathBuf>,
        /// Milliseconds between clock ticks (tests: a key must show without waiting for one)
        #[arg(long, hide = true, default_value_t = 1000)]
        tick_ms: u64,
    },
    /// Browse the catalogue of digital tools
    #[command(subcommand)]
    Catalog(CatalogCmd),
    /// Workshops and consultation hours
    #[command(subcommand)]
    Events(EventsCmd),
    /// Practical examples of clubs using tools
    #[command(subcommand)]
    Examples(ExamplesCmd),
    /// Book a video room or a chat team from the directory
    Book(crate::mine::cli::BookArgs),
    /// Your bookings: list, show, cancel, retry what could not be sent
    #[command(subcommand)]
    Bookings(crate::mine::cli::BookingsCmd),
    /// Show the configuration
    #[command(subcommand)]
    Config(ConfigCmd),
    /// The central directory: run the server, or administer it
    #[command(subcommand)]
    Directory(crate::directory::cli::DirectoryCmd),
    /// Your BigBlueButton room: show it, change settings, rotate access codes (owner token)
    #[command(subcommand)]
    Room(crate::client::RoomCmd),
    /// Simulators of the servers vereint drives, for tests and trying it out
    #[command(subcommand)]
    Sim(crate::sim::SimCmd),
    /// Check services: HTTP(S), certificates, BBB, Mattermost, STUN/TURN, DNS (exit code: worst state)
    Health(crate::health::cli::HealthArgs),
    /// The reporting agent of a self-hosted instance
    #[command(subcommand)]
    Agent(crate::health::cli::AgentCmd),
    /// Your booked Mattermost team: show it, or make a new invite link
    #[command(subcommand)]
    Team(crate::team_cli::TeamCmd),
    /// Self-hosting: set up Mattermost, BigBlueButton or the directory on your servers from a site file
    #[command(subcommand)]
    Provision(crate::provision::ProvisionCmd),
    /// Print shell completions
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    Man,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCmd {
    /// List tools, optionally filtered
    List {
        #[command(flatten)]
        filters: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// Show one tool with its privacy profile
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Fuzzy search over names, providers, categories and summaries
    Search {
        query: String,
        #[command(flatten)]
        filters: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// Check a catalogue folder and report every problem (default: the embedded catalogue)
    Validate {
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Only this category (id, such as chat or video)
    #[arg(long)]
    pub category: Option<String>,
    /// Must run on this platform (repeatable)
    #[arg(long, value_enum)]
    pub platform: Vec<PlatformArg>,
    /// Only open-source tools
    #[arg(long)]
    pub open_source: bool,
    /// Only tools a club can run on its own server
    #[arg(long)]
    pub self_hostable: bool,
    /// Only end-to-end encrypted tools
    #[arg(long)]
    pub e2e: bool,
    /// Only tools with a free tier
    #[arg(long)]
    pub free: bool,
    /// Only providers seated in the EU/EEA
    #[arg(long)]
    pub eu: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PlatformArg {
    Web,
    Windows,
    Macos,
    Linux,
    Android,
    Ios,
}

impl From<PlatformArg> for Platform {
    fn from(p: PlatformArg) -> Self {
        match p {
            PlatformArg::Web => Platform::Web,
            PlatformArg::Windows => Platform::Windows,
            PlatformArg::Macos => Platform::Macos,
            PlatformArg::Linux => Platform::Linux,
            PlatformArg::Android => Platform::Android,
            PlatformArg::Ios => Platform::Ios,
        }
    }
}

impl FilterArgs {
    fn filters(&self) -> Filters {
        Filters {
            category: self.category.clone(),
            platforms: self.platform.iter().map(|p| Platform::from(*p)).collect(),
            open_source: self.open_source,
            self_hostable: self.self_hostable,
            e2e: self.e2e,
            free_tier: self.free,
            eu: self.eu,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum EventsCmd {
    /// Upcoming dates of all events
    List {
        /// How many dates per event
        #[arg(long, default_value_t = 3)]
        count: usize,
        #[arg(long)]
        json: bool,
    },
    /// iCalendar feed of all events, or of one
    Ics {
        id: Option<String>,
        /// Write to this file instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    #[command(flatten)]
    Mine(crate::mine::cli::EventsMineCmd),
}

#[derive(Debug, Subcommand)]
pub enum ExamplesCmd {
    /// List the practical examples
    List {
        #[arg(long)]
        json: bool,
    },
    /// Read one example
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// The effective settings and where each came from
    Show {
        #[arg(long)]
        json: bool,
    },
}

/// Parses arguments, runs the command, and maps the outcome to an exit code:
/// 0 ok, 1 failure, 2 usage error; a closed pipe ends quietly.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<crate::health::cli::ExitWith>().is_some() => {
            let code = e
                .downcast_ref::<crate::health::cli::ExitWith>()
                .map_or(1, |c| c.0);
            ExitCode::from(code)
        }
        Err(e) if e.is::<crate::mine::cli::UsageError>() => {
            eprintln!("vereint: {}", output::sanitize(&format!("{e:#}")));
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("vereint: {}", output::sanitize(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Some(Command::Completions { shell }) => {
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "vereint", &mut buf);
            return Ok(output::raw(&buf)?);
        }
        Some(Command::Man) => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
            return Ok(output::raw(&buf)?);
        }
        Some(Command::Sim(_)) => {
            let Some(Command::Sim(cmd)) = cli.command else {
                unreachable!()
            };
            return crate::sim::run(cli.lang.unwrap_or_else(Lang::from_env), cmd);
        }
        Some(Command::Catalog(CatalogCmd::Validate { dir, json })) => {
            return validate(
                cli.lang.unwrap_or_else(Lang::from_env),
                dir.as_deref(),
                *json,
            );
        }
        _ => {}
    }
    if let Some(Command::Provision(cmd)) = cli.command {
        return crate::provision::run(cli.lang.unwrap_or_else(Lang::from_env), cmd);
    }
    let (config, figment) = config::load(&Paths::from_env(), cli.config.as_deref())?;
    let session = Session::new(cli.lang, config)?;
    match cli.command {
        None => crate::tui::run(session, crate::tui::Options::default()),
        Some(Command::Tui {
            exit_after_first_frame,
            site,
            tick_ms,
        }) => crate::tui::run(
            session,
            crate::tui::Options {
                exit_after_first_frame,
                site,
                tick: std::time::Duration::from_millis(tick_ms.max(1)),
            },
        ),
        Some(Command::Catalog(cmd)) => catalog_cmd(&session, cmd),
        Some(Command::Events(cmd)) => events_cmd(&session, cmd),
        Some(Command::Examples(cmd)) => examples_cmd(&session, cmd),
        Some(Command::Book(args)) => crate::mine::cli::book(&session, args),
        Some(Command::Bookings(cmd)) => crate::mine::cli::bookings(&session, cmd),
        Some(Command::Directory(cmd)) => crate::directory::cli::run(&session, cmd),
        Some(Command::Room(cmd)) => crate::client::room_cli::run(&session, cmd),
        Some(Command::Health(args)) => crate::health::cli::health(&session, args),
        Some(Command::Agent(cmd)) => crate::health::cli::agent(&session, &figment, cmd),
        Some(Command::Team(cmd)) => crate::team_cli::run(&session, cmd),
        Some(Command::Config(ConfigCmd::Show { json })) => {
            let settings = config::settings(&session.config, &figment);
            if json {
                return Ok(output::json(&settings)?);
            }
            let rows: Vec<Vec<String>> = settings
                .iter()
                .map(|s| {
                    let value = match &s.value {
                        serde_json::Value::Null => "-".to_string(),
                        serde_json::Value::String(v) => v.clone(),
                        v => v.to_string(),
                    };
                    let source = if s.source == "default" {
                        t(Msg::ConfigDefault, session.lang).to_string()
                    } else {
                        s.source.clone()
                    };
                    vec![s.key.clone(), value, source]
                })
                .collect();
            Ok(output::table(
                &["key", "value", t(Msg::ConfigSource, session.lang)],
                &rows,
            )?)
        }
        Some(
            Command::Completions { .. } | Command::Man | Command::Sim(_) | Command::Provision(_),
        ) => {
            unreachable!("handled before loading the configuration")
        }
    }
}

/// The contract of `catalog list --json` (see ARCHITECTURE.md), plus a few more fields.
#[derive(Serialize)]
struct ToolJson<'a> {
    #[serde(flatten)]
    tool: &'a Tool,
    e2e: &'static str,
    summary: &'a catalog::Text,
}

fn tool_json(tool: &Tool) -> ToolJson<'_> {
    ToolJson {
        tool,
        e2e: tool.e2e().as_str(),
        summary: &tool.summary,
    }
}

fn catalog_cmd(session: &Session, cmd: CatalogCmd) -> anyhow::Result<()> {
    let cat = &session.catalog;
    let lang = session.lang;
    match cmd {
        CatalogCmd::List { filters, json } => {
            let f = filters.filters();
            let tools: Vec<&Tool> = cat.tools.iter().filter(|t| f.matches(t)).collect();
            tool_list(session, &tools, json)
        }
        CatalogCmd::Search {
            query,
            filters,
            json,
        } => {
            let f = filters.filters();
            let index = Index::new(cat);
            let hits = Searcher::default().search(&index, &query);
            let tools: Vec<&Tool> = hits
                .iter()
                .map(|h| &cat.tools[h.tool])
                .filter(|t| f.matches(t))
                .collect();
            if tools.is_empty() && !json {
                return Ok(output::text(t(Msg::NoResults, lang))?);
            }
            tool_list(session, &tools, json)
        }
        CatalogCmd::Show { id, json } => {
            let tool = cat
                .tool(&id)
                .ok_or_else(|| anyhow::anyhow!(tf(Msg::ErrToolNotFound, lang, &[("id", &id)])))?;
            if json {
                #[derive(Serialize)]
                struct Shown<'a> {
                    #[serde(flatten)]
                    tool: ToolJson<'a>,
                    profile: Vec<profile::Line>,
                }
                return Ok(output::json(&Shown {
                    tool: tool_json(tool),
                    profile: profile::profile(tool, lang),
                })?);
            }
            Ok(output::text(&tool_details(session, tool))?)
        }
        CatalogCmd::Validate { .. } => unreachable!("handled without a session"),
    }
}

fn tool_list(session: &Session, tools: &[&Tool], json: bool) -> anyhow::Result<()> {
    if json {
        let items: Vec<ToolJson<'_>> = tools.iter().map(|t| tool_json(t)).collect();
        return Ok(output::json(&items)?);
    }
    let lang = session.lang;
    let rows: Vec<Vec<String>> = tools
        .iter()
        .map(|tool| {
            let category = session
                .catalog
                .category(&tool.category)
                .map_or(tool.category.clone(), |c| c.name.get(lang).to_string());
            vec![
                tool.id.clone(),
                tool.name.clone(),
                category,
                tool.provider.country.clone(),
                tool.summary.get(lang).to_string(),
            ]
        })
        .collect();
    Ok(output::table(
        &[
            t(Msg::FieldId, lang),
            t(Msg::FieldName, lang),
            t(Msg::FieldCategory, lang),
            t(Msg::FieldCountry, lang),
            t(Msg::FieldSummary, lang),
        ],
        &rows,
    )?)
}

pub fn fact(f: Fact, lang: Lang) -> &'static str {
    match f {
        Fact::Yes => t(Msg::Yes, lang),
        Fact::No => t(Msg::No, lang),
        Fact::Unknown => t(Msg::Unknown, lang),
        Fact::NotApplicable => t(Msg::NotApplicable, lang),
    }
}

pub fn e2e_label(e2e: E2e, lang: Lang) -> &'static str {
    match e2e {
        E2e::Yes => t(Msg::Yes, lang),
        E2e::Partial => t(Msg::Partly, lang),
        E2e::No => t(Msg::No, lang),
        E2e::NotApplicable => t(Msg::NotApplicable, lang),
    }
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    if b {
        t(Msg::Yes, lang)
    } else {
        t(Msg::No, lang)
    }
}

fn tool_details(session: &Session, tool: &Tool) -> String {
    let lang = session.lang;
    let category = session
        .catalog
        .category(&tool.category)
        .map_or(tool.category.as_str(), |c| c.name.get(lang));
    let platforms: Vec<&str> = tool.platforms.iter().map(|p| p.label()).collect();
    let hosting = if tool.hosting.countries.is_empty() {
        t(Msg::Unknown, lang).to_string()
    } else {
        tool.hosting.countries.join(", ")
    };
    let mut rows: Vec<(Msg, String)> = vec![
        (Msg::FieldCategory, category.to_string()),
        (
            Msg::FieldProvider,
            format!("{} ({})", tool.provider.name, tool.provider.country),
        ),
        (
            Msg::FieldHosting,
            format!("{hosting} – {}", tool.hosting.note.get(lang)),
        ),
        (
            Msg::FieldOpenSource,
            yes_no(tool.open_source, lang).to_string(),
        ),
    ];
    if let Some(licence) = &tool.licence {
        rows.push((Msg::FieldLicence, licence.clone()));
    }
    rows.extend([
        (
            Msg::FieldSelfHostable,
            yes_no(tool.self_hostable, lang).to_string(),
        ),
        (
            Msg::FieldE2e,
            format!(
                "{} – {}",
                e2e_label(tool.e2e(), lang),
                tool.security.e2e_note.get(lang)
            ),
        ),
        (Msg::FieldDpa, fact(tool.gdpr.dpa, lang).to_string()),
        (
            Msg::FieldUsTransfer,
            fact(tool.gdpr.us_transfer, lang).to_string(),
        ),
        (Msg::FieldGdpr, tool.gdpr.note.get(lang).to_string()),
        (Msg::FieldPlatforms, platforms.join(", ")),
        (
            Msg::FieldAccount,
            fact(tool.account_to_join, lang).to_string(),
        ),
        (
            Msg::FieldFreeTier,
            fact(tool.pricing.free_tier, lang).to_string(),
        ),
        (
            Msg::FieldNonprofit,
            fact(tool.pricing.nonprofit_offer, lang).to_string(),
        ),
        (Msg::FieldPricing, tool.pricing.note.get(lang).to_string()),
    ]);
    if let Some(max) = &tool.max_participants {
        let v = match max {
            Count::Known(n) => n.to_string(),
            Count::Unknown(_) => t(Msg::Unknown, lang).to_string(),
        };
        rows.push((Msg::FieldMaxParticipants, v));
    }
    rows.extend([
        (
            Msg::FieldAccessibility,
            tool.accessibility.get(lang).to_string(),
        ),
        (Msg::FieldWebsite, tool.website.clone()),
        (Msg::FieldSources, tool.sources.join("\n  ")),
        (Msg::FieldAsOf, tool.as_of.to_string()),
    ]);
    let mut out = format!(
        "{} – {}\n\n{}\n\n",
        tool.name,
        tool.summary.get(lang),
        tool.description.get(lang)
    );
    for (label, value) in rows {
        out.push_str(&format!("{}: {}\n", t(label, lang), value));
    }
    out.push_str(&format!("\n{}:\n", t(Msg::FieldProfile, lang)));
    for line in profile::profile(tool, lang) {
        out.push_str(&format!("  {} {}\n", line.mark.symbol(), line.text));
    }
    out
}

fn validate(lang: Lang, dir: Option<&std::path::Path>, json: bool) -> anyhow::Result<()> {
    let (name, result) = match dir {
        Some(dir) => (
            dir.display().to_string(),
            catalog::load_dir(dir).map(std::sync::Arc::new),
        ),
        None => ("embedded".to_string(), catalog::embedded()),
    };
    match result {
        Ok(cat) => {
            if json {
                output::json(&serde_json::json!({"valid": true, "problems": []}))?;
            } else {
                output::text(&tf(
                    Msg::ValidateOk,
                    lang,
                    &[
                        ("dir", &name),
                        ("tools", &cat.tools.len()),
                        ("categories", &cat.categories.len()),
                        ("events", &cat.events.len()),
                        ("examples", &cat.examples.len()),
                    ],
                ))?;
            }
            Ok(())
        }
        Err(problems) => {
            if json {
                output::json(&serde_json::json!({"valid": false, "problems": problems.0}))?;
            } else {
                eprint!("{}", output::sanitize(&problems.to_string()));
            }
            anyhow::bail!(tf(
                Msg::ValidateFailed,
                lang,
                &[("dir", &name), ("count", &problems.0.len())]
            ))
        }
    }
}

fn events_cmd(session: &Session, cmd: EventsCmd) -> anyhow::Result<()> {
    let lang = session.lang;
    let now = jiff::Timestamp::now();
    match cmd {
        EventsCmd::List { count, json } => {
            let agenda = events::agenda(&session.catalog.events, now, count);
            if json {
                #[derive(Serialize)]
                struct Item<'a> {
                    id: &'a str,
                    kind: events::EventKind,
                    title: &'a catalog::Text,
                    start: String,
                    end: String,
                    language: &'a str,
                    capacity: u32,
                    online_url: Option<&'a str>,
                    place: Option<&'a catalog::Text>,
                }
                let items: Vec<Item<'_>> = agenda
                    .iter()
                    .map(|u| Item {
                        id: &u.event.id,
                        kind: u.event.kind,
                        title: &u.event.title,
                        start: u.occurrence.start.timestamp().to_string(),
                        end: u.occurrence.end.timestamp().to_string(),
                        language: &u.event.language,
                        capacity: u.event.capacity,
                        online_url: u.event.online_url.as_deref(),
                        place: u.event.place.as_ref(),
                    })
                    .collect();
                return Ok(output::json(&items)?);
            }
            let rows: Vec<Vec<String>> = agenda
                .iter()
                .map(|u| {
                    let place = u.event.place.as_ref().map_or_else(
                        || t(Msg::Online, lang).to_string(),
                        |p| p.get(lang).to_string(),
                    );
                    vec![
                        u.occurrence.start.strftime("%Y-%m-%d %H:%M").to_string(),
                        u.event.title.get(lang).to_string(),
                        u.event.language.clone(),
                        place,
                    ]
                })
                .collect();
            Ok(output::table(
                &[
                    t(Msg::FieldWhen, lang),
                    t(Msg::FieldName, lang),
                    t(Msg::FieldLanguage, lang),
                    t(Msg::FieldWhere, lang),
                ],
                &rows,
            )?)
        }
        EventsCmd::Mine(cmd) => crate::mine::cli::events(session, cmd),
        EventsCmd::Ics { id, output: file } => {
            let selected: Vec<&events::Event> = match &id {
                Some(id) => vec![
                    session
                        .catalog
                        .events
                        .iter()
                        .find(|e| e.id == *id)
                        .ok_or_else(|| {
                            anyhow::anyhow!(tf(Msg::ErrEventNotFound, lang, &[("id", id)]))
                        })?,
                ],
                None => session.catalog.events.iter().collect(),
            };
            let ics = events::to_ics(selected, now, lang);
            match file {
                Some(path) => std::fs::write(&path, ics)
                    .with_context(|| format!("writing {}", path.display())),
                None => Ok(output::raw(ics.as_bytes())?),
            }
        }
    }
}

fn examples_cmd(session: &Session, cmd: ExamplesCmd) -> anyhow::Result<()> {
    let lang = session.lang;
    match cmd {
        ExamplesCmd::List { json } => {
            if json {
                return Ok(output::json(&session.catalog.examples)?);
            }
            let rows: Vec<Vec<String>> = session
                .catalog
                .examples
                .iter()
                .map(|e| {
                    vec![
                        e.id.clone(),
                        e.title.get(lang).to_string(),
                        e.club.get(lang).to_string(),
                    ]
                })
                .collect();
            Ok(output::table(
                &[
                    t(Msg::FieldId, lang),
                    t(Msg::FieldName, lang),
                    t(Msg::FieldClub, lang),
                ],
                &rows,
            )?)
        }
        ExamplesCmd::Show { id, json } => {
            let example = session.catalog.example(&id).ok_or_else(|| {
                anyhow::anyhow!(tf(Msg::ErrExampleNotFound, lang, &[("id", &id)]))
            })?;
            if json {
                return Ok(output::json(example)?);
            }
            Ok(output::text(&format!(
                "{}\n{}\n\n{}\n\n{}\n\n{}: {}",
                example.title.get(lang),
                example.club.get(lang),
                example.summary.get(lang),
                example.body.get(lang).trim(),
                t(Msg::FieldTools, lang),
                example.tools.join(", ")
            ))?)
        }
    }
}
