//! `vereint sim ...`: protocol-faithful servers for tests and for trying vereint without the real
//! services.

pub mod mattermost;

use anyhow::Context as _;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum SimCmd {
    /// A Mattermost API v4 server (see the module documentation for the endpoints and env)
    Mattermost(mattermost::Args),
}

pub fn run(cmd: SimCmd) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        match cmd {
            SimCmd::Mattermost(args) => mattermost::run(args).await,
        }
    })
}
