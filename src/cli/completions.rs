//! `vereint completions SHELL` and `vereint man`: generated from the same definitions as `--help`.

use clap::CommandFactory as _;

use super::Cli;
use crate::output;

pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "vereint", &mut buf);
    Ok(output::raw(&buf)?)
}

pub fn man() -> anyhow::Result<()> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    Ok(output::raw(&buf)?)
}
