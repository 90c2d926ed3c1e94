//! `vereint config show`.

use clap::Subcommand;

use crate::i18n::{Lang, Msg, t};
use crate::output;
use crate::session::Session;

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// The effective settings and where each came from
    Show {
        /// Output as JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(session: &Session, figment: &figment::Figment, cmd: ConfigCmd) -> anyhow::Result<()> {
    let ConfigCmd::Show { json } = cmd;
    show(
        session.lang,
        &crate::config::settings(&session.config, figment),
        json,
    )
}

/// `config show` of a configuration that does not load: the settings as written with their files,
/// so that the wrong one can be found (the error follows on standard error).
pub fn show_invalid(lang: Lang, figment: &figment::Figment, cmd: ConfigCmd) -> anyhow::Result<()> {
    let ConfigCmd::Show { json } = cmd;
    show(lang, &crate::config::raw_settings(figment), json)
}

fn show(lang: Lang, settings: &[crate::config::Setting], json: bool) -> anyhow::Result<()> {
    if json {
        return Ok(output::json(settings)?);
    }
    let rows: Vec<Vec<String>> = settings
        .iter()
        .map(|s| {
            let value = match &s.value {
                serde_json::Value::Null => "-".to_string(),
                serde_json::Value::String(v) => v.clone(),
                v => v.to_string(),
            };
            let source = if s.source == "default" {
                t(Msg::ConfigDefault, lang).to_string()
            } else {
                s.source.clone()
            };
            vec![s.key.clone(), value, source]
        })
        .collect();
    Ok(output::table(
        &[
            t(Msg::ConfigKey, lang),
            t(Msg::ConfigValue, lang),
            t(Msg::ConfigSource, lang),
        ],
        &rows,
    )?)
}
