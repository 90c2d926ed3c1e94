//! Protocol-faithful stand-ins for the servers the directory drives, for tests and for trying
//! vereint on one machine: `vereint sim bbb`.

pub mod bbb;

use anyhow::Context as _;
use clap::Subcommand;

use crate::i18n::Lang;

#[derive(Debug, Subcommand)]
pub enum SimCmd {
    /// A BigBlueButton API server (in memory) under /bigbluebutton/api/
    Bbb(bbb::Args),
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
        }
    })
}
