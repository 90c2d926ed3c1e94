//! `vereint config show`.

use clap::Subcommand;

use crate::i18n::{Msg, t};
use crate::output;
use crate::session::Session;

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// The effective settings and where each came from
    Show {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(session: &Session, figment: &figment::Figment, cmd: ConfigCmd) -> anyhow::Result<()> {
    let ConfigCmd::Show { json } = cmd;
    let settings = crate::config::settings(&session.config, figment);
    if json {
        return Ok(output::json(&settings)?);
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
                t(Msg::ConfigDefault, session.lang).to_string()
            } else {
                s.source.clone()
            };
            vec![s.key.clone(), value, source]
        })
        .collect();
    Ok(output::table(
        &["key", "value", t(Msg::ConfigSource, session.lang)],
        &rows,
    )?)
}
