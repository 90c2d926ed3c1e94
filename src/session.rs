//! What every command works with: the language, the settings and the catalogue.

use std::sync::Arc;

use crate::catalog::{self, Catalog};
use crate::config::Config;
use crate::i18n::{Lang, Msg, tf};

#[derive(Debug, Clone)]
pub struct Session {
    pub lang: Lang,
    pub config: Config,
    pub catalog: Arc<Catalog>,
}

impl Session {
    /// `--lang` beats the configured language, which beats the locale.
    pub fn new(cli_lang: Option<Lang>, config: Config) -> anyhow::Result<Self> {
        let lang = cli_lang.or(config.lang).unwrap_or_else(Lang::from_env);
        Lang::set_current(lang);
        let catalog = match &config.catalog.dir {
            Some(dir) => Arc::new(catalog::load_dir(dir).map_err(|p| {
                anyhow::anyhow!(tf(
                    Msg::SessionCatalogInvalid,
                    lang,
                    &[
                        ("dir", &dir.display()),
                        ("problems", &p.text(lang).trim_end())
                    ]
                ))
            })?),
            None => catalog::embedded().map_err(|p| {
                anyhow::anyhow!(tf(
                    Msg::SessionEmbeddedInvalid,
                    lang,
                    &[("problems", &p.text(lang).trim_end())]
                ))
            })?,
        };
        Ok(Session {
            lang,
            config,
            catalog,
        })
    }
}
