//! The keymap is data: `keymap.toml`, embedded into the binary, one section per mode. Lookups and the
//! help screen both come from it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use super::action::Action;
use crate::catalog::model::Text;
use crate::i18n::{Lang, Msg, t};

const KEYMAP_TOML: &str = include_str!("keymap.toml");

/// A section of the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Global,
    Move,
    Home,
    Catalogue,
    Search,
    Detail,
    Compare,
    Examples,
    Reader,
    Events,
    Form,
    Bookings,
    Community,
    Help,
    // admin screens and dashboard
    Admin,
    Dashboard,
    AdminInput,
}

impl Mode {
    /// In the order of the help screen.
    pub const ALL: [Mode; 17] = [
        Mode::Global,
        Mode::Move,
        Mode::Home,
        Mode::Catalogue,
        Mode::Search,
        Mode::Detail,
        Mode::Compare,
        Mode::Examples,
        Mode::Reader,
        Mode::Events,
        Mode::Form,
        Mode::Bookings,
        Mode::Community,
        Mode::Help,
        Mode::Admin,
        Mode::Dashboard,
        Mode::AdminInput,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Move => "move",
            Mode::Home => "home",
            Mode::Catalogue => "catalogue",
            Mode::Search => "search",
            Mode::Detail => "detail",
            Mode::Compare => "compare",
            Mode::Examples => "examples",
            Mode::Reader => "reader",
            Mode::Events => "events",
            Mode::Form => "form",
            Mode::Bookings => "bookings",
            Mode::Community => "community",
            Mode::Help => "help",
            Mode::Admin => "admin",
            Mode::Dashboard => "dashboard",
            Mode::AdminInput => "admin_input",
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        t(
            match self {
                Mode::Global => Msg::TuiModeGlobal,
                Mode::Move => Msg::TuiModeMove,
                Mode::Home => Msg::TuiTabHome,
                Mode::Catalogue => Msg::TuiTabCatalogue,
                Mode::Search => Msg::TuiModeSearch,
                Mode::Detail => Msg::TuiModeDetail,
                Mode::Compare => Msg::TuiTabCompare,
                Mode::Examples => Msg::TuiTabExamples,
                Mode::Reader => Msg::TuiModeReader,
                Mode::Events => Msg::TuiTabEvents,
                Mode::Form => Msg::BookTitle,
                Mode::Bookings => Msg::BookMine,
                Mode::Community => Msg::CommunityTitle,
                Mode::Help => Msg::TuiModeHelp,
                Mode::Admin => Msg::AdminModeAdmin,
                Mode::Dashboard => Msg::AdminModeDashboard,
                Mode::AdminInput => Msg::AdminModeInput,
            },
            lang,
        )
    }

    /// Text fields take every character that is not bound in their own section.
    pub fn is_text_input(self) -> bool {
        matches!(self, Mode::Search | Mode::Form | Mode::AdminInput)
    }
}

/// A key as the keymap names it: the code plus Ctrl/Alt (Shift is part of the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn from_event(event: &KeyEvent) -> Key {
        let code = match event.code {
            // some terminals report Shift-Tab as Tab with Shift
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            // Ctrl-letters may come upper- or lowercase
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parses `q`, `?`, `ctrl-c`, `esc`, `pagedown`, `f1`, ...
    pub fn parse(spec: &str) -> Option<Key> {
        let mut rest = spec;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if rest.chars().count() > 1 {
                if let Some(r) = rest.strip_prefix("ctrl-") {
                    ctrl = true;
                    rest = r;
                    continue;
                }
                if let Some(r) = rest.strip_prefix("alt-") {
                    alt = true;
                    rest = r;
                    continue;
                }
            }
            break;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match rest {
                "esc" => KeyCode::Esc,
                "enter" => KeyCode::Enter,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "delete" => KeyCode::Delete,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pageup" => KeyCode::PageUp,
                "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "space" => KeyCode::Char(' '),
                f => KeyCode::F(
                    f.strip_prefix('f')?
                        .parse()
                        .ok()
                        .filter(|n| (1..=12).contains(n))?,
                ),
            },
        };
        Some(Key { code, ctrl, alt })
    }
}

/// How a key is written on the help screen and in the hints: as on the user's keyboard, so
/// German keyboards' `Strg` for Ctrl.
pub fn label(spec: &str, lang: Lang) -> String {
    let ctrl = match lang {
        Lang::De => "Strg-",
        Lang::En => "Ctrl-",
    };
    let (prefix, key) = if let Some(k) = spec.strip_prefix("ctrl-").filter(|k| !k.is_empty()) {
        (ctrl, k)
    } else if let Some(k) = spec.strip_prefix("alt-").filter(|k| !k.is_empty()) {
        ("Alt-", k)
    } else {
        ("", spec)
    };
    let key = match key {
        "esc" => "Esc".to_string(),
        "enter" => "Enter".to_string(),
        "tab" => "Tab".to_string(),
        "backtab" => "Shift-Tab".to_string(),
        "backspace" => "Backspace".to_string(),
        "delete" => "Del".to_string(),
        "up" => "↑".to_string(),
        "down" => "↓".to_string(),
        "left" => "←".to_string(),
        "right" => "→".to_string(),
        "pageup" => "PgUp".to_string(),
        "pagedown" => "PgDn".to_string(),
        "home" => "Home".to_string(),
        "end" => "End".to_string(),
        "space" => "Space".to_string(),
        k if prefix.is_empty() => k.to_string(),
        k => k.to_uppercase(),
    };
    format!("{prefix}{key}")
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    on: Vec<String>,
    run: String,
    desc: Text,
    #[serde(default)]
    short: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: Vec<Key>,
    /// The keys as written in the file.
    pub specs: Vec<String>,
    pub action: Action,
    pub desc: Text,
    /// A short label for the hint line; bindings without it only appear on the help screen.
    pub short: Option<Text>,
}

impl Binding {
    /// The keys for the help screen, e.g. `k ↑`.
    pub fn keys_label(&self, lang: Lang) -> String {
        self.specs
            .iter()
            .map(|s| label(s, lang))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    sections: BTreeMap<Mode, Vec<Binding>>,
}

impl Keymap {
    /// The embedded keymap; a test makes sure it parses.
    pub fn embedded() -> &'static Keymap {
        static KEYMAP: OnceLock<Keymap> = OnceLock::new();
        KEYMAP
            .get_or_init(|| Keymap::parse(KEYMAP_TOML).expect("the embedded keymap.toml is valid"))
    }

    pub fn parse(text: &str) -> Result<Keymap, String> {
        let raw: BTreeMap<String, Vec<RawBinding>> =
            toml::from_str(text).map_err(|e| e.to_string())?;
        let mut sections = BTreeMap::new();
        for (name, bindings) in raw {
            let mode = Mode::ALL
                .into_iter()
                .find(|m| m.key() == name)
                .ok_or_else(|| format!("unknown mode [[{name}]]"))?;
            let mut out = Vec::new();
            for b in bindings {
                let action = Action::from_name(&b.run)
                    .ok_or_else(|| format!("[[{name}]]: unknown action `{}`", b.run))?;
                let keys = b
                    .on
                    .iter()
                    .map(|s| Key::parse(s).ok_or_else(|| format!("[[{name}]]: unknown key `{s}`")))
                    .collect::<Result<Vec<_>, _>>()?;
                if keys.is_empty() {
                    return Err(format!("[[{name}]]: `{}` has no keys", b.run));
                }
                out.push(Binding {
                    keys,
                    specs: b.on,
                    action,
                    desc: b.desc,
                    short: b.short,
                });
            }
            sections.insert(mode, out);
        }
        Ok(Keymap { sections })
    }

    pub fn bindings(&self, mode: Mode) -> &[Binding] {
        self.sections.get(&mode).map_or(&[], Vec::as_slice)
    }

    fn find(&self, mode: Mode, key: Key) -> Option<Action> {
        self.bindings(mode)
            .iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action.clone())
    }

    /// The action for a key in a mode: the mode's own section, then movement, then global keys.
    /// Text fields look at their own section (and Ctrl-C); other characters are typed, and only
    /// keys that type nothing (F1) reach the global ones.
    pub fn action(&self, mode: Mode, event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        if let Some(action) = self.find(mode, key) {
            return Some(action);
        }
        if mode.is_text_input() {
            return match key.code {
                KeyCode::Char('c') if key.ctrl => Some(Action::Quit),
                KeyCode::Char(c) if !key.ctrl && !key.alt => Some(Action::Input(c)),
                KeyCode::Char(_) => None,
                // a key that types nothing (F1) keeps its global meaning
                _ => self.find(Mode::Global, key),
            };
        }
        self.find(Mode::Move, key)
            .or_else(|| self.find(Mode::Global, key))
    }

    /// The action for a key on a form's row that is no text field (a choice, a button): the
    /// form's own section, then the global keys except quitting with a plain letter (a slip must
    /// not throw away what was typed; Ctrl-C still quits); other characters reach the row, where
    /// Space toggles.
    pub fn choice_action(&self, mode: Mode, event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        if let Some(action) = self.find(mode, key) {
            return Some(action);
        }
        let global = self.find(Mode::Global, key);
        match (global, key.code) {
            (Some(Action::Quit), KeyCode::Char(c)) if !key.ctrl => Some(Action::Input(c)),
            (Some(action), _) => Some(action),
            (None, KeyCode::Char(c)) if !key.ctrl && !key.alt => Some(Action::Input(c)),
            (None, _) => None,
        }
    }

    /// Bindings shown in the hint line for a mode: its own, then the global ones, with a short label.
    pub fn hints(&self, mode: Mode) -> impl Iterator<Item = &Binding> {
        let global = if mode.is_text_input() {
            &[][..]
        } else {
            self.bindings(Mode::Global)
        };
        self.bindings(mode)
            .iter()
            .chain(global)
            .filter(|b| b.short.is_some())
    }
}
