//! What to check, parsed from the command line's URLs or from (kind, target) pairs of site files
//! and the agent's configuration.

use std::net::IpAddr;

use crate::i18n::{Lang, Msg, tf};
use crate::integrations::stun::Transport;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `https://...` or `http://...`: status and latency; for https also the certificate.
    Http { url: url::Url },
    /// Only the certificate of `host:port` (site-file kind "tls").
    Tls { host: String, port: u16 },
    /// `bbb+https://HOST/bigbluebutton/api/`: API version, and a signed getMeetings.
    Bbb { api: url::Url },
    /// `mattermost+https://HOST`: ping with server status, version.
    Mattermost { base: url::Url },
    /// `stun:HOST:PORT`: a binding request.
    Stun {
        host: String,
        port: u16,
        transport: Transport,
    },
    /// `turn:HOST:PORT`: allocate, answered with 401 (alive) or, with the secret, a relay.
    Turn {
        host: String,
        port: u16,
        transport: Transport,
    },
    /// `dns:NAME` or `dns:NAME?expect=ADDR,ADDR`: the name resolves (to exactly these addresses).
    Dns { name: String, expect: Vec<IpAddr> },
}

/// What is wrong with a target: a catalogue message and the `{value}` it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem(pub Msg, pub String);

impl Problem {
    fn new(msg: Msg) -> Problem {
        Problem(msg, String::new())
    }

    pub fn text(&self, lang: Lang) -> String {
        tf(self.0, lang, &[("value", &self.1)])
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("{}", tf(Msg::TargetUnknown, Lang::En, &[("target", &.0)]))]
    Unknown(String),
    #[error("`{target}`: {problem}")]
    Invalid { target: String, problem: Problem },
    #[error("{}", tf(Msg::TargetKind, Lang::En, &[("kind", &.0)]))]
    Kind(String),
}

impl TargetError {
    /// The error in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TargetError::Unknown(target) => tf(Msg::TargetUnknown, lang, &[("target", target)]),
            TargetError::Invalid { target, problem } => tf(
                Msg::TargetInvalid,
                lang,
                &[("target", target), ("problem", &problem.text(lang))],
            ),
            TargetError::Kind(kind) => tf(Msg::TargetKind, lang, &[("kind", kind)]),
        }
    }
}

const STUN_PORT: u16 = 3478;

impl Target {
    /// Parses a command-line target.
    pub fn parse(text: &str) -> Result<Target, TargetError> {
        let invalid = |problem: Problem| TargetError::Invalid {
            target: text.to_string(),
            problem,
        };
        let (scheme, rest) = text
            .split_once(':')
            .ok_or_else(|| TargetError::Unknown(text.to_string()))?;
        match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" => Ok(Target::Http {
                url: web_url(text).map_err(invalid)?,
            }),
            "bbb+http" | "bbb+https" => {
                let mut api = web_url(&text[4..]).map_err(invalid)?;
                if !api.path().ends_with('/') {
                    api.set_path(&format!("{}/", api.path()));
                }
                Ok(Target::Bbb { api })
            }
            "mattermost+http" | "mattermost+https" => Ok(Target::Mattermost {
                base: web_url(&text["mattermost+".len()..]).map_err(invalid)?,
            }),
            "stun" | "turn" => {
                let (hostport, query) = rest.split_once('?').unwrap_or((rest, ""));
                let transport = match query {
                    "" | "transport=udp" => Transport::Udp,
                    "transport=tcp" => Transport::Tcp,
                    _ => {
                        return Err(invalid(Problem::new(Msg::TargetTransport)));
                    }
                };
                let (host, port) = host_port(hostport, STUN_PORT).map_err(invalid)?;
                Ok(if scheme.eq_ignore_ascii_case("stun") {
                    Target::Stun {
                        host,
                        port,
                        transport,
                    }
                } else {
                    Target::Turn {
                        host,
                        port,
                        transport,
                    }
                })
            }
            "dns" => {
                let (name, query) = rest.split_once('?').unwrap_or((rest, ""));
                let name = name.trim_start_matches("//").to_string();
                if name.is_empty() {
                    return Err(invalid(Problem::new(Msg::TargetNameMissing)));
                }
                let mut expect = Vec::new();
                if !query.is_empty() {
                    let list = query
                        .strip_prefix("expect=")
                        .ok_or_else(|| invalid(Problem::new(Msg::TargetExpectOnly)))?;
                    for a in list.split(',').filter(|a| !a.is_empty()) {
                        expect.push(
                            a.parse()
                                .map_err(|_| invalid(Problem(Msg::TargetNotIp, a.to_string())))?,
                        );
                    }
                }
                Ok(Target::Dns { name, expect })
            }
            _ => Err(TargetError::Unknown(text.to_string())),
        }
    }

    /// A target from a site file or the agent's `[[agent.checks]]`: `kind` is "http", "tls", "bbb",
    /// "mattermost", "stun", "turn" or "dns"; `target` a URL, `HOST[:PORT]` or a name.
    pub fn from_kind(kind: &str, target: &str) -> Result<Target, TargetError> {
        let has_scheme = |prefixes: &[&str]| {
            let lower = target.to_ascii_lowercase();
            prefixes.iter().any(|p| lower.starts_with(p))
        };
        match kind {
            "http" => Target::parse(target),
            "tls" => {
                let hostport = if has_scheme(&["https://"]) {
                    let url = web_url(target).map_err(|problem| TargetError::Invalid {
                        target: target.into(),
                        problem,
                    })?;
                    format!(
                        "{}:{}",
                        url.host_str().unwrap_or_default(),
                        url.port_or_known_default().unwrap_or(443)
                    )
                } else {
                    target.to_string()
                };
                let (host, port) =
                    host_port(&hostport, 443).map_err(|problem| TargetError::Invalid {
                        target: target.into(),
                        problem,
                    })?;
                Ok(Target::Tls { host, port })
            }
            "bbb" if has_scheme(&["bbb+"]) => Target::parse(target),
            "bbb" => Target::parse(&format!("bbb+{target}")),
            "mattermost" if has_scheme(&["mattermost+"]) => Target::parse(target),
            "mattermost" => Target::parse(&format!("mattermost+{target}")),
            "stun" | "turn" | "dns" if has_scheme(&[&format!("{kind}:")]) => Target::parse(target),
            "stun" | "turn" | "dns" => Target::parse(&format!("{kind}:{target}")),
            other => Err(TargetError::Kind(other.to_string())),
        }
    }

    /// The names of the checks this target yields, in order.
    pub fn checks(&self) -> &'static [&'static str] {
        match self {
            Target::Http { url } if url.scheme() == "https" => &["http", "tls"],
            Target::Http { .. } => &["http"],
            Target::Tls { .. } => &["tls"],
            Target::Bbb { .. } => &["bbb-api", "bbb-meetings"],
            Target::Mattermost { .. } => &["mattermost"],
            Target::Stun { .. } => &["stun"],
            Target::Turn { .. } => &["turn"],
            Target::Dns { .. } => &["dns"],
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tcp = |t: &Transport| {
            if *t == Transport::Tcp {
                "?transport=tcp"
            } else {
                ""
            }
        };
        match self {
            Target::Http { url } => write!(f, "{url}"),
            Target::Tls { host, port } => write!(f, "tls:{host}:{port}"),
            Target::Bbb { api } => write!(f, "bbb+{api}"),
            Target::Mattermost { base } => write!(f, "mattermost+{base}"),
            Target::Stun {
                host,
                port,
                transport,
            } => write!(f, "stun:{host}:{port}{}", tcp(transport)),
            Target::Turn {
                host,
                port,
                transport,
            } => write!(f, "turn:{host}:{port}{}", tcp(transport)),
            Target::Dns { name, expect } if expect.is_empty() => write!(f, "dns:{name}"),
            Target::Dns { name, expect } => {
                let list: Vec<String> = expect.iter().map(|a| a.to_string()).collect();
                write!(f, "dns:{name}?expect={}", list.join(","))
            }
        }
    }
}

fn web_url(text: &str) -> Result<url::Url, Problem> {
    let url = url::Url::parse(text).map_err(|_| Problem::new(Msg::TargetNotUrl))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Problem::new(Msg::TargetScheme));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Problem::new(Msg::TargetNoHost));
    }
    Ok(url)
}

/// `HOST`, `HOST:PORT`, `[V6]` or `[V6]:PORT`.
fn host_port(text: &str, default_port: u16) -> Result<(String, u16), Problem> {
    let text = text.trim_start_matches("//");
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or(Problem::new(Msg::TargetV6Bracket))?;
        (host, after.strip_prefix(':'))
    } else {
        match text.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => (h, Some(p)),
            Some(_) => return Err(Problem::new(Msg::TargetV6Write)),
            None => (text, None),
        }
    };
    if host.is_empty() {
        return Err(Problem::new(Msg::TargetHostMissing));
    }
    let port = match port {
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| Problem(Msg::TargetBadPort, p.to_string()))?,
        None => default_port,
    };
    Ok((host.to_string(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_targets_parse() {
        assert!(matches!(
            Target::parse("https://example.org/x").unwrap(),
            Target::Http { .. }
        ));
        let Target::Bbb { api } = Target::parse("bbb+https://b.example/bigbluebutton/api").unwrap()
        else {
            panic!()
        };
        assert_eq!(api.as_str(), "https://b.example/bigbluebutton/api/");
        assert_eq!(
            Target::parse("turn:t.example:3478?transport=tcp").unwrap(),
            Target::Turn {
                host: "t.example".into(),
                port: 3478,
                transport: Transport::Tcp
            }
        );
        assert_eq!(
            Target::parse("stun:[::1]:19302").unwrap(),
            Target::Stun {
                host: "::1".into(),
                port: 19302,
                transport: Transport::Udp
            }
        );
        assert_eq!(
            Target::parse("dns:club.example?expect=192.0.2.1,::1")
                .unwrap()
                .to_string(),
            "dns:club.example?expect=192.0.2.1,::1"
        );
    }

    #[test]
    fn bad_targets_say_what_is_wrong() {
        for bad in [
            "ftp://x",
            "example.org",
            "stun:h:0",
            "stun:h:99999",
            "turn:h?transport=sctp",
            "dns:x?expect=nope",
            "https://",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            Target::from_kind("smtp", "x"),
            Err(TargetError::Kind(_))
        ));
    }

    #[test]
    fn site_file_kinds_map_to_targets() {
        assert_eq!(
            Target::from_kind("tls", "https://club.example:8443/").unwrap(),
            Target::Tls {
                host: "club.example".into(),
                port: 8443
            }
        );
        assert!(matches!(
            Target::from_kind("bbb", "https://b.example/bigbluebutton/api/").unwrap(),
            Target::Bbb { .. }
        ));
        assert!(matches!(
            Target::from_kind("mattermost", "https://chat.example").unwrap(),
            Target::Mattermost { .. }
        ));
        assert!(matches!(
            Target::from_kind("turn", "turn.example:3478").unwrap(),
            Target::Turn { .. }
        ));
        assert!(matches!(
            Target::from_kind("stun", "stun:turn.example").unwrap(),
            Target::Stun { port: 3478, .. }
        ));
    }
}
