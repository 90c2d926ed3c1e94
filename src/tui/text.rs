//! Text helpers for rendering: every string from data passes through [`clean`] or [`clean_block`]
//! before it reaches a widget, so no control character or escape sequence gets to the terminal.

use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::catalog::search::highlight;
use crate::events::Occurrence;
use crate::i18n::{Lang, Msg, t};
use crate::output::sanitize;

/// One line of text from data: control characters removed, line breaks become spaces.
pub fn clean(text: &str) -> String {
    sanitize(text).replace('\n', " ")
}

/// A block of text from data: control characters removed, line breaks kept.
pub fn clean_block(text: &str) -> String {
    sanitize(text).replace("\r\n", "\n")
}

/// Word-wraps `text` (already clean) to `width` columns; blank lines are kept, over-long words split.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in text.trim_end().split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split_whitespace() {
            let word_width = word.width();
            if line_width > 0 && line_width + 1 + word_width > width {
                out.push(std::mem::take(&mut line));
                line_width = 0;
            }
            if word_width > width {
                for c in word.chars() {
                    let w = c.width().unwrap_or(0);
                    if line_width + w > width {
                        out.push(std::mem::take(&mut line));
                        line_width = 0;
                    }
                    line.push(c);
                    line_width += w;
                }
                continue;
            }
            if line_width > 0 {
                line.push(' ');
                line_width += 1;
            }
            line.push_str(word);
            line_width += word_width;
        }
        out.push(line);
    }
    out
}

/// Cuts `text` to at most `width` columns, ending in `…` when something was cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Cuts `text` to at most `width` columns after a whole word, ending in `…` when something was
/// cut; only a first word too long for the width is cut inside (with the `…`, too).
pub fn truncate_words(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    // leading blanks (an indent, a marker's space) stay as they are
    let words = text.trim_start_matches(' ');
    let indent = &text[..text.len() - words.len()];
    if indent.len() >= width {
        return truncate(text, width);
    }
    let width = width - indent.len();
    let mut out = String::new();
    for word in words.split(' ') {
        let longer = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if longer.width() + 1 > width {
            break;
        }
        out = longer;
    }
    if out.trim().is_empty() {
        return format!("{indent}{}", truncate(words, width));
    }
    let out = out.trim_end_matches([' ', ',', ';', ':', '·', '–']);
    format!("{indent}{out}…")
}

/// Pads `text` to exactly `width` columns, cut after a whole word (see [`truncate_words`]).
pub fn fit_words(text: &str, width: usize) -> String {
    let mut s = truncate_words(text, width);
    let w = s.width();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    s
}

/// Word-wraps like [`wrap`], but a word wider than a line is cut with `…` instead of being broken
/// over two lines.
pub fn wrap_whole(text: &str, width: usize) -> Vec<String> {
    let words: Vec<String> = text
        .split('\n')
        .map(|paragraph| {
            paragraph
                .split_whitespace()
                .map(|w| truncate(w, width.max(1)))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    wrap(&words.join("\n"), width)
}

/// Pads or cuts `text` to exactly `width` columns.
pub fn fit(text: &str, width: usize) -> String {
    let mut s = truncate(text, width);
    let w = s.width();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    s
}

/// `text` (clean) split into spans, the characters the search matched in `matched` style.
pub fn highlighted(text: &str, query: &str, base: Style, matched: Style) -> Vec<Span<'static>> {
    let positions = highlight(text, query);
    if positions.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut current = String::new();
    let mut current_hit = false;
    let mut next = positions.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        let hit = next.peek().is_some_and(|&&p| p == i);
        if hit {
            next.next();
        }
        if hit != current_hit && !current.is_empty() {
            let style = if current_hit { matched } else { base };
            spans.push(Span::styled(std::mem::take(&mut current), style));
        }
        current_hit = hit;
        current.push(c);
    }
    if !current.is_empty() {
        spans.push(Span::styled(
            current,
            if current_hit { matched } else { base },
        ));
    }
    spans
}

fn weekday(day: Weekday, lang: Lang) -> &'static str {
    t(
        match day {
            Weekday::Monday => Msg::TuiMon,
            Weekday::Tuesday => Msg::TuiTue,
            Weekday::Wednesday => Msg::TuiWed,
            Weekday::Thursday => Msg::TuiThu,
            Weekday::Friday => Msg::TuiFri,
            Weekday::Saturday => Msg::TuiSat,
            Weekday::Sunday => Msg::TuiSun,
        },
        lang,
    )
}

/// `Di 15.12.2026` / `Tue 2026-12-15`.
pub fn date(z: &Zoned, lang: Lang) -> String {
    day(z.date(), lang)
}

/// A calendar day as [`date`] writes it.
pub fn day(d: jiff::civil::Date, lang: Lang) -> String {
    let weekday = weekday(d.weekday(), lang);
    match lang {
        Lang::De => format!("{weekday} {:02}.{:02}.{}", d.day(), d.month(), d.year()),
        Lang::En => format!("{weekday} {}-{:02}-{:02}", d.year(), d.month(), d.day()),
    }
}

/// The zone every event time is shown in, whatever zone the event was written in.
pub fn berlin() -> TimeZone {
    crate::events::timezone("Europe/Berlin").unwrap_or(TimeZone::UTC)
}

/// `Di 15.12.2026 17:00–18:30`, in Berlin time.
pub fn when(o: &Occurrence, lang: Lang) -> String {
    let (start, end) = (
        o.start.with_time_zone(berlin()),
        o.end.with_time_zone(berlin()),
    );
    format!(
        "{} {:02}:{:02}–{:02}:{:02}",
        date(&start, lang),
        start.hour(),
        start.minute(),
        end.hour(),
        end.minute()
    )
}

/// `2026-11-28 10:15` in `tz`.
pub fn clock(at: Timestamp, tz: &TimeZone) -> String {
    at.to_zoned(tz.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// A time zone's name for a label: its IANA name, or its offset now.
pub fn zone_name(tz: &TimeZone, now: Timestamp) -> String {
    match tz.iana_name() {
        Some(name) => name.to_string(),
        None => format!("UTC{}", tz.to_offset(now)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_paragraphs_and_splits_long_words() {
        assert_eq!(
            wrap("eins zwei drei\n\nvier", 9),
            vec!["eins zwei", "drei", "", "vier"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn truncate_and_fit_count_columns() {
        assert_eq!(truncate("Übermittlung", 5), "Über…");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("abcdef", 4), "abc…");
    }

    #[test]
    fn words_are_cut_whole_and_every_cut_ends_in_an_ellipsis() {
        assert_eq!(
            truncate_words("Ein Imkerverein zieht Beiträge per Lastschrift ein", 30),
            "Ein Imkerverein zieht…"
        );
        assert_eq!(truncate_words("kurz", 10), "kurz");
        assert_eq!(truncate_words("Schlüsselbund-Team", 8), "Schlüss…");
        assert_eq!(fit_words("a bb ccc", 6), "a bb… ");
        assert_eq!(
            truncate_words("  Konto zum Mitmachen nötig", 16),
            "  Konto zum…"
        );
        assert_eq!(
            truncate_words("Nachbarschaftshaus, Berlin", 22),
            "Nachbarschaftshaus…"
        );
        assert_eq!(
            wrap_whole("Schlüsselbund-Team GmbH", 12),
            vec!["Schlüsselbu…", "GmbH"]
        );
        assert_eq!(
            wrap_whole("eins zwei\n\ndrei", 9),
            vec!["eins zwei", "", "drei"]
        );
    }

    #[test]
    fn clean_removes_escape_sequences_and_line_breaks() {
        assert_eq!(clean("a\x1b[2Jb\nc"), "a[2Jb c");
        assert_eq!(clean_block("a\x1b]0;x\x07\nb"), "a]0;x\nb");
        // invisible and direction-changing characters would shift the columns of a table
        assert_eq!(
            clean("Kiez\u{202E}chor\u{200B} e.V.\u{2066}"),
            "Kiezchor e.V."
        );
    }

    #[test]
    fn highlighted_marks_matched_characters() {
        let spans = highlighted("Signal", "sgl", Style::new(), Style::new().bold());
        let text: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text.concat(), "Signal");
        assert!(spans.len() > 1);
    }
}
