//! Field errors in the user's language. The server and the local checks (`api::validate`) word
//! their messages in English; this turns the known wordings into German or English text with a
//! field label, so that the CLI and the TUI show the same thing for the same mistake.

use crate::api::{FieldError, Problem, ProblemKind, RegistrationStatus};
use crate::i18n::{Lang, Msg, t, tf};

/// The label of a request field (`contact_name` -> "Ansprechperson"); unknown fields as they are.
pub fn field_label(field: &str, lang: Lang) -> String {
    let msg = match field {
        "organisation" => Msg::MineFieldOrganisation,
        "contact_name" => Msg::MineFieldContactName,
        "email" => Msg::MineFieldEmail,
        "purpose" => Msg::MineFieldPurpose,
        "name" => Msg::MineFieldName,
        "expected_participants" => Msg::MineFieldParticipants,
        "accept_code_of_conduct" => Msg::MineFieldCodeOfConduct,
        "note" => Msg::MineFieldNote,
        "date" => Msg::MineFieldDate,
        _ => return field.to_string(),
    };
    t(msg, lang).to_string()
}

/// One field message in `lang`; wordings this does not know stay as the server sent them.
pub fn field_message(message: &str, lang: Lang) -> String {
    let number = |prefix: &str, suffix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .and_then(|n| n.parse::<u32>().ok())
    };
    if message == "must not be empty" {
        return t(Msg::MineErrEmpty, lang).to_string();
    }
    if let Some(n) = number("must be at least ", " characters") {
        return tf(Msg::MineErrMin, lang, &[("n", &n)]);
    }
    if let Some(n) = number("must be at most ", " characters") {
        return tf(Msg::MineErrMax, lang, &[("n", &n)]);
    }
    if message == "must not contain control characters" {
        return t(Msg::MineErrControl, lang).to_string();
    }
    if message == "must appear only once in the body" {
        return t(Msg::HostileDuplicateKey, lang).to_string();
    }
    if message.starts_with("must not contain invisible or direction-changing characters") {
        return t(Msg::HostileInvisible, lang).to_string();
    }
    if message.starts_with("must be an e-mail address") {
        return t(Msg::MineErrEmail, lang).to_string();
    }
    if message == "must be between 1 and 1000" {
        return t(Msg::MineErrParticipants, lang).to_string();
    }
    if message.starts_with("the Code of Conduct must be accepted") {
        return t(Msg::MineErrCodeOfConduct, lang).to_string();
    }
    if let Some(dates) = message.strip_prefix("must be one of the next dates of this event: ") {
        return tf(Msg::MineErrDate, lang, &[("dates", &dates)]);
    }
    if let Some((date, status)) = message
        .strip_prefix("already registered for ")
        .and_then(|rest| rest.split_once(": "))
        && let Some(status) = RegistrationStatus::parse(status)
    {
        let status = crate::mine::text::registration_status(status, lang);
        return tf(
            Msg::RegDuplicateField,
            lang,
            &[("date", &date), ("status", &status)],
        );
    }
    message.to_string()
}

/// The first line of a refusal: the kinds a user meets as a person in their language, the others
/// with the directory's own title and detail (it writes them in the language the client asked for).
pub fn headline(p: &Problem, lang: Lang) -> String {
    if p.kind == ProblemKind::AlreadyRegistered {
        return t(Msg::RegDuplicate, lang).to_string();
    }
    tf(
        Msg::MineRefused,
        lang,
        &[
            ("title", &p.title),
            ("status", &p.status),
            ("detail", &p.detail),
        ],
    )
}

/// "E-Mail: muss eine E-Mail-Adresse sein ..."
pub fn field_line(e: &FieldError, lang: Lang) -> String {
    format!(
        "{}: {}",
        field_label(&e.field, lang),
        field_message(&e.message, lang)
    )
}

/// A refusal from the directory: a headline and, for bad input, one line per field.
pub fn describe(p: &Problem, lang: Lang) -> String {
    let mut out = headline(p, lang);
    for e in &p.errors {
        out.push_str("\n  ");
        out.push_str(&field_line(e, lang));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::validate::booking_errors;
    use crate::api::{BookingKind, NewBooking};

    /// What a person reads of `de` (the problem as a German request gets it) and of `en`.
    fn says(de: &Problem, en: &Problem, german: &str, english: &str) {
        assert_eq!(describe(de, Lang::De), german);
        assert_eq!(describe(en, Lang::En), english);
    }

    #[test]
    fn every_message_of_the_booking_rules_is_translated() {
        let bad = NewBooking {
            kind: BookingKind::BbbRoom,
            organisation: "K".into(),
            contact_name: "x".repeat(201),
            email: "nope".into(),
            purpose: " ".into(),
            name: "a\u{7}b".into(),
            expected_participants: 0,
            accept_code_of_conduct: false,
            lang: None,
        };
        let errors = booking_errors(&bad);
        assert_eq!(errors.len(), 7);
        for e in &errors {
            let de = field_line(e, Lang::De);
            assert!(
                !de.contains(&e.message) && !de.starts_with(&e.field),
                "untranslated: {de}"
            );
        }
        assert_eq!(
            field_line(&errors[0], Lang::De),
            "Organisation: muss mindestens 2 Zeichen lang sein"
        );
        assert_eq!(
            field_line(&errors[2], Lang::En),
            "E-mail: must be an e-mail address such as name@example.org"
        );
    }

    #[test]
    fn a_second_registration_is_told_in_both_languages() {
        let p = Problem::new(ProblemKind::AlreadyRegistered, "already").with_errors(vec![
            FieldError::new("email", "already registered for 2027-01-20: waitlisted"),
        ]);
        says(
            &p,
            &p,
            "Diese E-Mail-Adresse ist für diesen Termin schon angemeldet; eine zweite Anmeldung ist nicht nötig.\n  E-Mail: schon angemeldet für den 2027-01-20: auf der Warteliste",
            "This e-mail address is already registered for this date; a second registration is not needed.\n  E-mail: already registered for 2027-01-20: waitlisted",
        );
        // a status this version does not know stays as sent
        assert_eq!(
            field_message("already registered for 2027-01-20: paused", Lang::De),
            "already registered for 2027-01-20: paused"
        );
    }

    #[test]
    fn a_refusal_shows_the_directory_s_title_and_detail_in_the_language() {
        let p = Problem::new(
            ProblemKind::InvalidTransition,
            "a rejected booking cannot be cancelled",
        );
        says(
            &crate::directory::error::localized(p.clone(), Lang::De),
            &p,
            "das Verzeichnis hat abgelehnt (Konflikt, HTTP 409): eine Buchung im Zustand „abgelehnt“ lässt sich nicht stornieren",
            "the directory refused (Conflict, HTTP 409): a rejected booking cannot be cancelled",
        );
    }

    #[test]
    fn unknown_wordings_pass_through() {
        assert_eq!(field_message("is odd", Lang::De), "is odd");
        assert_eq!(field_label("services[0].url", Lang::De), "services[0].url");
    }
}
