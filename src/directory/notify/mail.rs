//! Mail: `[directory.smtp]` turned into `smtp::Connections`, and a stored outbox row turned into a
//! lettre message with a stable Message-ID.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, bail};
use lettre::Message;
use lettre::message::header::{ContentDisposition, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, TlsParameters};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject as _;

use super::smtp::{Connections, DEFAULT_CONNECTIONS, MAX_CONNECTIONS, Security, implicit_tls};
use crate::config::SmtpSettings;
use crate::directory::db::OutboxRow;
use crate::i18n::{Lang, Msg, t, tf};
use crate::output::escape_html;

/// How one delivery attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// 4xx, or the server could not be reached: try again later.
    Transient(String),
    /// 5xx, or a message that can never be sent: the server's answer is kept.
    Permanent(String),
}

pub struct Mailer {
    connections: Connections,
    from: Mailbox,
    /// The right-hand side of every Message-ID: the sender's domain.
    domain: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

/// The sender from `directory.smtp.from`: an address, optionally with a display name.
pub fn parse_from(from: &str) -> anyhow::Result<Mailbox> {
    if from.chars().any(char::is_control) {
        bail!(t(Msg::CfgFromControl, Lang::current()));
    }
    from.parse::<Mailbox>().map_err(|_| {
        anyhow::anyhow!(tf(
            Msg::CfgFromNotAddress,
            Lang::current(),
            &[("value", &from)]
        ))
    })
}

impl Mailer {
    pub fn from_settings(s: &SmtpSettings) -> anyhow::Result<Mailer> {
        let from = parse_from(&s.from)?;
        let url = url::Url::parse(&s.url).map_err(|e| {
            let lang = Lang::current();
            anyhow::anyhow!(tf(
                Msg::CfgSmtpUrl,
                lang,
                &[
                    ("value", &s.url),
                    ("error", &crate::i18n::url_error(e, lang))
                ]
            ))
        })?;
        let host = url
            .host_str()
            .with_context(|| t(Msg::CfgSmtpNoHost, Lang::current()))?
            .trim_matches(['[', ']'])
            .to_string();
        let tls_mode = url
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.to_string());
        if url.password().is_some() || !url.username().is_empty() {
            bail!(t(Msg::CfgSmtpCredentials, Lang::current()));
        }
        let extra_roots = || -> anyhow::Result<Vec<CertificateDer<'static>>> {
            let Some(file) = &s.ca_file else {
                return Ok(Vec::new());
            };
            let pem = std::fs::read(file).with_context(|| {
                tf(
                    Msg::CfgSmtpCaRead,
                    Lang::current(),
                    &[("file", &file.display())],
                )
            })?;
            let certs = CertificateDer::pem_slice_iter(&pem)
                .collect::<Result<Vec<_>, _>>()
                .ok()
                .filter(|certs| !certs.is_empty());
            certs.with_context(|| t(Msg::CfgSmtpCaPem, Lang::current()))
        };
        let tls_failed = |e: &dyn std::fmt::Display| {
            anyhow::anyhow!("{}: {e}", t(Msg::CfgSmtpTls, Lang::current()))
        };
        let (port, security) = match (url.scheme(), tls_mode.as_deref()) {
            ("smtps", None) => (
                url.port().unwrap_or(465),
                implicit_tls(&host, &extra_roots()?).map_err(|e| tls_failed(&e))?,
            ),
            ("smtp", Some("required")) => {
                let mut b = TlsParameters::builder(host.clone());
                for cert in extra_roots()? {
                    b = b.add_root_certificate(
                        Certificate::from_der(cert.to_vec()).map_err(|e| tls_failed(&e))?,
                    );
                }
                let tls = b.build_rustls().map_err(|e| tls_failed(&e))?;
                (url.port().unwrap_or(587), Security::StartTls(tls))
            }
            ("smtp", None) => {
                if !is_loopback(&host) {
                    bail!(tf(Msg::CfgSmtpPlain, Lang::current(), &[("host", &host)]));
                }
                (url.port().unwrap_or(25), Security::Plain)
            }
            (scheme, tls) => bail!(tf(
                Msg::CfgSmtpScheme,
                Lang::current(),
                &[("scheme", &scheme), ("tls", &tls.unwrap_or(""))]
            )),
        };
        let credentials = match (&s.username, s.password()?) {
            (Some(user), Some(password)) => Some(Credentials::new(user.clone(), password)),
            (Some(_), None) => bail!(t(Msg::CfgSmtpNoPassword, Lang::current())),
            (None, Some(_)) => bail!(t(Msg::CfgSmtpNoUsername, Lang::current())),
            (None, None) => None,
        };
        let connections = s.connections.unwrap_or(DEFAULT_CONNECTIONS);
        if !(1..=MAX_CONNECTIONS).contains(&connections) {
            bail!(tf(
                Msg::CfgSmtpConnections,
                Lang::current(),
                &[("max", &MAX_CONNECTIONS), ("value", &connections)]
            ));
        }
        let domain = from.email.domain().to_string();
        Ok(Mailer {
            connections: Connections::new(host, port, security, credentials, connections),
            from,
            domain,
        })
    }

    /// The stored message as it goes out: the same bytes for every attempt, apart from the
    /// transport's own envelope.
    pub fn build(&self, m: &OutboxRow) -> Result<Message, String> {
        build_message(&self.from, &self.domain, m)
    }

    pub async fn send(&self, m: &OutboxRow) -> Delivery {
        let message = match self.build(m) {
            Ok(message) => message,
            Err(e) => return Delivery::Permanent(e),
        };
        self.connections
            .send(message.envelope(), &message.formatted())
            .await
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A header value or a server's answer without control characters: no CR or LF can start a header
/// of its own, and nothing reaches a terminal or a log as an escape sequence.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

pub fn message_id(id: &str, domain: &str) -> String {
    format!("<{id}@{domain}>")
}

fn build_message(from: &Mailbox, domain: &str, row: &OutboxRow) -> Result<Message, String> {
    let m = &row.notice;
    let to = clean(&m.recipient)
        .parse::<Mailbox>()
        .map_err(|e| format!("the recipient is not an address: {e}"))?;
    let date = UNIX_EPOCH + Duration::from_millis(u64::try_from(row.created_at).unwrap_or(0));
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(clean(&m.subject))
        .date(date.min(SystemTime::now()))
        .message_id(Some(message_id(&m.id, domain)));
    // boundaries from the id, like the Date from the creation time: every attempt sends the same
    // bytes, so a receiver can tell a repeat from a new mail
    let text = SinglePart::plain(m.body.clone());
    let alternative = MultiPart::alternative().boundary(format!("alt-{}", m.id));
    let body = alternative
        .singlepart(text)
        .singlepart(SinglePart::html(html_of(&m.body)));
    let result = match &m.calendar {
        Some(ics) => builder.multipart(
            MultiPart::mixed()
                .boundary(format!("mixed-{}", m.id))
                .multipart(body)
                .singlepart(
                    SinglePart::builder()
                        .header(
                            ContentType::parse("text/calendar; method=PUBLISH; charset=UTF-8")
                                .map_err(|e| e.to_string())?,
                        )
                        .header(ContentDisposition::attachment("termin.ics"))
                        .body(ics.clone()),
                ),
        ),
        None => builder.multipart(body),
    };
    result.map_err(|e| format!("the message cannot be built: {e}"))
}

/// The short HTML alternative, made when the mail is sent: the same text, escaped, paragraphs
/// kept, links clickable.
pub(super) fn html_of(text: &str) -> String {
    let mut out = String::from("<!DOCTYPE html><html><body>");
    for paragraph in text.split("\n\n") {
        out.push_str("<p>");
        let lines: Vec<String> = paragraph
            .lines()
            .map(|line| {
                line.split(' ')
                    .map(|word| {
                        let escaped = escape_html(word);
                        if word.starts_with("https://") || word.starts_with("http://") {
                            format!("<a href=\"{escaped}\">{escaped}</a>")
                        } else {
                            escaped
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        out.push_str(&lines.join("<br>"));
        out.push_str("</p>");
    }
    out.push_str("</body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        let h = html_of("a <b> & \"c\"\n\nhttps://x.example/?a=1&b=2");
        assert!(h.contains("a &lt;b&gt; &amp; &quot;c&quot;"), "{h}");
        assert!(h.contains("href=\"https://x.example/?a=1&amp;b=2\""), "{h}");
    }

    fn row(subject: &str, recipient: &str) -> OutboxRow {
        OutboxRow {
            notice: crate::directory::db::Notice {
                id: "ms_0123".into(),
                channel: "mail".into(),
                topic: "booking_received".into(),
                subject_id: Some("bk_1".into()),
                recipient: recipient.into(),
                subject: subject.into(),
                body: "Hallo,\n\nText.".into(),
                calendar: Some("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into()),
            },
            status: "pending".into(),
            attempts: 0,
            next_at: 0,
            last_error: None,
            created_at: 1_700_000_000_000,
            sent_at: None,
        }
    }

    fn headers(raw: &str) -> Vec<String> {
        raw.split("\r\n\r\n")
            .next()
            .unwrap()
            .split("\r\n")
            .filter(|l| !l.starts_with([' ', '\t']))
            .map(|l| l.split(':').next().unwrap().to_ascii_lowercase())
            .collect()
    }

    fn formatted(from: &Mailbox, m: &OutboxRow) -> String {
        String::from_utf8(build_message(from, "example.org", m).unwrap().formatted()).unwrap()
    }

    #[test]
    fn every_mail_has_the_contract_headers_and_a_stable_message_id() {
        let from = parse_from("Verein <noreply@example.org>").unwrap();
        let m = row("Buchung eingegangen", "club@example.org");
        let one = formatted(&from, &m);
        let two = formatted(&from, &m);
        let names = headers(&one);
        for h in ["from", "to", "subject", "date", "message-id"] {
            assert!(names.contains(&h.to_string()), "{h} missing in {one}");
        }
        assert!(one.contains("Message-ID: <ms_0123@example.org>"), "{one}");
        assert_eq!(one, two, "a retry sends the same bytes");
        assert!(one.contains("text/calendar; method=PUBLISH"), "{one}");
        assert!(one.contains("text/html"), "{one}");
    }

    #[test]
    fn a_line_break_in_a_subject_or_address_cannot_start_a_header() {
        let from = parse_from("noreply@example.org").unwrap();
        let m = row("Hallo\r\nBcc: victim@example.net", "club@example.org");
        let raw = formatted(&from, &m);
        assert!(!headers(&raw).contains(&"bcc".to_string()), "{raw}");
        assert!(!raw.contains("\r\nBcc:"), "{raw}");
        let m = row("Hallo", "club@example.org\r\nBcc: victim@example.net");
        match build_message(&from, "example.org", &m) {
            Err(e) => assert!(e.contains("not an address"), "{e}"),
            Ok(msg) => {
                let raw = String::from_utf8(msg.formatted()).unwrap();
                assert!(!headers(&raw).contains(&"bcc".to_string()), "{raw}");
            }
        }
        assert!(parse_from("a@example.org\r\nBcc: b@example.org").is_err());
    }

    fn settings(url: &str) -> SmtpSettings {
        SmtpSettings {
            url: url.into(),
            from: "noreply@example.org".into(),
            ..SmtpSettings::default()
        }
    }

    #[tokio::test]
    async fn plain_smtp_only_to_loopback_and_no_credentials_in_the_url() {
        assert!(Mailer::from_settings(&settings("smtp://127.0.0.1:2525")).is_ok());
        assert!(Mailer::from_settings(&settings("smtp://localhost:2525")).is_ok());
        let e = Mailer::from_settings(&settings("smtp://mail.example.org:25")).unwrap_err();
        assert!(e.to_string().contains("unencrypted"), "{e}");
        assert!(Mailer::from_settings(&settings("smtps://mail.example.org")).is_ok());
        assert!(
            Mailer::from_settings(&settings("smtp://mail.example.org:587?tls=required")).is_ok()
        );
        let e = Mailer::from_settings(&settings("smtps://u:secret@mail.example.org")).unwrap_err();
        assert!(!e.to_string().contains("secret"), "{e}");
        assert!(Mailer::from_settings(&settings("http://mail.example.org")).is_err());
        let mut s = settings("smtps://mail.example.org");
        s.username = Some("u".into());
        assert!(Mailer::from_settings(&s).is_err());
    }

    #[tokio::test]
    async fn connections_between_one_and_a_batch() {
        let mut s = settings("smtps://mail.example.org");
        for ok in [1, MAX_CONNECTIONS] {
            s.connections = Some(ok);
            assert!(Mailer::from_settings(&s).is_ok(), "{ok}");
        }
        for wrong in [0, MAX_CONNECTIONS + 1] {
            s.connections = Some(wrong);
            let e = Mailer::from_settings(&s).unwrap_err().to_string();
            assert!(
                e.contains("directory.smtp.connections") && e.contains(&wrong.to_string()),
                "{e}"
            );
        }
    }
}
