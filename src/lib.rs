//! vereint: digital infrastructure for clubs and non-profits.

pub mod api;
pub mod catalog;
pub mod cli;
pub mod client;
pub mod config;
pub mod directory;
pub mod events;
pub mod health;
pub mod i18n;
pub mod integrations;
pub mod mine;
pub mod output;
pub mod provision;
pub mod runtime;
pub mod session;
pub mod sim;
pub mod suggest;
pub mod tui;
