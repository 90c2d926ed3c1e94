//! German and English. Every message exists in both languages; the compiler checks that each key has
//! two texts, and a test checks that both use the same `{placeholders}`.

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    De,
    En,
}

impl Lang {
    /// German for `de*` locales, English otherwise; LC_ALL, then LC_MESSAGES, then LANG decide.
    pub fn from_locale_env(get: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(get)
            .find(|v| !v.is_empty());
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("de") => Lang::De,
            _ => Lang::En,
        }
    }

    pub fn from_env() -> Lang {
        Self::from_locale_env(|k| std::env::var(k).ok())
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// The language the user reads now: set by the session and by the TUI's language switch; what
    /// the directory client asks answers in (`Accept-Language`) and writes its errors in.
    /// Until something sets it, the locale's.
    pub fn current() -> Lang {
        match CURRENT.load(std::sync::atomic::Ordering::Relaxed) {
            0 => Lang::De,
            1 => Lang::En,
            _ => Lang::from_env(),
        }
    }

    pub fn set_current(lang: Lang) {
        CURRENT.store(lang as u8, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::De => Lang::En,
            Lang::En => Lang::De,
        }
    }
}

/// `Lang as u8`, or `u8::MAX` while unset.
static CURRENT: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(u8::MAX);

macro_rules! messages {
    ($($key:ident => $de:literal, $en:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($key,)* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)*];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::De) => $de, (Msg::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

/// Translates a message.
pub fn t(msg: Msg, lang: Lang) -> &'static str {
    msg.text(lang)
}

/// Translates a message and fills its `{name}` placeholders.
/// What is wrong with a URL that does not parse, in `lang` (the url crate says it in English).
pub fn url_error(e: url::ParseError, lang: Lang) -> String {
    use url::ParseError::*;
    let msg = match e {
        RelativeUrlWithoutBase => Msg::UrlRelative,
        EmptyHost => Msg::UrlEmptyHost,
        InvalidPort => Msg::UrlInvalidPort,
        InvalidDomainCharacter => Msg::UrlDomainCharacter,
        InvalidIpv4Address => Msg::UrlIpv4,
        InvalidIpv6Address => Msg::UrlIpv6,
        IdnaError => Msg::UrlIdna,
        other => return other.to_string(),
    };
    t(msg, lang).to_string()
}

pub fn tf(msg: Msg, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut text = msg.text(lang).to_string();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), &value.to_string());
    }
    text
}

messages! {
    // Facts and profile
    Yes => "ja", "yes";
    No => "nein", "no";
    Unknown => "unbekannt", "unknown";
    Partly => "teilweise", "partly";
    NotApplicable => "entfällt", "n/a";
    OpenSource => "Open Source", "Open source";
    ClosedSource => "Quellcode nicht offen", "Closed source";
    SelfHostable => "Selbst betreibbar", "Self-hostable";
    NotSelfHostable => "Nicht selbst betreibbar", "Not self-hostable";
    E2eYes => "Ende-zu-Ende-verschlüsselt", "End-to-end encrypted";
    E2ePartial => "Teilweise Ende-zu-Ende-verschlüsselt", "Partly end-to-end encrypted";
    E2eNo => "Nicht Ende-zu-Ende-verschlüsselt", "Not end-to-end encrypted";
    E2eNa => "Ende-zu-Ende-Verschlüsselung entfällt", "End-to-end encryption not applicable";
    ProviderInEu => "Anbieter in EU/EWR oder Schweiz", "Provider in the EU/EEA or Switzerland";
    ProviderOutsideEu => "Anbieter außerhalb von EU/EWR ({country})", "Provider outside the EU/EEA ({country})";
    UsTransferNo => "Keine Datenübermittlung in die USA", "No data transfer to the USA";
    UsTransferYes => "Daten werden in die USA übermittelt", "Data are transferred to the USA";
    UsTransferUnknown => "Datenübermittlung in die USA unklar", "Data transfer to the USA unclear";
    DpaYes => "Auftragsverarbeitungsvertrag (AVV) möglich", "Data processing agreement available";
    DpaNo => "Kein Auftragsverarbeitungsvertrag (AVV)", "No data processing agreement";
    DpaNa => "Kein Auftragsverarbeitungsvertrag nötig: kein Anbieter verarbeitet die Daten", "No data processing agreement needed: no provider processes the data";
    UsTransferNa => "Übermittlung in die USA hängt vom eigenen Speicherort ab", "Transfer to the USA depends on where you keep the data";
    SeatIrrelevant => "Sitz des Projekts ohne Bedeutung: die Daten bleiben beim Verein", "Project seat does not matter: the data stay with the club";
    RunsLocally => "Läuft lokal auf den Geräten, kein Server nötig", "Runs locally on devices, no server needed";
    DpaUnknown => "Auftragsverarbeitungsvertrag (AVV) unklar", "Data processing agreement unclear";

    // Field labels
    FieldCategory => "Kategorie", "Category";
    FieldProvider => "Anbieter", "Provider";
    FieldCountry => "Land", "Country";
    FieldHosting => "Datenspeicherung", "Data hosting";
    FieldLicence => "Lizenz", "Licence";
    FieldOpenSource => "Open Source", "Open source";
    FieldSelfHostable => "Selbst betreibbar", "Self-hostable";
    FieldE2e => "Ende-zu-Ende-Verschlüsselung", "End-to-end encryption";
    FieldDpa => "AVV (Auftragsverarbeitung)", "Data processing agreement";
    FieldUsTransfer => "Übermittlung in die USA", "Transfer to the USA";
    FieldGdpr => "Datenschutz (DSGVO)", "Data protection (GDPR)";
    FieldPlatforms => "Geräte", "Platforms";
    FieldAccount => "Konto zum Mitmachen nötig", "Account needed to join";
    FieldFreeTier => "Kostenlose Stufe", "Free tier";
    FieldNonprofit => "Angebot für Vereine", "Non-profit offer";
    FieldPricing => "Kosten", "Pricing";
    FieldMaxParticipants => "Max. Teilnehmende", "Max. participants";
    FieldAccessibility => "Barrierefreiheit", "Accessibility";
    FieldWebsite => "Website", "Website";
    FieldSources => "Quellen", "Sources";
    FieldAsOf => "Stand", "As of";
    FieldProfile => "Datenschutz-Profil", "Privacy profile";
    FieldTools => "Werkzeuge", "Tools";
    FieldClub => "Verein", "Club";
    FieldWhen => "Wann", "When";
    FieldWhere => "Wo", "Where";
    FieldLanguage => "Sprache", "Language";
    FieldCapacity => "Plätze", "Places";
    FieldId => "ID", "ID";
    FieldName => "Name", "Name";
    FieldSummary => "Kurzbeschreibung", "Summary";
    FieldDescription => "Beschreibung", "Description";
    Online => "online", "online";

    // CLI
    ErrToolNotFound => "kein Werkzeug mit der ID „{id}“; `vereint catalog list` zeigt alle IDs", "no tool with id `{id}`; `vereint catalog list` shows all ids";
    ErrExampleNotFound => "kein Praxisbeispiel mit der ID „{id}“; `vereint examples list` zeigt alle", "no example with id `{id}`; `vereint examples list` shows them all";
    ErrEventNotFound => "keine Veranstaltung mit der ID „{id}“; `vereint events list` zeigt alle", "no event with id `{id}`; `vereint events list` shows them all";
    CatalogNoCategory => "keine Kategorie mit der ID „{id}“; es gibt: {ids}", "no category with id `{id}`; the ids are: {ids}";
    ValidateOk => "{dir}: Katalog ist gültig ({tools} Werkzeuge, {categories} Kategorien, {events} Veranstaltungen, {examples} Beispiele)", "{dir}: catalogue is valid ({tools} tools, {categories} categories, {events} events, {examples} examples)";
    ValidateFailed => "{dir}: {count} Problem(e) gefunden", "{dir}: {count} problem(s) found";
    NoResults => "Keine Treffer.", "No matches.";
    ConfigSource => "Quelle", "Source";
    ConfigKey => "Schlüssel", "Key";
    ConfigValue => "Wert", "Value";
    ConfigDefault => "Voreinstellung", "default";

    // TUI
    TuiTabHome => "Start", "Home";
    TuiTabCatalogue => "Katalog", "Catalogue";
    TuiTabCompare => "Vergleich", "Compare";
    TuiTabExamples => "Beispiele", "Examples";
    TuiTabEvents => "Termine", "Events";
    TuiModeGlobal => "Überall", "Everywhere";
    TuiModeMove => "Bewegen", "Moving around";
    TuiModeSearch => "Suchfeld", "Search field";
    TuiModeDetail => "Werkzeug", "Tool";
    TuiModeReader => "Beispiel lesen", "Reading an example";
    TuiModeHelp => "Hilfe", "Help";
    TuiHelp => "Hilfe", "Help";
    TuiHelpTitle => "Hilfe: alle Tasten", "Help: all keys";
    TuiHelpIntro => "Diese Übersicht entsteht aus der Tastenbelegung (keymap.toml). Esc schließt sie. In einem Textfeld gehen Buchstaben ins Feld; auf Auswahlen und Knöpfen eines Formulars gelten die Tasten von „Überall“, nur q beendet dort nicht (Strg-C schon).", "This overview is generated from the keymap (keymap.toml). Esc closes it. In a text field letters go into the field; on a form's choices and buttons the keys listed under “Everywhere” work, except that q does not quit there (Ctrl-C does).";
    TuiNeedsTerminal => "die Terminal-Oberfläche braucht ein Terminal; für Skripte gibt es die Befehle, etwa `vereint catalog list --json` (siehe `vereint --help`)", "the terminal interface needs a terminal; for scripts use the subcommands, such as `vereint catalog list --json` (see `vereint --help`)";
    TuiTooSmallTitle => "Terminal zu klein", "Terminal too small";
    TuiTooSmall => "Das Fenster hat {width}×{height} Zeichen; vereint braucht mindestens {min_width}×{min_height}. Bitte vergrößern.", "The window is {width}×{height} characters; vereint needs at least {min_width}×{min_height}. Please enlarge it.";
    TuiTooSmallQuit => "q beendet.", "q quits.";
    TuiLanguageSwitched => "Sprache: Deutsch (L wechselt)", "Language: English (L switches)";
    TuiCompareFull => "Höchstens {max} Werkzeuge lassen sich vergleichen; erst eines abwählen (c).", "At most {max} tools can be compared; unmark one first (c).";
    TuiCompareTooFew => "Zum Vergleichen im Katalog mindestens 2 Werkzeuge mit c markieren.", "To compare, mark at least 2 tools in the catalogue with c.";
    TuiCompareTitle => "Vergleich", "Comparison";
    TuiCompareEmpty => "Noch nichts zu vergleichen: Es braucht mindestens 2 markierte Werkzeuge.", "Nothing to compare yet: at least 2 tools need to be marked.";
    TuiCompareHowTo => "Im Katalog (Taste 2) mit c bis zu {max} Werkzeuge markieren, dann v drücken oder hierher (3) wechseln. Zeilen, in denen sich die Werkzeuge unterscheiden, sind mit ≠ markiert.", "In the catalogue (key 2) mark up to {max} tools with c, then press v or come here (3). Rows in which the tools differ are marked with ≠.";
    TuiCompareLegend => "≠ unterschiedlich · + gut · ~ eingeschränkt · ! Vorsicht · ← → Werkzeug wählen · Enter Details · d entfernen", "≠ differs · + good · ~ limited · ! caution · ← → pick a tool · Enter details · d remove";
    TuiSearch => "Suche", "Search";
    TuiSearchPlaceholder => "/ drücken und tippen: Name, Anbieter, Kategorie oder Beschreibung", "Press / and type: name, provider, category or summary";
    TuiNoFilters => "Filter: o Open Source · s selbst betreibbar · e E2E · f kostenlos · u EU", "Filters: o open source · s self-hostable · e E2E · f free tier · u EU";
    TuiFilters => "Filter", "Filters";
    TuiChipHint => "x: letzten entfernen · X: alle", "x: remove last · X: all";
    TuiCategories => "Kategorien", "Categories";
    TuiAll => "Alle", "All";
    TuiToolsTitle => "Werkzeuge {shown}/{total}", "Tools {shown}/{total}";
    TuiMarkedCount => " · {count} zum Vergleich", " · {count} to compare";
    TuiColCountry => "Sitz", "Seat";
    TuiFilterOpenSource => "Open Source", "Open source";
    TuiFilterSelfHostable => "Selbst betreibbar", "Self-hostable";
    TuiFilterE2e => "E2E-verschlüsselt", "E2E encrypted";
    TuiFilterFreeTier => "Kostenlos nutzbar", "Free tier";
    TuiFilterEu => "Anbieter in der EU", "Provider in the EU";
    TuiNoResultsHint => "Strg-U leert die Suche, X entfernt alle Filter.", "Ctrl-U clears the search, X removes all filters.";
    TuiPreviewHint => "Enter: alle Fakten und das Datenschutz-Profil · c: zum Vergleich markieren", "Enter: all facts and the privacy profile · c: mark for comparison";
    TuiFacts => "Fakten", "Facts";
    TuiDescription => "Beschreibung", "Description";
    TuiExamplesTitle => "Praxisbeispiele", "Practical examples";
    TuiExamplesHint => "Enter: ganzes Beispiel lesen", "Enter: read the whole example";
    TuiEventsTitle => "Nächste Termine", "Upcoming dates";
    TuiEventsNone => "Zurzeit sind keine Termine geplant.", "No dates are planned at the moment.";
    TuiEventsRegisterSoon => "r: für den gewählten Termin anmelden (beim Verzeichnis); m: meine Buchungen.", "r: register for the selected date (with the directory); m: my bookings.";
    TuiEventCapacity => "{capacity} Plätze", "{capacity} places";
    TuiLangGerman => "auf Deutsch", "in German";
    TuiLangEnglish => "auf Englisch", "in English";
    TuiHomeTitle => "Willkommen bei vereint", "Welcome to vereint";
    TuiHomeIntro => "vereint hilft Berliner Vereinen und Initiativen, digitale Werkzeuge zu finden, die zu ihnen passen: wer sie anbietet, auf welchen Geräten sie laufen und wie es um Datenschutz und Sicherheit steht.", "vereint helps Berlin clubs and initiatives find digital tools that suit them: who offers them, which devices they run on, and how they handle privacy and security.";
    TuiHomeNoConsultation => "Zurzeit ist keine Sprechstunde geplant.", "No consultation hour is planned at the moment.";
    TuiHomeOffers => "Was vereint bietet", "What vereint offers";
    TuiHomeOfferCatalogue => "Katalog (2): {tools} Werkzeuge in {categories} Kategorien, durchsuchbar und filterbar", "Catalogue (2): {tools} tools in {categories} categories, to search and filter";
    TuiHomeOfferCompare => "Vergleich (3): 2 bis 4 Werkzeuge nebeneinander, Unterschiede hervorgehoben", "Compare (3): 2 to 4 tools side by side, differences highlighted";
    TuiHomeOfferExamples => "Praxisbeispiele (4): {examples} Vereine erzählen, wie sie umgestiegen sind", "Examples (4): {examples} clubs tell how they made the switch";
    TuiHomeOfferEvents => "Termine (5): Workshops und die monatliche Digitale Sprechstunde", "Events (5): workshops and the monthly digital consultation hour";
    TuiHomeOfferBook => "{service}: mit b buchen", "{service}: book it with b";
    TuiHomeShortcuts => "Tasten", "Keys";
    TuiCatalogFromDirectory => "Katalog vom Verzeichnis {url}", "Catalogue from the directory {url}";
    TuiCatalogCached => "Katalog: Kopie vom {date}, das Verzeichnis {url} ist gerade nicht erreichbar", "Catalogue: copy of {date}, the directory {url} cannot be reached right now";
    TuiMon => "Mo", "Mon";
    TuiTue => "Di", "Tue";
    TuiWed => "Mi", "Wed";
    TuiThu => "Do", "Thu";
    TuiFri => "Fr", "Fri";
    TuiSat => "Sa", "Sat";
    TuiSun => "So", "Sun";
    TuiThemeSwitched => "Darstellung: {theme} (T wechselt)", "Look: {theme} (T switches)";
    TuiThemeDefault => "Standard", "default";
    TuiThemeHighContrast => "hoher Kontrast", "high contrast";
    // Directory
    ClientUnreachable => "das Verzeichnis unter {url} ist nicht erreichbar ({why})", "the directory at {url} cannot be reached ({why})";
    ClientWhyTimeout => "keine Antwort in der Zeit", "no answer in time";
    ClientWhyConnect => "keine Verbindung: läuft es, stimmt die Adresse?", "no connection: is it running, is the address right?";
    ClientWhyBroken => "die Verbindung brach ab", "the connection broke off";
    ClientProtocol => "unerwartete Antwort des Verzeichnisses (HTTP {status}): {detail}", "unexpected answer from the directory (HTTP {status}): {detail}";
    ClientUnreadableAnswer => "die Antwort lässt sich nicht lesen", "the answer cannot be read";
    ClientBadUrl => "ungültige Verzeichnis-URL „{url}“", "invalid directory URL `{url}`";
    DirListening => "Verzeichnis läuft auf http://{addr} (Datenbank: {db})", "directory listening on http://{addr} (database: {db})";
    DirStopped => "Verzeichnis beendet: alle Anfragen abgeschlossen, Datenbank geschlossen", "directory stopped: all requests finished, database closed";
    DirNoAdminToken => "kein Admin-Token gesetzt: lege es in eine Datei und setze directory.admin_token_file, oder setze VEREINT_DIRECTORY__ADMIN_TOKEN (nie auf der Kommandozeile)", "no admin token set: put it in a file and set directory.admin_token_file, or set VEREINT_DIRECTORY__ADMIN_TOKEN (never on the command line)";
    DirEnrollToken => "Anmelde-Token (wird nur jetzt angezeigt, gültig bis {until}):\n{token}", "enrollment token (shown only now, valid until {until}):\n{token}";
    DirApproved => "Buchung {id} genehmigt, Status: {status}", "booking {id} approved, status: {status}";
    DirRejected => "Buchung {id} abgelehnt", "booking {id} rejected";
    DirBadStatus => "unbekannter Status „{status}“; erlaubt: requested, approved, active, rejected, cancelled, all", "unknown status `{status}`; use requested, approved, active, rejected, cancelled or all";
    DirFieldStatus => "Status", "Status";
    DirFieldKind => "Art", "Kind";
    DirFieldOrganisation => "Organisation", "Organisation";
    DirFieldEmail => "E-Mail", "E-mail";
    // Mail and the outbox
    MailGreeting => "Hallo {name},", "Hello {name},";
    MailSignature => "Viele Grüße\ndas vereint-Verzeichnis\n\n--\nDiese E-Mail kommt vom vereint-Verzeichnis, weil mit dieser Adresse etwas gebucht oder angemeldet wurde.", "Kind regards\nthe vereint directory\n\n--\nThis e-mail comes from the vereint directory because this address was used for a booking or registration.";
    MailBookingReceivedSubject => "Buchung eingegangen: {name} ({id})", "Booking received: {name} ({id})";
    MailBookingReceived => "wir haben deine Buchung erhalten:\n\n{kind} „{name}“ für {organisation}\nBuchungsnummer: {id}\n\nWie es weitergeht: Das Team des Verzeichnisses prüft die Anfrage, meist innerhalb von zwei Werktagen. Wird sie genehmigt, bekommst du eine E-Mail mit dem Link und den Zugangscodes; wird sie abgelehnt, eine mit der Begründung. Den Stand zeigt jederzeit `vereint bookings show {id}` oder „Meine Buchungen“ (Taste m) in vereint.", "we have received your booking:\n\n{kind} “{name}” for {organisation}\nBooking number: {id}\n\nWhat happens next: the directory's team looks at the request, usually within two working days. If it is approved you get an e-mail with the link and the access codes; if it is rejected, one with the reason. `vereint bookings show {id}` or “My bookings” (key m) in vereint shows how it stands at any time.";
    MailOperatorSubject => "Neue Buchungsanfrage {id}: {name} ({organisation})", "New booking request {id}: {name} ({organisation})";
    MailOperator => "eine neue Buchungsanfrage wartet auf eine Entscheidung.\n\nBuchung: {id}\nArt: {kind}\nName: {name}\nOrganisation: {organisation}\nAnsprechperson: {contact} <{email}>\nZweck: {purpose}\nErwartete Teilnehmende: {participants}\n\nGenehmigen: vereint directory admin approve {id}\nAblehnen: vereint directory admin reject {id} --reason \"...\"\nOder in der Admin-Ansicht von vereint (Taste A): a genehmigt, x lehnt ab.", "a new booking request is waiting for a decision.\n\nBooking: {id}\nKind: {kind}\nName: {name}\nOrganisation: {organisation}\nContact: {contact} <{email}>\nPurpose: {purpose}\nExpected participants: {participants}\n\nApprove: vereint directory admin approve {id}\nReject: vereint directory admin reject {id} --reason \"...\"\nOr in vereint's admin screen (key A): a approves, x rejects.";
    MailOperatorGreeting => "Hallo,", "Hello,";
    MailApprovedSubject => "Genehmigt: {name} ({id})", "Approved: {name} ({id})";
    MailApprovedRoom => "deine Buchung {id} ist genehmigt: der Videoraum „{name}“ ist eingerichtet.\n\nRaum (room_url): {room_url}\nCode für Teilnehmende (viewer_code): {viewer_code}\nCode für Moderation (moderator_code): {moderator_code}\n\nDen Moderationscode behältst du für dich und wer moderiert. Diese Einladung kannst du weiterleiten:\n\n----------\n{invitation}\n----------", "your booking {id} is approved: the video room “{name}” is ready.\n\nRoom (room_url): {room_url}\nViewer code (viewer_code): {viewer_code}\nModerator code (moderator_code): {moderator_code}\n\nKeep the moderator code for yourself and whoever moderates. You can forward this invitation:\n\n----------\n{invitation}\n----------";
    MailApprovedTeam => "deine Buchung {id} ist genehmigt: das Chat-Team „{name}“ ist eingerichtet.\n\nEinladungslink (invite_url): {invite_url}\n\nDiese Einladung kannst du weiterleiten:\n\n----------\n{invitation}\n----------", "your booking {id} is approved: the chat team “{name}” is ready.\n\nInvite link (invite_url): {invite_url}\n\nYou can forward this invitation:\n\n----------\n{invitation}\n----------";
    MailRejectedSubject => "Abgelehnt: {name} ({id})", "Rejected: {name} ({id})";
    MailRejected => "deine Buchung {id} („{name}“) wurde leider abgelehnt.\n\nBegründung: {reason}\n\nDu kannst jederzeit eine neue Anfrage stellen.", "unfortunately your booking {id} (“{name}”) was rejected.\n\nReason: {reason}\n\nYou can send a new request at any time.";
    MailCancelledSubject => "Storniert: {name} ({id})", "Cancelled: {name} ({id})";
    MailCancelled => "deine Buchung {id} („{name}“) ist storniert.", "your booking {id} (“{name}”) is cancelled.";
    MailRegConfirmedSubject => "Anmeldung bestätigt: {title} am {date}", "Registration confirmed: {title} on {date}";
    MailRegConfirmed => "du bist angemeldet für „{title}“.", "you are registered for “{title}”.";
    MailRegMovedUpSubject => "Platz frei geworden: {title} am {date}", "A place came free: {title} on {date}";
    MailRegMovedUp => "ein Platz ist frei geworden: du bist von der Warteliste nachgerückt und jetzt fest angemeldet für „{title}“.", "a place came free: you moved up from the waiting list and are now registered for “{title}”.";
    MailRegDetails => "Wann: {when} (Berliner Zeit)\nWo: {where}\nAnmeldenummer: {id}\n\nDer Termin hängt als Kalenderdatei an.\n\nAbsagen: `vereint events unregister {id}` (oder x unter „Meine Buchungen“, Reiter Anmeldungen in vereint). Bitte sag ab, wenn du nicht kommen kannst: dann rückt jemand von der Warteliste nach.", "When: {when} (Berlin time)\nWhere: {where}\nRegistration number: {id}\n\nThe date is attached as a calendar file.\n\nTo cancel: `vereint events unregister {id}` (or x under “My bookings”, tab Registrations in vereint). Please cancel if you cannot come: then someone on the waiting list moves up.";
    MailRegWaitlistedSubject => "Warteliste: {title} am {date}", "Waiting list: {title} on {date}";
    MailRegWaitlisted => "alle Plätze für „{title}“ am {when} (Berliner Zeit) sind vergeben: du stehst auf der Warteliste (Anmeldenummer {id}). Wird ein Platz frei, rückst du automatisch nach und bekommst eine E-Mail mit allen Angaben.", "every place for “{title}” on {when} (Berlin time) is taken: you are on the waiting list (registration number {id}). If a place comes free you move up automatically and get an e-mail with all details.";
    MailRegCancelledSubject => "Abgesagt: {title} am {date}", "Cancelled: {title} on {date}";
    MailRegCancelled => "deine Anmeldung {id} für „{title}“ am {when} (Berliner Zeit) ist abgesagt.", "your registration {id} for “{title}” on {when} (Berlin time) is cancelled.";
    MailRegReminderSubject => "Erinnerung: {title} am {date}", "Reminder: {title} on {date}";
    MailRegReminder => "morgen ist es so weit: „{title}“.", "tomorrow is the day: “{title}”.";
    MailOnline => "online: {url}", "online: {url}";
    MailAddress => "{place}\nAdresse: {address}", "{place}\nAddress: {address}";
    OutboxNobodyTold => "Keine E-Mails: directory.smtp ist nicht eingerichtet, niemand wird über Buchungen und Anmeldungen benachrichtigt.", "No mail: directory.smtp is not set up, so nobody is told about bookings and registrations.";
    OutboxColId => "Nachricht", "Message";
    OutboxColStatus => "Stand", "Status";
    OutboxColTopic => "Anlass", "Topic";
    OutboxColRecipient => "An", "To";
    OutboxColAttempts => "Versuche", "Attempts";
    OutboxColAnswer => "Antwort des Servers", "Server's answer";
    OutboxEmpty => "Nichts im Postausgang: alles zugestellt.", "Nothing in the outbox: everything delivered.";
    OutboxFailedBanner => "{count} E-Mails nicht zustellbar, zuletzt an {to}: {error} (vereint directory admin outbox --failed)", "{count} mails could not be delivered, last to {to}: {error} (vereint directory admin outbox --failed)";
    OutboxRetried => "Nachricht {id} wird erneut zugestellt", "message {id} is queued again";
    OutboxGaveUp => "nach 3 Tagen aufgegeben; zuletzt: {error}", "gave up after 3 days; last: {error}";
    // Alerts for instances
    AlertDownSubject => "vereint: {organisation} ist ausgefallen ({what})", "vereint: {organisation} is down ({what})";
    AlertCritical => "die letzten {n} Berichte von {organisation} ({id}) melden „kritisch“, seit {since} (Berliner Zeit):\n\n{detail}", "the last {n} reports of {organisation} ({id}) say critical, since {since} (Berlin time):\n\n{detail}";
    AlertStale => "von {organisation} ({id}) kam seit {since} (Berliner Zeit) kein Bericht mehr: drei Berichtsintervalle ohne Nachricht. Läuft der vereint-Agent noch?", "no report from {organisation} ({id}) since {since} (Berlin time): three report intervals without a word. Is the vereint agent still running?";
    AlertStaleWhat => "keine Berichte", "no reports";
    AlertCriticalWhat => "kritisch", "critical";
    AlertReminderSubject => "vereint: {organisation} ist weiterhin ausgefallen ({downtime})", "vereint: {organisation} is still down ({downtime})";
    AlertReminder => "{organisation} ({id}) ist seit {since} (Berliner Zeit) ausgefallen, seit {downtime}. Diese Erinnerung kommt einmal am Tag, solange es so bleibt.\n\n{detail}", "{organisation} ({id}) has been down since {since} (Berlin time), for {downtime}. This reminder comes once a day while it stays so.\n\n{detail}";
    AlertRecoveredSubject => "vereint: {organisation} läuft wieder (nach {downtime})", "vereint: {organisation} is up again (after {downtime})";
    AlertRecovered => "{organisation} ({id}) meldet wieder „ok“. Ausgefallen war es {downtime} lang, seit {since} (Berliner Zeit).", "{organisation} ({id}) reports ok again. It was down for {downtime}, since {since} (Berlin time).";
    AlertFlappingSubject => "vereint: {organisation} wechselt ständig zwischen ausgefallen und ok", "vereint: {organisation} keeps changing between down and ok";
    AlertFlapping => "{organisation} ({id}) hat in der letzten Stunde {n}-mal zwischen ausgefallen und ok gewechselt. Einzelne Wechsel werden nicht mehr gemeldet, bis es eine Stunde lang bei einem Zustand bleibt; gerade ist es {state}.", "{organisation} ({id}) changed between down and ok {n} times within the last hour. Single changes are not reported until it keeps one state for an hour; right now it is {state}.";
    AlertStateDown => "ausgefallen", "down";
    AlertStateUp => "ok", "ok";
    AlertNoDetail => "(Der Bericht nennt keine kritische Prüfung.)", "(The report names no critical check.)";
    AlertSignature => "Viele Grüße\ndas vereint-Verzeichnis\n\n--\nDiese E-Mail kommt vom vereint-Verzeichnis, weil diese Adresse als Kontakt der Instanz eingetragen ist.", "Kind regards\nthe vereint directory\n\n--\nThis e-mail comes from the vereint directory because this address is the instance's contact.";
    AlertDays => "{d} Tg. {h} Std.", "{d} d {h} h";
    AlertHours => "{h} Std. {m} Min.", "{h} h {m} min";
    AlertMinutes => "{m} Min. {s} s", "{m} min {s} s";

    // BigBlueButton
    RoomPageTitle => "Raum „{name}“", "Room “{name}”";
    RoomIntro => "Gib deinen Namen und den Zugangscode ein, den du vom Verein bekommen hast.", "Enter your name and the access code the club gave you.";
    RoomFieldName => "Dein Name", "Your name";
    RoomFieldCode => "Zugangscode", "Access code";
    RoomEnter => "Raum betreten", "Enter the room";
    RoomWrongCode => "Dieser Zugangscode passt nicht zu diesem Raum. Bitte prüfen und erneut eingeben.", "This access code does not match this room. Please check it and enter it again.";
    RoomBadName => "Bitte einen Namen mit 1 bis 64 Zeichen eingeben.", "Please enter a name of 1 to 64 characters.";
    RoomTooMany => "Zu viele falsche Zugangscodes. Bitte in {minutes} Minuten erneut versuchen.", "Too many wrong access codes. Please try again in {minutes} minutes.";
    RoomWaitingTitle => "Warten auf die Moderation", "Waiting for a moderator";
    RoomWaiting => "Der Raum ist noch nicht geöffnet. Diese Seite lädt sich alle {seconds} Sekunden neu und bringt dich hinein, sobald jemand mit Moderationscode da ist.", "The room is not open yet. This page reloads every {seconds} seconds and takes you in as soon as someone with the moderator code has arrived.";
    RoomWaitingNow => "Jetzt neu laden", "Reload now";
    RoomNotFoundTitle => "Raum nicht gefunden", "Room not found";
    RoomNotFound => "Unter dieser Adresse gibt es keinen Raum (mehr). Bitte den Link beim Verein erfragen.", "There is no room (any more) at this address. Please ask the club for the link.";
    RoomUnavailableTitle => "Raum gerade nicht erreichbar", "Room unavailable";
    RoomUnavailable => "Der Videoserver antwortet gerade nicht. Bitte in einer Minute erneut versuchen.", "The video server is not answering right now. Please try again in a minute.";
    RoomNotConfigured => "Videoräume sind auf diesem Verzeichnis nicht eingerichtet.", "Video rooms are not set up on this directory.";
    RoomFieldUrl => "Adresse", "Address";
    RoomFieldViewerCode => "Code für Teilnehmende", "Viewer code";
    RoomFieldModeratorCode => "Code für Moderation", "Moderator code";
    RoomFieldAnyoneMayStart => "Alle dürfen starten", "Anyone may start";
    RoomFieldMuteOnStart => "Stumm beim Betreten", "Muted on entry";
    RoomFieldWaitingRoom => "Warteraum", "Waiting room";
    RoomFieldRecord => "Aufzeichnung erlaubt", "Recording allowed";
    SimMattermostListening => "Mattermost-Simulator {version} läuft auf http://{addr} (Datenbank: {db})", "Mattermost simulator {version} listening on http://{addr} (database: {db})";
    SimBbbListening => "BBB-Simulator läuft auf http://{addr}/bigbluebutton/api/", "BBB simulator listening on http://{addr}/bigbluebutton/api/";

    // Health
    HealthOk => "OK", "OK";
    HealthWarning => "WARNUNG", "WARNING";
    HealthCritical => "KRITISCH", "CRITICAL";
    HealthUnknown => "UNBEKANNT", "UNKNOWN";
    HealthColStatus => "Zustand", "State";
    HealthColTarget => "Ziel", "Target";
    HealthColCheck => "Prüfung", "Check";
    HealthColLatency => "Dauer", "Latency";
    HealthColDetail => "Befund", "Detail";
    HealthCertUntrusted => "Zertifikat nicht vertrauenswürdig: {error}", "certificate not trusted: {error}";
    HealthCertWrongName => "Zertifikat gilt nicht für {host}", "certificate is not valid for {host}";
    HealthCertExpired => "Zertifikat seit {days} Tagen abgelaufen", "certificate expired {days} days ago";
    HealthCertExpiresSoon => "Zertifikat läuft in {days} Tagen ab; jetzt erneuern", "certificate expires in {days} days; renew it now";
    HealthCertValid => "Zertifikat noch {days} Tage gültig", "certificate valid for {days} more days";
    HealthBbbVersion => "API {api}, BigBlueButton {bbb}", "API {api}, BigBlueButton {bbb}";
    HealthBbbNoSecret => "ohne BBB-Geheimnis nicht geprüft; --bbb-secret-file angeben oder health.bbb_secret_file setzen", "not checked without the BBB secret; pass --bbb-secret-file or set health.bbb_secret_file";
    HealthBbbMeetings => "Geheimnis stimmt; {meetings} Konferenzen, {participants} Teilnehmende", "secret accepted; {meetings} meetings, {participants} participants";
    HealthBbbWrongSecret => "BBB lehnt das Geheimnis ab (checksumError); das Geheimnis aus `bbb-conf --secret` verwenden", "BBB refuses the secret (checksumError); use the one from `bbb-conf --secret`";
    HealthMattermostPing => "Status {status}, Datenbank {database}, Dateiablage {filestore}, Version {version}", "status {status}, database {database}, file store {filestore}, version {version}";
    HealthStunMapped => "antwortet; sieht uns als {address}", "answers; sees us as {address}";
    HealthTurnChallenge => "TURN läuft (401, Realm {realm}); ohne Geheimnis keine Relay-Probe", "TURN alive (401, realm {realm}); no relay test without the secret";
    HealthTurnRelay => "Relay bewilligt: {address}", "relay allocated: {address}";
    HealthTurnWrongSecret => "TURN lehnt die Zugangsdaten ab (401); static-auth-secret prüfen", "TURN refuses the credentials (401); check static-auth-secret";
    HealthDnsFailed => "{name} lässt sich nicht auflösen: {error}", "{name} does not resolve: {error}";
    HealthDnsResolves => "löst auf zu {addresses}", "resolves to {addresses}";
    HealthDnsMismatch => "erwartet {expected}, aufgelöst zu {addresses}", "expected {expected}, resolves to {addresses}";
    HealthTimeout => "keine Antwort innerhalb von {seconds} s", "no answer within {seconds} s";
    HealthRedirected => "HTTP {status} nach {hops} Weiterleitung(en), zuletzt {url}", "HTTP {status} after {hops} redirect(s), last {url}";
    HealthCheckFailed => "die Prüfung brach ab: {error}", "the check broke off: {error}";
    HealthNoResult => "die Prüfung lieferte kein Ergebnis", "the check gave no result";
    HealthBadSeconds => "{flag} braucht eine Zahl von Sekunden größer als 0", "{flag} needs a number of seconds greater than 0";
    HealthNoTargets => "nichts zu prüfen: Ziele angeben (z. B. https://verein.example) oder --from-directory URL", "nothing to check: give targets (such as https://club.example) or --from-directory URL";
    TargetUnknown => "„{target}“ ist kein Prüfziel; möglich sind https://…, http://…, bbb+https://HOST/bigbluebutton/api/, mattermost+https://HOST, stun:HOST:PORT, turn:HOST:PORT[?transport=tcp] oder dns:NAME[?expect=ADRESSE,…]", "`{target}` is not a target; use https://..., http://..., bbb+https://HOST/bigbluebutton/api/, mattermost+https://HOST, stun:HOST:PORT, turn:HOST:PORT[?transport=tcp] or dns:NAME[?expect=ADDR,...]";
    TargetKind => "unbekannte Art von Prüfung „{kind}“; möglich sind http, tls, bbb, mattermost, stun, turn und dns", "unknown check kind `{kind}`; use http, tls, bbb, mattermost, stun, turn or dns";
    TargetInvalid => "„{target}“: {problem}", "`{target}`: {problem}";
    TargetTransport => "die einzige Option ist ?transport=udp oder ?transport=tcp", "the only option is ?transport=udp or ?transport=tcp";
    TargetNameMissing => "der Name fehlt", "the name is missing";
    TargetExpectOnly => "die einzige Option ist ?expect=ADRESSE,ADRESSE", "the only option is ?expect=ADDR,ADDR";
    TargetNotIp => "„{value}“ ist keine IP-Adresse", "`{value}` is not an IP address";
    TargetNotUrl => "keine gültige URL", "not a valid URL";
    TargetScheme => "die URL muss mit https:// oder http:// beginnen", "the URL must start with https:// or http://";
    TargetNoHost => "die URL hat keinen Host", "the URL has no host";
    TargetV6Bracket => "einer IPv6-Adresse fehlt die schließende ]", "an IPv6 address needs a closing ]";
    TargetV6Write => "IPv6-Adressen in Klammern schreiben: [::1]:3478", "write IPv6 addresses in brackets: [::1]:3478";
    TargetHostMissing => "der Host fehlt", "the host is missing";
    TargetBadPort => "„{value}“ ist kein Port (1–65535)", "`{value}` is not a port (1-65535)";
    AgentNotConfigured => "kein [agent]-Abschnitt in der Konfiguration; die Rolle vereint_agent schreibt ihn, oder --config DATEI angeben", "no [agent] section in the configuration; the vereint_agent role writes it, or pass --config FILE";
    AgentRefused => "das Verzeichnis lehnt die Berichte ab ({detail}); agent.token und agent.instance_id prüfen", "the directory refuses the reports ({detail}); check agent.token and agent.instance_id";
    AgentQueued => "Verzeichnis nicht erreichbar; {count} Berichte warten und werden später zugestellt", "directory unreachable; {count} reports are queued and will be delivered later";
    // Health: what the checks' own HTTP reader, TLS and STUN probes find. Written in English (what
    // an agent reports), shown in the user's language by `health_finding`.
    HealthCheckHttp => "HTTP", "HTTP";
    HealthCheckTls => "TLS", "TLS";
    HealthCheckBbbApi => "BBB-API", "BBB API";
    HealthCheckBbbMeetings => "BBB-Treffen", "BBB meetings";
    HealthCheckMattermost => "Mattermost", "Mattermost";
    HealthCheckStun => "STUN", "STUN";
    HealthCheckTurn => "TURN", "TURN";
    HealthCheckDns => "DNS", "DNS";
    HealthCheckBackup => "Sicherung", "Backup";
    HealthUrlNoHost => "die URL hat keinen Host", "the URL has no host";
    HealthUrlNoPort => "die URL hat keinen Port", "the URL has no port";
    HealthNotSending => "das Zertifikat ist nicht vertrauenswürdig ({why}); die Anfrage wird nicht gesendet", "the certificate is not trusted ({why}); not sending the request";
    HealthWrongNameOrExpired => "falscher Name oder abgelaufen", "wrong name or expired";
    HealthSending => "beim Senden der Anfrage", "sending the request";
    HealthOnlyHttp => "{url}: nur http und https werden verfolgt", "{url}: only http and https are followed";
    HealthNoLocation => "{url}: Weiterleitung ohne Location", "{url}: redirect without Location";
    HealthBadLocation => "{url}: ungültiges Weiterleitungsziel „{location}“", "{url}: bad redirect target `{location}`";
    HealthTooManyRedirects => "mehr als {max} Weiterleitungen (zuletzt nach {url})", "more than {max} redirects (last to {url})";
    HealthResolving => "beim Auflösen von {host}", "resolving {host}";
    HealthNoAddress => "{host} hat keine Adresse", "{host} has no address";
    HealthConnecting => "Verbindung zu {failures}", "connecting to {failures}";
    HealthReading => "beim Lesen der Antwort", "reading the answer";
    HealthClosedEmpty => "der Server schloss die Verbindung ohne Antwort", "the server closed the connection without an answer";
    HealthClosedInHead => "der Server schloss die Verbindung mitten im Kopf der Antwort", "the server closed the connection in the middle of the answer's header";
    HealthClosedInBody => "der Server schloss die Verbindung mitten in der Antwort", "the server closed the connection in the middle of the answer";
    HealthNotHttp => "die Antwort ist kein HTTP", "the answer is not HTTP";
    HealthHeadTooLarge => "der Kopf der Antwort ist größer als {limit} Bytes", "the answer's header is larger than {limit} bytes";
    HealthBothLengths => "die Antwort hat sowohl Transfer-Encoding als auch Content-Length (abgelehnt, RFC 9112 6.3)", "the answer has both Transfer-Encoding and Content-Length (refused, RFC 9112 6.3)";
    HealthLengthsDiffer => "die Antwort hat verschiedene Content-Length-Werte", "the answer has differing Content-Length values";
    HealthLengthNotNumber => "die Content-Length der Antwort ist keine Zahl", "the answer's Content-Length is not a number";
    HealthLengthRange => "die Content-Length {value} der Antwort ist zu groß", "the answer's Content-Length {value} is out of range";
    HealthBodyTooLargeAnnounced => "die Antwort ist größer als {limit} Bytes (Content-Length {len})", "the answer is larger than {limit} bytes (Content-Length {len})";
    HealthBodyTooLarge => "die Antwort ist größer als {limit} Bytes", "the answer is larger than {limit} bytes";
    HealthChunkBadSize => "fehlerhafter chunked-Inhalt: eine Chunk-Größe ist nicht hexadezimal", "bad chunked body: a chunk size is not hexadecimal";
    HealthChunkTooLarge => "fehlerhafter chunked-Inhalt: eine Chunk-Größe ist größer, als die Antwort sein darf ({limit} Bytes)", "bad chunked body: a chunk size is larger than the answer may be ({limit} bytes)";
    HealthChunkNoCrlf => "fehlerhafter chunked-Inhalt: eine Zeile endet nicht mit CRLF", "bad chunked body: a line does not end with CRLF";
    HealthChunkLongLine => "fehlerhafter chunked-Inhalt: eine Chunk-Größen-Zeile oder ein Trailer ist länger als {limit} Bytes", "bad chunked body: a chunk-size line or trailer is longer than {limit} bytes";
    HealthNotTlsName => "„{host}“ ist kein gültiger TLS-Servername", "`{host}` is not a valid TLS server name";
    HealthHandshake => "beim TLS-Handshake", "TLS handshake";
    HealthNoCertificate => "der Server sandte kein Zertifikat", "the server sent no certificate";
    HealthCertUnreadable => "das Zertifikat des Servers lässt sich nicht lesen: {error}", "the server's certificate cannot be read: {error}";
    HealthInvalidPeerCert => "ungültiges Zertifikat: {why}", "invalid peer certificate: {why}";
    HealthUnknownIssuer => "unbekannter Aussteller (von keiner bekannten Stelle signiert)", "UnknownIssuer";
    HealthBadSignature => "ungültige Signatur", "BadSignature";
    HealthNotTrustedYet => "noch nicht gültig", "NotValidYet";
    HealthRevoked => "widerrufen", "Revoked";
    HealthMattermostJson => "HTTP {status}: die Antwort ist nicht Mattermosts Ping-JSON ({error})", "HTTP {status}: the answer is not Mattermost's ping JSON ({error})";
    HealthBbbFailed => "BigBlueButton antwortete FAILED ({key}): {message}", "BigBlueButton answered FAILED ({key}): {message}";
    HealthBbbMalformed => "BigBlueButton sandte eine Antwort, die nicht das erwartete XML ist: {error}", "BigBlueButton sent an answer that is not the expected XML: {error}";
    HealthStunError => "STUN-Fehler {code} {reason}", "STUN error {code} {reason}";
    HealthTurnError => "TURN-Fehler {code} {reason}", "TURN error {code} {reason}";
    HealthStunNetwork => "Netzwerkfehler: {error}", "network error: {error}";
    HealthStunNotStun => "die Antwort ist kein STUN: {error}", "the answer is not STUN: {error}";
    HealthStunUnexpected => "unerwartete Art der Antwort 0x{kind}", "unexpected answer type 0x{kind}";
    HealthStunFingerprint => "der FINGERPRINT der Antwort stimmt nicht (verfälscht oder gefälscht)", "the answer's FINGERPRINT does not match (corrupted or forged)";
    HealthStunIntegrity => "die MESSAGE-INTEGRITY der Antwort passt nicht zu den Zugangsdaten (gefälscht oder falsches Geheimnis)", "the answer's MESSAGE-INTEGRITY does not match the credentials (forged or wrong secret)";
    HealthStunUnsigned => "die Antwort auf eine signierte Anfrage trägt keine MESSAGE-INTEGRITY", "the answer to a signed request carries no MESSAGE-INTEGRITY";
    HealthStunShort => "kürzer als ein STUN-Kopf", "shorter than a STUN header";
    HealthStunNoCookie => "keine STUN-Nachricht (Magic Cookie fehlt)", "not a STUN message (magic cookie missing)";
    HealthStunBadLength => "Attributlänge {len} passt nicht zum Datagramm", "attribute length {len} does not match the datagram";
    HealthStunOther => "unerwartete Antwort: {answer}", "unexpected answer: {answer}";
    // The operating system's words inside a finding (its own texts are English)
    OsConnectionRefused => "Verbindung abgelehnt", "Connection refused";
    OsConnectionReset => "Verbindung vom Gegenüber zurückgesetzt", "Connection reset by peer";
    OsConnectionAborted => "Verbindung abgebrochen", "Connection aborted";
    OsTimedOut => "Zeitüberschreitung der Verbindung", "Connection timed out";
    OsHostUnreachable => "Host nicht erreichbar", "Host unreachable";
    OsNetworkUnreachable => "Netz nicht erreichbar", "Network unreachable";
    OsAddrNotAvailable => "Adresse nicht verfügbar", "Address not available";
    OsAddrInUse => "Adresse wird schon verwendet", "Address already in use";
    OsPermissionDenied => "Zugriff verweigert", "Permission denied";
    OsNotFound => "Datei oder Verzeichnis nicht gefunden", "No such file or directory";
    OsBrokenPipe => "Verbindung unterbrochen (broken pipe)", "Broken pipe";
    OsLookupFailed => "Adressauflösung gescheitert", "failed to lookup address information";
    OsNameUnknown => "Name oder Dienst unbekannt", "Name or service not known";
    OsNameTemporary => "Namensauflösung vorübergehend gescheitert", "Temporary failure in name resolution";
    OsNoAddressForName => "zum Namen gibt es keine Adresse", "No address associated with hostname";
    OsEarlyEof => "Verbindung vorzeitig beendet", "unexpected end of file";
    // Status page, alerts and webhooks
    StatusPageTitle => "Status der Vereins-Instanzen", "Status of the club instances";
    StatusPageIntro => "Alle beim Verzeichnis angemeldeten Instanzen, nach ihren eigenen Berichten. Stand: {time}.", "Every instance registered with the directory, from its own reports. As of {time}.";
    StatusPageUptimeRule => "Verfügbarkeit: Anteil der Zeit mit Status „in Ordnung“ oder „Warnung“ seit dem ersten Bericht (höchstens 24 Stunden bzw. 30 Tage). Ein Bericht gilt bis zum nächsten, höchstens drei Berichtsintervalle lang; Schweigen zählt als Ausfall.", "Uptime: the share of time with status “ok” or “warning” since the first report (at most 24 hours or 30 days). A report holds until the next one, for at most three report intervals; silence counts as down.";
    StatusPageEmpty => "Noch keine Instanz angemeldet.", "No instance registered yet.";
    StatusColOrganisation => "Organisation", "Organisation";
    StatusColServices => "Dienste", "Services";
    StatusColStatus => "Status", "Status";
    StatusColLastReport => "Letzter Bericht", "Last report";
    StatusColUptime24h => "Verfügbarkeit 24 h", "Uptime 24 h";
    StatusColUptime30d => "Verfügbarkeit 30 Tage", "Uptime 30 days";
    StatusColObserved => "Beobachtet", "Observed";
    StatusColChecks => "Prüfungen", "Checks";
    StatusOk => "in Ordnung", "ok";
    StatusWarning => "Warnung", "warning";
    StatusCritical => "gestört", "down";
    StatusUnknown => "unbekannt", "unknown";
    StatusNew => "neu, noch kein Bericht", "new, no report yet";
    StatusStale => "schweigt", "silent";
    StatusNever => "nie", "never";
    StatusNoFigure => "–", "–";
    StatusHistoryTitle => "Letzte Berichte", "Recent reports";
    StatusNoReports => "Noch keine Berichte.", "No reports yet.";
    StatusAllInstances => "Alle Instanzen", "All instances";
    StatusNotFoundTitle => "Nicht gefunden", "Not found";
    StatusNotFound => "Diese Instanz ist nicht angemeldet.", "There is no such instance.";
    StatusUnavailableTitle => "Gerade nicht verfügbar", "Unavailable right now";

    // Mattermost
    TeamName => "Team", "Team";
    TeamInvite => "Einladungslink", "Invite link";
    TeamInviteRegenerated => "neuer Einladungslink für Buchung {id} (der alte gilt nicht mehr): {url}", "new invite link for booking {id} (the old one no longer works): {url}";
    OwnerTokenMissing => "kein Besitzer-Token: gib --token-file DATEI an oder leite es über die Standardeingabe ein", "no owner token: give --token-file FILE or pipe it to standard input";
    OwnerTokenEmpty => "das Besitzer-Token aus {from} ist leer", "the owner token from {from} is empty";
    // Booking screens (TUI)
    BookTitle => "Buchen", "Book";
    BookMine => "Meine Buchungen", "My bookings";
    RegTitle => "Anmelden", "Register";
    RegFieldName => "Name", "Name";
    BookAccept => "Ich habe den Verhaltenskodex (rechts) gelesen und akzeptiere ihn", "I have read the Code of Conduct (right) and accept it";
    BookSend => "Senden (Strg-S)", "Send (Ctrl-S)";
    BookSendAgain => "Erneut senden (Strg-R)", "Send again (Ctrl-R)";
    BookSending => "Wird gesendet …", "Sending …";
    BookSent => "Angefragt: {id} (Status: {status}). Den Stand zeigt „Meine Buchungen“ (m).", "Requested: {id} (status: {status}). “My bookings” (m) shows how it goes.";
    BookKept => "Nichts ist verloren: die Anfrage ist gespeichert. Strg-R sendet sie erneut; nach einem Neustart tut es `vereint bookings retry`.", "Nothing is lost: the request is kept. Ctrl-R sends it again; after a restart, `vereint bookings retry` does.";
    BookOfflineBanner => "Offline: das Verzeichnis ist nicht erreichbar. Deine Eingaben bleiben erhalten; Strg-R sendet erneut.", "Offline: the directory cannot be reached. What you typed is kept; Ctrl-R sends again.";
    BookOfflineList => "Offline: das Verzeichnis ist nicht erreichbar, gezeigt wird der zuletzt bekannte Stand.", "Offline: the directory cannot be reached; showing the last known status.";
    BookNoStore => "Kein Datenverzeichnis (XDG_DATA_HOME oder HOME setzen): ohne es ginge der Buchungsschlüssel verloren.", "No data directory (set XDG_DATA_HOME or HOME): without it the booking's token would be lost.";
    BookPending => "wartet", "pending";
    BookPendingHint => "Noch nicht gesendet: s sendet es erneut (auch `vereint bookings retry`).", "Not sent yet: s sends it again (so does `vereint bookings retry`).";
    BookNone => "Noch keine Buchungen: b öffnet das Formular.", "No bookings yet: b opens the form.";
    BookDetails => "Details", "Details";
    BookLastSeen => "zuletzt gesehen: {status} (r fragt neu ab)", "last seen: {status} (r asks again)";
    BookCopied => "Link in die Zwischenablage kopiert", "Link copied to the clipboard";
    DashStatusStale => "VERALTET", "STALE";
    DashStatusNew => "NEU", "NEW";
    // Site health (TUI)
    SiteHealthTitle => "Dienste der Site", "Site services";
    SiteHealthNone => "Keine Site-Datei: `vereint tui --site DATEI` prüft von hier aus jeden Dienst einer mit `vereint provision` eingerichteten Site (wie `vereint health --site DATEI`).", "No site file: `vereint tui --site FILE` checks every service of a site set up with `vereint provision` from here (like `vereint health --site FILE`).";
    SiteHealthRunning => "Die Dienste werden geprüft …", "Checking the services …";
    // Owner screens (TUI): my registrations, room settings, team invite, community channel
    OwnerTabBookings => "Buchungen", "Bookings";
    OwnerTabRegistrations => "Anmeldungen", "Registrations";
    OwnerRegName => "Angemeldet als", "Registered as";
    OwnerRegNone => "Noch keine Anmeldungen: im Bereich Termine (5) meldet r an.", "No registrations yet: r on the Events screen (5) registers.";
    OwnerRegCancelConfirm => "Anmeldung für den {date} absagen? Zum Bestätigen noch einmal x drücken.", "Cancel the registration for {date}? Press x again to confirm.";
    OwnerBookingCancelConfirm => "Buchung „{name}“ stornieren? Zum Bestätigen noch einmal x drücken.", "Cancel the booking \"{name}\"? Press x again to confirm.";
    OwnerRotateConfirm => "Neue Zugangscodes erzeugen? Die alten gelten dann nicht mehr. Zum Bestätigen noch einmal R drücken.", "Make new access codes? The old ones stop working. Press R again to confirm.";
    OwnerRotated => "Neue Zugangscodes erzeugt: Teilnahme {viewer}, Moderation {moderator}", "New access codes: viewer {viewer}, moderator {moderator}";
    OwnerInviteConfirm => "Neuen Einladungslink erzeugen? Der alte gilt dann nicht mehr. Zum Bestätigen noch einmal I drücken.", "Make a new invite link? The old one stops working. Press I again to confirm.";
    OwnerInviteRenewed => "Neuer Einladungslink erzeugt", "New invite link made";
    OwnerNeedsActiveRoom => "Das geht nur bei einem aktiven Videoraum.", "This works only for an active video room.";
    OwnerNeedsActiveTeam => "Das geht nur bei einem aktiven Chat-Team.", "This works only for an active chat team.";
    OwnerRoomKeys => "e: Raumeinstellungen · R: neue Zugangscodes · y: Einladung kopieren", "e: room settings · R: new access codes · y: copy an invitation";
    OwnerTeamKeys => "I: neuer Einladungslink · y: Einladung kopieren", "I: new invite link · y: copy an invitation";
    OwnerStatusRequested => "angefragt", "requested";
    OwnerStatusApproved => "genehmigt", "approved";
    OwnerStatusActive => "aktiv", "active";
    OwnerStatusRejected => "abgelehnt", "rejected";
    OwnerStatusCancelled => "storniert", "cancelled";
    RoomTitle => "Raumeinstellungen", "Room settings";
    RoomLoading => "Der Raum wird vom Verzeichnis geladen …", "Loading the room from the directory …";
    RoomName => "Name des Raums", "Room name";
    RoomAnyoneMayStart => "Alle mit Code dürfen den Raum starten", "Anyone with a code may start the room";
    RoomMuteOnStart => "Beim Betreten stummgeschaltet", "Muted on entering";
    RoomWaitingRoom => "Warteraum: Moderation lässt Teilnehmende ein", "Waiting room: a moderator lets people in";
    RoomMaxParticipants => "Höchstzahl Teilnehmende (leer: keine Grenze)", "Most participants (empty: no limit)";
    RoomRecord => "Aufzeichnung erlauben (nur mit Einverständnis aller)", "Allow recording (only with everyone's consent)";
    RoomCodes => "Zugangscodes: Teilnahme {viewer}, Moderation {moderator} (R im Bereich Meine Buchungen erneuert sie)", "Access codes: viewer {viewer}, moderator {moderator} (R in My bookings renews them)";
    RoomErrName => "Name: 2 bis 100 Zeichen, ohne Steuerzeichen", "Name: 2 to 100 characters, no control characters";
    RoomErrMax => "Höchstzahl: eine ganze Zahl von 1 bis 1000, oder leer für keine Grenze", "Most participants: a whole number from 1 to 1000, or empty for no limit";
    RoomSave => "Speichern (Strg-S)", "Save (Ctrl-S)";
    RoomSaving => "Wird gespeichert …", "Saving …";
    RoomSaved => "Raumeinstellungen gespeichert", "Room settings saved";
    RoomUnchanged => "Nichts geändert", "Nothing changed";
    RoomHint => "Tab: nächstes Feld · Leertaste: umschalten · Strg-S: speichern · Esc: zurück", "Tab: next field · Space: toggle · Ctrl-S: save · Esc: back";
    CommunityTitle => "Community-Kanal", "Community channel";
    CommunityChannel => "Kanal {channel} · Beiträge vom {time}", "Channel {channel} · posts as of {time}";
    CommunityJoin => "Mitmachen: {url} (y kopiert den Link)", "Join: {url} (y copies the link)";
    CommunityLoading => "Die Beiträge werden vom Verzeichnis geladen …", "Loading the posts from the directory …";
    CommunityNoPosts => "Noch keine Beiträge im Kanal.", "No posts in the channel yet.";
    CommunityUnavailable => "Kein Community-Kanal: {reason}", "No community channel: {reason}";
    // Mine (bookings and registrations, client side)
    MineFieldOrganisation => "Organisation", "Organisation";
    MineFieldContactName => "Ansprechperson", "Contact name";
    MineFieldEmail => "E-Mail", "E-mail";
    MineFieldPurpose => "Zweck", "Purpose";
    MineFieldName => "Gewünschter Name", "Desired name";
    MineFieldParticipants => "Erwartete Teilnehmende", "Expected participants";
    MineFieldCodeOfConduct => "Verhaltenskodex", "Code of Conduct";
    MineFieldNote => "Anmerkung", "Note";
    MineFieldDate => "Datum", "Date";
    MineErrEmpty => "darf nicht leer sein", "must not be empty";
    MineErrMin => "muss mindestens {n} Zeichen lang sein", "must be at least {n} characters";
    MineErrMax => "darf höchstens {n} Zeichen lang sein", "must be at most {n} characters";
    MineErrControl => "darf keine Steuerzeichen enthalten", "must not contain control characters";
    MineErrEmail => "muss eine E-Mail-Adresse sein, etwa name@example.org", "must be an e-mail address such as name@example.org";
    MineErrParticipants => "muss zwischen 1 und 1000 liegen", "must be between 1 and 1000";
    MineErrCodeOfConduct => "der Verhaltenskodex muss gelesen und akzeptiert werden", "the Code of Conduct must be read and accepted";
    MineErrDate => "muss einer der nächsten Termine sein: {dates}", "must be one of the next dates: {dates}";
    MineRefused => "das Verzeichnis hat abgelehnt ({title}, HTTP {status}): {detail}", "the directory refused ({title}, HTTP {status}): {detail}";
    MineInvalid => "die Angaben sind unvollständig oder ungültig; bitte korrigieren:", "some entries are missing or invalid; please correct:";
    MineUnreachable => "{error}; später erneut versuchen", "{error}; try again later";
    MineKeptPending => "{error}\nnichts ist verloren: die Anfrage ist gespeichert ({id}); `vereint bookings retry` sendet sie erneut, ohne doppelt zu buchen", "{error}\nnothing is lost: the request is kept ({id}); `vereint bookings retry` sends it again without booking twice";
    MineBooked => "Buchung {id} angefragt (Status: {status}); `vereint bookings show {id}` zeigt den Stand", "booking {id} requested (status: {status}); `vereint bookings show {id}` shows how it goes";
    MineRegistered => "angemeldet ({id}) für den {date}: {status}", "registered ({id}) for {date}: {status}";
    MineRegConfirmed => "bestätigt", "confirmed";
    MineRegWaitlisted => "auf der Warteliste", "waitlisted";
    MineRegCancelled => "abgesagt", "cancelled";
    MineNoBookings => "Noch keine Buchungen. `vereint book room ...` bucht einen Raum.", "No bookings yet. `vereint book room ...` books a room.";
    MineNoRegistrations => "Noch keine Anmeldungen. `vereint events register ...` meldet an.", "No registrations yet. `vereint events register ...` registers.";
    MineOffline => "zuletzt gesehen, Verzeichnis nicht erreichbar", "last seen, directory unreachable";
    MineKindRoom => "BBB-Raum", "BBB room";
    MineKindTeam => "Mattermost-Team", "Mattermost team";
    MineNoSuchBooking => "keine eigene Buchung {id} gespeichert; `vereint bookings list` zeigt alle", "no booking {id} of yours is stored; `vereint bookings list` shows them all";
    MineNoSuchRegistration => "keine eigene Anmeldung {id} gespeichert; `vereint events registrations` zeigt alle", "no registration {id} of yours is stored; `vereint events registrations` shows them all";
    MineReason => "Begründung", "Reason";
    MineLinkRoom => "Raum", "Room";
    MineLinkModerator => "Moderationscode", "Moderator code";
    MineLinkViewer => "Teilnahmecode", "Viewer code";
    MineLinkInvite => "Einladung", "Invitation";
    MineCancelled => "Buchung {id} storniert", "booking {id} cancelled";
    MineUnregistered => "Anmeldung {id} abgesagt", "registration {id} cancelled";
    MineNothingPending => "Nichts zu senden: keine gespeicherten Anfragen.", "Nothing to send: no kept requests.";
    MineRetryFailed => "{count} Anfragen nicht gesendet (siehe oben)", "{count} requests not sent (see above)";
    // Command line: help, usage, confirmations, config errors
    ConfigInvalid => "ungültige Konfiguration:", "invalid configuration:";
    ConfigFixHint => "die Einstellung dort korrigieren; `vereint config show` zeigt, aus welcher Datei jede Einstellung kommt", "fix the setting there; `vereint config show` shows which file each setting comes from";
    ConfigAtLine => "{file}, Zeile {line}", "{file}, line {line}";
    ConfigInEnv => "Umgebungsvariable {var}", "environment variable {var}";
    ConfigUnknownKey => "unbekannter Schlüssel „{key}“", "unknown key `{key}`";
    ConfigKnownKeys => "bekannt sind hier: {keys}", "the known keys here are: {keys}";
    ConfigBadChoice => "„{key}“ = „{value}“ geht nicht; erlaubt: {choices}", "`{key}` = `{value}` is not allowed; use one of: {choices}";
    ConfigBadType => "„{key}“ = {value}: erwartet wird {expected}", "`{key}` = {value}: expected {expected}";
    ConfigMissingKey => "in „{key}“ fehlt „{field}“", "`{key}` needs `{field}`";
    ConfigBadValue => "„{key}“: {error}", "`{key}`: {error}";
    ConfigUnreadable => "die Konfigurationsdatei {file} lässt sich nicht lesen ({error})", "cannot read the configuration file {file} ({error})";
    ConfigNotToml => "kein gültiges TOML (etwa: Schlüssel = \"Wert\", [abschnitt])", "not valid TOML (such as: key = \"value\", [section])";
    ConfigNoFile => "die Konfigurationsdatei {file} gibt es nicht; den Pfad bei --config prüfen", "the configuration file {file} does not exist; check the path given to --config";
    ConfigExpectBool => "true oder false", "true or false";
    ConfigExpectString => "ein Text in Anführungszeichen", "a text in quotes";
    ConfigExpectNumber => "eine Zahl", "a number";
    ConfigExpectInteger => "eine ganze Zahl", "a whole number";
    ConfigExpectList => "eine Liste [ … ]", "a list [ … ]";
    ConfigExpectTable => "ein Abschnitt [ … ]", "a section [ … ]";
    CliUsage => "Aufruf", "Usage";
    CliCommands => "Befehle", "Commands";
    CliArguments => "Argumente", "Arguments";
    CliOptions => "Optionen", "Options";
    CliCommandsUpper => "BEFEHLE", "COMMANDS";
    CliOptionsUpper => "OPTIONEN", "OPTIONS";
    CliOptionsWord => "OPTIONEN", "OPTIONS";
    CliCommandWord => "BEFEHL", "COMMAND";
    CliValueFile => "DATEI", "FILE";
    CliValueDir => "ORDNER", "DIR";
    CliValueSeconds => "SEKUNDEN", "SECONDS";
    CliValueTarget => "ZIEL", "TARGET";
    CliValueCommand => "BEFEHL", "COMMAND";
    CliValueQuery => "SUCHE", "QUERY";
    CliValueShell => "SHELL", "SHELL";
    CliValueWhat => "WAS", "WHAT";
    CliValueDate => "DATUM", "DATE";
    CliArgHelp => "Hilfe anzeigen", "Print help";
    CliArgVersion => "Version anzeigen", "Print version";
    CliArgJson => "Ausgabe als JSON", "Output as JSON";
    CliArgId => "Die ID, wie die Liste sie zeigt", "The id, as the list shows it";
    CliArgEventId => "Die ID der Veranstaltung (`vereint events list`)", "The event's id (`vereint events list`)";
    CliArgBookingId => "Die ID der Buchung (`vereint bookings list`)", "The booking's id (`vereint bookings list`)";
    CliArgName => "Der Name", "The name";
    CliArgEmail => "Die E-Mail-Adresse", "The e-mail address";
    CliArgContactEmail => "Die E-Mail-Adresse für Rückfragen", "The e-mail address for questions";
    CliArgOrganisation => "Der Verein oder die Organisation", "The club or organisation";
    CliArgNote => "Eine Anmerkung", "A note";
    CliArgReason => "Die Begründung (der Verein liest sie)", "The reason (the club reads it)";
    CliArgMattermostDomain => "DNS-Name für Mattermost", "DNS name for Mattermost";
    CliArgBbbDomain => "DNS-Name für BigBlueButton", "DNS name for BigBlueButton";
    CliArgDirectoryDomain => "DNS-Name für das Verzeichnis", "DNS name for the directory";
    CliArgAcmeEmail => "E-Mail-Adresse für das ACME-Konto", "E-mail address for the ACME account";
    CliArgAcmeServer => "URL des ACME-Verzeichnisses", "URL of the ACME directory";
    CliArgMattermostVersion => "Mattermost-Version", "Mattermost version";
    CliArgMattermostSha256 => "SHA-256 des Mattermost-Archivs", "SHA-256 of the Mattermost tarball";
    CliArgShell => "Die Shell: bash, zsh, fish, elvish oder powershell", "The shell: bash, zsh, fish, elvish or powershell";
    CliDefault => "Voreinstellung", "default";
    CliPossible => "erlaubt", "possible values";
    CliHelpCommand => "Diese Hilfe oder die der genannten Befehle anzeigen", "Print this help or the help of the given command(s)";
    CliErrValueMissing => "{arg} braucht einen Wert", "{arg} needs a value";
    CliErrInvalidValue => "ungültiger Wert „{value}“ für {arg}", "invalid value `{value}` for {arg}";
    CliErrUnknownArg => "unbekannte Option „{arg}“", "unknown option `{arg}`";
    CliErrUnknownCommand => "unbekannter Befehl „{command}“", "unknown command `{command}`";
    CliErrMissingArgs => "es fehlt: {args}", "missing: {args}";
    CliErrMissingCommand => "{command} braucht einen Befehl", "{command} needs a command";
    CliErrConflict => "{arg} geht nicht zusammen mit {other}", "{arg} cannot be used with {other}";
    CliErrValueCount => "{arg}: falsche Anzahl von Werten", "{arg}: wrong number of values";
    CliErrUtf8 => "ein Argument ist kein gültiges UTF-8", "an argument is not valid UTF-8";
    CliErrOther => "die Argumente passen nicht zusammen", "the arguments do not fit together";
    CliDidYouMean => "meintest du „{suggestion}“?", "did you mean `{suggestion}`?";
    CliMoreHelp => "Mehr dazu: `{command} --help`", "For more: `{command} --help`";
    CliManWritten => "{count} Handbuchseiten nach {dir} geschrieben", "wrote {count} manual pages to {dir}";
    CliManManual => "vereint-Handbuch", "vereint manual";
    CliManName => "NAME", "NAME";
    CliManSynopsis => "ÜBERSICHT", "SYNOPSIS";
    CliManDescription => "BESCHREIBUNG", "DESCRIPTION";
    CliManSee => "Siehe", "See";
    CliManSeeAlso => "SIEHE AUCH", "SEE ALSO";
    CliManExitStatus => "EXIT-STATUS", "EXIT STATUS";
    CliManExitCodes => "0: erledigt. 1: abgelehnt oder fehlgeschlagen (das Verzeichnis lehnt ab, ist nicht erreichbar, eine Datei fehlt). 2: falscher Aufruf: fehlende oder ungültige Argumente, ein ungültiges --date, eine ungültige Konfiguration, ein ungültiges Prüfziel. `vereint health` endet mit dem schlimmsten Zustand seiner Prüfungen.", "0: done. 1: refused or failed (the directory refuses, cannot be reached, a file is missing). 2: usage error: missing or bad arguments, a bad --date, bad configuration, an invalid health target. `vereint health` ends with the worst state of its checks.";
    CliManHealthStates => "Zustände von gut nach schlecht: OK (0) < WARNUNG (1) < UNBEKANNT (3) < KRITISCH (2). Der Exit-Status ist der Code des schlimmsten Zustands: ein bekannt ausgefallener Dienst (KRITISCH) wiegt schwerer als eine Prüfung ohne Antwort (UNBEKANNT).", "States from good to bad: OK (0) < WARNING (1) < UNKNOWN (3) < CRITICAL (2). The exit status is the code of the worst state: a service known to be down (CRITICAL) outweighs a check without an answer (UNKNOWN).";
    CliManEnvironment => "UMGEBUNG", "ENVIRONMENT";
    CliManEnvText => "LC_ALL, LC_MESSAGES, LANG: Sprache (de* für Deutsch, sonst Englisch), wenn weder --lang noch lang in der Konfiguration gesetzt ist. VEREINT_*: jede Einstellung, __ trennt die Ebenen (VEREINT_DIRECTORY__PUBLIC_URL); schlägt alle Dateien. VEREINT_DIRECTORY__ADMIN_TOKEN: das Admin-Token (nie auf die Kommandozeile). XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME, HOME: wo Konfiguration, eigene Buchungen und der Katalog-Zwischenspeicher liegen. NO_COLOR: keine Farben.", "LC_ALL, LC_MESSAGES, LANG: language (de* for German, else English) when neither --lang nor lang in the configuration is set. VEREINT_*: any setting, __ separates the levels (VEREINT_DIRECTORY__PUBLIC_URL); beats every file. VEREINT_DIRECTORY__ADMIN_TOKEN: the admin token (never on the command line). XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME, HOME: where the configuration, your own bookings and the catalogue cache are. NO_COLOR: no colours.";
    CliManFiles => "DATEIEN", "FILES";
    CliManFilesText => "/etc/vereint/vereint.toml: Einstellungen des Systems. $XDG_CONFIG_HOME/vereint/vereint.toml (sonst ~/.config/vereint/vereint.toml): Einstellungen des Nutzers, über denen des Systems; --config DATEI liegt darüber. $XDG_DATA_HOME/vereint/ (sonst ~/.local/share/vereint/): eigene Buchungen und Anmeldungen mit ihren Besitzer-Tokens (0600). `vereint config show` zeigt, woher jede Einstellung kommt.", "/etc/vereint/vereint.toml: system settings. $XDG_CONFIG_HOME/vereint/vereint.toml (else ~/.config/vereint/vereint.toml): the user's settings, over the system's; --config FILE goes over both. $XDG_DATA_HOME/vereint/ (else ~/.local/share/vereint/): your bookings and registrations with their owner tokens (0600). `vereint config show` shows where each setting comes from.";

    HelpRoot => "Digitale Werkzeuge und Infrastruktur für Vereine und gemeinnützige Initiativen", "Digital tools and infrastructure for clubs and non-profits";
    HelpLang => "Sprache der Ausgabe (Voreinstellung: aus LC_ALL, LC_MESSAGES oder LANG)", "Language of the output (default: from LC_ALL, LC_MESSAGES or LANG)";
    HelpConfig => "Diese Konfigurationsdatei über den Dateien des Systems und des Nutzers lesen", "Read this configuration file on top of the system and user files";
    HelpTui => "Die Terminal-Oberfläche öffnen (das geschieht auch ohne Befehl)", "Open the terminal interface (the default without a command)";
    HelpTuiSite => "Die Dienste dieser Site-Datei von `vereint provision` prüfen (H: Dienste der Site)", "Check the services of this `vereint provision` site file (H: site services)";
    HelpCatalog => "Den Katalog digitaler Werkzeuge durchsehen", "Browse the catalogue of digital tools";
    HelpCatalogList => "Werkzeuge auflisten, wahlweise gefiltert", "List tools, optionally filtered";
    HelpCatalogListCategory => "Nur diese Kategorie (ID, etwa chat oder video)", "Only this category (id, such as chat or video)";
    HelpCatalogListPlatform => "Muss auf dieser Plattform laufen (mehrfach möglich)", "Must run on this platform (repeatable)";
    HelpCatalogListOpenSource => "Nur Open-Source-Werkzeuge", "Only open-source tools";
    HelpCatalogListSelfHostable => "Nur Werkzeuge, die ein Verein auf eigenem Server betreiben kann", "Only tools a club can run on its own server";
    HelpCatalogListE2e => "Nur Ende-zu-Ende-verschlüsselte Werkzeuge", "Only end-to-end encrypted tools";
    HelpCatalogListFree => "Nur Werkzeuge mit kostenloser Stufe", "Only tools with a free tier";
    HelpCatalogListEu => "Nur Anbieter mit Sitz in EU/EWR", "Only providers seated in the EU/EEA";
    HelpCatalogCategories => "Die Kategorien: ihre IDs (für --category), Namen und wie viele Werkzeuge jede hat", "The categories: their ids (for --category), names and how many tools each has";
    HelpCatalogShow => "Ein Werkzeug mit seinem Datenschutz-Profil zeigen", "Show one tool with its privacy profile";
    HelpCatalogShowId => "Die ID des Werkzeugs, wie `vereint catalog list` sie zeigt", "The tool's id, as `vereint catalog list` shows it";
    HelpCatalogSearch => "Unscharfe Suche in Namen, Anbietern, Kategorien und Kurzbeschreibungen", "Fuzzy search over names, providers, categories and summaries";
    HelpCatalogSearchQuery => "Wonach gesucht wird", "What to look for";
    HelpCatalogValidate => "Einen Katalogordner prüfen und jedes Problem melden (Voreinstellung: der eingebaute Katalog)", "Check a catalogue folder and report every problem (default: the embedded catalogue)";
    HelpCatalogValidateDir => "Der Katalogordner", "The catalogue folder";
    HelpEvents => "Workshops und Sprechstunden", "Workshops and consultation hours";
    HelpEventsList => "Die nächsten Termine jeder Veranstaltung, nach Veranstaltung gruppiert, und der Kalender-Feed des Verzeichnisses", "The next dates of every event, grouped by event, and the directory's calendar feed";
    HelpEventsListCount => "Wie viele Termine je Veranstaltung", "How many dates per event";
    HelpEventsIcs => "iCalendar aller Veranstaltungen, einer oder eines Termins einer Veranstaltung (--date)", "iCalendar of all events, of one, or of one date of one (--date)";
    HelpEventsIcsDate => "Nur dieser Termin der Veranstaltung (JJJJ-MM-TT)", "Only this date of the event (YYYY-MM-DD)";
    HelpEventsIcsOutput => "In diese Datei schreiben statt auf die Standardausgabe", "Write to this file instead of standard output";
    HelpEventsRegister => "Für den nächsten Termin einer Veranstaltung anmelden (oder --date)", "Register for the next date of an event (or --date)";
    HelpEventsRegisterDate => "Welcher Termin (JJJJ-MM-TT); Voreinstellung: der nächste", "Which date (YYYY-MM-DD); default: the next one";
    HelpEventsRegisterDirectory => "Die URL des Verzeichnisses (Voreinstellung: directory.public_url, sonst http:// und directory.bind)", "The directory's URL (default: directory.public_url, else http:// and directory.bind)";
    HelpEventsRegistrations => "Deine Anmeldungen, mit dem Stand beim Verzeichnis", "Your registrations, with the status from the directory";
    HelpEventsUnregister => "Eine deiner Anmeldungen absagen (fragt im Terminal vorher nach)", "Cancel one of your registrations (asks first on a terminal)";
    HelpYes => "Nicht nachfragen (nötig ohne Terminal)", "Do not ask (needed without a terminal)";
    HelpExamples => "Praxisbeispiele von Vereinen und ihren Werkzeugen", "Practical examples of clubs using tools";
    HelpExamplesList => "Die Praxisbeispiele auflisten", "List the practical examples";
    HelpExamplesShow => "Ein Beispiel lesen", "Read one example";
    HelpBook => "Einen Videoraum oder ein Chat-Team beim Verzeichnis buchen", "Book a video room or a chat team from the directory";
    HelpBookOrganisation => "Dein Verein oder deine Initiative", "Your club or initiative";
    HelpBookContactName => "Wen der Betrieb ansprechen kann", "Who the operator can contact";
    HelpBookPurpose => "Wofür der Raum oder das Team ist", "What the room or team is for";
    HelpBookName => "Der gewünschte Name des Raums oder Teams", "The desired room or team name";
    HelpBookParticipants => "Erwartete Teilnehmende (1 bis 1000)", "Expected participants (1 to 1000)";
    HelpBookAcceptCodeOfConduct => "Du hast den Verhaltenskodex gelesen (`vereint bookings code-of-conduct`) und akzeptierst ihn", "You have read the Code of Conduct (`vereint bookings code-of-conduct`) and accept it";
    HelpBookings => "Deine Buchungen: auflisten, zeigen, stornieren, Ungesendetes erneut senden", "Your bookings: list, show, cancel, retry what could not be sent";
    HelpBookingsList => "Deine Buchungen (hier gespeichert mit ihren Besitzer-Tokens), mit dem Stand beim Verzeichnis", "Your bookings (kept locally with their owner tokens), with the status from the directory";
    HelpBookingsShow => "Eine Buchung, mit ihren Links, sobald sie aktiv ist", "One booking, with its links once it is active";
    HelpBookingsCancel => "Eine deiner Buchungen stornieren (fragt im Terminal vorher nach)", "Cancel one of your bookings (asks first on a terminal)";
    HelpBookingsRetry => "Erneut senden, was nicht gesendet werden konnte (gleicher Idempotency-Key: nichts entsteht doppelt)", "Send again what could not be sent (same Idempotency-Key: nothing is created twice)";
    HelpBookingsCodeOfConduct => "Der Verhaltenskodex, den jede Buchung akzeptiert", "The Code of Conduct every booking accepts";
    HelpConfigX => "Die Konfiguration zeigen", "Show the configuration";
    HelpConfigShow => "Die geltenden Einstellungen und woher jede kommt", "The effective settings and where each came from";
    HelpDirectory => "Das zentrale Verzeichnis: den Server betreiben oder verwalten", "The central directory: run the server, or administer it";
    HelpDirectoryServe => "Den Verzeichnis-Server starten (Einstellungen in [directory]; das Admin-Token nur aus einer Datei oder der Umgebung)", "Run the directory server (settings in [directory]; the admin token only from a file or env)";
    HelpDirectoryServeBind => "Adresse, auf der gelauscht wird (Voreinstellung: directory.bind, 127.0.0.1:8470)", "Address to listen on (default: directory.bind, 127.0.0.1:8470)";
    HelpDirectoryServeDatabase => "postgres://... oder eine SQLite-Datei (Voreinstellung: directory.database_url, sonst das Datenverzeichnis)", "postgres://... or a SQLite file (default: directory.database_url, else the data dir)";
    HelpDirectoryAdmin => "Ein laufendes Verzeichnis verwalten (Admin-Token aus directory.admin_token_file oder der Umgebung)", "Administer a running directory (admin token from directory.admin_token_file or env)";
    HelpDirectoryAdminEnroll => "Ein Anmelde-Token für eine selbst betriebene Instanz erzeugen", "Create an enrollment token for a self-hosted instance";
    HelpDirectoryAdminEnrollNote => "Wofür das Token ist (sehen nur Admins)", "What the token is for (shown to admins only)";
    HelpDirectoryAdminEnrollDays => "Tage, bis es abläuft (Voreinstellung: directory.enrollment_days)", "Days until it expires (default: directory.enrollment_days)";
    HelpDirectoryAdminBookings => "Buchungen auflisten (Voreinstellung: die, die auf eine Entscheidung warten)", "List bookings (default: those waiting for a decision)";
    HelpDirectoryAdminBookingsStatus => "requested, approved, active, rejected, cancelled oder all", "requested, approved, active, rejected, cancelled or all";
    HelpDirectoryAdminApprove => "Eine Buchung genehmigen: legt den Raum oder das Team an", "Approve a booking: creates the room or team";
    HelpDirectoryAdminReject => "Eine Buchung ablehnen, mit einer Begründung, die der Verein liest", "Reject a booking with a reason the club will read";
    HelpDirectoryAdminRegistrations => "Anmeldungen einer Veranstaltung", "Registrations of an event";
    HelpDirectoryAdminOutbox => "Nachrichten (E-Mails, Chat-Beiträge), die noch nicht zugestellt sind oder nicht zustellbar waren, mit der Antwort des Servers", "Messages (mail, chat posts) not delivered yet and those that failed, with the server's answer";
    HelpDirectoryAdminOutboxFailed => "Nur nicht zustellbare Nachrichten", "Only failed messages";
    HelpDirectoryAdminOutboxRetry => "Eine nicht zustellbare Nachricht erneut einreihen, sofort fällig (drei weitere Tage Zustellversuche)", "Queue a failed message again, due now (three more days of retries)";
    HelpDirectoryAdminRegistrationsCsv => "Als CSV (für Tabellenkalkulationen)", "As CSV (for spreadsheets)";
    HelpRoom => "Dein BigBlueButton-Raum: zeigen, Einstellungen ändern, Zugangscodes erneuern (Besitzer-Token)", "Your BigBlueButton room: show it, change settings, rotate access codes (owner token)";
    HelpRoomShow => "Den Raum zeigen: Adresse, Zugangscodes, Einstellungen", "Show the room: address, access codes, settings";
    HelpRoomShowBookingId => "Die Buchung, zu der der Raum gehört", "The booking the room belongs to";
    HelpRoomShowTokenFile => "Datei mit dem Besitzer-Token der Buchung (Voreinstellung: von der Standardeingabe lesen)", "File holding the booking's owner token (default: read it from standard input)";
    HelpRoomSet => "Einstellungen ändern (was nicht angegeben ist, bleibt)", "Change settings (those not given stay as they are)";
    HelpRoomSetAnyoneMayStart => "Ob Teilnehmende die Konferenz ohne Moderation starten dürfen", "Whether viewers may start the meeting without a moderator";
    HelpRoomSetMaxParticipants => "0 hebt die Grenze auf", "0 removes the limit";
    HelpRoomSetRecord => "Aufzeichnung erlauben (braucht das Einverständnis aller)", "Allow recording (needs everyone's consent)";
    HelpRoomRotateCodes => "Neue Codes für Teilnahme und Moderation; die alten gelten sofort nicht mehr", "New viewer and moderator codes; the old ones stop working at once";
    HelpSim => "Simulatoren der Server, die vereint steuert, für Tests und zum Ausprobieren", "Simulators of the servers vereint drives, for tests and trying it out";
    HelpSimBbb => "Ein BigBlueButton-API-Server (im Speicher) unter /bigbluebutton/api/", "A BigBlueButton API server (in memory) under /bigbluebutton/api/";
    HelpSimBbbBind => "Adresse, auf der gelauscht wird (Port 0 wählt einen freien; die Adresse wird ausgegeben)", "Address to listen on (port 0 picks a free one; the bound address is printed)";
    HelpSimBbbSecret => "Das gemeinsame Geheimnis (besser --secret-file: Kommandozeilen sehen auch andere Nutzer)", "The shared secret (prefer --secret-file: command lines are visible to other users)";
    HelpSimBbbSecretFile => "Datei mit dem gemeinsamen Geheimnis", "File holding the shared secret";
    HelpSimMattermost => "Ein Mattermost-API-v4-Server (Endpunkte und Umgebung in der Moduldokumentation)", "A Mattermost API v4 server (see the module documentation for the endpoints and env)";
    HelpSimMattermostBind => "Adresse, auf der gelauscht wird (Voreinstellung: MM_SERVICESETTINGS_LISTENADDRESS, sonst :8065)", "Address to listen on (default: MM_SERVICESETTINGS_LISTENADDRESS, else :8065)";
    HelpSimMattermostToken => "Bearer-Token eines Systemadmins (besser --token-file: Kommandozeilen sehen auch andere)", "A system admin's bearer token (prefer --token-file: command lines are visible to others)";
    HelpSimMattermostTokenFile => "Datei mit diesem Token", "File holding that token";
    HelpSimMattermostDatabase => "postgres://... oder eine SQLite-Datei (Voreinstellung: MM_SQLSETTINGS_DATASOURCE, sonst im Speicher)", "postgres://... or a SQLite file (default: MM_SQLSETTINGS_DATASOURCE, else memory)";
    HelpSimMattermostFiles => "Ordner für Team-Dateien (Voreinstellung: MM_FILESETTINGS_DIRECTORY, sonst keiner außerhalb von systemd)", "Directory for team files (default: MM_FILESETTINGS_DIRECTORY, else none outside systemd)";
    HelpSimMattermostServerVersion => "In X-Version-Id gemeldete Version (Voreinstellung: MM_SIM_VERSION, sonst 9.11.0)", "Version reported in X-Version-Id (default: MM_SIM_VERSION, else 9.11.0)";
    HelpSimMattermostRateLimit => "Anfragen je Sekunde vor 429 (0: keine Grenze)", "Requests per second before 429 (0: no limit)";
    HelpHealth => "Dienste prüfen: HTTP(S), Zertifikate, BBB, Mattermost, STUN/TURN, DNS (Exit-Status: der schlimmste Zustand)", "Check services: HTTP(S), certificates, BBB, Mattermost, STUN/TURN, DNS (exit code: worst state)";
    HelpHealthFormat => "Ausgabe: eine Tabelle (farbig, außer mit NO_COLOR), JSON (ein Objekt je Prüfung) oder Prometheus-Text", "Output: a table (colour unless NO_COLOR), JSON (one object per check) or Prometheus text";
    HelpHealthTimeout => "Sekunden, die jedes Ziel dauern darf", "Seconds each target may take";
    HelpHealthConcurrency => "Gleichzeitig geprüfte Ziele", "Targets checked at the same time";
    HelpHealthBbbSecretFile => "Datei mit dem gemeinsamen BBB-Geheimnis (sonst health.bbb_secret_file)", "File with the BBB shared secret (else health.bbb_secret_file)";
    HelpHealthTurnSecretFile => "Datei mit static-auth-secret von coturn (sonst health.turn_secret_file)", "File with coturn's static-auth-secret (else health.turn_secret_file)";
    HelpHealthCaFile => "Weitere CA-Zertifikate (PEM), denen vertraut wird (sonst health.ca_file)", "Extra CA certificates (PEM) to trust (else health.ca_file)";
    HelpHealthWatch => "Alle SEKUNDEN erneut prüfen, bis zum Abbruch", "Check again every SECONDS until interrupted";
    HelpHealthFromDirectory => "Auch die Dienste jeder Instanz in der öffentlichen Liste dieses Verzeichnisses prüfen", "Also check the services of every instance in this directory's public list";
    HelpHealthSite => "Auch die Dienste dieser Site-Datei von `vereint provision` prüfen (Geheimnisse aus ihrem State-Ordner)", "Also check the services of this `vereint provision` site file (secrets from its state dir)";
    HelpHealthTargets => "https://..., http://..., bbb+https://HOST/bigbluebutton/api/, mattermost+https://HOST, stun:HOST:PORT, turn:HOST:PORT[?transport=tcp], dns:NAME[?expect=ADRESSE,...]", "https://..., http://..., bbb+https://HOST/bigbluebutton/api/, mattermost+https://HOST, stun:HOST:PORT, turn:HOST:PORT[?transport=tcp], dns:NAME[?expect=ADDR,...]";
    HelpAgent => "Der meldende Agent einer selbst betriebenen Instanz", "The reporting agent of a self-hosted instance";
    HelpAgentRun => "In jedem Intervall prüfen und melden, bis er beendet wird (systemd)", "Check and report every interval, until stopped (systemd)";
    HelpAgentOnce => "Eine Runde: prüfen, melden, Wartendes zustellen", "One round: check, report, deliver what is queued";
    HelpTeam => "Dein gebuchtes Mattermost-Team: zeigen oder einen neuen Einladungslink erzeugen", "Your booked Mattermost team: show it, or make a new invite link";
    HelpTeamShow => "Das Team und seinen Einladungslink zeigen", "Show the team and its invite link";
    HelpTeamShowTokenFile => "Datei mit dem Besitzer-Token aus der Buchung (Voreinstellung: von der Standardeingabe lesen)", "File holding the owner token you got when booking (default: read from standard input)";
    HelpTeamRegenerateInvite => "Einen neuen Einladungslink erzeugen (der alte gilt nicht mehr)", "Make a new invite link (the old one stops working)";
    HelpProvision => "Selbst betreiben: Mattermost, BigBlueButton oder das Verzeichnis aus einer Site-Datei auf den eigenen Servern einrichten", "Self-hosting: set up Mattermost, BigBlueButton or the directory on your servers from a site file";
    HelpProvisionInit => "Eine Site-Datei schreiben (fragt nach, was die Optionen offen lassen)", "Write a site file (asks for what the flags leave out)";
    HelpProvisionInitFile => "Zu schreibende Datei", "File to write";
    HelpProvisionInitForce => "Eine vorhandene Datei überschreiben", "Overwrite an existing file";
    HelpProvisionInitHosts => "NAME=ADRESSE:DIENST,DIENST (Dienste: mattermost, bigbluebutton, coturn, directory, agent); mehrfach möglich", "NAME=ADDRESS:SERVICE,SERVICE (services: mattermost, bigbluebutton, coturn, directory, agent); repeatable";
    HelpProvisionInitSshKey => "Privater SSH-Schlüssel für alle Hosts", "SSH private key file for all hosts";
    HelpProvisionInitTls => "letsencrypt, acme, selfsigned oder files", "letsencrypt, acme, selfsigned or files";
    HelpProvisionInitDirectoryUrl => "URL des zentralen Verzeichnisses, an das der Agent meldet", "URL of the central directory the agent reports to";
    HelpProvisionInitEnrollmentTokenFile => "Datei mit dem Anmelde-Token vom Betrieb des Verzeichnisses", "File holding the enrollment token from the directory's operator";
    HelpProvisionCheck => "Vorabprüfung: SSH, System, Ressourcen und DNS jedes Hosts, Ansible auf diesem Rechner", "Pre-flight: SSH, system, resources and DNS of every host, Ansible on this machine";
    HelpProvisionCheckSite => "Die Site-Datei", "The site file";
    HelpProvisionPlan => "Zeigen, was apply ändern würde (ansible-playbook --check --diff), je Host und Rolle", "Show what apply would change (ansible-playbook --check --diff), per host and role";
    HelpProvisionPlanLimit => "Nur diese Hosts (Ansible-Muster)", "Only these hosts (Ansible pattern)";
    HelpProvisionPlanTags => "Nur Aufgaben mit diesen Tags", "Only tasks with these tags";
    HelpProvisionPlanLog => "Das vollständige Log hierhin schreiben (Voreinstellung: logs/ im State-Ordner)", "Write the full log here (default: the state dir's logs/)";
    HelpProvisionApply => "Jeden Host der Site einrichten oder aktualisieren (wiederholen ist sicher)", "Set up or update every host of the site (safe to repeat)";
    HelpProvisionApplyNoRegister => "Die Instanz danach nicht beim Verzeichnis anmelden", "Do not register the instance with the directory afterwards";
    HelpProvisionStatus => "Letzter Lauf, Anmeldung und ob die Dienste antworten", "Last run, registration, and whether the services answer";
    HelpProvisionBackup => "Mattermost sichern (Datenbank-Dump und Daten) in ein Archiv auf seinem Host, und extern, wenn eingerichtet", "Back up Mattermost (database dump and data) into an archive on its host, and off-site when set up";
    HelpProvisionRestore => "Mattermost aus einem Sicherungsarchiv auf seinem Host (Voreinstellung: das neueste) oder von extern wiederherstellen", "Restore Mattermost from a backup archive on its host (default: the newest) or from off-site";
    HelpProvisionRestoreArchive => "Pfad des Archivs auf dem Host", "Archive path on the host";
    HelpProvisionRestoreFromOffsite => "Aus dem externen Repository der Site ([backup] in der Site-Datei)", "From the site's off-site repository ([backup] in the site file)";
    HelpProvisionRestoreSnapshot => "ID des externen Snapshots (Voreinstellung: der neueste)", "Off-site snapshot ID (default: the latest)";
    HelpProvisionUpgrade => "Mattermost auf eine andere Version umstellen (neben der alten; zurückgerollt, wenn sie nicht gesund ist)", "Switch Mattermost to another version (beside the old one; rolled back when unhealthy)";
    HelpProvisionUpgradeVersion => "Version, auf die umgestellt wird (Voreinstellung: versions.mattermost der Site-Datei)", "Version to switch to (default: versions.mattermost of the site file)";
    HelpProvisionUpgradeSha256 => "SHA-256 des Archivs dieser Version (nötig mit --version)", "SHA-256 of that version's tarball (required with --version)";
    HelpProvisionUpgradeUrl => "Download-URL dieses Archivs (Voreinstellung: releases.mattermost.com)", "Download URL of that tarball (default: releases.mattermost.com)";
    HelpProvisionSetupAnsible => "Ein festgelegtes ansible-core und die nötigen Collections in ein venv installieren", "Install a pinned ansible-core and the needed collections into a venv";
    HelpProvisionSetupAnsibleDir => "Ordner für venv/ und collections/ (Voreinstellung: ~/.local/share/vereint/ansible)", "Folder for venv/ and collections/ (default: ~/.local/share/vereint/ansible)";
    HelpCompletions => "Shell-Vervollständigungen ausgeben", "Print shell completions";
    HelpMan => "Die Handbuchseite von vereint oder eines Befehls ausgeben (roff), oder alle schreiben", "Print the manual page of vereint or of one command (roff), or write all of them";
    HelpManDir => "Jede Seite (vereint.1, vereint-catalog.1, ...) stattdessen in diesen Ordner schreiben", "Write every page (vereint.1, vereint-catalog.1, ...) into this folder instead";
    HelpManCommand => "Der Befehl, dessen Seite ausgegeben wird, etwa `catalog list` (Voreinstellung: die Hauptseite)", "The command whose page to print, such as `catalog list` (default: the main page)";
    HelpAdminOutbox => "Noch nicht zugestellte und gescheiterte E-Mails, mit der Antwort des SMTP-Servers", "Mail not delivered yet and mail that failed, with the SMTP server's answer";
    HelpAdminOutboxFailed => "Nur gescheiterte Nachrichten", "Only failed messages";
    HelpAdminOutboxRetry => "Eine gescheiterte Nachricht erneut einreihen, sofort fällig (drei weitere Tage Versuche)", "Queue a failed message again, due now (three more days of retries)";
    // Command line: the directory's refusals (problem `detail` and field messages), found by their
    // English text and sent in the language of the request's Accept-Language
    WordBooking => "Buchung", "booking";
    WordEvent => "Veranstaltung", "event";
    WordRegistration => "Anmeldung", "registration";
    WordInstance => "Instanz", "instance";
    ProbNoSuch => "gibt es nicht: {what}", "no such {what}";
    // Files holding secrets (the secret itself is never in a message)
    SecretFileMissing => "{file} (Einstellung {key}) gibt es nicht: die Datei mit dem Geheimnis anlegen und `chmod 600 {file}` ausführen, oder den Pfad in {key} korrigieren", "{file} (setting {key}) does not exist: create it with the secret in it and run `chmod 600 {file}`, or correct the path in {key}";
    SecretFileDenied => "{file} (Einstellung {key}) darf vereint nicht lesen: sie muss dem Nutzer gehören, unter dem vereint läuft (`chown`), und nur ihm lesbar sein (`chmod 600 {file}`)", "vereint may not read {file} (setting {key}): it must belong to the user vereint runs as (`chown`) and be readable only by them (`chmod 600 {file}`)";
    SecretFileNotText => "{file} (Einstellung {key}) ist keine Textdatei: das Geheimnis gehört als eine Zeile Text hinein", "{file} (setting {key}) is not a text file: the secret goes in as one line of text";
    SecretFileUnreadable => "{file} (Einstellung {key}) lässt sich nicht lesen: {error}", "{file} (setting {key}) cannot be read: {error}";
    SecretFileEmpty => "{file} (Einstellung {key}) ist leer: das Geheimnis hineinschreiben", "{file} (setting {key}) is empty; put the secret in it";
    SecretFileOpen => "{file} enthält {what}, ist aber für andere lesbar (Modus {mode}): `chmod 600 {file}` ausführen", "{file} holds {what} but others may read it (mode {mode}); run `chmod 600 {file}`";
    SecretFileNoMode => "die Rechte von {file} lassen sich nicht lesen: {error}", "the permissions of {file} cannot be read: {error}";
    SecretWhatAgentToken => "das Agent-Token", "the agent token";
    SecretWhatSiteSecrets => "die erzeugten Passwörter der Site", "the site's generated passwords";
    SecretWhatInstance => "das Geheimnis der Instanz", "the instance's secret";
    StateDirCreate => "der Zustandsordner {dir} lässt sich nicht anlegen: {error}", "the state folder {dir} cannot be created: {error}";
    StateDirRestrict => "der Zustandsordner {dir} lässt sich nicht auf den Besitzer beschränken (chmod 700): {error}", "the state folder {dir} cannot be restricted to its owner (chmod 700): {error}";
    StateSecretsBroken => "{file} ist kein gültiges JSON ({error}); aus der Sicherung wiederherstellen", "{file} is not valid JSON ({error}); restore it from your backup";
    StateInstanceBroken => "{file} ist kein gültiges JSON ({error}); aus der Sicherung wiederherstellen oder löschen und die Instanz neu anmelden (apply)", "{file} is not valid JSON ({error}); restore it from your backup, or delete it and register the instance again (apply)";
    FileUnreadable => "{file} lässt sich nicht lesen: {error}", "{file} cannot be read: {error}";
    FileUnwritable => "{file} lässt sich nicht schreiben: {error}", "{file} cannot be written: {error}";
    FileUnremovable => "{file} lässt sich nicht löschen: {error}", "{file} cannot be removed: {error}";
    FileNoPermissions => "die Rechte von {file} lassen sich nicht setzen: {error}", "the permissions of {file} cannot be set: {error}";
    FolderUncreatable => "der Ordner {file} lässt sich nicht anlegen: {error}", "the folder {file} cannot be created: {error}";
    FolderUnreadable => "der Ordner {file} lässt sich nicht lesen: {error}", "the folder {file} cannot be read: {error}";
    ProgramUnstartable => "{program} lässt sich nicht starten: {error}", "{program} cannot be started: {error}";
    ProgramOutputUnreadable => "die Ausgabe von {program} lässt sich nicht lesen: {error}", "the output of {program} cannot be read: {error}";
    OwnBinaryUnknown => "wo das vereint-Programm liegt, lässt sich nicht feststellen: {error}", "cannot find where the vereint program is: {error}";
    RuntimeUnstartable => "die Laufzeitumgebung lässt sich nicht starten: {error}", "the async runtime cannot be started: {error}";
    EnrollmentTokenUnreadable => "das Anmelde-Token {file} lässt sich nicht lesen: {error}", "the enrollment token {file} cannot be read: {error}";
    OwnerTokenUnreadable => "der Besitzer-Token aus {file} lässt sich nicht lesen: {error}", "cannot read the owner token from {file}: {error}";
    OwnerTokenStdin => "der Besitzer-Token lässt sich nicht von der Standardeingabe lesen: {error}", "cannot read the owner token from standard input: {error}";
    AgentIntervalZero => "agent.interval_secs muss mindestens 1 sein", "agent.interval_secs must be at least 1";
    HealthInstanceList => "die Instanzliste von {url} lässt sich nicht lesen", "cannot read the instance list of {url}";
    QueueNotReport => "{file} ist kein Bericht der Warteschlange: {error}", "{file} is not a queued report: {error}";
    DirectoryDbUnopenable => "die Datenbank ({location}) lässt sich nicht öffnen", "cannot open the database ({location})";
    DirectoryBindFailed => "{bind} lässt sich nicht belegen, läuft dort schon ein anderer Server? ({error})", "cannot bind {bind}; is another server using it? ({error})";
    StateNoRandomness => "das Betriebssystem liefert keine Zufallszahlen für neue Passwörter: {error}", "the operating system gives no random numbers for new passwords: {error}";
    TlsCaUnreadable => "die CA-Datei {file} lässt sich nicht lesen: {error}", "the CA file {file} cannot be read: {error}";
    TlsCaBrokenPem => "die CA-Datei {file} enthält einen beschädigten PEM-Block: {error}", "the CA file {file} holds a broken PEM block: {error}";
    TlsCaBadCert => "die CA-Datei {file} enthält ein unbrauchbares Zertifikat: {error}", "the CA file {file} holds an unusable certificate: {error}";
    TlsCaEmpty => "die CA-Datei {file} enthält kein Zertifikat; eine PEM-Datei mit -----BEGIN CERTIFICATE----- angeben", "the CA file {file} holds no certificate; give a PEM file with -----BEGIN CERTIFICATE-----";
    TlsSetupFailed => "TLS lässt sich nicht einrichten: {error}", "TLS cannot be set up: {error}";
    OsAlreadyExists => "gibt es schon", "File exists";
    OsInvalidData => "ungültige Daten (kein UTF-8-Text?)", "stream did not contain valid UTF-8";
    OsIsADirectory => "ist ein Ordner", "Is a directory";
    OsNotADirectory => "ist kein Ordner", "Not a directory";
    OsReadOnly => "schreibgeschütztes Dateisystem", "Read-only file system";
    OsStorageFull => "kein Platz mehr auf dem Gerät", "No space left on device";
    // Catalogue folders: what `catalog validate` and catalog.dir report
    CatFolderUnreadable => "Ordner lässt sich nicht lesen: {error}", "cannot read folder: {error}";
    CatFileUnreadable => "Datei lässt sich nicht lesen: {error}", "cannot read file: {error}";
    CatUnexpectedFile => "unerwartete Datei: Katalogdateien gehören in categories.toml, code-of-conduct.toml, tools/, events/, examples/ oder services/", "unexpected file: catalogue files belong in categories.toml, code-of-conduct.toml, tools/, events/, examples/ or services/";
    CatNoCategories => "fehlt: jeder Katalog braucht seine Kategorien", "missing: every catalogue needs its categories";
    CatNoCodeOfConduct => "fehlt: Buchungen brauchen einen Verhaltenskodex, den man akzeptiert", "missing: bookings need a code of conduct to accept";
    CatNotUtf8 => "kein UTF-8-Text (ab Byte {at})", "not UTF-8 text (from byte {at})";
    CatMissingField => "das Feld „{field}“ fehlt", "missing field `{field}`";
    CatUnknownField => "unbekanntes Feld „{field}“; erwartet: {expected}", "unknown field `{field}`, expected {expected}";
    CatUnknownVariant => "unbekannter Wert „{value}“; erwartet: {expected}", "unknown variant `{value}`, expected {expected}";
    CatInvalidType => "falscher Typ: {found}, erwartet: {expected}", "invalid type: {found}, expected {expected}";
    CatSyntax => "ungültiges TOML oder JSON: {error}", "invalid TOML or JSON: {error}";
    CatIdMismatch => "die ID „{id}“ muss zum Dateinamen „{stem}.toml“ passen", "id `{id}` must match the file name `{stem}.toml`";
    CatDuplicateId => "doppelte ID „{id}“ (Art: {kind}), schon vergeben in {first}", "duplicate {kind} id `{id}`, already used in {first}";
    CatKindTool => "Werkzeug", "tool";
    CatKindEvent => "Veranstaltung", "event";
    CatKindExample => "Beispiel", "example";
    CatKindService => "Dienst", "service";
    CatKindCategory => "Kategorie", "category";
    CatBadId => "„{id}“ ist keine gültige ID: 1 bis 64 Zeichen aus a-z, 0-9 und „-“ verwenden", "`{id}` is not a valid id: use 1-64 characters a-z, 0-9 and '-'";
    CatMissingText => "Text fehlt: in dieser Sprache angeben", "missing text: give it in this language";
    CatControlChar => "enthält das Steuerzeichen U+{code}; entfernen", "contains the control character U+{code}; remove it";
    CatNotHttp => "„{value}“ muss eine http(s)-URL sein, nicht „{scheme}:“", "`{value}` must be an http(s) URL, not `{scheme}:`";
    CatBadUrl => "„{value}“ ist keine gültige URL: {error}", "`{value}` is not a valid URL: {error}";
    UrlRelative => "relative URL ohne Basis (mit https:// beginnen)", "relative URL without a base";
    UrlEmptyHost => "leerer Host", "empty host";
    UrlInvalidPort => "ungültige Portnummer", "invalid port number";
    UrlDomainCharacter => "ungültiges Zeichen im Domainnamen", "invalid domain character";
    UrlIpv4 => "ungültige IPv4-Adresse", "invalid IPv4 address";
    UrlIpv6 => "ungültige IPv6-Adresse", "invalid IPv6 address";
    UrlIdna => "ungültiger internationaler Domainname", "invalid international domain name";
    CatBadCountry => "„{code}“ ist kein Ländercode nach ISO 3166-1 alpha-2 (etwa DE, CH, US)", "`{code}` is not an ISO 3166-1 alpha-2 country code (such as DE, CH, US)";
    CatUnknownCategory => "unbekannte Kategorie „{category}“; bekannt: {known}", "unknown category `{category}`; known: {known}";
    CatNoSource => "mindestens eine Quelle (URL) angeben, möglichst die eigene Seite des Anbieters", "give at least one source URL, the vendor's own page where possible";
    CatNoLicence => "ein Open-Source-Werkzeug braucht seine Lizenz als SPDX-Ausdruck", "an open-source tool needs its licence as an SPDX expression";
    CatBadSpdx => "„{licence}“ ist kein gültiger SPDX-Ausdruck: {reason}", "`{licence}` is not a valid SPDX expression: {reason}";
    SpdxUnknownLicense => "unbekannte Lizenz-ID (die IDs stehen auf spdx.org/licenses)", "unknown license id";
    SpdxUnknownException => "unbekannte ID einer Ausnahme", "unknown exception id";
    SpdxInvalidCharacters => "ungültige Zeichen", "invalid character(s)";
    SpdxUnclosedParens => "eine Klammer wird nicht geschlossen", "unclosed parens";
    SpdxUnopenedParens => "eine Klammer wird geschlossen, aber nicht geöffnet", "unopened parens";
    SpdxEmpty => "leerer Ausdruck", "empty expression";
    SpdxSeparatedPlus => "`+` darf nicht auf ein Leerzeichen folgen", "`+` must not follow whitespace";
    SpdxUnknownTerm => "unbekannter Begriff: SPDX-IDs wie AGPL-3.0-only, verbunden mit AND, OR oder WITH", "unknown term";
    SpdxGnuNoPlus => "auf eine GNU-Lizenz folgt ein `+` (stattdessen -or-later verwenden)", "a GNU license was followed by a `+`";
    CatLicenceNotOpen => "nur Open-Source-Werkzeuge haben eine Lizenz; sie entfernen oder open_source = true setzen", "only open-source tools carry a licence; remove it or set open_source = true";
    CatNoPlatform => "mindestens eine Plattform nennen", "name at least one platform";
    CatPlatformTwice => "eine Plattform steht doppelt in der Liste", "a platform is listed twice";
    CatVideoNeedsMax => "Video-Werkzeuge geben eine Zahl oder \"unknown\" an", "video tools give a number or \"unknown\"";
    CatMaxOnlyVideo => "nur Video-Werkzeuge haben max_participants", "only video tools have max_participants";
    CatBadLanguage => "„{value}“ wird nicht unterstützt: \"de\" oder \"en\" verwenden", "`{value}` is not supported: use \"de\" or \"en\"";
    CatAtLeastOne => "muss mindestens 1 sein", "must be at least 1";
    CatDuration => "muss zwischen 1 und 1440 liegen", "must be between 1 and 1440";
    CatBadTimezone => "„{value}“ ist keine IANA-Zeitzone wie Europe/Berlin", "`{value}` is not an IANA time zone such as Europe/Berlin";
    CatNoPlace => "einen Ort (place), eine online_url oder beides angeben", "give a place, an online_url, or both";
    CatBadNth => "{nth} liegt außerhalb des Bereichs: 1 bis 4 verwenden, oder -1 für den letzten", "{nth} is out of range: use 1 to 4, or -1 for the last";
    CatNoDates => "mindestens ein Datum angeben", "list at least one date";
    CatUnknownTool => "unbekanntes Werkzeug „{tool}“", "unknown tool `{tool}`";
    CatPosition => "Zeile {line}, Spalte {column}", "line {line}, column {column}";
    SessionCatalogInvalid => "der Katalogordner {dir} (Einstellung catalog.dir) ist ungültig; `vereint catalog validate {dir}` listet die Probleme:\n{problems}", "the catalogue folder {dir} (setting catalog.dir) is invalid; `vereint catalog validate {dir}` lists the problems:\n{problems}";
    SessionEmbeddedInvalid => "der eingebaute Katalog ist ungültig (ein Fehler beim Bauen):\n{problems}", "the embedded catalogue is invalid (a build error):\n{problems}";
    // The SSRF guard of the directory's own checks
    SsrfNotRange => "„{value}“ ist weder eine Adresse noch ein Bereich ADRESSE/PRÄFIX", "`{value}` is not an address or ADDR/PREFIX range";
    SsrfBadPrefix => "„{value}“: das Präfix muss zwischen 0 und {max} liegen", "`{value}`: the prefix must be 0..={max}";
    SsrfRefused => "{ip} ist {why}; das Verzeichnis prüft solche Adressen nicht", "{ip} is {why}; not checked from the directory";
    SsrfThisNetwork => "eine Adresse „dieses Netz“ (0.0.0.0/8)", "a 'this network' address";
    SsrfPrivate => "eine private Adresse", "a private address";
    SsrfCgnat => "eine Carrier-Grade-NAT-Adresse", "a carrier-grade NAT address";
    SsrfLoopback => "eine Loopback-Adresse", "a loopback address";
    SsrfLinkLocal => "eine link-lokale Adresse", "a link-local address";
    SsrfIetf => "eine Adresse für IETF-Protokolle", "an IETF protocol address";
    SsrfDocumentation => "eine Adresse für Dokumentation", "a documentation address";
    Ssrf6to4 => "eine 6to4-Relay-Adresse", "a 6to4 relay address";
    SsrfBenchmarking => "eine Adresse für Lasttests", "a benchmarking address";
    SsrfMulticast => "eine Multicast-Adresse", "a multicast address";
    SsrfReserved => "eine reservierte Adresse", "a reserved address";
    SsrfBroadcast => "die Broadcast-Adresse", "the broadcast address";
    SsrfUnspecified => "die unbestimmte Adresse", "the unspecified address";
    SsrfV4Compatible => "eine IPv4-kompatible Adresse", "an IPv4-compatible address";
    SsrfUniqueLocal => "eine Unique-Local-Adresse", "a unique-local address";
    SsrfSiteLocal => "eine Site-Local-Adresse", "a site-local address";
    SsrfTeredo => "eine Teredo-Adresse", "a Teredo address";
    SsrfDiscard => "eine Discard-only-Adresse", "a discard-only address";
    DirCheckAllAnswer => "jede veröffentlichte URL antwortet", "every published URL answers";
    DirCheckNotUrl => "{kind}: keine URL", "{kind}: not a URL";
    // The directory's settings, refused when `directory serve` starts
    CfgNoDataDir => "kein Datenordner: setze XDG_DATA_HOME oder HOME, oder directory.database_url", "no data dir: set XDG_DATA_HOME or HOME, or directory.database_url";
    CfgNotUrl => "{key} „{value}“ ist keine URL: {error}", "{key} `{value}` is not a URL: {error}";
    CfgBbbNeedsPublicUrl => "directory.bbb ist eingerichtet, directory.public_url aber nicht: die Räume brauchen sie für ihre Links (/r/...)", "directory.bbb is configured but directory.public_url is not: rooms need it for their links (/r/...)";
    CfgOperatorEmail => "directory.notify.operator_emails: „{address}“ ist keine E-Mail-Adresse", "directory.notify.operator_emails: `{address}` is not an address";
    CfgBodyLimit => "directory.body_limit muss mindestens 1024 Bytes sein", "directory.body_limit must be at least 1024 bytes";
    CfgTimeoutRange => "directory.{key} muss zwischen 100 und 600000 liegen (Millisekunden)", "directory.{key} must be between 100 and 600000 (milliseconds)";
    CfgMaxConnections => "directory.max_connections muss mindestens 1 sein", "directory.max_connections must be at least 1";
    CfgBbbScheme => "directory.bbb.url muss mit https:// beginnen (oder http:// für einen lokalen Test)", "directory.bbb.url must start with https:// (or http:// for a local test)";
    CfgBbbNoSecret => "directory.bbb.url ist gesetzt, aber kein Geheimnis: setze directory.bbb.secret_file (eine Datei mit der Ausgabe von `bbb-conf --secret`) oder VEREINT_DIRECTORY__BBB__SECRET", "directory.bbb.url is set but no secret: set directory.bbb.secret_file (a file with the output of `bbb-conf --secret`) or VEREINT_DIRECTORY__BBB__SECRET";
    CfgBbbChecksum => "directory.bbb.checksum „{value}“ ist keins von sha1, sha256, sha384, sha512", "directory.bbb.checksum `{value}` is not one of sha1, sha256, sha384, sha512";
    CfgMattermostUrl => "directory.mattermost.url „{value}“ ist keine Mattermost-Adresse: nimm die Basis-URL des Servers, etwa https://chat.example.org", "directory.mattermost.url `{value}` is not a Mattermost address: give the server's base URL, such as https://chat.example.org";
    CfgChannelName => "directory.mattermost.default_channels: „{name}“ ist kein Mattermost-Kanalname (2-64 Zeichen aus a-z 0-9 - _, am Anfang ein Buchstabe oder eine Ziffer)", "directory.mattermost.default_channels: `{name}` is not a Mattermost channel name (2-64 of a-z 0-9 - _, starting with a letter or digit)";
    CfgCommunityChannel => "directory.mattermost.community_channel „{value}“ muss die Form team-name/kanal-name haben", "directory.mattermost.community_channel `{value}` must look like team-name/channel-name";
    CfgCommunityToken => "directory.mattermost.community_channel ist gesetzt, aber es gibt kein Nur-Lese-Token: setze directory.mattermost.community_token_file oder VEREINT_DIRECTORY__MATTERMOST__COMMUNITY_TOKEN", "directory.mattermost.community_channel is set but there is no read-only token: set directory.mattermost.community_token_file or VEREINT_DIRECTORY__MATTERMOST__COMMUNITY_TOKEN";
    CfgFromControl => "directory.smtp.from darf keine Steuerzeichen enthalten", "directory.smtp.from must not contain control characters";
    CfgFromNotAddress => "directory.smtp.from „{value}“ ist keine Adresse; nimm `noreply@example.org` oder `Verein <noreply@example.org>`", "directory.smtp.from `{value}` is not an address; use `noreply@example.org` or `Verein <noreply@example.org>`";
    CfgSmtpUrl => "directory.smtp.url „{value}“ ist keine URL ({error}); nimm smtps://host:465 oder smtp://host:587?tls=required", "directory.smtp.url `{value}` is not a URL ({error}); use smtps://host:465 or smtp://host:587?tls=required";
    CfgSmtpNoHost => "directory.smtp.url nennt keinen Host", "directory.smtp.url has no host";
    CfgSmtpCredentials => "directory.smtp.url darf keine Zugangsdaten enthalten: setze directory.smtp.username und directory.smtp.password_file", "directory.smtp.url must not carry credentials: set directory.smtp.username and directory.smtp.password_file";
    CfgSmtpCaRead => "{file} lässt sich nicht lesen (directory.smtp.ca_file)", "reading {file} (directory.smtp.ca_file)";
    CfgSmtpCaPem => "directory.smtp.ca_file: kein PEM-Zertifikat", "directory.smtp.ca_file: no PEM certificate";
    CfgSmtpTls => "TLS für SMTP lässt sich nicht einrichten", "setting up TLS for SMTP failed";
    CfgSmtpPlain => "directory.smtp.url `smtp://{host}` würde Mails und Passwort unverschlüsselt senden; nimm smtps://{host}:465 oder smtp://{host}:587?tls=required (einfaches smtp:// nur zu einer Loopback-Adresse)", "directory.smtp.url `smtp://{host}` would send mail and password unencrypted; use smtps://{host}:465 or smtp://{host}:587?tls=required (plain smtp:// only to a loopback address)";
    CfgSmtpScheme => "directory.smtp.url: unbekanntes Schema „{scheme}“ oder tls „{tls}“; nimm smtps://host:465 oder smtp://host:587?tls=required", "directory.smtp.url: unknown scheme `{scheme}` or tls `{tls}`; use smtps://host:465 or smtp://host:587?tls=required";
    CfgSmtpNoPassword => "directory.smtp.username ist gesetzt, aber kein Passwort: setze directory.smtp.password_file oder VEREINT_DIRECTORY__SMTP__PASSWORD", "directory.smtp.username is set but no password: set directory.smtp.password_file or VEREINT_DIRECTORY__SMTP__PASSWORD";
    CfgSmtpConnections => "directory.smtp.connections muss zwischen 1 und {max} liegen, nicht {value}", "directory.smtp.connections must be between 1 and {max}, not {value}";
    CfgSmtpNoUsername => "ein SMTP-Passwort ist gesetzt, directory.smtp.username aber nicht", "an SMTP password is set but directory.smtp.username is not";
    CfgHookUrl => "directory.notify.mattermost_webhook_url muss eine http(s)-URL sein", "directory.notify.mattermost_webhook_url must be an http(s) URL";
    CfgWebhookSecret => "directory.notify.webhook_url braucht directory.notify.webhook_secret_file (den HMAC-Schlüssel)", "directory.notify.webhook_url needs directory.notify.webhook_secret_file (the HMAC key)";
    CfgHttpClient => "das HTTP-Programm für die Chat-Kanäle lässt sich nicht einrichten", "building the HTTP client for the chat channels failed";
    // Titles of problems (the `title` of problem+json), by kind and by HTTP status
    TitleInvalidInput => "Ungültige Eingabe", "Invalid input";
    TitleMalformedBody => "Fehlerhafter Inhalt der Anfrage", "Malformed request body";
    TitleBodyTooLarge => "Inhalt der Anfrage zu groß", "Request body too large";
    TitleUnsupportedMediaType => "Nicht unterstütztes Format des Inhalts", "Unsupported media type";
    TitleNotFound => "Nicht gefunden", "Not found";
    TitleMethodNotAllowed => "Methode nicht erlaubt", "Method not allowed";
    TitleRequestTimeout => "Zeitüberschreitung der Anfrage", "Request timeout";
    TitleError => "Fehler", "Error";
    TitleUnauthorized => "Nicht berechtigt", "Unauthorized";
    TitleAdminDisabled => "Verwaltung abgeschaltet", "Administration disabled";
    TitleTooManyRequests => "Zu viele Anfragen", "Too many requests";
    TitleInternal => "Interner Fehler", "Internal error";
    TitleUnavailable => "Dienst nicht verfügbar", "Service unavailable";
    TitleStorageFull => "Speicher voll", "Insufficient storage";
    TitleIdemMissing => "Idempotency-Key fehlt", "Idempotency-Key missing";
    TitleIdemInvalid => "Ungültiger Idempotency-Key", "Invalid Idempotency-Key";
    TitleIdemReused => "Idempotency-Key wiederverwendet", "Idempotency-Key reused";
    TitleConflict => "Konflikt", "Conflict";
    TitleAlreadyRegistered => "Schon angemeldet", "Already registered";
    TitleIntegrationNotConfigured => "Anbindung nicht eingerichtet", "Integration not configured";
    TitleIntegrationFailed => "Anbindung gescheitert", "Integration failed";
    TitleEnrollmentExpired => "Anmelde-Token abgelaufen", "Enrollment token expired";
    TitleSignatureRefused => "Signatur abgelehnt", "Signature refused";
    TitleHttpBadRequest => "Ungültige Anfrage", "Bad Request";
    TitleHttpNotFound => "Nicht gefunden", "Not Found";
    TitleHttpMethodNotAllowed => "Methode nicht erlaubt", "Method Not Allowed";
    TitleHttpRequestTimeout => "Zeitüberschreitung der Anfrage", "Request Timeout";
    TitleHttpPayloadTooLarge => "Inhalt der Anfrage zu groß", "Payload Too Large";
    TitleHttpUriTooLong => "Adresse der Anfrage zu lang", "URI Too Long";
    TitleHttpUnsupportedMediaType => "Nicht unterstütztes Format des Inhalts", "Unsupported Media Type";
    TitleHttpUnprocessable => "Nicht verarbeitbarer Inhalt", "Unprocessable Entity";
    TitleHttpTooManyRequests => "Zu viele Anfragen", "Too Many Requests";
    TitleHttpHeadersTooLarge => "Kopfzeilen der Anfrage zu groß", "Request Header Fields Too Large";
    TitleHttpInternal => "Interner Serverfehler", "Internal Server Error";
    TitleHttpNotImplemented => "Nicht umgesetzt", "Not Implemented";
    TitleHttpBadGateway => "Fehlerhafte Antwort eines vorgelagerten Servers", "Bad Gateway";
    TitleHttpUnavailable => "Dienst nicht verfügbar", "Service Unavailable";
    TitleHttpGatewayTimeout => "Keine Antwort eines vorgelagerten Servers", "Gateway Timeout";
    ProbInternal => "der Server konnte die Anfrage nicht erledigen; der Fehler ist protokolliert", "the server could not complete the request; it has been logged";
    ProbFieldsInvalid => "{count} Felder sind ungültig", "{count} fields are invalid";
    ProbEmpty => "darf nicht leer sein", "must not be empty";
    ProbMax => "darf höchstens {max} Zeichen lang sein", "must be at most {max} characters";
    ProbMin => "muss mindestens {min} Zeichen lang sein", "must be at least {min} characters";
    ProbControl => "darf keine Steuerzeichen enthalten", "must not contain control characters";
    ProbEmail => "muss eine E-Mail-Adresse sein, etwa name@example.org", "must be an e-mail address such as name@example.org";
    ProbUrl => "muss eine http://- oder https://-URL sein", "must be an http:// or https:// URL";
    ProbBetween => "muss zwischen {min} und {max} liegen", "must be between {min} and {max}";
    ProbBetweenNoLimit => "muss zwischen 0 (keine Grenze) und 1000 liegen", "must be between 0 (no limit) and 1000";
    ProbServices => "muss 1 bis 20 Dienste nennen", "must list 1 to 20 services";
    ProbCodeOfConduct => "der Verhaltenskodex muss akzeptiert werden (GET /api/v1/services zeigt ihn)", "the Code of Conduct must be accepted (GET /api/v1/services shows it)";
    ProbBearer => "das Token als `Authorization: Bearer <token>` senden", "send the token as `Authorization: Bearer <token>`";
    ProbAdminInvalid => "das Admin-Token ist nicht gültig", "the admin token is not valid";
    ProbAdminDisabled => "dieses Verzeichnis hat kein Admin-Token (directory.admin_token_file oder VEREINT_DIRECTORY__ADMIN_TOKEN)", "this directory has no admin token configured (directory.admin_token_file or VEREINT_DIRECTORY__ADMIN_TOKEN)";
    ProbDbShortly => "die Datenbank ist nicht erreichbar; gleich noch einmal versuchen", "the database is not reachable; try again shortly";
    ProbDb => "die Datenbank ist nicht erreichbar", "the database is not reachable";
    ProbCannotApprove => "eine Buchung im Zustand „{status}“ lässt sich nicht genehmigen", "a {status} booking cannot be approved";
    ProbCannotCancel => "eine Buchung im Zustand „{status}“ lässt sich nicht stornieren", "a {status} booking cannot be cancelled";
    ProbCannotReject => "eine Buchung im Zustand „{status}“ lässt sich nicht ablehnen", "a {status} booking cannot be rejected";
    ProbBookingStatuses => "muss einer sein von requested, approved, active, rejected, cancelled", "must be one of requested, approved, active, rejected, cancelled";
    ProbBookingChanged => "die Buchung wurde inzwischen geändert; neu laden", "the booking changed meanwhile; reload it";
    ProbCancelledDuringSetup => "die Buchung wurde storniert, während sie eingerichtet wurde", "the booking was cancelled while it was being set up";
    ProbBookingToken => "dieses Token gehört nicht zu dieser Buchung", "this token does not belong to this booking";
    ProbNotConfiguredApprove => "{service} ist auf diesem Verzeichnis nicht eingerichtet, daher lässt sich die Buchung nicht genehmigen; sie bleibt, wie sie war (Betrieb: siehe directory.bbb / directory.mattermost)", "{service} is not configured on this directory, so the booking cannot be approved; it stays as it was (operators: see directory.bbb / directory.mattermost)";
    ProbIntegrationFailed => "{service} hat die Anfrage nicht ausgeführt; die Buchung bleibt, wie sie war; später erneut versuchen", "{service} did not complete the request; the booking stays as it was; try again later";
    ProbMattermostFailed => "Mattermost hat die Anfrage nicht ausgeführt; später erneut versuchen", "Mattermost did not complete the request; try again later";
    ProbMattermostNotConfigured => "Mattermost ist auf diesem Verzeichnis nicht eingerichtet (Betrieb: siehe directory.mattermost)", "Mattermost is not configured on this directory (operators: see directory.mattermost)";
    ProbBbbNotConfigured => "BigBlueButton ist auf diesem Verzeichnis nicht eingerichtet (Betrieb: siehe directory.bbb)", "BigBlueButton is not configured on this directory (operators: see directory.bbb)";
    ProbNoTeam => "diese Buchung hat kein Team (sie ist eine {kind}-Buchung, {status})", "this booking has no team (it is a {kind} booking, {status})";
    ProbNotARoom => "Raum: diese Buchung ist kein BigBlueButton-Raum", "room: this booking is not a BigBlueButton room";
    ProbNoRoomYet => "Raum: die Buchung hat noch keinen Raum (sie bekommt ihn mit der Genehmigung)", "room: the booking has no room yet (it gets one when approved)";
    ProbFormat => "muss `json` oder `csv` sein", "must be `json` or `csv`";
    ProbNextDates => "muss einer der nächsten Termine sein: {dates}", "must be one of the next dates of this event: {dates}";
    ProbNoDates => "diese Veranstaltung hat keine kommenden Termine", "this event has no upcoming dates";
    ProbRegistrationToken => "dieses Token gehört nicht zu dieser Anmeldung", "this token does not belong to this registration";
    ProbEnrollInvalid => "dieses Anmelde-Token ist nicht gültig", "this enrollment token is not valid";
    ProbEnrollExpired => "dieses Anmelde-Token ist abgelaufen; beim Betrieb ein neues erbitten", "this enrollment token has expired; ask the operator for a new one";
    ProbEnrollUsed => "mit diesem Anmelde-Token wurde schon eine andere Instanz angemeldet", "this enrollment token was already used to register another instance";
    ProbIdemFormat => "muss 16 bis 128 sichtbare ASCII-Zeichen lang sein, etwa eine UUID", "must be 16 to 128 visible ASCII characters, such as a UUID";
    ProbIdemRequired => "nötig: ein Zufallswert von 16 bis 128 Zeichen, davon mindestens 8 verschiedene, etwa eine UUID", "required: a random value of 16 to 128 characters, at least 8 of them different, such as a UUID";
    ProbIdemVariety => "muss zufällig aussehen: mindestens 8 verschiedene Zeichen, etwa eine UUID", "must look random: at least 8 different characters, such as a UUID";
    ProbIdemHeaderVariety => "der Idempotency-Key-Header muss zufällig aussehen: mindestens 8 verschiedene Zeichen", "the Idempotency-Key header must look random: at least 8 different characters";
    ProbNoResource => "Ressource: siehe /api/v1/openapi.json", "resource: see /api/v1/openapi.json";
    ProbIdemMissing => "einen Idempotency-Key-Header senden (eine neue UUID je Buchung), damit Wiederholungen nichts doppelt anlegen", "send an Idempotency-Key header (a fresh UUID per booking) so that retries create nothing twice";
    ProbIdemHeader => "der Idempotency-Key-Header muss 16 bis 128 sichtbare ASCII-Zeichen lang sein", "the Idempotency-Key header must be 16 to 128 visible ASCII characters";
    ProbIdemReused => "dieser Idempotency-Key wurde schon für eine andere Anfrage verwendet; einen neuen nehmen", "this Idempotency-Key was already used for a different request; use a fresh key";
    ProbMethod => "diese Ressource kennt diese Methode nicht; siehe /api/v1/openapi.json", "this resource does not support that method; see /api/v1/openapi.json";
    ProbSignatureFormat => "X-Vereint-Signature muss sha256= und 64 Hex-Zeichen sein", "X-Vereint-Signature must be sha256= followed by 64 hex digits";
    ProbTimestampFormat => "X-Vereint-Timestamp muss Unix-Sekunden enthalten", "X-Vereint-Timestamp must be unix seconds";
    ProbReportLimit => "muss zwischen 1 und 200 liegen", "must be between 1 and 200";
    ProbReportStatus => "muss einer sein von ok, warning, critical, unknown", "must be one of ok, warning, critical, unknown";
    ProbSignatureMissing => "X-Vereint-Timestamp (Unix-Sekunden) und X-Vereint-Signature senden", "send X-Vereint-Timestamp (unix seconds) and X-Vereint-Signature";
    ProbSignatureInvalid => "die Signatur passt nicht zum Geheimnis dieser Instanz und zum Inhalt", "the signature does not match this instance's secret and the body";
    ProbSignatureStale => "der Zeitstempel weicht mehr als 5 Minuten von der Uhr des Servers ab; die Uhr prüfen (NTP)", "the timestamp is more than 5 minutes from the server's clock; check the clock (NTP)";
    ProbReplayed => "genau dieser Bericht (gleiche Signatur) kam schon an", "this exact report (same signature) was already received";
    ProbJsonObject => "muss ein JSON-Objekt sein", "must be a JSON object";
    ProbContentType => "den Inhalt als JSON mit `Content-Type: application/json` senden", "send the body as JSON with `Content-Type: application/json`";
    ProbNotJson => "der Inhalt ist kein gültiges JSON: {message}", "the body is not valid JSON: {message}";
    ProbUnreadBody => "der Inhalt der Anfrage ließ sich nicht lesen", "the request body could not be read";
    ProbTooLarge => "der Inhalt der Anfrage ist größer als {bytes} Bytes", "the request body is larger than {bytes} bytes";
    ProbTooMany => "zu viele Anfragen von diesem Client; in {wait} s erneut versuchen", "this client sent too many requests; retry in {wait} s";

    // Confirmations, events feed, duplicate registrations
    RegDuplicate => "Diese E-Mail-Adresse ist für diesen Termin schon angemeldet; eine zweite Anmeldung ist nicht nötig.", "This e-mail address is already registered for this date; a second registration is not needed.";
    RegDuplicateField => "schon angemeldet für den {date}: {status}", "already registered for {date}: {status}";
    ConfirmCancelBooking => "Buchung {id} ({kind} „{name}“) wirklich stornieren? Das lässt sich nicht rückgängig machen.", "Really cancel booking {id} ({kind} “{name}”)? This cannot be undone.";
    ConfirmUnregister => "Anmeldung {id} für „{title}“ am {date} wirklich absagen? Der Platz geht an die Nächsten auf der Warteliste.", "Really cancel registration {id} for “{title}” on {date}? The place goes to the next on the waiting list.";
    ConfirmPrompt => "[j/N] ", "[y/N] ";
    ConfirmDeclined => "abgebrochen, nichts geändert", "aborted, nothing changed";
    ConfirmNeedsYes => "`{what}` fragt vorher nach, hier gibt es aber kein Terminal dafür; mit --yes ohne Rückfrage ausführen. Nichts geändert.", "`{what}` asks first, but there is no terminal to ask on; add --yes to go ahead without asking. Nothing changed.";
    EventsSubscribe => "Alle Termine im Kalender abonnieren: {url}", "Subscribe to all dates in a calendar app: {url}";
    EventsBadDate => "--date „{date}“ ist kein Datum der Form JJJJ-MM-TT; die nächsten Termine: {dates}", "--date `{date}` is not a date of the form YYYY-MM-DD; the next dates: {dates}";
    EventsNotADate => "„{id}“ findet am {date} nicht statt; die nächsten Termine: {dates}", "`{id}` does not take place on {date}; the next dates: {dates}";
    AdminSameOrganisation => "Diese Organisation hat schon ({kind}):", "This organisation already has ({kind}):";
    AdminOtherBooking => "{id} „{name}“ · {status} · angefragt am {date} · Zweck: {purpose} · Kontakt: {contact} <{email}>", "{id} “{name}” · {status} · requested on {date} · purpose: {purpose} · contact: {contact} <{email}>";
    AdminOthersOf => "{id} ({organisation}) hat schon ({kind}):", "{id} ({organisation}) already has ({kind}):";
    OwnerRegAddress => "Adresse", "Address";
    ProvInitAskAgain => "{why}; bitte noch einmal (Strg-C bricht ab)", "{why}; please try again (Ctrl-C stops)";

    // Provision
    ProvSiteRead => "kann die Site-Datei nicht lesen: {error}", "cannot read the site file: {error}";
    ProvSiteKey => "Schlüssel `{key}`: {error}", "key `{key}`: {error}";
    ProvSiteNoHosts => "keine Hosts: lege mindestens einen [[hosts]]-Eintrag mit name, address und services an", "no hosts: add at least one [[hosts]] entry with name, address and services";
    ProvSiteEmail => "keine gültige E-Mail-Adresse; die Kontaktadresse braucht ein @", "not a valid e-mail address; the contact address needs an @";
    ProvSiteHostName => "Hostname „{name}“ ungültig: nur Buchstaben, Ziffern, - und _ verwenden", "host name `{name}` is invalid: use only letters, digits, - and _";
    ProvSiteHostTwice => "Host „{name}“ steht zweimal in der Datei; gib jedem Host einen eigenen Namen", "host `{name}` appears twice; give every host its own name";
    ProvSiteAddress => "Adresse fehlt oder enthält Leerzeichen/Kommas: eine IP-Adresse oder ein DNS-Name", "address is empty or contains spaces/commas: use one IP address or DNS name";
    ProvSiteNoServices => "keine Dienste: angeben, z. B. [\"mattermost\", \"coturn\", \"agent\"]", "no services: list some, e.g. [\"mattermost\", \"coturn\", \"agent\"]";
    ProvSiteCoturnAlone => "coturn läuft neben mattermost auf demselben Host (BBB bringt über bbb-install seinen eigenen mit); füge mattermost hinzu oder entferne coturn", "coturn runs beside mattermost on the same host (BBB brings its own through bbb-install); add mattermost or remove coturn";
    ProvSiteAgentAlone => "der agent überwacht mattermost oder bigbluebutton auf seinem Host; füge einen davon hinzu oder entferne agent", "the agent watches mattermost or bigbluebutton on its host; add one of them or remove agent";
    ProvSiteAgentNoDirectory => "der agent meldet an ein Verzeichnis: lege [directory] mit url an ([directory] fehlt)", "the agent reports to a directory: add a [directory] table with url";
    ProvSiteBbbShared => "BigBlueButton braucht einen eigenen Server: lege mattermost auf einen anderen Host", "BigBlueButton needs its own server: put mattermost on another host";
    ProvSiteDomainMissing => "kein DNS-Name für {service}: trage den DNS-Namen ein, unter dem der Dienst erreichbar sein soll", "no domain for {service}: set the DNS name the service will be reached at";
    ProvSiteDomainBad => "„{domain}“ ist kein gültiger DNS-Name, z. B. chat.example.org", "`{domain}` is not a valid DNS name; use e.g. chat.example.org";
    ProvSiteVersion => "Mattermost-Version fehlt: z. B. mattermost = \"10.11.1\"", "Mattermost version missing: e.g. mattermost = \"10.11.1\"";
    ProvSiteSha => "SHA-256 des Mattermost-Archivs fehlt oder hat nicht 64 Hex-Zeichen; steht auf der Download-Seite von Mattermost", "SHA-256 of the Mattermost tarball is missing or not 64 hex digits; it is on Mattermost's download page";
    ProvSiteAcmeServer => "mode = \"acme\" braucht acme_server (URL des ACME-Verzeichnisses)", "mode = \"acme\" needs acme_server (the ACME directory URL)";
    ProvSiteAcmeEmail => "Zertifikate per ACME brauchen eine E-Mail-Adresse (email) für das Konto", "ACME certificates need an account e-mail address (email)";
    ProvSiteTlsFiles => "mode = \"files\" braucht cert_file und key_file (Pfade auf den Hosts)", "mode = \"files\" needs cert_file and key_file (paths on the hosts)";
    ProvSiteDirectoryUrl => "die Verzeichnis-URL muss mit https:// (oder http://) beginnen", "the directory URL must start with https:// (or http://)";
    ProvSiteSecretVar => "{name} wird erzeugt und im State-Ordner gehalten; entferne es aus der Site-Datei", "{name} is generated and kept in the state dir; remove it from the site file";
    ProvSiteVarPrefix => "{name}: Rollenvariablen beginnen mit einem Präfix aus: {prefixes}", "{name}: role variables start with a prefix from: {prefixes}";
    ProvHintUnreachable => "SSH prüfen: `vereint provision check` zeigt, ob Host, Nutzer und Schlüssel stimmen", "check SSH: `vereint provision check` shows whether host, user and key are right";
    ProvHintBbbOs => "BigBlueButton braucht einen frischen Ubuntu-22.04-Server; ändere den Host in der Site-Datei", "BigBlueButton needs a fresh Ubuntu 22.04 server; change the host in the site file";
    ProvHintResources => "der Server ist zu klein: mehr Speicher/Kerne/Platz geben, dann erneut apply", "the server is too small: give it more memory/cores/disk, then apply again";
    ProvHintNoLog => "die Meldung ist verborgen, weil sie ein Geheimnis enthält; auf dem Host ins Journal schauen (journalctl -xe)", "the message is hidden because it holds a secret; look at the host's journal (journalctl -xe)";
    ProvHintChecksum => "SHA-256 passt nicht zum Download: versions.mattermost_sha256 mit der Download-Seite vergleichen", "the SHA-256 does not match the download: compare versions.mattermost_sha256 with the download page";
    ProvHintRolledBack => "die alte Version läuft wieder; im Log steht, warum die neue nicht gesund war", "the old version is running again; the log says why the new one was unhealthy";
    ProvHintAcme => "Zertifikat: zeigt der DNS-Name auf den Host und ist Port 80 von außen erreichbar?", "certificate: does the DNS name point at the host and is port 80 reachable from outside?";
    ProvHintGeneric => "beheben und apply erneut starten (wiederholen ist sicher)", "fix it and run apply again (repeating is safe)";
    ProvFailedAt => "FEHLER auf {host}, Aufgabe „{task}“:", "FAILED on {host}, task `{task}`:";
    ProvFailedNoDetail => "ansible-playbook endete mit einem Fehler ohne Aufgabenmeldung", "ansible-playbook ended with an error but reported no failed task";
    ProvFullLog => "vollständiges Log: {log}", "full log: {log}";
    ProvAnsibleStopped => "ansible-playbook brach vor der ersten Aufgabe ab ({status}):\n{output}\nvollständiges Log: {log}", "ansible-playbook stopped before its first task ({status}):\n{output}\nfull log: {log}";
    ProvProgress => "Aufgabe {n} · geändert {changed} · fehlgeschlagen {failed} · {task}", "task {n} · changed {changed} · failed {failed} · {task}";
    ProvRunFailed => "der Lauf ist fehlgeschlagen (siehe oben)", "the run failed (see above)";
    ProvApplied => "fertig: {hosts} Hosts, {changed} Änderungen; Log: {log}", "done: {hosts} hosts, {changed} changes; log: {log}";
    ProvBackedUp => "Sicherung erstellt; Log: {log}", "backup created; log: {log}";
    ProvRestored => "Sicherung eingespielt; Log: {log}", "backup restored; log: {log}";
    ProvUpgraded => "Mattermost läuft jetzt mit Version {version}", "Mattermost now runs version {version}";
    ProvUpgradeEditSite => "trage versions.mattermost = \"{version}\" (und die SHA-256) in die Site-Datei ein, sonst stellt das nächste apply die alte Version wieder her", "put versions.mattermost = \"{version}\" (and its SHA-256) into the site file, or the next apply switches back";
    ProvUpgradeSha => "--version braucht --sha256 mit den 64 Hex-Zeichen des Archivs", "--version needs --sha256 with the tarball's 64 hex digits";
    ProvNoSuchService => "die Site hat keinen Host mit {service}", "the site has no host with {service}";
    ProvRegisterFailed => "Anmeldung beim Verzeichnis {url} fehlgeschlagen: {error}; Token prüfen und apply erneut starten", "registering with the directory {url} failed: {error}; check the token and run apply again";
    ProvRegistered => "beim Verzeichnis angemeldet als Instanz {id}; der Agent wird eingerichtet", "registered with the directory as instance {id}; configuring the agent";
    ProvPlanNothing => "{host}: nichts zu ändern", "{host}: nothing to change";
    ProvPlanChanges => "{host}: {roles}", "{host}: {roles}";
    ProvPlanAllNothing => "nichts zu ändern", "nothing to change";
    ProvSetupFailed => "Einrichtung von Ansible in {dir} fehlgeschlagen (siehe oben); braucht python3 >= 3.11 mit venv und Zugang zu PyPI", "setting up Ansible in {dir} failed (see above); needs python3 >= 3.11 with venv and access to PyPI";
    ProvSetupDone => "Ansible ist bereit in {dir}", "Ansible is ready in {dir}";
    ProvStatusNoAddress => "Adresse nicht auflösbar", "address does not resolve";
    ProvStatusLast => "letzter Lauf: {command} am {at}, erfolgreich: {ok}, Änderungen: {changed}", "last run: {command} at {at}, succeeded: {ok}, changes: {changed}";
    ProvStatusNever => "noch kein Lauf: `vereint provision apply`", "no run yet: `vereint provision apply`";
    ProvStatusRegistered => "angemeldet als Instanz {id} bei {url}", "registered as instance {id} at {url}";
    ProvStatusNotRegistered => "nicht beim Verzeichnis angemeldet", "not registered with a directory";
    ProvCheckOs => "{service} läuft auf {supported}, dieser Host hat {os}: anderen Server wählen", "{service} runs on {supported}, this host has {os}: use another server";
    ProvCheckHave => "{have} (nötig {need})", "{have} (needs {need})";
    ProvCheckTooSmall => "{what}: {have} vorhanden, {need} nötig; Server vergrößern oder Dienste verteilen", "{what}: has {have}, needs {need}; grow the server or spread the services";
    ProvCheckDns => "{domain} zeigt auf {got}, nicht auf {address}: A/AAAA-Eintrag beim DNS-Anbieter setzen", "{domain} points at {got}, not at {address}: set its A/AAAA record at your DNS provider";
    HealthBackupAge => "letzte erfolgreiche Sicherung vor {hours} h", "last successful backup {hours} h ago";
    HealthBackupNone => "noch keine erfolgreiche Sicherung, eingerichtet vor {hours} h", "no successful backup yet, set up {hours} h ago";
    HealthBackupNoState => "kein Sicherungsstand in {dir}: ist die Ansible-Rolle backup angewendet?", "no backup state in {dir}: is the backup role applied?";
    ProvSiteBackupRepo => "das Repository als sftp:NUTZER@HOST:/PFAD oder s3:https://HOST[:PORT]/BUCKET[/PFAD] angeben (Bucket: 3-63 Kleinbuchstaben, Ziffern, . und -)", "give the repository as sftp:USER@HOST:/PATH or s3:https://HOST[:PORT]/BUCKET[/PATH] (bucket: 3-63 lowercase letters, digits, . and -)";
    ProvSiteBackupS3Keys => "ein S3-Repository braucht s3_access_key_id und s3_secret_access_key_file (Datei mit dem geheimen Schlüssel, 0600)", "an S3 repository needs s3_access_key_id and s3_secret_access_key_file (a file with the secret key, 0600)";
    ProvSiteBackupS3KeyChars => "die Zugangsschlüssel-ID: 3-256 druckbare Zeichen ohne Leerzeichen, Anführungszeichen, \\ und $", "the access key id: 3-256 printable characters without spaces, quotes, \\ and $";
    ProvSiteBackupS3Only => "nur für S3-Repositorys (s3:...); ein SFTP-Repository meldet sich mit dem SSH-Schlüssel der Rolle an", "only for S3 repositories (s3:...); an SFTP repository logs in with the role's SSH key";
    ProvSiteBackupTargetS3 => "target_host richtet ein SFTP-Repository auf einem Host der Site ein; bei einem S3-Repository weglassen", "target_host sets up an SFTP repository on a host of the site; leave it out for an S3 repository";
    ProvBackupS3Secret => "der geheime S3-Schlüssel in {file}: {problem}", "the S3 secret key in {file}: {problem}";
    ProvBackupS3SecretMissing => "die Datei fehlt und der Zustand der Site hat noch keine Kopie; den geheimen Schlüssel dort ablegen (chmod 600)", "the file is missing and the site's state has no copy yet; put the secret key there (chmod 600)";
    ProvBackupS3SecretOpen => "andere Nutzer können die Datei lesen; chmod 600 ausführen", "other users can read the file; run chmod 600";
    ProvBackupS3SecretChars => "3-256 druckbare Zeichen ohne Leerzeichen, Anführungszeichen, \\ und $ erwartet", "expected 3-256 printable characters without spaces, quotes, \\ and $";
    ProvSiteBackupTime => "Uhrzeit als HH:MM angeben, z. B. 03:30", "give the time as HH:MM, e.g. 03:30";
    ProvSiteBackupTarget => "diesen Host gibt es in [[hosts]] nicht", "no such host in [[hosts]]";
    ProvNoOffsite => "die Site hat keine externe Sicherung: [backup] in der Site-Datei eintragen und apply ausführen", "the site has no off-site backup: add [backup] to the site file and run apply";
    ProvBadSnapshot => "--snapshot: eine Snapshot-ID aus Buchstaben und Ziffern (oder latest)", "--snapshot: a snapshot ID of letters and digits (or latest)";
    ProvCheckPortOpen => "Port {port} von hier aus erreichbar ({addr})", "port {port} reachable from here ({addr})";
    ProvCheckPortNoListener => "Port {port} von hier aus erreichbar ({addr}), noch lauscht dort nichts (apply richtet nginx ein)", "port {port} reachable from here ({addr}); nothing listens there yet (apply sets up nginx)";
    ProvCheckPortFiltered => "Port {port} von hier aus nicht erreichbar ({addr}: {error}): in der Firewall des Servers, der Sicherheitsgruppe des Anbieters oder der Portweiterleitung des Routers freigeben; ohne Port 80 bekommt certbot kein Zertifikat", "port {port} not reachable from here ({addr}: {error}): open it in the host's firewall, the provider's security group or the router's port forwarding; without port 80 certbot gets no certificate";
    ProvCheckIpv6Missing => "{domain} hat AAAA {aaaa}, aber {host} hat diese IPv6-Adresse nicht (hat: {have}): IPv6 auf dem Server einrichten oder den AAAA-Eintrag löschen", "{domain} has AAAA {aaaa} but {host} does not have that IPv6 address (has: {have}): configure IPv6 on the host or delete the AAAA record";
    ProvCheckIpv6Ok => "{domain} hat AAAA {aaaa}, auf {host} eingerichtet", "{domain} has AAAA {aaaa}, configured on {host}";
    ProvCheckNoAnsible => "ansible-playbook fehlt: `vereint provision setup-ansible` richtet es ein", "ansible-playbook is missing: `vereint provision setup-ansible` sets it up";
    ProvCheckCollections => "Ansible-Collections fehlen: {missing}; `vereint provision setup-ansible` installiert sie", "Ansible collections missing: {missing}; `vereint provision setup-ansible` installs them";
    ProvCheckSsh => "SSH zu {target} geht nicht: {error}; Adresse, Nutzer und Schlüssel (hosts.ssh) prüfen", "cannot SSH to {target}: {error}; check address, user and key (hosts.ssh)";
    ProvCheckProblems => "{count} Probleme gefunden (siehe oben)", "{count} problems found (see above)";
    ProvInitHostSpec => "--host „{spec}“: Form NAME=ADRESSE:DIENST,DIENST (mattermost, bigbluebutton, coturn, directory, agent)", "--host `{spec}`: use NAME=ADDRESS:SERVICE,SERVICE (mattermost, bigbluebutton, coturn, directory, agent)";
    ProvInitExists => "{file} gibt es schon; --force überschreibt", "{file} exists; --force overwrites it";
    ProvInitMissing => "es fehlt: {what} (Option angeben; Fragen gibt es nur im Terminal)", "missing: {what} (give the flag; questions are asked only on a terminal)";
    ProvInitTlsMode => "--tls {mode}: erlaubt sind letsencrypt, acme, selfsigned, files", "--tls {mode}: use letsencrypt, acme, selfsigned or files";
    ProvInitWritten => "{file} geschrieben; weiter mit `vereint provision check {file}`", "wrote {file}; next: `vereint provision check {file}`";
    ProvInitAskOrganisation => "Verein/Organisation (--organisation)", "club/organisation (--organisation)";
    ProvInitAskEmail => "Kontakt-E-Mail (--contact-email)", "contact e-mail (--contact-email)";
    ProvInitAskHost => "Host NAME=ADRESSE:DIENSTE (--host)", "host NAME=ADDRESS:SERVICES (--host)";
    ProvInitAskMmDomain => "DNS-Name für Mattermost (--mattermost-domain)", "DNS name for Mattermost (--mattermost-domain)";
    ProvInitAskBbbDomain => "DNS-Name für BigBlueButton (--bbb-domain)", "DNS name for BigBlueButton (--bbb-domain)";
    ProvInitAskDirDomain => "DNS-Name für das Verzeichnis (--directory-domain)", "DNS name for the directory (--directory-domain)";
    ProvInitAskMmVersion => "Mattermost-Version (--mattermost-version)", "Mattermost version (--mattermost-version)";
    ProvInitAskMmSha => "SHA-256 des Mattermost-Archivs (--mattermost-sha256)", "SHA-256 of the Mattermost tarball (--mattermost-sha256)";
    ProvInitAskDirectoryUrl => "URL des Verzeichnisses (--directory-url)", "directory URL (--directory-url)";

    // Refusals of hostile input and faults
    RoomTooManyForRoom => "Dieser Raum hat zu viele falsche Zugangscodes bekommen, von vielen Stellen. Zum Schutz nimmt er für {minutes} Minuten keine Codes an; bitte dann erneut versuchen.", "This room received too many wrong access codes, from many places. To protect it, it takes no codes for {minutes} minutes; please try again then.";
    FaultStorageFull => "Der Speicher des Verzeichnisses ist voll: nichts wurde gespeichert. Bitte später erneut versuchen; der Betreiber sieht es im Protokoll.", "the directory's storage is full: nothing was saved. Try again later; the operator sees it in the log.";
    FaultDatabaseDown => "Die Datenbank des Verzeichnisses ist gerade nicht erreichbar. Bitte in Kürze erneut versuchen.", "the directory's database is not reachable right now. Try again shortly.";
    HostileTooManyConnections => "der Server hat zu viele offene Verbindungen; bitte gleich noch einmal versuchen", "the server has too many open connections; try again shortly";
    HostileBodyTimeout => "der Inhalt der Anfrage kam nicht innerhalb von {ms} ms an", "the request body did not arrive within {ms} ms";
    HostileHeadersTooLarge => "die Kopfzeilen der Anfrage sind größer als 16 KiB", "the request headers are larger than 16 KiB";
    HostileUriTooLong => "die Adresse der Anfrage ist zu lang", "the request URI is too long";
    HostileDuplicateKey => "darf im Inhalt nur einmal vorkommen", "must appear only once in the body";
    HostileInvisible => "darf keine unsichtbaren oder die Schreibrichtung ändernden Zeichen enthalten (etwa U+202E, U+200B)", "must not contain invisible or direction-changing characters (such as U+202E, U+200B)";
    HostileUnparsable => "die Anfrage ist kein gültiges HTTP: Steuerzeichen, Bytes außerhalb von ASCII in Pfad oder Kopfzeilen, oder eine ungültige Methode", "the request is not valid HTTP: control characters, bytes outside ASCII in the path or headers, or an invalid method";

    // Admin screens and dashboard
    AdminTitle => "Verwaltung", "Admin";
    AdminModeAdmin => "Verwaltung", "Admin";
    AdminModeDashboard => "Verwaltung: Instanzen", "Admin: instances";
    AdminModeInput => "Verwaltung: Eingabe", "Admin: typing";
    AdminNoToken => "Die Verwaltung braucht das Admin-Token des Verzeichnisses. Lege es in eine Datei, die nur du lesen kannst, und setze directory.admin_token_file in vereint.toml, oder setze die Umgebungsvariable VEREINT_DIRECTORY__ADMIN_TOKEN. Dann vereint neu starten. Das Token gehört nie auf die Kommandozeile.", "The admin screens need the directory's admin token. Put it in a file only you can read and set directory.admin_token_file in vereint.toml, or set the environment variable VEREINT_DIRECTORY__ADMIN_TOKEN. Then start vereint again. The token never goes on the command line.";
    AdminDirectory => "Verzeichnis: {url}", "Directory: {url}";
    AdminSectionBookings => "Offene Buchungen", "Pending bookings";
    AdminSectionRegistrations => "Anmeldungen", "Registrations";
    AdminSectionInstances => "Instanzen", "Instances";
    AdminNoPending => "Keine offenen Buchungen.", "No pending bookings.";
    AdminBookingHint => "a genehmigen · x ablehnen (mit Begründung) · r aktualisieren · Tab nächster Bereich", "a approve · x reject (with a reason) · r refresh · Tab next section";
    AdminRejectPrompt => "Begründung für die Ablehnung von „{name}“ (geht an die Antragstellenden):", "Reason for rejecting “{name}” (goes to the requester):";
    AdminRejectHint => "Enter sendet · Esc bricht ab", "Enter sends · Esc cancels";
    AdminReasonNeeded => "Bitte eine Begründung eingeben.", "Please enter a reason.";
    AdminRefused => "Das Verzeichnis lehnt ab: {detail}", "The directory refused: {detail}";
    AdminOffline => "Offline: das Verzeichnis ist nicht erreichbar; gezeigt wird der zuletzt bekannte Stand. r versucht es erneut.", "Offline: the directory cannot be reached; showing the last known state. r tries again.";
    AdminLoading => "lädt …", "loading …";
    AdminEvents => "Veranstaltungen", "Events";
    AdminPickEvent => "Enter zeigt die Anmeldungen der gewählten Veranstaltung.", "Enter shows the registrations of the selected event.";
    AdminNoRegistrations => "Keine Anmeldungen.", "No registrations.";
    AdminRegCounts => "{confirmed} bestätigt · {waitlisted} auf der Warteliste", "{confirmed} confirmed · {waitlisted} waitlisted";
    AdminColStatus => "Zustand", "Status";
    AdminColName => "Organisation", "Organisation";
    AdminColLatency => "Dauer", "Latency";
    AdminColCert => "Zert.", "Cert";
    AdminColLastReport => "Bericht", "Report";
    AdminColVersions => "Versionen", "Versions";
    AdminSort => "sortiert nach {sort} (o)", "sorted by {sort} (o)";
    AdminSortStatus => "Zustand", "status";
    AdminSortName => "Name", "name";
    AdminSortLatency => "Dauer", "latency";
    AdminSortLastReport => "letztem Bericht", "last report";
    AdminOnlyProblems => "nur Probleme (p)", "only problems (p)";
    AdminAllShown => "alle (p: nur Probleme)", "all (p: only problems)";
    AdminFilterHint => "/ filtern", "/ filter";
    AdminFilter => "Filter: {text}", "Filter: {text}";
    AdminNoInstances => "Keine Instanzen beim Verzeichnis angemeldet.", "No instances are registered with the directory.";
    AdminNoMatch => "Keine Instanz passt; Strg-U im Filter leert ihn, p zeigt alle.", "No instance matches; Ctrl-U in the filter clears it, p shows all.";
    AdminLatencyHistory => "Dauer, letzte {n} Berichte (ms): min {min} · max {max} · zuletzt {last}", "Latency, last {n} reports (ms): min {min} · max {max} · last {last}";
    AdminNoHistory => "Noch keine Berichte mit Dauer.", "No reports with latency yet.";
    AdminChecks => "Prüfungen des letzten Berichts", "Checks of the last report";
    AdminServices => "Dienste", "Services";
    AdminUptime => "Verfügbarkeit: 24 h {day} · 30 Tage {month}", "Uptime: 24 h {day} · 30 days {month}";
    AdminAgo => "vor {ago}", "{ago} ago";
    AdminNever => "nie", "never";
    AdminRegisteredAt => "angemeldet: {at}", "registered: {at}";
    AdminLastReport => "letzter Bericht: {at}", "last report: {at}";
    AdminInterval => "Berichtsintervall: {secs} s", "report interval: {secs} s";
    AdminDirectoryCheck => "Prüfung durch das Verzeichnis: {status} ({detail})", "checked by the directory: {status} ({detail})";
    AdminDays => "{days} T", "{days} d";
    AdminDetailHint => "Esc zurück zur Liste · r aktualisieren", "Esc back to the list · r refresh";
    AdminRefreshed => "aktualisiert {at}", "refreshed {at}";
    // TUI: one answer per form, invitations, time zones, the site's hosts
    FormAlreadySent => "Schon gesendet. Enter auf „{button}“ beginnt ein neues, leeres Formular.", "Already sent. Enter on “{button}” starts a new, empty form.";
    BookAnother => "Weitere Buchung", "Book another";
    RegAnother => "Weitere Anmeldung", "Register another";
    TuiMoreBelow => " ↓ mehr: j oder Bild↓ · ? alle Tasten ", " ↓ more: j or PgDn · ? all keys ";
    TimesBerlin => "Berliner Zeit", "Berlin time";
    TimesLocal => "Ortszeit, {zone}", "local time, {zone}";
    OwnerInviteCopied => "Einladung in die Zwischenablage kopiert: Link, Zugangscode und wie man teilnimmt", "Invitation copied to the clipboard: link, access code and how to join";
    OwnerRoomInvite => "Einladung zur Videokonferenz „{name}“\n\nLink: {url}\nZugangscode: {code}\n\nSo nimmst du teil: Öffne den Link im Browser (Firefox, Chrome, Edge oder Safari, auch am Handy), gib deinen Namen und dann den Zugangscode ein und erlaube Mikrofon und Kamera. Ein Konto brauchst du nicht.", "Invitation to the video conference “{name}”\n\nLink: {url}\nAccess code: {code}\n\nHow to join: open the link in a browser (Firefox, Chrome, Edge or Safari, on a phone, too), enter your name and then the access code, and allow microphone and camera. You do not need an account.";
    OwnerTeamInvite => "Einladung ins Chat-Team „{name}“\n\nLink: {url}\n\nSo trittst du bei: Öffne den Link im Browser, lege ein Konto mit deiner E-Mail-Adresse an und du bist im Team. Die Mattermost-App gibt es für Handy und Computer.", "Invitation to the chat team “{name}”\n\nLink: {url}\n\nHow to join: open the link in a browser, create an account with your e-mail address and you are in the team. The Mattermost app is there for phones and computers, too.";
    OwnerRegWhen => "Wann", "When";
    OwnerRegLink => "Link", "Link";
    OwnerRegUnknownEvent => "Diese Veranstaltung steht nicht mehr im Katalog; Zeit und Ort sagt die Einladung per E-Mail.", "This event is no longer in the catalogue; the invitation e-mail has its time and place.";
    SiteHosts => "Hosts", "Hosts";
    SiteColHost => "Host", "Host";
    SiteColChecked => "Geprüft", "Checked";
    SiteColVersions => "Gemeldete Versionen", "Reported versions";
    SiteSortLastCheck => "letzter Prüfung", "last check";
    SiteLastCheck => "letzte Prüfung: {at} · alle {secs} s von hier aus", "last check: {at} · every {secs} s from here";
    SiteLatencyHistory => "Dauer, letzte {n} Prüfungen (ms): min {min} · max {max} · zuletzt {last}", "Latency, last {n} checks (ms): min {min} · max {max} · last {last}";
    SiteChecks => "Ergebnisse der letzten Prüfung", "Results of the last check";
}

/// The values of `template`'s `{placeholders}` if `text` is `template` filled in (each value
/// non-empty); `None` if it is not.
fn captures<'t>(template: &str, text: &'t str) -> Option<Vec<(String, &'t str)>> {
    let mut literals = Vec::new();
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}')?;
        literals.push(&rest[..open]);
        names.push(rest[open + 1..close].to_string());
        rest = &rest[close + 1..];
    }
    literals.push(rest);
    let mut pos = text.strip_prefix(literals[0]).map(|_| literals[0].len())?;
    let mut values = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        let next = literals[i + 1];
        let end = if i + 2 == literals.len() {
            text.strip_suffix(next).map(str::len)?
        } else if next.is_empty() {
            return None;
        } else {
            pos + text.get(pos..)?.find(next)?
        };
        if end <= pos {
            return None;
        }
        values.push((name, &text[pos..end]));
        pos = end + next.len();
    }
    (pos == text.len()).then_some(values)
}

/// Identifiers that texts of other parts fill in (`a {status} booking`), in the language.
pub fn word(slug: &str, lang: Lang) -> Option<&'static str> {
    let msg = match slug {
        "requested" => Msg::OwnerStatusRequested,
        "approved" => Msg::OwnerStatusApproved,
        "active" => Msg::OwnerStatusActive,
        "rejected" => Msg::OwnerStatusRejected,
        "cancelled" => Msg::OwnerStatusCancelled,
        "confirmed" => Msg::MineRegConfirmed,
        "waitlisted" => Msg::MineRegWaitlisted,
        "bbb_room" => Msg::MineKindRoom,
        "mattermost_team" => Msg::MineKindTeam,
        "booking" => Msg::WordBooking,
        "event" => Msg::WordEvent,
        "registration" => Msg::WordRegistration,
        "instance" => Msg::WordInstance,
        _ => return None,
    };
    Some(msg.text(lang))
}

/// A check's name for people (`--format json` and Prometheus keep the name itself).
pub fn check_name(check: &str, lang: Lang) -> String {
    let msg = match check {
        "http" => Msg::HealthCheckHttp,
        "tls" => Msg::HealthCheckTls,
        "bbb-api" => Msg::HealthCheckBbbApi,
        "bbb-meetings" => Msg::HealthCheckBbbMeetings,
        "mattermost" => Msg::HealthCheckMattermost,
        "stun" => Msg::HealthCheckStun,
        "turn" => Msg::HealthCheckTurn,
        "dns" => Msg::HealthCheckDns,
        "backup" => Msg::HealthCheckBackup,
        other => return other.to_string(),
    };
    t(msg, lang).to_string()
}

/// `text` in `lang` if it is the English text of one of `msgs` (the first that fits); the values
/// it fills in are translated too when they are themselves such a text or a known `word`.
pub fn from_english(msgs: &[Msg], text: &str, lang: Lang) -> Option<String> {
    from_english_with(msgs, text, lang, &|msg, value| {
        word(value, lang).map(str::to_string).or_else(|| {
            msgs.iter()
                .filter(|m| **m != msg)
                .find(|m| m.text(Lang::En) == value)
                .map(|m| m.text(lang).to_string())
        })
    })
}

/// `from_english` with the values translated by `value` (given the message they fill in).
fn from_english_with(
    msgs: &[Msg],
    text: &str,
    lang: Lang,
    value: &dyn Fn(Msg, &str) -> Option<String>,
) -> Option<String> {
    msgs.iter().find_map(|msg| {
        let values = captures(msg.text(Lang::En), text)?;
        let values: Vec<(String, String)> = values
            .into_iter()
            .map(|(name, v)| (name, value(*msg, v).unwrap_or_else(|| v.to_string())))
            .collect();
        let args: Vec<(&str, &dyn std::fmt::Display)> = values
            .iter()
            .map(|(n, v)| (n.as_str(), v as &dyn std::fmt::Display))
            .collect();
        Some(tf(*msg, lang, &args))
    })
}

/// The findings of health checks: an agent's report, written in English, is shown in German with
/// these (`from_english`).
pub const HEALTH_FINDINGS: &[Msg] = &[
    Msg::HealthCertUntrusted,
    Msg::HealthCertWrongName,
    Msg::HealthCertExpired,
    Msg::HealthCertExpiresSoon,
    Msg::HealthCertValid,
    Msg::HealthBbbNoSecret,
    Msg::HealthBbbMeetings,
    Msg::HealthBbbWrongSecret,
    Msg::HealthMattermostPing,
    Msg::HealthStunMapped,
    Msg::HealthTurnChallenge,
    Msg::HealthTurnRelay,
    Msg::HealthTurnWrongSecret,
    Msg::HealthDnsFailed,
    Msg::HealthDnsResolves,
    Msg::HealthDnsMismatch,
    Msg::HealthTimeout,
    Msg::HealthRedirected,
    Msg::HealthCheckFailed,
    Msg::HealthNoResult,
    Msg::HealthBackupAge,
    Msg::HealthBackupNone,
    Msg::HealthBackupNoState,
    Msg::HealthUrlNoHost,
    Msg::HealthUrlNoPort,
    Msg::HealthNotSending,
    Msg::HealthWrongNameOrExpired,
    Msg::HealthSending,
    Msg::HealthOnlyHttp,
    Msg::HealthNoLocation,
    Msg::HealthBadLocation,
    Msg::HealthTooManyRedirects,
    Msg::HealthResolving,
    Msg::HealthNoAddress,
    Msg::HealthConnecting,
    Msg::HealthReading,
    Msg::HealthClosedEmpty,
    Msg::HealthClosedInHead,
    Msg::HealthClosedInBody,
    Msg::HealthNotHttp,
    Msg::HealthHeadTooLarge,
    Msg::HealthBothLengths,
    Msg::HealthLengthsDiffer,
    Msg::HealthLengthNotNumber,
    Msg::HealthLengthRange,
    Msg::HealthBodyTooLargeAnnounced,
    Msg::HealthBodyTooLarge,
    Msg::HealthChunkBadSize,
    Msg::HealthChunkTooLarge,
    Msg::HealthChunkNoCrlf,
    Msg::HealthChunkLongLine,
    Msg::HealthNotTlsName,
    Msg::HealthHandshake,
    Msg::HealthNoCertificate,
    Msg::HealthCertUnreadable,
    Msg::HealthInvalidPeerCert,
    Msg::HealthUnknownIssuer,
    Msg::HealthBadSignature,
    Msg::HealthNotTrustedYet,
    Msg::HealthRevoked,
    Msg::HealthMattermostJson,
    Msg::HealthBbbFailed,
    Msg::HealthBbbMalformed,
    Msg::HealthStunError,
    Msg::HealthTurnError,
    Msg::HealthStunNetwork,
    Msg::HealthStunNotStun,
    Msg::HealthStunUnexpected,
    Msg::HealthStunFingerprint,
    Msg::HealthStunIntegrity,
    Msg::HealthStunUnsigned,
    Msg::HealthStunShort,
    Msg::HealthStunNoCookie,
    Msg::HealthStunBadLength,
    Msg::HealthStunOther,
    Msg::OsConnectionRefused,
    Msg::OsConnectionReset,
    Msg::OsConnectionAborted,
    Msg::OsTimedOut,
    Msg::OsHostUnreachable,
    Msg::OsNetworkUnreachable,
    Msg::OsAddrNotAvailable,
    Msg::OsPermissionDenied,
    Msg::OsNotFound,
    Msg::OsBrokenPipe,
    Msg::OsLookupFailed,
    Msg::OsNameUnknown,
    Msg::OsNameTemporary,
    Msg::OsNoAddressForName,
    Msg::OsEarlyEof,
    Msg::OsAlreadyExists,
    Msg::OsInvalidData,
    Msg::OsIsADirectory,
    Msg::OsNotADirectory,
    Msg::OsReadOnly,
    Msg::OsStorageFull,
    Msg::SsrfRefused,
    Msg::SsrfThisNetwork,
    Msg::SsrfPrivate,
    Msg::SsrfCgnat,
    Msg::SsrfLoopback,
    Msg::SsrfLinkLocal,
    Msg::SsrfIetf,
    Msg::SsrfDocumentation,
    Msg::Ssrf6to4,
    Msg::SsrfBenchmarking,
    Msg::SsrfMulticast,
    Msg::SsrfReserved,
    Msg::SsrfBroadcast,
    Msg::SsrfUnspecified,
    Msg::SsrfV4Compatible,
    Msg::SsrfUniqueLocal,
    Msg::SsrfSiteLocal,
    Msg::SsrfTeredo,
    Msg::SsrfDiscard,
    Msg::DirCheckAllAnswer,
    Msg::DirCheckNotUrl,
];

/// A finding in `lang`: a text of `HEALTH_FINDINGS`, a chain of them (`context: cause`, `a; b`) or
/// the operating system's words for an I/O error; what is none of them stays as it is.
pub fn health_finding(detail: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return detail.to_string();
    }
    finding(detail, lang).unwrap_or_else(|| detail.to_string())
}

fn finding(text: &str, lang: Lang) -> Option<String> {
    if let Some(os) = os_error(text, lang) {
        return Some(os);
    }
    if let Some(found) = from_english_with(HEALTH_FINDINGS, text, lang, &|_, v| finding(v, lang)) {
        return Some(found);
    }
    for sep in ["; ", ": "] {
        if let Some((a, b)) = text.split_once(sep) {
            let (ta, tb) = (finding(a, lang), finding(b, lang));
            if ta.is_some() || tb.is_some() {
                return Some(format!(
                    "{}{sep}{}",
                    ta.as_deref().unwrap_or(a),
                    tb.as_deref().unwrap_or(b)
                ));
            }
        }
    }
    None
}

/// `msg` about `file` (its `{file}`) with the I/O error `e` (its `{error}`), in the current language.
pub fn file_error(msg: Msg, file: &std::path::Path, e: &std::io::Error) -> anyhow::Error {
    io_failed(msg, &[("file", &file.display())], e)
}

/// `msg` with the I/O error `e` as its `{error}` and `args`, in the current language.
pub fn io_failed(
    msg: Msg,
    args: &[(&str, &dyn std::fmt::Display)],
    e: &std::io::Error,
) -> anyhow::Error {
    let lang = Lang::current();
    let error = io_error(e, lang);
    let mut all = args.to_vec();
    all.push(("error", &error));
    anyhow::anyhow!(tf(msg, lang, &all))
}

/// An I/O error in `lang`: the operating system's words by the error's kind, else its own text.
pub fn io_error(e: &std::io::Error, lang: Lang) -> String {
    io_error_of(e.kind(), &e.to_string(), lang)
}

/// An I/O error kept as its kind and English text, in `lang`.
pub fn io_error_of(kind: std::io::ErrorKind, text: &str, lang: Lang) -> String {
    match io_kind(kind) {
        Some(m) if lang != Lang::En => m.text(lang).to_string(),
        _ => text.to_string(),
    }
}

fn io_kind(kind: std::io::ErrorKind) -> Option<Msg> {
    use std::io::ErrorKind::*;
    Some(match kind {
        ConnectionRefused => Msg::OsConnectionRefused,
        ConnectionReset => Msg::OsConnectionReset,
        ConnectionAborted => Msg::OsConnectionAborted,
        TimedOut => Msg::OsTimedOut,
        HostUnreachable => Msg::OsHostUnreachable,
        NetworkUnreachable => Msg::OsNetworkUnreachable,
        AddrNotAvailable => Msg::OsAddrNotAvailable,
        AddrInUse => Msg::OsAddrInUse,
        PermissionDenied => Msg::OsPermissionDenied,
        NotFound => Msg::OsNotFound,
        BrokenPipe => Msg::OsBrokenPipe,
        AlreadyExists => Msg::OsAlreadyExists,
        InvalidData => Msg::OsInvalidData,
        IsADirectory => Msg::OsIsADirectory,
        NotADirectory => Msg::OsNotADirectory,
        ReadOnlyFilesystem => Msg::OsReadOnly,
        StorageFull => Msg::OsStorageFull,
        UnexpectedEof => Msg::OsEarlyEof,
        _ => return None,
    })
}

/// An error and its causes (`context: cause: cause`) in `lang`, I/O errors among them in the
/// operating system's words for `lang`.
pub fn error_chain(e: &anyhow::Error, lang: Lang) -> String {
    e.chain()
        .map(|cause| match cause.downcast_ref::<std::io::Error>() {
            Some(io) => io_error(io, lang),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// `Connection refused (os error 111)` in `lang`, by the error's kind.
fn os_error(text: &str, lang: Lang) -> Option<String> {
    let (words, code) = text.strip_suffix(')')?.rsplit_once(" (os error ")?;
    if words.contains(": ") {
        return None;
    }
    let code: i32 = code.parse().ok()?;
    let msg = io_kind(std::io::Error::from_raw_os_error(code).kind())?;
    Some(msg.text(lang).to_string())
}

/// The pieces (between placeholders) of every English text that differs from its German one, long
/// enough not to occur by chance and part of no German text: German output must contain none of
/// them (the tests of the CLI and the TUI check that).
pub fn english_only() -> Vec<String> {
    let german: Vec<&str> = Msg::ALL.iter().map(|m| m.text(Lang::De)).collect();
    let mut pieces: Vec<String> = Msg::ALL
        .iter()
        .filter(|m| m.text(Lang::En) != m.text(Lang::De))
        .flat_map(|m| {
            m.text(Lang::En)
                .split(['{', '}'])
                .step_by(2)
                .map(|p| p.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|p| p.chars().count() >= 12 && p.contains(' '))
        .filter(|p| !german.iter().any(|g| g.contains(p.as_str())))
        .collect();
    pieces.sort();
    pieces.dedup();
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_texts_are_found_with_their_values() {
        let msgs = [Msg::ProbCannotCancel, Msg::ProbNoSuch, Msg::ProbNoRoomYet];
        assert_eq!(
            from_english(&msgs, "a rejected booking cannot be cancelled", Lang::De).as_deref(),
            Some("eine Buchung im Zustand „abgelehnt“ lässt sich nicht stornieren")
        );
        assert_eq!(
            from_english(&msgs, "no such booking", Lang::De).as_deref(),
            Some("gibt es nicht: Buchung")
        );
        assert_eq!(
            from_english(
                &msgs,
                "no such room: the booking has no room yet (it gets one when approved)",
                Lang::De
            )
            .as_deref(),
            Some(
                "gibt es nicht: Raum: die Buchung hat noch keinen Raum (sie bekommt ihn mit der Genehmigung)"
            )
        );
        assert_eq!(
            from_english(&msgs, "a booking cannot be cancelled", Lang::De),
            None
        );
        assert_eq!(from_english(&msgs, "something else", Lang::De), None);
        assert_eq!(
            captures("{a}, {b}", "x, y, z"),
            Some(vec![("a".into(), "x"), ("b".into(), "y, z")])
        );
        assert_eq!(captures("fixed", "fixed"), Some(vec![]));
        assert_eq!(captures("fixed", "fixed!"), None);
    }

    #[test]
    fn health_findings_are_translated_with_their_causes() {
        let de = |text: &str| health_finding(text, Lang::De);
        assert_eq!(
            de("connecting to 127.0.0.1:1: Connection refused (os error 111)"),
            "Verbindung zu 127.0.0.1:1: Verbindung abgelehnt"
        );
        assert_eq!(
            de(
                "connecting to [::1]:1: Connection refused (os error 111); 127.0.0.1:1: Connection refused (os error 111)"
            ),
            "Verbindung zu [::1]:1: Verbindung abgelehnt; 127.0.0.1:1: Verbindung abgelehnt"
        );
        assert_eq!(
            de("certificate not trusted: invalid peer certificate: UnknownIssuer"),
            "Zertifikat nicht vertrauenswürdig: ungültiges Zertifikat: unbekannter Aussteller (von keiner bekannten Stelle signiert)"
        );
        assert_eq!(
            de(
                "x.invalid does not resolve: failed to lookup address information: Name or service not known"
            ),
            "x.invalid lässt sich nicht auflösen: Adressauflösung gescheitert: Name oder Dienst unbekannt"
        );
        assert_eq!(
            de("network error: Connection refused (os error 111)"),
            "Netzwerkfehler: Verbindung abgelehnt"
        );
        assert_eq!(
            de("TLS handshake: received corrupt message"),
            "beim TLS-Handshake: received corrupt message"
        );
        assert_eq!(de("something else: entirely"), "something else: entirely");
        let en = "connecting to 127.0.0.1:1: Connection refused (os error 111)";
        assert_eq!(health_finding(en, Lang::En), en);
        assert_eq!(check_name("bbb-meetings", Lang::De), "BBB-Treffen");
        assert_eq!(check_name("bbb-meetings", Lang::En), "BBB meetings");
        assert_eq!(check_name("custom", Lang::De), "custom");
    }

    fn placeholders(s: &str) -> Vec<&str> {
        let mut names: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_message_has_both_languages_with_the_same_placeholders() {
        for msg in Msg::ALL {
            let (de, en) = (msg.text(Lang::De), msg.text(Lang::En));
            assert!(
                !de.trim().is_empty() && !en.trim().is_empty(),
                "{msg:?} is empty"
            );
            assert_eq!(
                placeholders(de),
                placeholders(en),
                "{msg:?} placeholders differ"
            );
        }
    }

    #[test]
    fn locale_picks_german_only_for_de() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_locale_env(env(&[("LANG", "de_DE.UTF-8")])),
            Lang::De
        );
        assert_eq!(
            Lang::from_locale_env(env(&[("LANG", "en_GB.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_env(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "de_DE.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_env(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "de_AT"),
                ("LANG", "C")
            ])),
            Lang::De
        );
        assert_eq!(Lang::from_locale_env(env(&[])), Lang::En);
    }
}
