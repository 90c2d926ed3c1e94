//! Asking before a change that cannot be undone (`bookings cancel`, `events unregister`): on a
//! terminal the question in the user's language, y/N; without one the command refuses unless
//! `--yes` was given, so that a script never cancels by accident.

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use super::UsageError;
use crate::i18n::{Lang, Msg, t, tf};

/// Nothing changed because the user said no: exit 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Declined(String);

/// Ok when the change may go ahead: `yes` given, or the user answered yes to `question`.
/// `what` names the command for the refusal without a terminal (`vereint bookings cancel`).
pub(super) fn confirm(question: &str, what: &str, yes: bool, lang: Lang) -> anyhow::Result<()> {
    if yes {
        return Ok(());
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(UsageError(tf(Msg::ConfirmNeedsYes, lang, &[("what", &what)])).into());
    }
    let mut stderr = std::io::stderr().lock();
    write!(stderr, "{question} {}", t(Msg::ConfirmPrompt, lang))?;
    stderr.flush()?;
    let mut line = String::new();
    // end of input (Ctrl-D) is no
    std::io::stdin().lock().read_line(&mut line)?;
    if is_yes(&line) {
        Ok(())
    } else {
        Err(Declined(t(Msg::ConfirmDeclined, lang).to_string()).into())
    }
}

/// y, yes, j, ja in any case; anything else (an empty line too) is no.
fn is_yes(line: &str) -> bool {
    matches!(
        line.trim().to_lowercase().as_str(),
        "y" | "yes" | "j" | "ja"
    )
}

#[cfg(test)]
mod tests {
    use super::is_yes;

    #[test]
    fn only_a_clear_yes_is_yes() {
        for yes in ["y", "Y\n", "yes", " Ja \n", "j"] {
            assert!(is_yes(yes), "{yes:?}");
        }
        for no in [
            "", "\n", "n", "nein", "no", "yess", "y y", "jein", "\u{1b}[A",
        ] {
            assert!(!is_yes(no), "{no:?}");
        }
    }
}
