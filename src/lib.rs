//! vereint: digital infrastructure for clubs and non-profits.

pub mod catalog;
pub mod cli;
pub mod client;
pub mod config;
pub mod directory;
pub mod events;
pub mod i18n;
pub mod integrations;
pub mod output;
pub mod provision;
pub mod session;
pub mod tui;
