//! BigBlueButton and Mattermost: simulators, third-party peers, end-to-end rooms and teams, STUN/TURN against coturn.
//! One test binary per kind, so the library is linked once for all of them.

#[macro_use]
#[path = "../support/mod.rs"]
mod support;

mod bbb_peers;
mod bbb_sim;
mod e2e_rooms;
mod e2e_teams;
mod mattermost_peer;
mod mattermost_sim;
mod stun_coturn;
