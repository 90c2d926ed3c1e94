//! Filters over tools: combinable, shown as chips, removable one by one.

use std::collections::BTreeSet;

use serde::Serialize;

use super::countries::is_eu_eea;
use super::model::{E2e, Fact, Platform, Tool};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filters {
    pub category: Option<String>,
    /// The tool must run on every platform listed.
    pub platforms: BTreeSet<Platform>,
    pub open_source: bool,
    pub self_hostable: bool,
    pub e2e: bool,
    pub free_tier: bool,
    pub eu: bool,
}

/// One filter that is on or off: a platform the tool must run on, or a property it must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterKey {
    Platform(Platform),
    OpenSource,
    SelfHostable,
    E2e,
    FreeTier,
    Eu,
}

impl FilterKey {
    /// In the order of the filter pane.
    pub const ALL: [FilterKey; 11] = [
        FilterKey::OpenSource,
        FilterKey::SelfHostable,
        FilterKey::E2e,
        FilterKey::FreeTier,
        FilterKey::Eu,
        FilterKey::Platform(Platform::Web),
        FilterKey::Platform(Platform::Windows),
        FilterKey::Platform(Platform::Macos),
        FilterKey::Platform(Platform::Linux),
        FilterKey::Platform(Platform::Android),
        FilterKey::Platform(Platform::Ios),
    ];
}

/// One active filter, as shown in the chip row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chip {
    Category(String),
    On(FilterKey),
}

impl Filters {
    pub fn matches(&self, tool: &Tool) -> bool {
        self.category.as_ref().is_none_or(|c| *c == tool.category)
            && self.platforms.iter().all(|p| tool.platforms.contains(p))
            && (!self.open_source || tool.open_source)
            && (!self.self_hostable || tool.self_hostable)
            && (!self.e2e || tool.e2e() == E2e::Yes)
            && (!self.free_tier || tool.pricing.free_tier == Fact::Yes)
            && (!self.eu || is_eu_eea(&tool.provider.country))
    }

    pub fn is_empty(&self) -> bool {
        self.chips().is_empty()
    }

    pub fn chips(&self) -> Vec<Chip> {
        let mut chips: Vec<Chip> = self.category.iter().cloned().map(Chip::Category).collect();
        let platforms = self.platforms.iter().map(|p| FilterKey::Platform(*p));
        let properties = FilterKey::ALL
            .into_iter()
            .filter(|k| !matches!(k, FilterKey::Platform(_)));
        chips.extend(
            platforms
                .chain(properties)
                .filter(|k| self.is_on(*k))
                .map(Chip::On),
        );
        chips
    }

    pub fn is_on(&self, key: FilterKey) -> bool {
        match key {
            FilterKey::Platform(p) => self.platforms.contains(&p),
            FilterKey::OpenSource => self.open_source,
            FilterKey::SelfHostable => self.self_hostable,
            FilterKey::E2e => self.e2e,
            FilterKey::FreeTier => self.free_tier,
            FilterKey::Eu => self.eu,
        }
    }

    pub fn set(&mut self, key: FilterKey, on: bool) {
        match key {
            FilterKey::Platform(p) if on => {
                self.platforms.insert(p);
            }
            FilterKey::Platform(p) => {
                self.platforms.remove(&p);
            }
            FilterKey::OpenSource => self.open_source = on,
            FilterKey::SelfHostable => self.self_hostable = on,
            FilterKey::E2e => self.e2e = on,
            FilterKey::FreeTier => self.free_tier = on,
            FilterKey::Eu => self.eu = on,
        }
    }

    pub fn toggle(&mut self, key: FilterKey) {
        self.set(key, !self.is_on(key));
    }

    pub fn remove(&mut self, chip: &Chip) {
        match chip {
            Chip::Category(_) => self.category = None,
            Chip::On(key) => self.set(*key, false),
        }
    }
}
