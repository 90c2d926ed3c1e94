//! The terminal interface: admin and owner screens in process, the real binary in tmux.
//! One test binary per kind, so the library is linked once for all of them.

#[macro_use]
#[path = "../support/mod.rs"]
mod support;

mod admin;
mod e2e;
mod owner;
