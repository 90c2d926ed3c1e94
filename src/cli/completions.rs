//! `vereint completions SHELL`: generated from the same localized tree as `--help`.

use crate::i18n::Lang;
use crate::output;

pub fn completions(lang: Lang, shell: clap_complete::Shell) -> anyhow::Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut super::help::command(lang), "vereint", &mut buf);
    Ok(output::raw(&buf)?)
}
