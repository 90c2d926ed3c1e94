//! What is wrong with the configuration, said so that a person can fix it: the file and line (or
//! the environment variable), the key as the user wrote it, and a suggestion for a misspelt key.

use std::path::Path;

use figment::Source;
use figment::error::{Actual, Kind};

use crate::i18n::{Lang, Msg, t, tf};
use crate::suggest::closest;

/// A configuration that cannot be used; the CLI exits with 2 (a usage error).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// The line (1-based) at byte `offset` of `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The key `path` as written in the TOML `text`, and its line; `None` if not found there.
fn find_in_toml(text: &str, path: &[String]) -> Option<(String, usize)> {
    let table = toml::de::DeTable::parse(text).ok()?;
    let mut table = table.into_inner();
    let mut written = Vec::new();
    let mut line = 1;
    for (i, name) in path.iter().enumerate() {
        let (key, value) = table
            .into_iter()
            .find(|(k, _)| k.get_ref().as_ref() == name)?;
        let span = key.span();
        written.push(text[span.clone()].to_string());
        line = line_at(text, span.start);
        if i + 1 == path.len() {
            break;
        }
        match value.into_inner() {
            toml::de::DeValue::Table(inner) => table = inner,
            _ => break,
        }
    }
    Some((written.join("."), line))
}

fn actual(value: &Actual) -> String {
    match value {
        Actual::Bool(b) => b.to_string(),
        Actual::Unsigned(n) => n.to_string(),
        Actual::Signed(n) => n.to_string(),
        Actual::Float(n) => n.to_string(),
        Actual::Char(c) => format!("\"{c}\""),
        Actual::Str(s) => format!("\"{s}\""),
        Actual::Seq => "[…]".into(),
        Actual::Map => "{…}".into(),
        _ => "…".into(),
    }
}

/// What serde expected, in the language: `a boolean` -> `true oder false`.
fn expected(what: &str, lang: Lang) -> String {
    let what = what.to_lowercase();
    let msg = if what.contains("bool") {
        Msg::ConfigExpectBool
    } else if what.contains("string") || what.contains("path") {
        Msg::ConfigExpectString
    } else if what.contains("f32") || what.contains("f64") || what.contains("float") {
        Msg::ConfigExpectNumber
    } else if what.contains("int") || what.starts_with('u') || what.starts_with('i') {
        Msg::ConfigExpectInteger
    } else if what.contains("seq") || what.contains("sequence") {
        Msg::ConfigExpectList
    } else if what.contains("map") || what.contains("struct") {
        Msg::ConfigExpectTable
    } else {
        return what;
    };
    t(msg, lang).to_string()
}

/// One figment error as lines a person can act on.
fn describe_one(error: &figment::Error, lang: Lang) -> String {
    let mut path = error.path.clone();
    if let Kind::UnknownField(field, _) = &error.kind
        && path.last() != Some(field)
    {
        path.push(field.clone());
    }
    let dotted = path.join(".");
    let source = error.metadata.as_ref().and_then(|m| m.source.as_ref());
    let (place, key) = match (source, &error.metadata) {
        (Some(Source::File(file)), _) => {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            match find_in_toml(&text, &path) {
                Some((key, line)) => (
                    tf(
                        Msg::ConfigAtLine,
                        lang,
                        &[("file", &file.display()), ("line", &line)],
                    ),
                    key,
                ),
                None => (file.display().to_string(), dotted.clone()),
            }
        }
        (_, Some(meta)) if meta.name.contains(super::ENV_PREFIX) => {
            let var = super::env_var(path.iter().map(String::as_str));
            (tf(Msg::ConfigInEnv, lang, &[("var", &var)]), var)
        }
        _ => (t(Msg::ConfigDefault, lang).to_string(), dotted.clone()),
    };
    let what = match &error.kind {
        Kind::UnknownField(field, known) => {
            let mut text = tf(Msg::ConfigUnknownKey, lang, &[("key", &key)]);
            match closest(field, known.iter().copied()) {
                Some(s) => text.push_str(&format!(
                    "; {}",
                    tf(Msg::CliDidYouMean, lang, &[("suggestion", &s)])
                )),
                None => text.push_str(&format!(
                    "; {}",
                    tf(Msg::ConfigKnownKeys, lang, &[("keys", &known.join(", "))])
                )),
            }
            text
        }
        Kind::UnknownVariant(found, known) => {
            let mut text = tf(
                Msg::ConfigBadChoice,
                lang,
                &[
                    ("key", &key),
                    ("value", &found),
                    ("choices", &known.join(", ")),
                ],
            );
            if let Some(s) = closest(found, known.iter().copied()) {
                text.push_str(&format!(
                    "; {}",
                    tf(Msg::CliDidYouMean, lang, &[("suggestion", &s)])
                ));
            }
            text
        }
        Kind::InvalidType(found, want) | Kind::InvalidValue(found, want) => tf(
            Msg::ConfigBadType,
            lang,
            &[
                ("key", &key),
                ("value", &actual(found)),
                ("expected", &expected(want, lang)),
            ],
        ),
        Kind::MissingField(field) => tf(
            Msg::ConfigMissingKey,
            lang,
            &[("key", &key), ("field", field)],
        ),
        other => tf(
            Msg::ConfigBadValue,
            lang,
            &[("key", &key), ("error", &other.to_string())],
        ),
    };
    format!("{place}: {what}")
}

/// Every error of `error`, then what to do.
pub fn describe(error: figment::Error, lang: Lang) -> ConfigError {
    let lines: Vec<String> = error.into_iter().map(|e| describe_one(&e, lang)).collect();
    ConfigError(format!(
        "{}\n{}\n{}",
        t(Msg::ConfigInvalid, lang),
        lines.join("\n"),
        t(Msg::ConfigFixHint, lang)
    ))
}

/// A file that is not TOML at all: its line, and the line's text.
pub fn check_syntax(file: &Path, lang: Lang) -> Result<(), ConfigError> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            return Err(ConfigError(tf(
                Msg::ConfigUnreadable,
                lang,
                &[("file", &file.display()), ("error", &e.kind())],
            )));
        }
    };
    let Err(e) = toml::de::DeTable::parse(&text) else {
        return Ok(());
    };
    let line = e.span().map_or(1, |s| line_at(&text, s.start));
    let shown = text.lines().nth(line - 1).unwrap_or("").trim();
    Err(ConfigError(format!(
        "{}\n{}: {}\n  {shown}\n{}",
        t(Msg::ConfigInvalid, lang),
        tf(
            Msg::ConfigAtLine,
            lang,
            &[("file", &file.display()), ("line", &line)],
        ),
        t(Msg::ConfigNotToml, lang),
        t(Msg::ConfigFixHint, lang)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_key_as_written_and_its_line() {
        let text = "lang = \"de\"\n\n[directory]\nbind = \"x\"\n\"public_ulr\" = \"y\"\n";
        let path = vec!["directory".to_string(), "public_ulr".to_string()];
        assert_eq!(
            find_in_toml(text, &path),
            Some(("directory.\"public_ulr\"".to_string(), 5))
        );
        assert_eq!(find_in_toml(text, &["nope".to_string()]), None);
    }
}
