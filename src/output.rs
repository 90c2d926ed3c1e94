//! All CLI output goes through here: JSON for scripts, aligned text for people. Also the two ways
//! vereint makes text safe for where it goes: a terminal (`sanitize`) or HTML and XML (`escape_html`).

use std::io::{self, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::api::validate::is_invisible;

/// Removes control characters (escape sequences included) so that data never drives the terminal,
/// and invisible or direction-changing characters, which would shift its columns.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .filter(|c| (!c.is_control() || *c == '\n' || *c == '\t') && !is_invisible(*c))
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect()
}

/// Escapes the five characters that mean something in HTML and XML text and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn json<T: Serialize + ?Sized>(value: &T) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    })?;
    writeln!(out)?;
    out.flush()
}

pub fn text(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{}", sanitize(text))
}

/// Raw output for machine formats (iCalendar, completions, man pages).
pub fn raw(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Rows with columns padded to the widest cell; the last column is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| sanitize(c).replace('\n', " ")).collect())
        .collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut line = |cells: Vec<&str>| -> io::Result<()> {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            s.push_str(cell);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(header.to_vec())?;
    for row in &rows {
        line(row.iter().map(String::as_str).collect())?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::{escape_html, sanitize};

    #[test]
    fn escape_sequences_are_removed() {
        assert_eq!(sanitize("a\x1b[31mred\x07\r\nb\tc"), "a[31mred\nb c");
    }

    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(
            escape_html("<b a=\"1\">'&"),
            "&lt;b a=&quot;1&quot;&gt;&#39;&amp;"
        );
    }
}
