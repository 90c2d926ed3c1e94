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

/// One active filter, as shown in the chip row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chip {
    Category(String),
    Platform(Platform),
    OpenSource,
    SelfHostable,
    E2e,
    FreeTier,
    Eu,
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
        chips.extend(self.platforms.iter().copied().map(Chip::Platform));
        for (on, chip) in [
            (self.open_source, Chip::OpenSource),
            (self.self_hostable, Chip::SelfHostable),
            (self.e2e, Chip::E2e),
            (self.free_tier, Chip::FreeTier),
            (self.eu, Chip::Eu),
        ] {
            if on {
                chips.push(chip);
            }
        }
        chips
    }

    pub fn remove(&mut self, chip: &Chip) {
        match chip {
            Chip::Category(_) => self.category = None,
            Chip::Platform(p) => {
                self.platforms.remove(p);
            }
            Chip::OpenSource => self.open_source = false,
            Chip::SelfHostable => self.self_hostable = false,
            Chip::E2e => self.e2e = false,
            Chip::FreeTier => self.free_tier = false,
            Chip::Eu => self.eu = false,
        }
    }

    pub fn toggle_platform(&mut self, platform: Platform) {
        if !self.platforms.remove(&platform) {
            self.platforms.insert(platform);
        }
    }
}
