//! `vereint man`: manual pages (roff) in German or English from the localized clap tree
//! (`help::command`), one page per command: `vereint(1)`, `vereint-catalog(1)`,
//! `vereint-catalog-list(1)`, ... Every page has EXIT STATUS; the main page also ENVIRONMENT and
//! FILES.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Command};

use super::UsageError;
use crate::i18n::{Lang, Msg, t, tf};
use crate::output;

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write every page (vereint.1, vereint-catalog.1, ...) into this folder instead
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The command whose page to print, such as `catalog list` (default: the main page)
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
}

pub fn run(lang: Lang, args: ManArgs) -> anyhow::Result<()> {
    let root = super::help::command(lang);
    if let Some(dir) = &args.dir {
        let mut written = 0;
        write_all(&root, &[], lang, dir, &mut written)?;
        return Ok(output::text(&tf(
            Msg::CliManWritten,
            lang,
            &[("count", &written), ("dir", &dir.display())],
        ))?);
    }
    let mut cmd = &root;
    for name in &args.command {
        cmd = visible(cmd).find(|s| s.get_name() == name).ok_or_else(|| {
            UsageError(tf(
                Msg::CliErrUnknownCommand,
                lang,
                &[("command", &args.command.join(" "))],
            ))
        })?;
    }
    Ok(output::raw(page(cmd, &args.command, lang).as_bytes())?)
}

fn visible(cmd: &Command) -> impl Iterator<Item = &Command> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
}

fn write_all(
    cmd: &Command,
    path: &[String],
    lang: Lang,
    dir: &Path,
    written: &mut usize,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    let file = dir.join(format!("{}.1", page_name(path)));
    std::fs::write(&file, page(cmd, path, lang)).with_context(|| file.display().to_string())?;
    *written += 1;
    for sub in visible(cmd) {
        let mut sub_path = path.to_vec();
        sub_path.push(sub.get_name().to_string());
        write_all(sub, &sub_path, lang, dir, written)?;
    }
    Ok(())
}

/// `vereint`, `vereint-catalog`, `vereint-catalog-list`.
fn page_name(path: &[String]) -> String {
    std::iter::once("vereint")
        .chain(path.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("-")
}

/// Text for roff: backslashes escaped, hyphens as `\-`, no line starting with a control character.
fn roff(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = line.replace('\\', "\\e").replace('-', "\\-");
            if line.starts_with('.') || line.starts_with('\'') {
                format!("\\&{line}")
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn section(out: &mut String, title: Msg, lang: Lang) {
    out.push_str(&format!(".SH \"{}\"\n", t(title, lang)));
}

fn page(cmd: &Command, path: &[String], lang: Lang) -> String {
    let name = page_name(path);
    let spoken = std::iter::once("vereint")
        .chain(path.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
    let mut out = format!(
        ".TH {} 1 \"\" \"vereint {}\" \"{}\"\n",
        roff(&name),
        env!("CARGO_PKG_VERSION"),
        t(Msg::CliManManual, lang)
    );
    section(&mut out, Msg::CliManName, lang);
    out.push_str(&format!("{} \\- {}\n", roff(&name), roff(&about)));
    section(&mut out, Msg::CliManSynopsis, lang);
    let usage = cmd.get_overridden_usage().map_or(spoken, |u| u.to_string());
    out.push_str(&format!("\\fB{}\\fR\n", roff(&usage)));
    section(&mut out, Msg::CliManDescription, lang);
    out.push_str(&format!("{}\n", roff(&about)));
    let subs: Vec<&Command> = visible(cmd).collect();
    if !subs.is_empty() {
        section(&mut out, Msg::CliCommandsUpper, lang);
        for sub in &subs {
            let mut sub_path = path.to_vec();
            sub_path.push(sub.get_name().to_string());
            out.push_str(&format!(
                ".TP\n\\fB{}\\fR\n{} {} \\fB{}\\fR(1).\n",
                roff(sub.get_name()),
                roff(&sub.get_about().map(|a| a.to_string()).unwrap_or_default()),
                t(Msg::CliManSee, lang),
                roff(&page_name(&sub_path)),
            ));
        }
    }
    let args: Vec<&clap::Arg> = cmd.get_arguments().filter(|a| !a.is_hide_set()).collect();
    if !args.is_empty() {
        section(&mut out, Msg::CliOptionsUpper, lang);
        for arg in args {
            let mut names = Vec::new();
            if let Some(short) = arg.get_short() {
                names.push(format!("\\-{short}"));
            }
            if let Some(long) = arg.get_long() {
                names.push(format!("\\-\\-{}", roff(long)));
            }
            let value = arg
                .get_value_names()
                .map(|v| {
                    v.iter()
                        .map(|n| format!("<{n}>"))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|_| arg.get_action().takes_values())
                .unwrap_or_default();
            let head = if names.is_empty() {
                format!("\\fI{}\\fR", roff(&value))
            } else {
                format!("\\fB{}\\fR {}", names.join(", "), roff(&value))
            };
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            out.push_str(&format!(".TP\n{}\n{}\n", head.trim_end(), roff(&help)));
        }
    }
    section(&mut out, Msg::CliManExitStatus, lang);
    out.push_str(&format!("{}\n", roff(t(Msg::CliManExitCodes, lang))));
    if path.first().is_some_and(|p| p == "health") {
        out.push_str(&format!(
            ".PP\n{}\n",
            roff(t(Msg::CliManHealthStates, lang))
        ));
    }
    if path.is_empty() {
        section(&mut out, Msg::CliManEnvironment, lang);
        out.push_str(&format!("{}\n", roff(t(Msg::CliManEnvText, lang))));
        section(&mut out, Msg::CliManFiles, lang);
        out.push_str(&format!("{}\n", roff(t(Msg::CliManFilesText, lang))));
    } else {
        section(&mut out, Msg::CliManSeeAlso, lang);
        out.push_str("\\fBvereint\\fR(1)\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_escapes_control_lines_and_backslashes() {
        assert_eq!(
            roff(".TH evil\n'x\na\\b-c"),
            "\\&.TH evil\n\\&'x\na\\eb\\-c"
        );
    }

    #[test]
    fn every_page_it_refers_to_is_generated() {
        let dir = tempfile::tempdir().unwrap();
        for lang in [Lang::De, Lang::En] {
            let root = super::super::help::command(lang);
            let mut written = 0;
            write_all(&root, &[], lang, dir.path(), &mut written).unwrap();
            assert!(written > 30, "{written}");
            for entry in std::fs::read_dir(dir.path()).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for reference in text.split("\\fB").skip(1) {
                    let Some((name, rest)) = reference.split_once("\\fR") else {
                        continue;
                    };
                    if rest.starts_with("(1)") {
                        let file = dir.path().join(format!("{}.1", name.replace("\\-", "-")));
                        assert!(file.exists(), "a page refers to missing {}", file.display());
                    }
                }
                assert!(text.contains(t(Msg::CliManExitStatus, lang)));
            }
        }
    }
}
