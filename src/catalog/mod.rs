//! The catalogue of tools, categories, events, examples and services: loading, validation, search,
//! filters and the privacy profile. Pure: no I/O beyond reading the catalogue itself.

pub mod countries;
pub mod facts;
pub mod filter;
mod load;
pub mod model;
pub mod profile;
pub mod search;
mod validate;

pub use load::{embedded, embedded_files, load_dir, load_files, load_json};
pub use model::{Catalog, Category, Example, Fact, Platform, Service, Text, Tool};
pub use validate::{At, Issue, Problem, Problems};
