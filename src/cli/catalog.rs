//! `vereint catalog list|categories|show|search|validate`.

use std::path::{Path, PathBuf};

use clap::builder::PossibleValue;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::UsageError;
use crate::catalog::filter::Filters;
use crate::catalog::model::{Platform, Tool};
use crate::catalog::search::{Index, Searcher};
use crate::catalog::{self, facts, profile};
use crate::i18n::{Lang, Msg, t, tf};
use crate::output;
use crate::session::Session;

#[derive(Debug, Subcommand)]
pub enum CatalogCmd {
    /// List tools, optionally filtered
    List {
        #[command(flatten)]
        filters: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// The categories: their ids (for --category), names and how many tools each has
    Categories {
        #[arg(long)]
        json: bool,
    },
    /// Show one tool with its privacy profile
    Show {
        /// The tool's id, as `vereint catalog list` shows it
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Fuzzy search over names, providers, categories and summaries
    Search {
        /// What to look for
        query: String,
        #[command(flatten)]
        filters: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// Check a catalogue folder and report every problem (default: the embedded catalogue)
    Validate {
        /// The catalogue folder
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Only this category (id, such as chat or video)
    #[arg(long)]
    pub category: Option<String>,
    /// Must run on this platform (repeatable)
    #[arg(long, value_enum)]
    pub platform: Vec<Platform>,
    /// Only open-source tools
    #[arg(long)]
    pub open_source: bool,
    /// Only tools a club can run on its own server
    #[arg(long)]
    pub self_hostable: bool,
    /// Only end-to-end encrypted tools
    #[arg(long)]
    pub e2e: bool,
    /// Only tools with a free tier
    #[arg(long)]
    pub free: bool,
    /// Only providers seated in the EU/EEA
    #[arg(long)]
    pub eu: bool,
}

impl clap::ValueEnum for Platform {
    fn value_variants<'a>() -> &'a [Self] {
        &Platform::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

impl FilterArgs {
    /// The filters; an unknown `--category` is a usage error that lists the ids.
    fn filters(&self, session: &Session) -> anyhow::Result<Filters> {
        if let Some(id) = &self.category
            && session.catalog.category(id).is_none()
        {
            let ids: Vec<&str> = session
                .catalog
                .categories
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            let mut text = tf(
                Msg::CatalogNoCategory,
                session.lang,
                &[("id", id), ("ids", &ids.join(", "))],
            );
            if let Some(near) = crate::suggest::closest(id, ids.iter().copied()) {
                text.push_str(&format!(
                    "; {}",
                    tf(Msg::CliDidYouMean, session.lang, &[("suggestion", &near)])
                ));
            }
            return Err(UsageError(text).into());
        }
        Ok(Filters {
            category: self.category.clone(),
            platforms: self.platform.iter().copied().collect(),
            open_source: self.open_source,
            self_hostable: self.self_hostable,
            e2e: self.e2e,
            free_tier: self.free,
            eu: self.eu,
        })
    }
}

/// `catalog categories`: id, name and number of tools of each category.
fn categories(session: &Session, json: bool) -> anyhow::Result<()> {
    let cat = &session.catalog;
    let count = |id: &str| cat.tools.iter().filter(|t| t.category == id).count();
    if json {
        #[derive(Serialize)]
        struct Item<'a> {
            id: &'a str,
            name: &'a catalog::Text,
            description: &'a catalog::Text,
            tools: usize,
        }
        let items: Vec<Item<'_>> = cat
            .categories
            .iter()
            .map(|c| Item {
                id: &c.id,
                name: &c.name,
                description: &c.description,
                tools: count(&c.id),
            })
            .collect();
        return Ok(output::json(&items)?);
    }
    let lang = session.lang;
    let rows: Vec<Vec<String>> = cat
        .categories
        .iter()
        .map(|c| {
            vec![
                c.id.clone(),
                c.name.get(lang).to_string(),
                count(&c.id).to_string(),
                c.description.get(lang).to_string(),
            ]
        })
        .collect();
    super::table(
        lang,
        &[
            Msg::FieldId,
            Msg::FieldName,
            Msg::FieldTools,
            Msg::FieldDescription,
        ],
        &rows,
    )
}

/// The contract of `catalog list --json` (see ARCHITECTURE.md), plus a few more fields.
#[derive(Serialize)]
struct ToolJson<'a> {
    #[serde(flatten)]
    tool: &'a Tool,
    e2e: &'static str,
    summary: &'a catalog::Text,
}

fn tool_json(tool: &Tool) -> ToolJson<'_> {
    ToolJson {
        tool,
        e2e: tool.e2e().as_str(),
        summary: &tool.summary,
    }
}

pub fn run(session: &Session, cmd: CatalogCmd) -> anyhow::Result<()> {
    let cat = &session.catalog;
    let lang = session.lang;
    match cmd {
        CatalogCmd::List { filters, json } => {
            let f = filters.filters(session)?;
            let tools: Vec<&Tool> = cat.tools.iter().filter(|t| f.matches(t)).collect();
            tool_list(session, &tools, json)
        }
        CatalogCmd::Search {
            query,
            filters,
            json,
        } => {
            let f = filters.filters(session)?;
            let index = Index::new(cat);
            let hits = Searcher::default().search(&index, &query);
            let tools: Vec<&Tool> = hits
                .iter()
                .map(|h| &cat.tools[h.tool])
                .filter(|t| f.matches(t))
                .collect();
            if tools.is_empty() && !json {
                return Ok(output::text(t(Msg::NoResults, lang))?);
            }
            tool_list(session, &tools, json)
        }
        CatalogCmd::Categories { json } => categories(session, json),
        CatalogCmd::Show { id, json } => {
            let tool = cat.tool(&id).ok_or_else(|| {
                let mut text = tf(Msg::ErrToolNotFound, lang, &[("id", &id)]);
                let ids = cat.tools.iter().map(|t| t.id.as_str());
                if let Some(near) = crate::suggest::closest(&id, ids) {
                    text.push_str(&format!(
                        "; {}",
                        tf(Msg::CliDidYouMean, lang, &[("suggestion", &near)])
                    ));
                }
                anyhow::anyhow!(text)
            })?;
            if json {
                #[derive(Serialize)]
                struct Shown<'a> {
                    #[serde(flatten)]
                    tool: ToolJson<'a>,
                    profile: Vec<profile::Line>,
                }
                return Ok(output::json(&Shown {
                    tool: tool_json(tool),
                    profile: profile::profile(tool, lang),
                })?);
            }
            Ok(output::text(&tool_details(session, tool))?)
        }
        CatalogCmd::Validate { .. } => unreachable!("handled without a session"),
    }
}

fn tool_list(session: &Session, tools: &[&Tool], json: bool) -> anyhow::Result<()> {
    if json {
        let items: Vec<ToolJson<'_>> = tools.iter().map(|t| tool_json(t)).collect();
        return Ok(output::json(&items)?);
    }
    let lang = session.lang;
    let rows: Vec<Vec<String>> = tools
        .iter()
        .map(|tool| {
            let category = session
                .catalog
                .category(&tool.category)
                .map_or(tool.category.clone(), |c| c.name.get(lang).to_string());
            vec![
                tool.id.clone(),
                tool.name.clone(),
                category,
                tool.provider.country.clone(),
                tool.summary.get(lang).to_string(),
            ]
        })
        .collect();
    super::table(
        lang,
        &[
            Msg::FieldId,
            Msg::FieldName,
            Msg::FieldCategory,
            Msg::FieldCountry,
            Msg::FieldSummary,
        ],
        &rows,
    )
}

fn tool_details(session: &Session, tool: &Tool) -> String {
    let lang = session.lang;
    let category = session
        .catalog
        .category(&tool.category)
        .map_or(tool.category.as_str(), |c| c.name.get(lang));
    let mut rows = facts::rows(tool, category, lang);
    rows.extend([
        (Msg::FieldSources, tool.sources.join("\n  ")),
        (Msg::FieldAsOf, tool.as_of.to_string()),
    ]);
    let mut out = format!(
        "{} – {}\n\n{}\n\n",
        tool.name,
        tool.summary.get(lang),
        tool.description.get(lang)
    );
    for (label, value) in rows {
        out.push_str(&format!("{}: {}\n", t(label, lang), value));
    }
    out.push_str(&format!("\n{}:\n", t(Msg::FieldProfile, lang)));
    for line in profile::profile(tool, lang) {
        out.push_str(&format!("  {} {}\n", line.mark.symbol(), line.text));
    }
    out
}

pub fn validate(lang: Lang, dir: Option<&Path>, json: bool) -> anyhow::Result<()> {
    let (name, result) = match dir {
        Some(dir) => (
            dir.display().to_string(),
            catalog::load_dir(dir).map(std::sync::Arc::new),
        ),
        None => ("embedded".to_string(), catalog::embedded()),
    };
    match result {
        Ok(cat) => {
            if json {
                output::json(&serde_json::json!({"valid": true, "problems": []}))?;
            } else {
                output::text(&tf(
                    Msg::ValidateOk,
                    lang,
                    &[
                        ("dir", &name),
                        ("tools", &cat.tools.len()),
                        ("categories", &cat.categories.len()),
                        ("events", &cat.events.len()),
                        ("examples", &cat.examples.len()),
                    ],
                ))?;
            }
            Ok(())
        }
        Err(problems) => {
            if json {
                let list: Vec<_> = problems.0.iter().map(|p| p.json(lang)).collect();
                output::json(&serde_json::json!({"valid": false, "problems": list}))?;
            } else {
                eprint!("{}", output::sanitize(&problems.text(lang)));
            }
            anyhow::bail!(tf(
                Msg::ValidateFailed,
                lang,
                &[("dir", &name), ("count", &problems.0.len())]
            ))
        }
    }
}
