//! All CLI output goes through here: JSON for scripts, aligned text for people. Also the two ways
//! vereint makes text safe for where it goes: a terminal (`sanitize`), HTML and XML (`escape_html`)
//! or a log (`LogWriter`).

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

/// Standard error for the logs of the directory and the agent, with every control character inside
/// a line (an escape sequence, a line break, C1) and every invisible character written as
/// `\u{..}`: what a client or an integration sent can neither drive the operator's terminal nor
/// forge a log line. The log layer must not colour its output (`with_ansi(false)`).
pub struct LogWriter;

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogWriter;

    fn make_writer(&'a self) -> LogWriter {
        LogWriter
    }
}

impl Write for LogWriter {
    // the log layer writes each event as one buffer: one line ending in '\n'
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        io::stderr().lock().write_all(&escape_log(buf))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}

/// One log line with its control and invisible characters escaped; a final '\n' stays.
pub fn escape_log(line: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(line);
    let (body, end) = match text.strip_suffix('\n') {
        Some(body) => (body, "\n"),
        None => (&*text, ""),
    };
    let mut out = String::with_capacity(text.len() + 8);
    for c in body.chars() {
        if c.is_control() || is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.push_str(end);
    out.into_bytes()
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
    use super::{escape_html, escape_log, sanitize};

    #[test]
    fn a_log_line_carries_no_control_character_but_its_end() {
        let line =
            "WARN room=kiez error=FAILED \u{1b}]0;owned\u{7}\nINFO forged \u{9b}31m \u{202E}x\n";
        let escaped = String::from_utf8(escape_log(line.as_bytes())).unwrap();
        assert_eq!(
            escaped,
            "WARN room=kiez error=FAILED \\u{1b}]0;owned\\u{7}\\u{a}INFO forged \\u{9b}31m \\u{202e}x\n"
        );
        assert_eq!(escape_log(b"plain \xff"), "plain \u{FFFD}".as_bytes());
    }

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
