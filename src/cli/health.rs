//! `vereint health`: checks the targets, prints them as a table, JSON or Prometheus text, and ends
//! with the worst state as exit code.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

use super::{ExitWith, UsageError};
use crate::health::{CheckResult, Options, Status, Target, output, run_all};
use crate::i18n::{Msg, tf};
use crate::runtime::{self, Threads};
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

/// `vereint health`: prints the results and ends with the worst status as exit code (states from
/// good to bad: OK 0, WARNING 1, UNKNOWN 3, CRITICAL 2). A bad command line (flag, target, nothing
/// to check) is a usage error (2); any other problem before a check ran (an unreadable secret
/// file, a directory that does not answer) is UNKNOWN (3), as monitoring plugins report it.
pub fn run(session: &Session, args: HealthArgs) -> anyhow::Result<()> {
    let (targets, opts, rt) = match prepare(session, &args) {
        Ok(ready) => ready,
        Err(e) if e.is::<UsageError>() => return Err(e),
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
    let usage = |msg: String| anyhow::Error::from(UsageError(msg));
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(usage(tf(
            Msg::HealthBadSeconds,
            lang,
            &[("flag", &"--timeout")],
        )));
    }
    if args.watch.is_some_and(|w| !(w > 0.0 && w.is_finite())) {
        return Err(usage(tf(
            Msg::HealthBadSeconds,
            lang,
            &[("flag", &"--watch")],
        )));
    }
    let mut targets = args
        .targets
        .iter()
        .map(|t| Target::parse(t).map_err(|e| usage(e.message(lang))))
        .collect::<Result<Vec<_>, _>>()?;
    let opts = crate::health::options(
        session,
        Duration::from_secs_f64(args.timeout),
        args.concurrency,
        args.bbb_secret_file.clone(),
        args.turn_secret_file.clone(),
        args.ca_file.clone(),
    )?;
    let mut opts = opts;
    if let Some(path) = &args.site {
        let site = crate::health::site::SiteChecks::load(path, lang)?;
        targets.extend(site.targets().cloned());
        opts.bbb_secret = opts.bbb_secret.or(site.bbb_secret);
        opts.turn_secret = opts.turn_secret.or(site.turn_secret);
    }
    let rt = runtime::new(Threads::PerCore)?;
    if let Some(url) = &args.from_directory {
        targets.extend(rt.block_on(crate::health::from_directory(url))?);
    }
    if targets.is_empty() {
        return Err(usage(tf(Msg::HealthNoTargets, lang, &[])));
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
