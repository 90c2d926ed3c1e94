//! A tool's facts as labelled rows in the user's language: the one list behind `catalog show` and
//! the TUI's detail page. Values are the catalogue's text as it stands; each front end cleans and
//! lays them out its own way.

use super::model::{Count, E2e, Fact, Tool};
use crate::i18n::{Lang, Msg, t};

pub fn fact_word(fact: Fact, lang: Lang) -> &'static str {
    t(
        match fact {
            Fact::Yes => Msg::Yes,
            Fact::No => Msg::No,
            Fact::Unknown => Msg::Unknown,
            Fact::NotApplicable => Msg::NotApplicable,
        },
        lang,
    )
}

pub fn e2e_word(e2e: E2e, lang: Lang) -> &'static str {
    t(
        match e2e {
            E2e::Yes => Msg::Yes,
            E2e::Partial => Msg::Partly,
            E2e::No => Msg::No,
            E2e::NotApplicable => Msg::NotApplicable,
        },
        lang,
    )
}

pub fn yes_no(value: bool, lang: Lang) -> &'static str {
    t(if value { Msg::Yes } else { Msg::No }, lang)
}

/// "value – note", or whichever of the two is not empty.
fn with_note(value: &str, note: &str) -> String {
    match (value.trim().is_empty(), note.trim().is_empty()) {
        (_, true) => value.to_string(),
        (true, false) => note.to_string(),
        (false, false) => format!("{value} – {note}"),
    }
}

/// Category (by its name in `lang`, given by the caller, who knows the catalogue), provider, hosting,
/// openness, security, data protection, devices, costs, size, accessibility and website.
pub fn rows(tool: &Tool, category: &str, lang: Lang) -> Vec<(Msg, String)> {
    let open_source = match &tool.licence {
        Some(licence) => format!("{} ({licence})", yes_no(tool.open_source, lang)),
        None => yes_no(tool.open_source, lang).to_string(),
    };
    let hosting = if tool.hosting.countries.is_empty() {
        t(Msg::Unknown, lang).to_string()
    } else {
        tool.hosting.countries.join(", ")
    };
    let platforms: Vec<&str> = tool.platforms.iter().map(|p| p.label()).collect();
    let mut rows = vec![
        (Msg::FieldCategory, category.to_string()),
        (
            Msg::FieldProvider,
            format!("{} ({})", tool.provider.name, tool.provider.country),
        ),
        (
            Msg::FieldHosting,
            with_note(&hosting, tool.hosting.note.get(lang)),
        ),
        (Msg::FieldOpenSource, open_source),
        (
            Msg::FieldSelfHostable,
            yes_no(tool.self_hostable, lang).to_string(),
        ),
        (
            Msg::FieldE2e,
            with_note(e2e_word(tool.e2e(), lang), tool.security.e2e_note.get(lang)),
        ),
        (Msg::FieldDpa, fact_word(tool.gdpr.dpa, lang).to_string()),
        (
            Msg::FieldUsTransfer,
            fact_word(tool.gdpr.us_transfer, lang).to_string(),
        ),
        (Msg::FieldGdpr, tool.gdpr.note.get(lang).to_string()),
        (Msg::FieldPlatforms, platforms.join(", ")),
        (
            Msg::FieldAccount,
            fact_word(tool.account_to_join, lang).to_string(),
        ),
        (
            Msg::FieldFreeTier,
            fact_word(tool.pricing.free_tier, lang).to_string(),
        ),
        (
            Msg::FieldNonprofit,
            fact_word(tool.pricing.nonprofit_offer, lang).to_string(),
        ),
        (Msg::FieldPricing, tool.pricing.note.get(lang).to_string()),
    ];
    if let Some(max) = &tool.max_participants {
        let value = match max {
            Count::Known(n) => n.to_string(),
            Count::Unknown(_) => t(Msg::Unknown, lang).to_string(),
        };
        rows.push((Msg::FieldMaxParticipants, value));
    }
    rows.push((
        Msg::FieldAccessibility,
        tool.accessibility.get(lang).to_string(),
    ));
    rows.push((Msg::FieldWebsite, tool.website.clone()));
    rows
}
