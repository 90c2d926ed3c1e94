//! Configuration, layered with figment: built-in defaults < /etc/vereint/vereint.toml <
//! $XDG_CONFIG_HOME/vereint/vereint.toml < `--config FILE` < `VEREINT_*` environment (`__` nests).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use figment::providers::{Env, Format, Serialized, Toml};
use figment::{Figment, Profile, Source};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Language of the interface; unset means: from the locale.
    pub lang: Option<Lang>,
    pub ui: Ui,
    pub catalog: CatalogSettings,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ui {
    pub theme: ThemeName,
    pub mouse: bool,
}

impl Default for Ui {
    fn default() -> Self {
        Ui {
            theme: ThemeName::Default,
            mouse: true,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    #[default]
    Default,
    HighContrast,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CatalogSettings {
    /// A catalogue folder to use instead of the embedded one.
    pub dir: Option<PathBuf>,
}

/// Where the configuration files are looked for.
#[derive(Debug, Clone)]
pub struct Paths {
    pub system: PathBuf,
    pub user: Option<PathBuf>,
}

impl Paths {
    pub fn from_env() -> Self {
        let user = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
            .map(|base| base.join("vereint").join("vereint.toml"));
        Paths {
            system: PathBuf::from("/etc/vereint/vereint.toml"),
            user,
        }
    }
}

pub const ENV_PREFIX: &str = "VEREINT_";

/// The layered sources, lowest first. `explicit` is `--config FILE` and must exist.
pub fn figment(paths: &Paths, explicit: Option<&Path>) -> anyhow::Result<Figment> {
    let mut figment = Figment::from(Serialized::from(Config::default(), Profile::Default));
    for file in std::iter::once(&paths.system).chain(&paths.user) {
        if file.exists() {
            figment = figment.merge(Toml::file_exact(file));
        }
    }
    if let Some(file) = explicit {
        if !file.is_file() {
            bail!(
                "config file {} does not exist; check the path given to --config",
                file.display()
            );
        }
        figment = figment.merge(Toml::file_exact(file));
    }
    Ok(figment.merge(Env::prefixed(ENV_PREFIX).split("__")))
}

pub fn load(paths: &Paths, explicit: Option<&Path>) -> anyhow::Result<(Config, Figment)> {
    let figment = figment(paths, explicit)?;
    let config: Config = figment
        .extract()
        .map_err(describe)
        .context("invalid configuration")?;
    Ok((config, figment))
}

/// Figment's errors name the key and the file; add what to do.
fn describe(error: figment::Error) -> anyhow::Error {
    let all: Vec<String> = error.into_iter().map(|e| e.to_string()).collect();
    anyhow::anyhow!(
        "{}\nfix the key in that file or environment variable; `vereint config show` prints the effective settings",
        all.join("\n")
    )
}

/// One effective setting and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting {
    pub key: String,
    pub value: serde_json::Value,
    pub source: String,
}

pub fn settings(config: &Config, figment: &Figment) -> Vec<Setting> {
    let value = serde_json::to_value(config).unwrap_or_default();
    let mut out = Vec::new();
    walk("", &value, &mut |key, value| {
        let source = figment
            .find_metadata(key)
            .map(|m| match &m.source {
                Some(Source::File(path)) => path.display().to_string(),
                Some(Source::Code(_)) => "default".to_string(),
                _ => m.name.to_string(),
            })
            .unwrap_or_else(|| "default".to_string());
        out.push(Setting {
            key: key.to_string(),
            value: value.clone(),
            source,
        });
    });
    out
}

fn walk(prefix: &str, value: &serde_json::Value, f: &mut dyn FnMut(&str, &serde_json::Value)) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                walk(&key, v, f);
            }
        }
        leaf => f(prefix, leaf),
    }
}

#[cfg(test)]
// figment's Jail closures must return figment's (large) error type
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use figment::Jail;

    fn paths(jail: &Jail) -> Paths {
        let dir = jail.directory();
        Paths {
            system: dir.join("system.toml"),
            user: Some(dir.join("user.toml")),
        }
    }

    #[test]
    fn layers_override_in_order() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "system.toml",
                "lang = \"en\"\n[ui]\ntheme = \"high-contrast\"\nmouse = false",
            )?;
            jail.create_file("user.toml", "lang = \"de\"")?;
            jail.create_file("extra.toml", "[ui]\nmouse = true")?;
            jail.set_env("VEREINT_UI__THEME", "default");
            let p = paths(jail);
            let (c, fig) = load(&p, Some(Path::new("extra.toml"))).unwrap();
            assert_eq!(c.lang, Some(Lang::De));
            assert!(c.ui.mouse);
            assert_eq!(c.ui.theme, ThemeName::Default);
            let s = settings(&c, &fig);
            let src = |k: &str| s.iter().find(|x| x.key == k).unwrap().source.clone();
            assert!(src("lang").contains("user.toml"), "{}", src("lang"));
            assert!(src("ui.mouse").contains("extra.toml"));
            assert!(src("ui.theme").contains("VEREINT_"), "{}", src("ui.theme"));
            assert_eq!(src("catalog.dir"), "default");
            Ok(())
        });
    }

    #[test]
    fn unknown_key_names_file_and_key() {
        Jail::expect_with(|jail| {
            jail.create_file("user.toml", "[ui]\ncolour = \"red\"")?;
            let err = load(&paths(jail), None).unwrap_err();
            let msg = format!("{err:#}");
            assert!(msg.contains("colour"), "{msg}");
            assert!(msg.contains("user.toml"), "{msg}");
            Ok(())
        });
    }

    #[test]
    fn wrong_type_names_file_and_key() {
        Jail::expect_with(|jail| {
            jail.create_file("system.toml", "[ui]\nmouse = \"sometimes\"")?;
            let msg = format!("{:#}", load(&paths(jail), None).unwrap_err());
            assert!(
                msg.contains("ui.mouse") && msg.contains("system.toml"),
                "{msg}"
            );
            Ok(())
        });
    }

    #[test]
    fn env_with_wrong_value_is_an_error() {
        Jail::expect_with(|jail| {
            jail.set_env("VEREINT_LANG", "fr");
            let msg = format!("{:#}", load(&paths(jail), None).unwrap_err());
            assert!(
                msg.to_lowercase().contains("lang") && msg.contains("VEREINT_"),
                "{msg}"
            );
            Ok(())
        });
    }

    #[test]
    fn missing_explicit_file_is_an_error() {
        Jail::expect_with(|jail| {
            let msg = format!(
                "{:#}",
                load(&paths(jail), Some(Path::new("nope.toml"))).unwrap_err()
            );
            assert!(
                msg.contains("nope.toml") && msg.contains("--config"),
                "{msg}"
            );
            Ok(())
        });
    }
}
