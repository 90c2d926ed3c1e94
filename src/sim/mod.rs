//! `vereint sim ...`: protocol-faithful stand-ins for the servers vereint drives, for tests and for
//! trying vereint on one machine without the real services.

pub mod bbb;
pub mod mattermost;

use anyhow::Context as _;
use clap::Subcommand;

use crate::i18n::Lang;

#[derive(Debug, Subcommand)]
pub enum SimCmd {
    /// A BigBlueButton API server (in memory) under /bigbluebutton/api/
    Bbb(bbb::Args),
    /// A Mattermost API v4 server (see the module documentation for the endpoints and env)
    Mattermost(mattermost::Args),
}

pub fn run(lang: Lang, cmd: SimCmd) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        match cmd {
            SimCmd::Bbb(args) => bbb::run(lang, args).await,
            SimCmd::Mattermost(args) => mattermost::run(args).await,
        }
    })
}
