//! What a club member booked and registered for: the local store with owner and cancel tokens,
//! sending (and re-sending) submissions, the live state from the directory, and their wording in
//! the user's language (field errors, labels).

pub mod live;
pub mod owner_token;
pub mod problem;
pub mod send;
pub mod store;
pub mod text;
