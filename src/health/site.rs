//! What to check for a provisioning site file: every host's services by their public names (the
//! site's `[domains]`), coturn at the host's address, and DNS (each name resolves to its host when
//! the host's address is an IP). The BBB and TURN secrets come from the site's state dir
//! (`<site>.state/secrets.json`, written by `vereint provision`) when it exists; nothing is created.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::Path;

use super::target::Target;
use crate::api::ServiceEntry;
use crate::i18n::{Lang, Msg, tf};
use crate::provision::site::{Host, Service, Site};
use crate::provision::state::State;

/// The checks of one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostChecks {
    pub host: String,
    pub address: String,
    /// What runs there, for lists (kinds "mattermost", "bbb", "turn", "directory").
    pub services: Vec<ServiceEntry>,
    pub targets: Vec<Target>,
}

#[derive(Clone, PartialEq, Eq)]
pub struct SiteChecks {
    pub organisation: String,
    pub hosts: Vec<HostChecks>,
    pub bbb_secret: Option<String>,
    pub turn_secret: Option<String>,
}

impl std::fmt::Debug for SiteChecks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteChecks")
            .field("organisation", &self.organisation)
            .field("hosts", &self.hosts)
            .field("bbb_secret", &self.bbb_secret.as_ref().map(|_| "***"))
            .field("turn_secret", &self.turn_secret.as_ref().map(|_| "***"))
            .finish()
    }
}

impl SiteChecks {
    /// Reads the site file (and its state dir's secrets, if any).
    pub fn load(path: &Path, lang: Lang) -> anyhow::Result<SiteChecks> {
        let site = Site::load(path, lang).map_err(|e| anyhow::anyhow!("{e}"))?;
        let secrets = read_secrets(&State::beside(path).secrets_file())?;
        Ok(SiteChecks::of(&site, &secrets))
    }

    pub fn of(site: &Site, secrets: &BTreeMap<String, String>) -> SiteChecks {
        SiteChecks {
            organisation: site.organisation.clone(),
            hosts: site.hosts.iter().map(|h| host_checks(site, h)).collect(),
            bbb_secret: secrets.get("bigbluebutton_secret").cloned(),
            turn_secret: secrets.get("coturn_static_auth_secret").cloned(),
        }
    }

    pub fn targets(&self) -> impl Iterator<Item = &Target> {
        self.hosts.iter().flat_map(|h| &h.targets)
    }
}

fn host_checks(site: &Site, host: &Host) -> HostChecks {
    let mut services = Vec::new();
    let mut targets = Vec::new();
    let version = |v: &Option<String>| v.clone().unwrap_or_default();
    let entry = |kind: &str, url: String, software: &str, version: String| ServiceEntry {
        kind: kind.into(),
        url,
        software: software.into(),
        version,
    };
    let ip: Option<IpAddr> = host.address.parse().ok();
    let mut add = |text: String| {
        // every text here is built from names the site file has already validated
        if let Ok(t) = Target::parse(&text) {
            targets.push(t);
        }
    };
    let web = |add: &mut dyn FnMut(String), domain: &str| {
        add(format!("https://{domain}/"));
        if let Some(ip) = ip {
            add(format!("dns:{domain}?expect={ip}"));
        }
    };
    for service in &host.services {
        match service {
            Service::Mattermost => {
                if let Some(d) = &site.domains.mattermost {
                    services.push(entry(
                        "mattermost",
                        format!("https://{d}"),
                        "Mattermost",
                        version(&site.versions.mattermost),
                    ));
                    web(&mut add, d);
                    add(format!("mattermost+https://{d}"));
                }
            }
            Service::Bigbluebutton => {
                if let Some(d) = &site.domains.bigbluebutton {
                    services.push(entry(
                        "bbb",
                        format!("https://{d}/bigbluebutton/api/"),
                        "BigBlueButton",
                        String::new(),
                    ));
                    web(&mut add, d);
                    add(format!("bbb+https://{d}/bigbluebutton/api/"));
                }
            }
            Service::Directory => {
                if let Some(d) = &site.domains.directory {
                    services.push(entry(
                        "directory",
                        format!("https://{d}"),
                        "vereint",
                        String::new(),
                    ));
                    web(&mut add, d);
                    add(format!("https://{d}/readyz"));
                }
            }
            Service::Coturn => {
                let at = match ip {
                    Some(IpAddr::V6(v6)) => format!("[{v6}]"),
                    _ => host.address.clone(),
                };
                services.push(entry(
                    "turn",
                    format!("turn:{at}:3478"),
                    "coturn",
                    String::new(),
                ));
                add(format!("stun:{at}:3478"));
                add(format!("turn:{at}:3478"));
                add(format!("turn:{at}:3478?transport=tcp"));
            }
            Service::Agent => {}
        }
    }
    HostChecks {
        host: host.name.clone(),
        address: host.address.clone(),
        services,
        targets,
    }
}

/// The state dir's secrets; none when the site was never applied.
fn read_secrets(path: &Path) -> anyhow::Result<BTreeMap<String, String>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            anyhow::anyhow!(tf(
                Msg::StateSecretsBroken,
                Lang::current(),
                &[("file", &path.display()), ("error", &e)]
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(crate::i18n::file_error(Msg::FileUnreadable, path, &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = r#"
organisation = "SV Musterstadt e.V."
contact_email = "it@sv.example"
[tls]
mode = "selfsigned"
[domains]
mattermost = "chat.sv.example"
bigbluebutton = "bbb.sv.example"
[versions]
mattermost = "10.11.1"
mattermost_sha256 = "0000000000000000000000000000000000000000000000000000000000000000"
[[hosts]]
name = "chat"
address = "203.0.113.10"
services = ["mattermost", "coturn"]
[[hosts]]
name = "video"
address = "bbb-host.sv.example"
services = ["bigbluebutton"]
"#;

    #[test]
    fn each_host_gets_its_services_by_their_public_names() {
        let site = Site::parse(SITE, "club.toml", Lang::En).unwrap();
        let secrets = BTreeMap::from([
            ("bigbluebutton_secret".to_string(), "s3cret".to_string()),
            ("coturn_static_auth_secret".to_string(), "turn".to_string()),
        ]);
        let checks = SiteChecks::of(&site, &secrets);
        let texts = |i: usize| -> Vec<String> {
            checks.hosts[i]
                .targets
                .iter()
                .map(|t| format!("{t:?}"))
                .collect()
        };
        let chat = texts(0);
        assert_eq!(chat.len(), 6, "{chat:?}");
        assert!(
            chat.iter()
                .any(|t| t.contains("Mattermost") && t.contains("chat.sv.example"))
        );
        assert!(
            chat.iter()
                .any(|t| t.contains("Dns") && t.contains("203.0.113.10"))
        );
        assert!(
            chat.iter()
                .any(|t| t.contains("Stun") && t.contains("203.0.113.10"))
        );
        assert_eq!(
            chat.iter().filter(|t| t.contains("Turn")).count(),
            2,
            "UDP and TCP"
        );
        let video = texts(1);
        assert_eq!(
            video.len(),
            2,
            "no DNS expectation for a host given by name: {video:?}"
        );
        assert!(video.iter().any(|t| t.contains("Bbb")));
        assert_eq!(checks.bbb_secret.as_deref(), Some("s3cret"));
        assert!(!format!("{checks:?}").contains("s3cret"));
    }
}
