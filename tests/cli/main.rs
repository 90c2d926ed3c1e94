//! The command line: commands and their output, the catalogue, the user's own store, parser properties.
//! One test binary per kind, so the library is linked once for all of them.

#[macro_use]
#[path = "../support/mod.rs"]
mod support;

mod catalog;
mod commands;
mod mine;
mod parsers_prop;
