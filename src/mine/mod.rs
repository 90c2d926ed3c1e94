//! What a club member booked and registered for: the local store with owner and cancel tokens and
//! the sending (and re-sending) of submissions through it (store.rs), the live state from the
//! directory, and their wording in the user's language (field errors, labels).

pub mod live;
pub mod owner_token;
pub mod problem;
pub mod store;
pub mod text;
