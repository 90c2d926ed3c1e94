//! The directory server: HTTP API, storage on SQLite and PostgreSQL, durability, rooms.
//! One test binary per kind, so the library is linked once for all of them.

#[macro_use]
#[path = "../support/mod.rs"]
mod support;

mod alerts;
mod bad_input;
mod catalog_sync;
mod checks;
mod durability;
mod faults;
mod history;
mod hostile;
mod http;
mod mail;
mod mail_processes;
mod registrations;
mod rooms_story;
mod status;
mod story;
