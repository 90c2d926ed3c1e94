//! `vereint health` and the agent: real targets, hostile servers, site files.
//! One test binary per kind, so the library is linked once for all of them.

#[macro_use]
#[path = "../support/mod.rs"]
mod support;

mod checks;
mod hostile;
mod site;
