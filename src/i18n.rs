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

    pub fn other(self) -> Lang {
        match self {
            Lang::De => Lang::En,
            Lang::En => Lang::De,
        }
    }
}

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
    Online => "online", "online";

    // CLI
    ErrToolNotFound => "kein Werkzeug mit der ID „{id}“; `vereint catalog list` zeigt alle IDs", "no tool with id `{id}`; `vereint catalog list` shows all ids";
    ErrExampleNotFound => "kein Praxisbeispiel mit der ID „{id}“; `vereint examples list` zeigt alle", "no example with id `{id}`; `vereint examples list` shows them all";
    ErrEventNotFound => "keine Veranstaltung mit der ID „{id}“; `vereint events list` zeigt alle", "no event with id `{id}`; `vereint events list` shows them all";
    ValidateOk => "{dir}: Katalog ist gültig ({tools} Werkzeuge, {categories} Kategorien, {events} Veranstaltungen, {examples} Beispiele)", "{dir}: catalogue is valid ({tools} tools, {categories} categories, {events} events, {examples} examples)";
    ValidateFailed => "{dir}: {count} Problem(e) gefunden", "{dir}: {count} problem(s) found";
    NoResults => "Keine Treffer.", "No matches.";
    ConfigSource => "Quelle", "Source";
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
    TuiNoResultsHint => "Ctrl-U leert die Suche, X entfernt alle Filter.", "Ctrl-U clears the search, X removes all filters.";
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
    AgentNotConfigured => "kein [agent]-Abschnitt in der Konfiguration; die Rolle vereint_agent schreibt ihn, oder --config DATEI angeben", "no [agent] section in the configuration; the vereint_agent role writes it, or pass --config FILE";
    AgentRefused => "das Verzeichnis lehnt die Berichte ab ({detail}); agent.token und agent.instance_id prüfen", "the directory refuses the reports ({detail}); check agent.token and agent.instance_id";
    AgentQueued => "Verzeichnis nicht erreichbar; {count} Berichte warten und werden später zugestellt", "directory unreachable; {count} reports are queued and will be delivered later";
    // Status page, alerts and webhooks

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
    MineRefused => "das Verzeichnis hat abgelehnt (HTTP {status}): {detail}", "the directory refused (HTTP {status}): {detail}";
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
    ProvSiteBackupRepo => "ein SFTP-Repository als sftp:NUTZER@HOST:/PFAD angeben", "give an SFTP repository as sftp:USER@HOST:/PATH";
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
    AdminNoMatch => "Keine Instanz passt; Ctrl-U im Filter leert ihn, p zeigt alle.", "No instance matches; Ctrl-U in the filter clears it, p shows all.";
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

#[cfg(test)]
mod tests {
    use super::*;

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
