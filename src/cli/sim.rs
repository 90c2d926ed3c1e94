//! `vereint sim bbb|mattermost`: the simulators of the servers vereint drives.

use clap::Subcommand;

use crate::i18n::Lang;
use crate::runtime::{self, Threads};
use crate::sim::{bbb, mattermost};

#[derive(Debug, Subcommand)]
pub enum SimCmd {
    /// A BigBlueButton API server (in memory) under /bigbluebutton/api/
    Bbb(bbb::Args),
    /// A Mattermost API v4 server (see the module documentation for the endpoints and env)
    Mattermost(mattermost::Args),
}

pub fn run(lang: Lang, cmd: SimCmd) -> anyhow::Result<()> {
    runtime::new(Threads::PerCore)?.block_on(async {
        match cmd {
            SimCmd::Bbb(args) => bbb::run(lang, args).await,
            SimCmd::Mattermost(args) => mattermost::run(lang, args).await,
        }
    })
}
