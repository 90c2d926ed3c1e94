//! `vereint agent run|once`: the reporting agent of a self-hosted instance.

use anyhow::Context as _;
use clap::Subcommand;

use crate::health::agent::{Agent, check_secret_file};
use crate::i18n::{Msg, tf};
use crate::runtime::{self, Threads};
use crate::session::Session;

#[derive(Debug, Subcommand)]
pub enum AgentCmd {
    /// Check and report every interval, until stopped (systemd)
    Run,
    /// One round: check, report, deliver what is queued
    Once,
}

pub fn run(session: &Session, figment: &figment::Figment, cmd: AgentCmd) -> anyhow::Result<()> {
    let settings = session
        .config
        .agent
        .clone()
        .with_context(|| tf(Msg::AgentNotConfigured, session.lang, &[]))?;
    check_secret_file(figment, session.lang)?;
    runtime::new(Threads::PerCore)?
        .block_on(Agent::new(session, settings)?.start(matches!(cmd, AgentCmd::Once)))
}
