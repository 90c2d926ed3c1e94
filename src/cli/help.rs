//! The clap tree in one language. The derive's doc comments are the English texts; `command(lang)`
//! replaces every `about` and `help` with the catalogue message whose English text it is (a test
//! fails on a doc comment without one), and clap's own words (headings, usage, `--help`,
//! `--version`, the `help` command, defaults and possible values) with catalogue messages. Clap's
//! errors are rendered from the catalogue too (`error`).

use std::collections::HashMap;
use std::sync::OnceLock;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command, CommandFactory as _};

use super::Cli;
use crate::i18n::{Lang, Msg, t, tf};
use crate::output;

/// The whole command tree with every text in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut cmd = Cli::command();
    cmd.build();
    localize(&mut cmd, "", lang);
    cmd
}

/// The language for help and usage errors, before the arguments are parsed: `--lang`, else the
/// locale.
pub fn lang_of_args(args: &[std::ffi::OsString]) -> Lang {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.next().map(|v| v.to_string()),
            Some(rest) if rest.starts_with('=') => Some(rest[1..].to_string()),
            _ => continue,
        };
        match value.as_deref() {
            Some("de") => return Lang::De,
            Some("en") => return Lang::En,
            _ => break,
        }
    }
    Lang::from_env()
}

/// The catalogue message whose English text is `english`.
pub fn message(english: &str) -> Option<Msg> {
    static INDEX: OnceLock<HashMap<&'static str, Msg>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut index = HashMap::new();
        for msg in Msg::ALL {
            index.entry(msg.text(Lang::En)).or_insert(*msg);
        }
        index
    });
    index.get(english).copied()
}

/// `text` in `lang` when the catalogue has it; else `text` itself (the test below finds those).
fn translate(text: &str, lang: Lang) -> String {
    message(text).map_or_else(|| text.to_string(), |m| t(m, lang).to_string())
}

/// Placeholders of values (`<FILE>`) in the language.
fn value_name(name: &str, lang: Lang) -> String {
    let msg = match name {
        "FILE" => Msg::CliValueFile,
        "DIR" => Msg::CliValueDir,
        "SECONDS" => Msg::CliValueSeconds,
        "TARGET" => Msg::CliValueTarget,
        "COMMAND" => Msg::CliValueCommand,
        "QUERY" => Msg::CliValueQuery,
        "SHELL" => Msg::CliValueShell,
        "WHAT" => Msg::CliValueWhat,
        "DATE" => Msg::CliValueDate,
        _ => return name.to_string(),
    };
    t(msg, lang).to_string()
}

/// Help for arguments whose name says what they are (and that have no doc comment).
fn plain_arg(id: &str) -> Option<Msg> {
    Some(match id {
        "json" => Msg::CliArgJson,
        "id" => Msg::CliArgId,
        "event_id" | "event" => Msg::CliArgEventId,
        "booking_id" => Msg::CliArgBookingId,
        "name" => Msg::CliArgName,
        "email" => Msg::CliArgEmail,
        "contact_email" => Msg::CliArgContactEmail,
        "organisation" => Msg::CliArgOrganisation,
        "note" => Msg::CliArgNote,
        "reason" => Msg::CliArgReason,
        "mattermost_domain" => Msg::CliArgMattermostDomain,
        "bbb_domain" => Msg::CliArgBbbDomain,
        "directory_domain" => Msg::CliArgDirectoryDomain,
        "acme_email" => Msg::CliArgAcmeEmail,
        "acme_server" => Msg::CliArgAcmeServer,
        "mattermost_version" => Msg::CliArgMattermostVersion,
        "mattermost_sha256" => Msg::CliArgMattermostSha256,
        "shell" => Msg::CliArgShell,
        _ => return None,
    })
}

fn localize_arg(arg: Arg, lang: Lang) -> Arg {
    let id = arg.get_id().as_str().to_string();
    let mut help = match (id.as_str(), arg.get_help()) {
        ("help", _) => t(Msg::CliArgHelp, lang).to_string(),
        ("version", _) => t(Msg::CliArgVersion, lang).to_string(),
        (_, Some(help)) => translate(&help.to_string(), lang),
        (id, None) => plain_arg(id).map_or_else(String::new, |m| t(m, lang).to_string()),
    };
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let takes_value = arg.get_action().takes_values();
    if takes_value && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        help.push_str(&format!(
            " [{}: {}]",
            t(Msg::CliDefault, lang),
            defaults.join(", ")
        ));
    }
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if takes_value && !possible.is_empty() && !arg.is_hide_possible_values_set() {
        help.push_str(&format!(
            " [{}: {}]",
            t(Msg::CliPossible, lang),
            possible.join(", ")
        ));
    }
    let names: Option<Vec<String>> = arg
        .get_value_names()
        .map(|names| names.iter().map(|n| value_name(n, lang)).collect());
    let mut arg = arg
        .help(help.trim().to_string())
        .long_help(None)
        .hide_default_value(true)
        .hide_possible_values(true);
    if let Some(names) = names {
        arg = arg.value_names(names);
    } else if takes_value {
        arg = arg.value_name(value_name(&id.to_uppercase(), lang));
    }
    arg
}

fn localize(cmd: &mut Command, path: &str, lang: Lang) {
    for sub in cmd.get_subcommands_mut() {
        let name = sub.get_name().to_string();
        let sub_path = if path.is_empty() {
            name
        } else {
            format!("{path} {name}")
        };
        localize(sub, &sub_path, lang);
    }
    let about = if path == "help" || path.ends_with(" help") {
        Some(t(Msg::CliHelpCommand, lang).to_string())
    } else {
        cmd.get_about().map(|a| translate(&a.to_string(), lang))
    };
    let mut localized = std::mem::take(cmd)
        .long_about(None)
        .mut_args(|a| localize_arg(a, lang));
    if let Some(about) = about {
        localized = localized.about(about);
    }
    let usage = localized.render_usage().to_string();
    let usage = usage
        .trim()
        .strip_prefix("Usage:")
        .unwrap_or(&usage)
        .trim()
        .replace("[OPTIONS]", &format!("[{}]", t(Msg::CliOptionsWord, lang)))
        .replace("<COMMAND>", &format!("<{}>", t(Msg::CliCommandWord, lang)))
        .replace("[COMMAND]", &format!("[{}]", t(Msg::CliCommandWord, lang)));
    let template = template(&localized, lang);
    localized = localized.override_usage(usage).help_template(template);
    *cmd = localized;
}

/// What `--help` shows: about, usage, then the commands, arguments and options it has.
fn template(cmd: &Command, lang: Lang) -> String {
    let mut out = format!(
        "{{about-with-newline}}\n{}: {{usage}}",
        t(Msg::CliUsage, lang)
    );
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        out.push_str(&format!(
            "\n\n{}:\n{{subcommands}}",
            t(Msg::CliCommands, lang)
        ));
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        out.push_str(&format!(
            "\n\n{}:\n{{positionals}}",
            t(Msg::CliArguments, lang)
        ));
    }
    if cmd.get_opts().any(|a| !a.is_hide_set())
        || cmd
            .get_arguments()
            .any(|a| !a.is_positional() && !a.is_hide_set())
    {
        out.push_str(&format!("\n\n{}:\n{{options}}", t(Msg::CliOptions, lang)));
    }
    out.push_str("{after-help}\n");
    out
}

fn strings(error: &clap::Error, kind: ContextKind) -> Vec<String> {
    match error.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
        Some(ContextValue::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

fn one(error: &clap::Error, kind: ContextKind) -> String {
    strings(error, kind).join(" ")
}

/// A usage error of clap in `lang`: what is wrong, a suggestion, the usage line and where help is.
/// Help and version (clap's "errors" that go to standard output) are clap's own rendering of the
/// localized tree.
pub fn error(error: &clap::Error, lang: Lang) -> String {
    let arg = || one(error, ContextKind::InvalidArg);
    let message = match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return error.render().to_string();
        }
        ErrorKind::InvalidValue => {
            let value = one(error, ContextKind::InvalidValue);
            let mut text = if value.is_empty() {
                tf(Msg::CliErrValueMissing, lang, &[("arg", &arg())])
            } else {
                tf(
                    Msg::CliErrInvalidValue,
                    lang,
                    &[("value", &value), ("arg", &arg())],
                )
            };
            let valid = strings(error, ContextKind::ValidValue);
            if !valid.is_empty() {
                text.push_str(&format!(
                    "\n  {}: {}",
                    t(Msg::CliPossible, lang),
                    valid.join(", ")
                ));
            }
            text
        }
        ErrorKind::ValueValidation => tf(
            Msg::CliErrInvalidValue,
            lang,
            &[
                ("value", &one(error, ContextKind::InvalidValue)),
                ("arg", &arg()),
            ],
        ),
        ErrorKind::UnknownArgument => tf(Msg::CliErrUnknownArg, lang, &[("arg", &arg())]),
        ErrorKind::InvalidSubcommand => {
            let mut text = tf(
                Msg::CliErrUnknownCommand,
                lang,
                &[("command", &one(error, ContextKind::InvalidSubcommand))],
            );
            let valid = strings(error, ContextKind::ValidSubcommand);
            if !valid.is_empty() {
                text.push_str(&format!(
                    "\n  {}: {}",
                    t(Msg::CliCommands, lang),
                    valid.join(", ")
                ));
            }
            text
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(error, ContextKind::InvalidArg);
            tf(
                Msg::CliErrMissingArgs,
                lang,
                &[("args", &missing.join(", "))],
            )
        }
        ErrorKind::MissingSubcommand => tf(
            Msg::CliErrMissingCommand,
            lang,
            &[("command", &one(error, ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::ArgumentConflict => tf(
            Msg::CliErrConflict,
            lang,
            &[
                ("arg", &arg()),
                ("other", &one(error, ContextKind::PriorArg)),
            ],
        ),
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => tf(Msg::CliErrValueCount, lang, &[("arg", &arg())]),
        ErrorKind::InvalidUtf8 => t(Msg::CliErrUtf8, lang).to_string(),
        _ => t(Msg::CliErrOther, lang).to_string(),
    };
    let mut out = format!("vereint: {message}");
    let suggestions: Vec<String> = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .flat_map(|k| strings(error, k))
    .collect();
    if let Some(suggestion) = suggestions.first() {
        out.push_str(&format!(
            "\n  {}",
            tf(Msg::CliDidYouMean, lang, &[("suggestion", suggestion)])
        ));
    }
    let usage = one(error, ContextKind::Usage);
    let usage = usage.trim();
    let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
    if !usage.is_empty() {
        out.push_str(&format!("\n\n{}: {usage}", t(Msg::CliUsage, lang)));
        let command = usage.split(" [").next().unwrap_or(usage);
        let command = command.split(" <").next().unwrap_or(command);
        out.push_str(&format!(
            "\n{}",
            tf(Msg::CliMoreHelp, lang, &[("command", &command)])
        ));
    }
    out.push('\n');
    output::sanitize(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
        if let Some(about) = cmd.get_about() {
            out.push((path.to_string(), about.to_string()));
        }
        for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            out.push((format!("{path} {}", arg.get_id()), help));
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn every_help_text_comes_from_the_catalogue() {
        let mut english = Vec::new();
        walk(&Cli::command(), "vereint", &mut english);
        let missing: Vec<String> = english
            .iter()
            .filter(|(_, text)| !text.is_empty() && message(text).is_none())
            .map(|(path, text)| format!("{path}: {text}"))
            .collect();
        assert!(
            missing.is_empty(),
            "no catalogue message for:\n{}",
            missing.join("\n")
        );
        let mut german = Vec::new();
        walk(&command(Lang::De), "vereint", &mut german);
        let empty: Vec<&String> = german
            .iter()
            .filter(|(path, text)| text.is_empty() && !path.starts_with("vereint help"))
            .map(|(path, _)| path)
            .collect();
        assert!(empty.is_empty(), "without help: {empty:?}");
    }
}
