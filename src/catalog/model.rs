//! The catalogue's data model, exactly as the TOML files spell it.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// Text given in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub de: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }
}

/// A yes/no fact that may honestly be unknown, or not apply (no provider processes the data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Fact {
    #[serde(rename = "yes")]
    Yes,
    #[serde(rename = "no")]
    No,
    #[serde(rename = "unknown")]
    Unknown,
    #[serde(rename = "n/a")]
    NotApplicable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Web,
    Windows,
    Macos,
    Linux,
    Android,
    Ios,
}

impl Platform {
    pub const ALL: [Platform; 6] = [
        Platform::Web,
        Platform::Windows,
        Platform::Macos,
        Platform::Linux,
        Platform::Android,
        Platform::Ios,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Web => "web",
            Platform::Windows => "windows",
            Platform::Macos => "macos",
            Platform::Linux => "linux",
            Platform::Android => "android",
            Platform::Ios => "ios",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Platform::Web => "Web",
            Platform::Windows => "Windows",
            Platform::Macos => "macOS",
            Platform::Linux => "Linux",
            Platform::Android => "Android",
            Platform::Ios => "iOS",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum E2e {
    #[serde(rename = "yes")]
    Yes,
    #[serde(rename = "partial")]
    Partial,
    #[serde(rename = "no")]
    No,
    #[serde(rename = "n/a")]
    NotApplicable,
}

impl E2e {
    pub fn as_str(self) -> &'static str {
        match self {
            E2e::Yes => "yes",
            E2e::Partial => "partial",
            E2e::No => "no",
            E2e::NotApplicable => "n/a",
        }
    }
}

/// Maximum participants of a video tool: a number, or honestly "unknown".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Count {
    Known(u32),
    Unknown(UnknownWord),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownWord {
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hosting {
    pub countries: Vec<String>,
    pub note: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Security {
    pub e2e: E2e,
    pub e2e_note: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gdpr {
    pub dpa: Fact,
    pub us_transfer: Fact,
    pub note: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    pub free_tier: Fact,
    pub nonprofit_offer: Fact,
    pub note: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub id: String,
    pub name: String,
    pub category: String,
    pub website: String,
    pub as_of: jiff::civil::Date,
    pub sources: Vec<String>,
    pub open_source: bool,
    #[serde(default)]
    pub licence: Option<String>,
    pub self_hostable: bool,
    pub platforms: Vec<Platform>,
    pub account_to_join: Fact,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_participants: Option<Count>,
    pub provider: Provider,
    pub hosting: Hosting,
    pub security: Security,
    pub gdpr: Gdpr,
    pub pricing: Pricing,
    pub accessibility: Text,
    pub summary: Text,
    pub description: Text,
}

impl Tool {
    pub fn e2e(&self) -> E2e {
        self.security.e2e
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name: Text,
    pub description: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CategoryFile {
    pub category: Vec<Category>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub id: String,
    pub title: Text,
    pub club: Text,
    pub tools: Vec<String>,
    pub summary: Text,
    pub body: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    BbbRoom,
    MattermostTeam,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: String,
    pub kind: ServiceKind,
    pub title: Text,
    pub description: Text,
    pub limits: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeOfConduct {
    pub title: Text,
    pub text: Text,
}

/// Everything one catalogue folder holds, validated. The JSON form (`GET /api/v1/catalog`) reads back
/// with [`super::load_json`], which validates it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub categories: Vec<Category>,
    pub tools: Vec<Tool>,
    pub events: Vec<crate::events::Event>,
    pub examples: Vec<Example>,
    pub services: Vec<Service>,
    pub code_of_conduct: CodeOfConduct,
}

impl Catalog {
    pub fn tool(&self, id: &str) -> Option<&Tool> {
        self.tools.iter().find(|t| t.id == id)
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn example(&self, id: &str) -> Option<&Example> {
        self.examples.iter().find(|e| e.id == id)
    }
}
