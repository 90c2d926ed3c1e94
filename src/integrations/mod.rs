//! Clients for the servers the directory drives: BigBlueButton, Mattermost, STUN/TURN.

pub mod bbb;
pub mod mattermost;
pub mod stun;
