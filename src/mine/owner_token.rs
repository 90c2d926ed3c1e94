//! The owner token a booking's owner hands to `vereint room` and `vereint team`: from a file or
//! piped to standard input, never from the command line (other users can read process lists).

use std::io::{IsTerminal as _, Read as _};
use std::path::Path;

use crate::i18n::{Lang, Msg, file_error, io_failed, t, tf};

/// The trimmed token from `file`, else from standard input (refused on a terminal, where nobody
/// would know that the command waits for it).
pub fn read(file: Option<&Path>, lang: Lang) -> anyhow::Result<String> {
    let (text, from) = match file {
        Some(f) => (
            std::fs::read_to_string(f).map_err(|e| file_error(Msg::OwnerTokenUnreadable, f, &e))?,
            f.display().to_string(),
        ),
        None => {
            if std::io::stdin().is_terminal() {
                anyhow::bail!(t(Msg::OwnerTokenMissing, lang));
            }
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| io_failed(Msg::OwnerTokenStdin, &[], &e))?;
            (s, "stdin".to_string())
        }
    };
    let token = text.trim();
    if token.is_empty() {
        anyhow::bail!(tf(Msg::OwnerTokenEmpty, lang, &[("from", &from)]));
    }
    Ok(token.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_from_a_file_is_trimmed_and_an_empty_file_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "  abc123\n").unwrap();
        assert_eq!(read(Some(&file), Lang::En).unwrap(), "abc123");
        std::fs::write(&file, "\n").unwrap();
        let e = read(Some(&file), Lang::En).unwrap_err().to_string();
        assert!(e.contains("is empty") && e.contains("token"), "{e}");
        let missing = dir.path().join("missing");
        let e = format!("{:#}", read(Some(&missing), Lang::En).unwrap_err());
        assert!(e.contains("cannot read the owner token from"), "{e}");
    }
}
