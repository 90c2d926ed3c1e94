//! The plain rule that turns a tool's facts into a short privacy and security profile (no score).
//! The same table is documented in README.md and embedded-catalog/README.md.

use serde::Serialize;

use super::countries::is_gdpr_adequate_seat;
use super::model::{E2e, Fact, Tool};
use crate::i18n::{Lang, Msg, t, tf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    Good,
    Caution,
    Concern,
    Neutral,
}

impl Mark {
    /// The symbol shown before the line; readable without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Good => "+",
            Mark::Caution => "~",
            Mark::Concern => "!",
            Mark::Neutral => "·",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// Stable name of the aspect: source, e2e, seat, us_transfer, dpa, self_hosting.
    pub aspect: &'static str,
    pub mark: Mark,
    pub text: String,
}

pub fn profile(tool: &Tool, lang: Lang) -> Vec<Line> {
    let line = |aspect, mark, msg| Line {
        aspect,
        mark,
        text: t(msg, lang).to_string(),
    };
    let source = if tool.open_source {
        line("source", Mark::Good, Msg::OpenSource)
    } else {
        line("source", Mark::Concern, Msg::ClosedSource)
    };
    let e2e = match tool.e2e() {
        E2e::Yes => line("e2e", Mark::Good, Msg::E2eYes),
        E2e::Partial => line("e2e", Mark::Caution, Msg::E2ePartial),
        E2e::No => line("e2e", Mark::Concern, Msg::E2eNo),
        E2e::NotApplicable => line("e2e", Mark::Neutral, Msg::E2eNa),
    };
    // dpa = "n/a" says that no provider processes the club's data (local or self-run software)
    let no_processor = tool.gdpr.dpa == Fact::NotApplicable;
    let country = &tool.provider.country;
    let seat = if no_processor {
        line("seat", Mark::Neutral, Msg::SeatIrrelevant)
    } else if is_gdpr_adequate_seat(country) {
        line("seat", Mark::Good, Msg::ProviderInEu)
    } else {
        Line {
            aspect: "seat",
            mark: Mark::Concern,
            text: tf(Msg::ProviderOutsideEu, lang, &[("country", country)]),
        }
    };
    let us = match tool.gdpr.us_transfer {
        Fact::No => line("us_transfer", Mark::Good, Msg::UsTransferNo),
        Fact::Unknown => line("us_transfer", Mark::Caution, Msg::UsTransferUnknown),
        Fact::Yes => line("us_transfer", Mark::Concern, Msg::UsTransferYes),
        Fact::NotApplicable => line("us_transfer", Mark::Neutral, Msg::UsTransferNa),
    };
    let dpa = match tool.gdpr.dpa {
        Fact::Yes => line("dpa", Mark::Good, Msg::DpaYes),
        Fact::Unknown => line("dpa", Mark::Caution, Msg::DpaUnknown),
        Fact::No => line("dpa", Mark::Concern, Msg::DpaNo),
        Fact::NotApplicable => line("dpa", Mark::Neutral, Msg::DpaNa),
    };
    let hosting = if tool.self_hostable {
        line("self_hosting", Mark::Good, Msg::SelfHostable)
    } else if no_processor {
        line("self_hosting", Mark::Neutral, Msg::RunsLocally)
    } else {
        line("self_hosting", Mark::Concern, Msg::NotSelfHostable)
    };
    vec![source, e2e, seat, us, dpa, hosting]
}
