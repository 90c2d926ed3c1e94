//! What a club member booked and registered for: the local store with owner and cancel tokens,
//! sending (and re-sending) submissions, field errors in the user's language, and the CLI.

pub mod cli;
pub mod problem;
pub mod send;
pub mod store;
