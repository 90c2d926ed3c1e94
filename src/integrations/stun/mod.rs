//! STUN binding and TURN allocate probes, as coturn (and BBB's TURN setup) answers them.

pub mod message;
pub mod probe;

pub use probe::{
    Outcome, ProbeError, Transport, TurnCredentials, binding, turn_allocate, turn_rest_credentials,
};
