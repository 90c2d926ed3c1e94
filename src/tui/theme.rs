//! Colours and emphasis. Three looks: the default, high contrast, and no colour at all (NO_COLOR),
//! where selection and emphasis stay visible through bold, reverse and underline.

use ratatui::style::{Color, Modifier, Style};

use crate::catalog::profile::Mark;
use crate::config::ThemeName;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    pub no_color: bool,
    pub base: Style,
    pub title: Style,
    pub border: Style,
    pub border_focus: Style,
    pub selected: Style,
    /// The selection in a pane that does not have focus.
    pub selected_dim: Style,
    /// Characters matched by the search.
    pub matched: Style,
    pub chip: Style,
    pub dim: Style,
    pub key: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub status: Style,
    pub notice: Style,
    /// Rows of the comparison whose values differ.
    pub diff: Style,
    pub marked: Style,
    pub good: Style,
    pub caution: Style,
    pub concern: Style,
    pub neutral: Style,
}

impl Theme {
    /// `NO_COLOR` set to anything but the empty string switches colours off (https://no-color.org).
    pub fn no_color_from_env() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    pub fn new(name: ThemeName, no_color: bool) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        if no_color {
            return Theme {
                name,
                no_color,
                base: Style::new(),
                title: bold,
                border: Style::new(),
                border_focus: bold,
                selected: reversed.add_modifier(Modifier::BOLD),
                selected_dim: Style::new().add_modifier(Modifier::UNDERLINED),
                matched: bold.add_modifier(Modifier::UNDERLINED),
                chip: reversed,
                dim: Style::new(),
                key: bold,
                tab: Style::new(),
                tab_active: reversed.add_modifier(Modifier::BOLD),
                status: Style::new(),
                notice: bold,
                diff: bold,
                marked: bold,
                good: Style::new(),
                caution: Style::new(),
                concern: bold,
                neutral: Style::new(),
            };
        }
        match name {
            ThemeName::Default => Theme {
                name,
                no_color,
                base: Style::new(),
                title: bold.fg(Color::Cyan),
                border: Style::new().fg(Color::DarkGray),
                border_focus: Style::new().fg(Color::Cyan),
                selected: Style::new()
                    .bg(Color::Blue)
                    .fg(Color::White)
                    .add_modifier(Modifier::BOLD),
                selected_dim: Style::new().bg(Color::DarkGray).fg(Color::White),
                matched: bold.fg(Color::Yellow).add_modifier(Modifier::UNDERLINED),
                chip: Style::new().bg(Color::Cyan).fg(Color::Black),
                dim: Style::new().fg(Color::DarkGray),
                key: bold.fg(Color::Cyan),
                tab: Style::new().fg(Color::Gray),
                tab_active: bold.bg(Color::Cyan).fg(Color::Black),
                status: Style::new().fg(Color::Gray),
                notice: bold.fg(Color::Yellow),
                diff: bold.fg(Color::Yellow),
                marked: bold.fg(Color::Magenta),
                good: Style::new().fg(Color::Green),
                caution: Style::new().fg(Color::Yellow),
                concern: Style::new().fg(Color::Red),
                neutral: Style::new().fg(Color::Gray),
            },
            ThemeName::HighContrast => Theme {
                name,
                no_color,
                base: Style::new().fg(Color::White).bg(Color::Black),
                title: bold.fg(Color::White),
                border: Style::new().fg(Color::White),
                border_focus: bold.fg(Color::LightYellow),
                selected: bold.fg(Color::Black).bg(Color::LightYellow),
                selected_dim: bold.fg(Color::Black).bg(Color::White),
                matched: bold.fg(Color::LightCyan).add_modifier(Modifier::UNDERLINED),
                chip: bold.fg(Color::Black).bg(Color::White),
                dim: Style::new().fg(Color::White),
                key: bold.fg(Color::LightYellow),
                tab: Style::new().fg(Color::White),
                tab_active: bold.fg(Color::Black).bg(Color::LightYellow),
                status: Style::new().fg(Color::White),
                notice: bold.fg(Color::LightYellow),
                diff: bold
                    .fg(Color::LightYellow)
                    .add_modifier(Modifier::UNDERLINED),
                marked: bold.fg(Color::LightMagenta),
                good: bold.fg(Color::LightGreen),
                caution: bold.fg(Color::LightYellow),
                concern: bold.fg(Color::LightRed),
                neutral: Style::new().fg(Color::White),
            },
        }
    }

    /// The other of default and high contrast, keeping NO_COLOR.
    pub fn toggled(self) -> Theme {
        let next = match self.name {
            ThemeName::Default => ThemeName::HighContrast,
            ThemeName::HighContrast => ThemeName::Default,
        };
        Theme::new(next, self.no_color)
    }

    pub fn mark(&self, mark: Mark) -> Style {
        match mark {
            Mark::Good => self.good,
            Mark::Caution => self.caution,
            Mark::Concern => self.concern,
            Mark::Neutral => self.neutral,
        }
    }
}
