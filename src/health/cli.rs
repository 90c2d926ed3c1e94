//! `vereint health` and `vereint agent`: arguments and what they run.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};

use super::http::Fetcher;
use super::tls::TlsSetup;
use super::{CheckResult, Options, Status, Target, output, run_all};
use crate::config::read_secret;
use crate::i18n::{Msg, tf};
use crate::session::Session;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Prometheus,
}

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// Output: a table (colour unless NO_COLOR), JSON (one object per check) or Prometheus text
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Seconds each target may take
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub timeout: f64,
    /// Targets checked at the same time
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub concurrency: usize,
    /// File with the BBB shared secret (else health.bbb_secret_file)
    #[arg(long, value_name = "FILE")]
    pub bbb_secret_file: Option<PathBuf>,
    /// File with coturn's static-auth-secret (else health.turn_secret_file)
    #[arg(long, value_name = "FILE")]
    pub turn_secret_file: Option<PathBuf>,
    /// Extra CA certificates (PEM) to trust (else health.ca_file)
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Check again every SECONDS until interrupted
    #[arg(long, value_name = "SECONDS")]
    pub watch: Option<f64>,
    /// Also check the services of every instance in this directory's public list
    #[arg(long, value_name = "URL")]
    pub from_directory: Option<String>,
    /// Also check the services of this `vereint provision` site file (secrets from its state dir)
    #[arg(long, value_name = "FILE")]
    pub site: Option<PathBuf>,
    /// https://..., http://..., bbb+https://HOST/bigbluebutton/api/, mattermost+https://HOST,
    /// stun:HOST:PORT, turn:HOST:PORT[?transport=tcp], dns:NAME[?expect=ADDR,...]
    #[arg(value_name = "TARGET")]
    pub targets: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum AgentCmd {
    /// Check and report every interval, until stopped (systemd)
    Run,
    /// One round: check, report, deliver what is queued
    Once,
}

/// The exit code a command asks for (monitoring-plugin states), carried through `anyhow`.
#[derive(Debug, thiserror::Error)]
#[error("exit {0}")]
pub struct ExitWith(pub u8);

/// Builds the options shared by `health` and the agent from flags and `[health]`.
pub fn options(
    session: &Session,
    timeout: Duration,
    concurrency: usize,
    bbb_secret_file: Option<PathBuf>,
    turn_secret_file: Option<PathBuf>,
    ca_file: Option<PathBuf>,
) -> anyhow::Result<Options> {
    let h = &session.config.health;
    let bbb_file = bbb_secret_file.or_else(|| h.bbb_secret_file.clone());
    let turn_file = turn_secret_file.or_else(|| h.turn_secret_file.clone());
    let ca = ca_file.or_else(|| h.ca_file.clone());
    Ok(Options {
        lang: session.lang,
        timeout,
        concurrency,
        bbb_secret: read_secret(None, bbb_file.as_deref(), "health.bbb_secret_file")?,
        turn_secret: read_secret(None, turn_file.as_deref(), "health.turn_secret_file")?,
        fetcher: Fetcher {
            tls: TlsSetup::new(ca.as_deref())?,
            guard: None,
        },
    })
}

pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// `vereint health`: prints the results and ends with the worst status as exit code. A problem
/// before any check ran (bad flag, unreadable secret file, unknown target) is UNKNOWN (3), as
/// monitoring plugins report it.
pub fn health(session: &Session, args: HealthArgs) -> anyhow::Result<()> {
    let (targets, opts, rt) = match prepare(session, &args) {
        Ok(ready) => ready,
        Err(e) => {
            eprintln!("vereint: {}", crate::output::sanitize(&format!("{e:#}")));
            return Err(ExitWith(3).into());
        }
    };
    loop {
        let results = rt.block_on(run_all(&targets, &opts));
        print(&results, args.format, session)?;
        let Some(every) = args.watch else {
            let code = Status::worst(&results).code();
            return if code == 0 {
                Ok(())
            } else {
                Err(ExitWith(code).into())
            };
        };
        std::thread::sleep(Duration::from_secs_f64(every));
    }
}

/// Targets, options and runtime for `health`, or what is wrong with the command line or config.
fn prepare(
    session: &Session,
    args: &HealthArgs,
) -> anyhow::Result<(Vec<Target>, Options, tokio::runtime::Runtime)> {
    let lang = session.lang;
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        anyhow::bail!(tf(Msg::HealthBadSeconds, lang, &[("flag", &"--timeout")]));
    }
    if args.watch.is_some_and(|w| !(w > 0.0 && w.is_finite())) {
        anyhow::bail!(tf(Msg::HealthBadSeconds, lang, &[("flag", &"--watch")]));
    }
    let mut targets = args
        .targets
        .iter()
        .map(|t| Target::parse(t))
        .collect::<Result<Vec<_>, _>>()?;
    let opts = options(
        session,
        Duration::from_secs_f64(args.timeout),
        args.concurrency,
        args.bbb_secret_file.clone(),
        args.turn_secret_file.clone(),
        args.ca_file.clone(),
    )?;
    let mut opts = opts;
    if let Some(path) = &args.site {
        let site = super::site::SiteChecks::load(path, lang)?;
        targets.extend(site.targets().cloned());
        opts.bbb_secret = opts.bbb_secret.or(site.bbb_secret);
        opts.turn_secret = opts.turn_secret.or(site.turn_secret);
    }
    let rt = runtime()?;
    if let Some(url) = &args.from_directory {
        targets.extend(rt.block_on(from_directory(url))?);
    }
    if targets.is_empty() {
        anyhow::bail!(tf(Msg::HealthNoTargets, lang, &[]));
    }
    Ok((targets, opts, rt))
}

fn print(results: &[CheckResult], format: Format, session: &Session) -> anyhow::Result<()> {
    match format {
        Format::Json => crate::output::json(&output::json(results))?,
        Format::Prometheus => crate::output::raw(output::prometheus(results).as_bytes())?,
        Format::Table => crate::output::raw(
            output::table(results, session.lang, output::use_colour()).as_bytes(),
        )?,
    }
    Ok(())
}

/// The services of every instance in a directory's public list, as targets.
pub async fn from_directory(url: &str) -> anyhow::Result<Vec<Target>> {
    let client = crate::client::Client::new(url)?;
    let instances = client
        .instances()
        .await
        .with_context(|| format!("reading the instance list of {url}"))?;
    let mut targets = Vec::new();
    for instance in instances {
        for service in instance.services {
            match Target::from_kind(&service.kind, &service.url) {
                Ok(t) => targets.push(t),
                Err(e) => tracing::warn!(instance = %instance.id, error = %e, "service skipped"),
            }
        }
    }
    Ok(targets)
}

/// `vereint agent run|once`.
pub fn agent(session: &Session, figment: &figment::Figment, cmd: AgentCmd) -> anyhow::Result<()> {
    let settings = session
        .config
        .agent
        .clone()
        .with_context(|| tf(Msg::AgentNotConfigured, session.lang, &[]))?;
    super::agent::check_secret_file(figment)?;
    let rt = runtime()?;
    rt.block_on(super::agent::Agent::new(session, settings)?.start(matches!(cmd, AgentCmd::Once)))
}
