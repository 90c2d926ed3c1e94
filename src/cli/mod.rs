//! The command line, one file per top-level command as in the clap tree. Each command parses its
//! arguments, calls the library and prints through `output`; nothing outside `cli/` imports it.
//! Exit codes: 0 done, 1 refused or failed, 2 usage error (bad arguments, `--date`, configuration,
//! health target), the worst health state for `vereint health`.

mod agent;
mod book;
mod bookings;
mod catalog;
mod completions;
mod config;
mod confirm;
mod directory;
mod events;
mod examples;
mod health;
mod help;
mod man;
mod provision;
mod room;
mod sim;
mod team;
mod tui;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{FromArgMatches as _, Parser, Subcommand};

use crate::i18n::{Lang, Msg, error_chain, t};
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
    Tui(tui::TuiArgs),
    /// Browse the catalogue of digital tools
    #[command(subcommand)]
    Catalog(catalog::CatalogCmd),
    /// Workshops and consultation hours
    #[command(subcommand)]
    Events(events::EventsCmd),
    /// Practical examples of clubs using tools
    #[command(subcommand)]
    Examples(examples::ExamplesCmd),
    /// Book a video room or a chat team from the directory
    Book(book::BookArgs),
    /// Your bookings: list, show, cancel, retry what could not be sent
    #[command(subcommand)]
    Bookings(bookings::BookingsCmd),
    /// Show the configuration
    #[command(subcommand)]
    Config(config::ConfigCmd),
    /// The central directory: run the server, or administer it
    #[command(subcommand)]
    Directory(directory::DirectoryCmd),
    /// Your BigBlueButton room: show it, change settings, rotate access codes (owner token)
    #[command(subcommand)]
    Room(room::RoomCmd),
    /// Simulators of the servers vereint drives, for tests and trying it out
    #[command(subcommand)]
    Sim(sim::SimCmd),
    /// Check services: HTTP(S), certificates, BBB, Mattermost, STUN/TURN, DNS (exit code: worst state)
    Health(health::HealthArgs),
    /// The reporting agent of a self-hosted instance
    #[command(subcommand)]
    Agent(agent::AgentCmd),
    /// Your booked Mattermost team: show it, or make a new invite link
    #[command(subcommand)]
    Team(team::TeamCmd),
    /// Self-hosting: set up Mattermost, BigBlueButton or the directory on your servers from a site file
    #[command(subcommand)]
    Provision(provision::ProvisionCmd),
    /// Print shell completions
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page of vereint or of one command (roff), or write all of them
    Man(man::ManArgs),
}

/// Bad input: the CLI exits with 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct UsageError(String);

/// The exit code a command asks for (monitoring-plugin states), carried through `anyhow`.
#[derive(Debug, thiserror::Error)]
#[error("exit {0}")]
struct ExitWith(u8);

/// Parses arguments (help and usage errors in the language of `--lang` or the locale), runs the
/// command, and maps the outcome to an exit code: 0 done, 1 refused or failed, 2 usage error; a
/// closed pipe ends quietly.
pub fn run() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = help::lang_of_args(&args);
    let parsed = help::command(lang)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let text = help::error(&e, lang);
            return if e.use_stderr() {
                eprint!("{text}");
                ExitCode::from(2)
            } else {
                let _ = output::raw(text.as_bytes());
                ExitCode::SUCCESS
            };
        }
    };
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if e.is::<ExitWith>() => {
            ExitCode::from(e.downcast_ref::<ExitWith>().map_or(1, |c| c.0))
        }
        Err(e) if is_usage_error(&e) => {
            report(&e);
            ExitCode::from(2)
        }
        Err(e) => {
            report(&e);
            ExitCode::FAILURE
        }
    }
}

/// The error on stderr; a closed stderr (`2>&1 | head`) is no reason to panic.
fn report(e: &anyhow::Error) {
    use io::Write as _;
    let _ = writeln!(
        io::stderr(),
        "vereint: {}",
        output::sanitize(&error_chain(e, Lang::current()))
    );
}

/// Bad arguments or a bad configuration: exit code 2.
fn is_usage_error(e: &anyhow::Error) -> bool {
    e.chain()
        .any(|c| c.is::<UsageError>() || c.is::<crate::config::ConfigError>())
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn dispatch(cli: Cli) -> anyhow::Result<()> {
    let Cli {
        lang,
        config,
        command,
    } = cli;
    // these run without the configuration and the catalogue
    let plain_lang = || lang.unwrap_or_else(Lang::from_env);
    // until the session sets the configured language too
    Lang::set_current(plain_lang());
    let command = match command {
        Some(Command::Completions { shell }) => {
            return completions::completions(plain_lang(), shell);
        }
        Some(Command::Man(args)) => return man::run(plain_lang(), args),
        Some(Command::Sim(cmd)) => return sim::run(plain_lang(), cmd),
        Some(Command::Provision(cmd)) => return provision::run(plain_lang(), cmd),
        Some(Command::Catalog(catalog::CatalogCmd::Validate { dir, json })) => {
            return catalog::validate(plain_lang(), dir.as_deref(), json);
        }
        other => other,
    };
    let figment = crate::config::figment(
        &crate::config::Paths::from_env(),
        config.as_deref(),
        plain_lang(),
    )?;
    let config = match crate::config::extract(&figment, plain_lang()) {
        Ok(config) => config,
        Err(e) => {
            if let Some(Command::Config(cmd)) = command {
                config::show_invalid(plain_lang(), &figment, cmd)?;
            }
            return Err(e.into());
        }
    };
    let session = Session::new(lang, config)?;
    match command {
        None => crate::tui::run(session, crate::tui::Options::default()),
        Some(Command::Tui(args)) => tui::run(session, args),
        Some(Command::Catalog(cmd)) => catalog::run(&session, cmd),
        Some(Command::Events(cmd)) => events::run(&session, cmd),
        Some(Command::Examples(cmd)) => examples::run(&session, cmd),
        Some(Command::Book(args)) => book::run(&session, args),
        Some(Command::Bookings(cmd)) => bookings::run(&session, cmd),
        Some(Command::Config(cmd)) => config::run(&session, &figment, cmd),
        Some(Command::Directory(cmd)) => directory::run(&session, cmd),
        Some(Command::Room(cmd)) => room::run(&session, cmd),
        Some(Command::Health(args)) => health::run(&session, args),
        Some(Command::Agent(cmd)) => agent::run(&session, &figment, cmd),
        Some(Command::Team(cmd)) => team::run(&session, cmd),
        Some(
            Command::Completions { .. } | Command::Man(_) | Command::Sim(_) | Command::Provision(_),
        ) => {
            unreachable!("handled before loading the configuration")
        }
    }
}

/// A client of the directory at `url`, else at `directory.public_url`, else at `directory.bind`.
fn client(session: &Session, url: Option<&str>) -> anyhow::Result<crate::client::Client> {
    Ok(crate::client::Client::new(
        &session.config.directory.client_url(url),
    )?)
}

/// A table whose header cells are messages in `lang`.
fn table(lang: Lang, header: &[Msg], rows: &[Vec<String>]) -> anyhow::Result<()> {
    let header: Vec<&str> = header.iter().map(|m| t(*m, lang)).collect();
    Ok(output::table(&header, rows)?)
}
