//! `vereint examples list|show`.

use clap::Subcommand;

use crate::i18n::{Msg, t, tf};
use crate::output;
use crate::session::Session;

#[derive(Debug, Subcommand)]
pub enum ExamplesCmd {
    /// List the practical examples
    List {
        #[arg(long)]
        json: bool,
    },
    /// Read one example
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(session: &Session, cmd: ExamplesCmd) -> anyhow::Result<()> {
    let lang = session.lang;
    match cmd {
        ExamplesCmd::List { json } => {
            if json {
                return Ok(output::json(&session.catalog.examples)?);
            }
            let rows: Vec<Vec<String>> = session
                .catalog
                .examples
                .iter()
                .map(|e| {
                    vec![
                        e.id.clone(),
                        e.title.get(lang).to_string(),
                        e.club.get(lang).to_string(),
                    ]
                })
                .collect();
            super::table(lang, &[Msg::FieldId, Msg::FieldName, Msg::FieldClub], &rows)
        }
        ExamplesCmd::Show { id, json } => {
            let example = session.catalog.example(&id).ok_or_else(|| {
                anyhow::anyhow!(tf(Msg::ErrExampleNotFound, lang, &[("id", &id)]))
            })?;
            if json {
                return Ok(output::json(example)?);
            }
            Ok(output::text(&format!(
                "{}\n{}\n\n{}\n\n{}\n\n{}: {}",
                example.title.get(lang),
                example.club.get(lang),
                example.summary.get(lang),
                example.body.get(lang).trim(),
                t(Msg::FieldTools, lang),
                example.tools.join(", ")
            ))?)
        }
    }
}
