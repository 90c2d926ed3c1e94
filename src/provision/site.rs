//! The site file: which hosts run which services under which names. TOML, unknown keys are errors.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Msg, tf};

/// Variables `vereint provision` generates and keeps in the state dir; a site file must not set them.
pub const SECRET_VARS: &[&str] = &[
    "mattermost_db_password",
    "mattermost_admin_password",
    "coturn_static_auth_secret",
    "bigbluebutton_secret",
    "vereint_directory_admin_token",
    "vereint_directory_db_password",
    "vereint_agent_token",
    "vereint_agent_instance_id",
    "backup_restic_password",
    "backup_s3_secret_access_key",
];

/// Prefixes of the roles' variables: `[vars]` may only set these (typos fail here, not on the host).
const VAR_PREFIXES: &[&str] = &[
    "common_",
    "postgresql_",
    "nginx_",
    "coturn_",
    "mattermost_",
    "bigbluebutton_",
    "vereint_agent_",
    "vereint_directory_",
    "backup_",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The club or operator; sent to the directory when the instance registers.
    pub organisation: String,
    pub contact_email: String,
    #[serde(default)]
    pub tls: Tls,
    #[serde(default)]
    pub domains: Domains,
    #[serde(default)]
    pub versions: Versions,
    #[serde(default)]
    pub directory: Option<DirectoryLink>,
    #[serde(default)]
    pub backup: Option<Backup>,
    #[serde(default)]
    pub ansible: AnsibleSetup,
    /// Further role variables (no secrets), passed to Ansible through the inventory.
    #[serde(default)]
    pub vars: BTreeMap<String, toml::Value>,
    pub hosts: Vec<Host>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Host {
    /// Inventory name (letters, digits, `-`, `_`).
    pub name: String,
    /// IP address or DNS name Ansible connects to.
    pub address: String,
    #[serde(default)]
    pub ssh: Ssh,
    pub services: Vec<Service>,
    /// Role variables for this host only (no secrets).
    #[serde(default)]
    pub vars: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ssh {
    pub user: String,
    pub port: u16,
    /// Private key file on this machine; default: ssh's own choice (agent, ~/.ssh/id_*).
    pub key: Option<PathBuf>,
}

impl Default for Ssh {
    fn default() -> Self {
        Ssh {
            user: "root".into(),
            port: 22,
            key: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Mattermost,
    Bigbluebutton,
    Coturn,
    Directory,
    Agent,
}

impl Service {
    pub fn as_str(self) -> &'static str {
        match self {
            Service::Mattermost => "mattermost",
            Service::Bigbluebutton => "bigbluebutton",
            Service::Coturn => "coturn",
            Service::Directory => "directory",
            Service::Agent => "agent",
        }
    }
}

/// How the web servers get their certificates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tls {
    pub mode: TlsMode,
    /// ACME directory URL (mode "acme"; default Let's Encrypt).
    pub acme_server: Option<String>,
    /// Account e-mail for ACME (required for modes "acme" and "letsencrypt").
    pub email: Option<String>,
    /// CA bundle on this machine that certbot on the hosts should trust for the ACME server.
    pub acme_ca_bundle: Option<PathBuf>,
    /// Mode "files": certificate and key paths on the hosts.
    pub cert_file: Option<String>,
    pub key_file: Option<String>,
}

impl Default for Tls {
    fn default() -> Self {
        Tls {
            mode: TlsMode::Letsencrypt,
            acme_server: None,
            email: None,
            acme_ca_bundle: None,
            cert_file: None,
            key_file: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    Letsencrypt,
    Acme,
    Selfsigned,
    Files,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domains {
    pub mattermost: Option<String>,
    pub bigbluebutton: Option<String>,
    pub directory: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Versions {
    pub mattermost: Option<String>,
    pub mattermost_sha256: Option<String>,
    /// Default: releases.mattermost.com.
    pub mattermost_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryLink {
    /// Base URL of the central directory the agent reports to.
    pub url: String,
    /// File with the enrollment token from the directory's operator (registration after apply).
    pub enrollment_token_file: Option<PathBuf>,
}

/// `[backup]`: scheduled, encrypted off-site backups with restic to an SFTP or S3-compatible repository.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// restic repository: `sftp:USER@HOST:/PATH` or `s3:https://HOST[:PORT]/BUCKET[/PATH]`.
    pub repository: String,
    /// S3: the access key id (not a secret).
    pub s3_access_key_id: Option<String>,
    /// S3: file on this machine with the secret access key (0600); vereint keeps a copy in the state.
    pub s3_secret_access_key_file: Option<PathBuf>,
    /// SSH port of the SFTP server.
    #[serde(default = "default_ssh_port")]
    pub ssh_port: u16,
    /// The site's host that serves the repository (the role creates its user and admits the keys);
    /// unset: a server outside the site, set up by you.
    pub target_host: Option<String>,
    /// Daily time of the backup, `HH:MM` in the host's time zone.
    #[serde(default = "default_backup_time")]
    pub time: String,
    #[serde(default = "default_keep_daily")]
    pub keep_daily: u32,
    #[serde(default = "default_keep_weekly")]
    pub keep_weekly: u32,
    #[serde(default = "default_keep_monthly")]
    pub keep_monthly: u32,
}

fn default_ssh_port() -> u16 {
    22
}
fn default_backup_time() -> String {
    "03:30".into()
}
fn default_keep_daily() -> u32 {
    7
}
fn default_keep_weekly() -> u32 {
    4
}
fn default_keep_monthly() -> u32 {
    6
}

impl Backup {
    /// An S3-compatible repository (restic's `s3:` form) rather than SFTP.
    pub fn is_s3(&self) -> bool {
        self.repository.starts_with("s3:")
    }

    fn validate(&self, site: &Site) -> Result<(), (String, Msg)> {
        let repo_ok = if self.is_s3() {
            valid_s3_repository(&self.repository)
        } else {
            valid_sftp_repository(&self.repository)
        };
        if !repo_ok {
            return Err(("backup.repository".into(), Msg::ProvSiteBackupRepo));
        }
        if self.is_s3() {
            match &self.s3_access_key_id {
                None => return Err(("backup.s3_access_key_id".into(), Msg::ProvSiteBackupS3Keys)),
                Some(id) if !valid_s3_credential(id) => {
                    return Err((
                        "backup.s3_access_key_id".into(),
                        Msg::ProvSiteBackupS3KeyChars,
                    ));
                }
                Some(_) => {}
            }
            if self.s3_secret_access_key_file.is_none() {
                return Err((
                    "backup.s3_secret_access_key_file".into(),
                    Msg::ProvSiteBackupS3Keys,
                ));
            }
            if self.target_host.is_some() {
                return Err(("backup.target_host".into(), Msg::ProvSiteBackupTargetS3));
            }
        } else if self.s3_access_key_id.is_some() || self.s3_secret_access_key_file.is_some() {
            let key = if self.s3_access_key_id.is_some() {
                "backup.s3_access_key_id"
            } else {
                "backup.s3_secret_access_key_file"
            };
            return Err((key.into(), Msg::ProvSiteBackupS3Only));
        }
        let time_ok = self.time.split_once(':').is_some_and(|(h, m)| {
            h.len() == 2
                && m.len() == 2
                && h.parse::<u8>().is_ok_and(|h| h < 24)
                && m.parse::<u8>().is_ok_and(|m| m < 60)
        });
        if !time_ok {
            return Err(("backup.time".into(), Msg::ProvSiteBackupTime));
        }
        if let Some(t) = &self.target_host
            && site.host(t).is_none()
        {
            return Err(("backup.target_host".into(), Msg::ProvSiteBackupTarget));
        }
        Ok(())
    }
}

/// `sftp:USER@HOST:/PATH`, nothing the role's shell quoting would have to escape.
fn valid_sftp_repository(repo: &str) -> bool {
    repo.strip_prefix("sftp:")
        .and_then(|r| r.split_once(':'))
        .is_some_and(|(userhost, path)| {
            userhost.contains('@')
                && path.starts_with('/')
                && !repo
                    .chars()
                    .any(|c| c.is_whitespace() || c == '"' || c == '\\')
        })
}

/// restic's S3 forms: `s3:https://HOST[:PORT]/BUCKET[/PATH]`, `s3:http://...` and `s3:HOST/BUCKET[/PATH]`
/// (https). The bucket follows S3's naming rules; the path has only characters safe in the role's
/// quoting.
fn valid_s3_repository(repo: &str) -> bool {
    let Some(rest) = repo.strip_prefix("s3:") else {
        return false;
    };
    let rest = rest
        .strip_prefix("https://")
        .or_else(|| rest.strip_prefix("http://"))
        .unwrap_or(rest);
    let mut parts = rest.splitn(3, '/');
    let (Some(authority), Some(bucket)) = (parts.next(), parts.next()) else {
        return false;
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && !host.starts_with(['.', '-']);
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p > 0));
    let bucket_ok = (3..=63).contains(&bucket.len())
        && bucket
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && bucket.starts_with(|c: char| c.is_ascii_alphanumeric())
        && bucket.ends_with(|c: char| c.is_ascii_alphanumeric());
    let path_ok = parts.next().is_none_or(|p| {
        !p.is_empty()
            && p.split('/')
                .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'))
    });
    host_ok && port_ok && bucket_ok && path_ok
}

/// An S3 access key id or secret key: printable ASCII without spaces, quotes, backslashes or `$`, so
/// it passes unchanged through restic's environment file (systemd's and the shell's reading alike).
pub fn valid_s3_credential(value: &str) -> bool {
    (3..=256).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '\\' | '$' | '`'))
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnsibleSetup {
    /// Folder with `venv/` and `collections/` (default: `vereint provision setup-ansible`'s folder).
    pub home: Option<PathBuf>,
}

/// A site file that failed to load: the file, the key (when known) and what to do.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct SiteError {
    pub file: String,
    pub key: Option<String>,
    pub message: String,
}

impl Site {
    /// Reads and validates a site file; relative paths in it are taken relative to its folder.
    pub fn load(path: &Path, lang: Lang) -> Result<Site, SiteError> {
        let text = std::fs::read_to_string(path).map_err(|e| SiteError {
            file: path.display().to_string(),
            key: None,
            message: tf(Msg::ProvSiteRead, lang, &[("error", &e)]),
        })?;
        let mut site = Site::parse(&text, &path.display().to_string(), lang)?;
        let base = path.parent().unwrap_or(Path::new("."));
        site.resolve_paths(base);
        Ok(site)
    }

    pub fn parse(text: &str, file: &str, lang: Lang) -> Result<Site, SiteError> {
        let de = toml::Deserializer::parse(text).map_err(|e| SiteError {
            file: file.into(),
            key: None,
            message: e.to_string().trim().to_string(),
        })?;
        let key_error = |key: String, message: String| SiteError {
            file: file.into(),
            message: tf(
                Msg::ProvSiteKey,
                lang,
                &[("key", &key), ("error", &message)],
            ),
            key: Some(key),
        };
        let site: Site = serde_path_to_error::deserialize(de).map_err(|e| {
            let key = e.path().to_string();
            let inner = e.into_inner();
            key_error(key, inner.message().trim().to_string())
        })?;
        site.validate(lang)
            .map_err(|(key, message)| key_error(key, message))?;
        Ok(site)
    }

    fn resolve_paths(&mut self, base: &Path) {
        let fix = |p: &mut PathBuf| {
            if let Some(rest) = p.to_str().and_then(|s| s.strip_prefix("~/"))
                && let Some(home) = std::env::var_os("HOME")
            {
                *p = PathBuf::from(home).join(rest);
            } else if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        for h in &mut self.hosts {
            if let Some(k) = &mut h.ssh.key {
                fix(k);
            }
        }
        if let Some(d) = &mut self.directory
            && let Some(f) = &mut d.enrollment_token_file
        {
            fix(f);
        }
        if let Some(f) = &mut self.tls.acme_ca_bundle {
            fix(f);
        }
        if let Some(f) = self
            .backup
            .as_mut()
            .and_then(|b| b.s3_secret_access_key_file.as_mut())
        {
            fix(f);
        }
        if let Some(h) = &mut self.ansible.home {
            fix(h);
        }
    }

    /// Checks what serde cannot: names, combinations, required domains. Err: (key, message).
    fn validate(&self, lang: Lang) -> Result<(), (String, String)> {
        let err = |key: String, msg: Msg, args: &[(&str, &dyn std::fmt::Display)]| {
            Err((key, tf(msg, lang, args)))
        };
        if self.hosts.is_empty() {
            return err("hosts".into(), Msg::ProvSiteNoHosts, &[]);
        }
        if !self.contact_email.contains('@') {
            return err("contact_email".into(), Msg::ProvSiteEmail, &[]);
        }
        let mut names = std::collections::BTreeSet::new();
        for (i, h) in self.hosts.iter().enumerate() {
            let key = |k: &str| format!("hosts[{i}].{k}");
            if !valid_host_name(&h.name) {
                return err(key("name"), Msg::ProvSiteHostName, &[("name", &h.name)]);
            }
            if !names.insert(h.name.as_str()) {
                return err(key("name"), Msg::ProvSiteHostTwice, &[("name", &h.name)]);
            }
            if !valid_address(&h.address) {
                return err(key("address"), Msg::ProvSiteAddress, &[]);
            }
            if h.services.is_empty() {
                return err(key("services"), Msg::ProvSiteNoServices, &[]);
            }
            let has = |s| h.services.contains(&s);
            if has(Service::Coturn) && !has(Service::Mattermost) {
                return err(key("services"), Msg::ProvSiteCoturnAlone, &[]);
            }
            if has(Service::Agent) && !has(Service::Mattermost) && !has(Service::Bigbluebutton) {
                return err(key("services"), Msg::ProvSiteAgentAlone, &[]);
            }
            if has(Service::Agent) && self.directory.is_none() {
                return err(key("services"), Msg::ProvSiteAgentNoDirectory, &[]);
            }
            if has(Service::Mattermost) && has(Service::Bigbluebutton) {
                return err(key("services"), Msg::ProvSiteBbbShared, &[]);
            }
            check_vars(&h.vars, &key("vars"), lang)?;
        }
        let needs = |s: Service| self.hosts.iter().any(|h| h.services.contains(&s));
        for (service, domain, key) in [
            (
                Service::Mattermost,
                &self.domains.mattermost,
                "domains.mattermost",
            ),
            (
                Service::Bigbluebutton,
                &self.domains.bigbluebutton,
                "domains.bigbluebutton",
            ),
            (
                Service::Directory,
                &self.domains.directory,
                "domains.directory",
            ),
        ] {
            match domain {
                None if needs(service) => {
                    return err(
                        key.into(),
                        Msg::ProvSiteDomainMissing,
                        &[("service", &service.as_str())],
                    );
                }
                Some(d) if !valid_domain(d) => {
                    return err(key.into(), Msg::ProvSiteDomainBad, &[("domain", d)]);
                }
                _ => {}
            }
        }
        if needs(Service::Mattermost) {
            let v = &self.versions;
            if v.mattermost.as_deref().is_none_or(str::is_empty) {
                return err("versions.mattermost".into(), Msg::ProvSiteVersion, &[]);
            }
            if !v.mattermost_sha256.as_deref().is_some_and(valid_sha256) {
                return err("versions.mattermost_sha256".into(), Msg::ProvSiteSha, &[]);
            }
        }
        match self.tls.mode {
            TlsMode::Acme if self.tls.acme_server.is_none() => {
                return err("tls.acme_server".into(), Msg::ProvSiteAcmeServer, &[]);
            }
            TlsMode::Acme | TlsMode::Letsencrypt
                if !self.tls.email.as_deref().is_some_and(|e| e.contains('@')) =>
            {
                return err("tls.email".into(), Msg::ProvSiteAcmeEmail, &[]);
            }
            TlsMode::Files if self.tls.cert_file.is_none() || self.tls.key_file.is_none() => {
                return err("tls.cert_file".into(), Msg::ProvSiteTlsFiles, &[]);
            }
            _ => {}
        }
        if let Some(d) = &self.directory
            && !(d.url.starts_with("https://") || d.url.starts_with("http://"))
        {
            return err("directory.url".into(), Msg::ProvSiteDirectoryUrl, &[]);
        }
        if let Some(b) = &self.backup
            && let Err((key, msg)) = b.validate(self)
        {
            return err(key, msg, &[]);
        }
        check_vars(&self.vars, "vars", lang)
    }

    pub fn host(&self, name: &str) -> Option<&Host> {
        self.hosts.iter().find(|h| h.name == name)
    }

    pub fn uses(&self, service: Service) -> bool {
        self.hosts.iter().any(|h| h.services.contains(&service))
    }
}

fn check_vars(
    vars: &BTreeMap<String, toml::Value>,
    at: &str,
    lang: Lang,
) -> Result<(), (String, String)> {
    for name in vars.keys() {
        let key = format!("{at}.{name}");
        if SECRET_VARS.contains(&name.as_str()) {
            return Err((key, tf(Msg::ProvSiteSecretVar, lang, &[("name", name)])));
        }
        if !VAR_PREFIXES.iter().any(|p| name.starts_with(p)) {
            return Err((
                key,
                tf(
                    Msg::ProvSiteVarPrefix,
                    lang,
                    &[("name", name), ("prefixes", &VAR_PREFIXES.join(", "))],
                ),
            ));
        }
    }
    Ok(())
}

/// A host's name in the site file: letters, digits, `-` and `_`.
pub(crate) fn valid_host_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// One IP address or DNS name, as SSH takes it.
pub(crate) fn valid_address(address: &str) -> bool {
    !address.is_empty()
        && !address
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ',')
}

pub(crate) fn valid_sha256(s: &str) -> bool {
    s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit())
}

pub(crate) fn valid_domain(d: &str) -> bool {
    d.parse::<IpAddr>().is_err()
        && d.contains('.')
        && d.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const GOOD: &str = r#"
organisation = "Sportverein Musterstadt e.V."
contact_email = "it@sv-musterstadt.de"
[tls]
mode = "letsencrypt"
email = "it@sv-musterstadt.de"
[domains]
mattermost = "chat.sv-musterstadt.de"
[versions]
mattermost = "10.11.1"
mattermost_sha256 = "0000000000000000000000000000000000000000000000000000000000000000"
[[hosts]]
name = "chat"
address = "203.0.113.10"
services = ["mattermost", "coturn"]
"#;

    fn parse(text: &str) -> Result<Site, SiteError> {
        Site::parse(text, "site.toml", Lang::En)
    }

    #[test]
    fn a_good_site_parses_with_defaults() {
        let site = parse(GOOD).unwrap();
        assert_eq!(site.hosts[0].ssh, Ssh::default());
        assert_eq!(site.tls.mode, TlsMode::Letsencrypt);
        assert!(site.uses(Service::Coturn));
    }

    #[rstest]
    #[case::unknown_top_key("colour = \"red\"\n", "colour", "unknown field")]
    #[case::unknown_host_key(
        "[[hosts]]\nname=\"x\"\naddress=\"a\"\nservices=[]\nport=1\n",
        "hosts",
        "unknown field `port`"
    )]
    #[case::bad_service(
        "[[hosts]]\nname=\"b\"\naddress=\"10.0.0.2\"\nservices=[\"jitsi\"]\n",
        "hosts[1].services",
        "jitsi"
    )]
    #[case::ssh_port_text(
        "[[hosts]]\nname=\"b\"\naddress=\"10.0.0.2\"\nservices=[\"directory\"]\n[hosts.ssh]\nport=\"22\"\n",
        "hosts[1].ssh.port",
        "invalid type"
    )]
    fn serde_errors_name_the_key(#[case] extra: &str, #[case] key: &str, #[case] text: &str) {
        let e = parse(&format!("{GOOD}{extra}")).unwrap_err();
        let shown = e.to_string();
        assert!(shown.starts_with("site.toml: "), "{shown}");
        assert!(shown.contains(key), "{shown} lacks {key}");
        assert!(shown.contains(text), "{shown} lacks {text}");
    }

    #[rstest]
    #[case::host_twice(
        "services = [\"mattermost\", \"coturn\"]",
        "services = [\"mattermost\", \"coturn\"]\n[[hosts]]\nname = \"chat\"\naddress = \"x\"\nservices = [\"directory\"]",
        "hosts[1].name",
        "twice"
    )]
    #[case::bad_name("name = \"chat\"", "name = \"chat host\"", "hosts[0].name", "letters")]
    #[case::no_services(
        "services = [\"mattermost\", \"coturn\"]",
        "services = []",
        "hosts[0].services",
        "no services"
    )]
    #[case::coturn_alone(
        "services = [\"mattermost\", \"coturn\"]",
        "services = [\"directory\", \"coturn\"]",
        "hosts[0].services",
        "coturn"
    )]
    #[case::agent_without_directory(
        "services = [\"mattermost\", \"coturn\"]",
        "services = [\"mattermost\", \"agent\"]",
        "hosts[0].services",
        "[directory]"
    )]
    #[case::bbb_with_mm(
        "services = [\"mattermost\", \"coturn\"]",
        "services = [\"mattermost\", \"bigbluebutton\"]",
        "hosts[0].services",
        "own server"
    )]
    #[case::no_domain(
        "mattermost = \"chat.sv-musterstadt.de\"",
        "",
        "domains.mattermost",
        "no domain"
    )]
    #[case::ip_as_domain(
        "mattermost = \"chat.sv-musterstadt.de\"",
        "mattermost = \"203.0.113.10\"",
        "domains.mattermost",
        "not a valid DNS name"
    )]
    #[case::no_version("mattermost = \"10.11.1\"", "", "versions.mattermost", "version")]
    #[case::short_sha(
        "0000000000000000000000000000000000000000000000000000000000000000",
        "00",
        "versions.mattermost_sha256",
        "SHA-256"
    )]
    #[case::no_email("\nemail = \"it@sv-musterstadt.de\"", "", "tls.email", "e-mail")]
    #[case::acme_without_server(
        "mode = \"letsencrypt\"",
        "mode = \"acme\"",
        "tls.acme_server",
        "ACME"
    )]
    #[case::bad_contact(
        "contact_email = \"it@sv-musterstadt.de\"",
        "contact_email = \"nobody\"",
        "contact_email",
        "e-mail"
    )]
    #[case::secret_var(
        "[[hosts]]",
        "[vars]\nmattermost_db_password = \"x\"\n[[hosts]]",
        "vars.mattermost_db_password",
        "generated"
    )]
    #[case::unprefixed_var("[[hosts]]", "[vars]\nport = 1\n[[hosts]]", "vars.port", "prefix")]
    #[case::backup_not_sftp(
        "[[hosts]]",
        "[backup]\nrepository = \"/var/backups\"\n[[hosts]]",
        "backup.repository",
        "sftp:USER@HOST:/PATH"
    )]
    #[case::backup_bad_time(
        "[[hosts]]",
        "[backup]\nrepository = \"sftp:restic@b.example.org:/srv/r\"\ntime = \"25:00\"\n[[hosts]]",
        "backup.time",
        "HH:MM"
    )]
    #[case::backup_unknown_target(
        "[[hosts]]",
        "[backup]\nrepository = \"sftp:restic@b.example.org:/srv/r\"\ntarget_host = \"nas\"\n[[hosts]]",
        "backup.target_host",
        "no such host"
    )]
    #[case::s3_no_bucket(
        "[[hosts]]",
        "[backup]\nrepository = \"s3:https://s3.example.org\"\n[[hosts]]",
        "backup.repository",
        "s3:https://HOST[:PORT]/BUCKET[/PATH]"
    )]
    #[case::s3_bucket_upper_case(
        "[[hosts]]",
        "[backup]\nrepository = \"s3:https://s3.example.org/Club_Backups\"\n[[hosts]]",
        "backup.repository",
        "lowercase"
    )]
    #[case::s3_bad_port(
        "[[hosts]]",
        "[backup]\nrepository = \"s3:https://s3.example.org:99999/club\"\n[[hosts]]",
        "backup.repository",
        "s3:https://"
    )]
    #[case::s3_quote_in_path(
        "[[hosts]]",
        "[backup]\nrepository = \"s3:https://s3.example.org/club/a'b\"\n[[hosts]]",
        "backup.repository",
        "s3:https://"
    )]
    #[case::s3_without_keys(
        "[[hosts]]",
        "[backup]\nrepository = \"s3:https://s3.example.org/club\"\n[[hosts]]",
        "backup.s3_access_key_id",
        "s3_secret_access_key_file"
    )]
    #[case::s3_without_secret_file(
        "[[hosts]]",
        "[backup]\nrepository = \"s3:https://s3.example.org/club\"\ns3_access_key_id = \"AKIA1234\"\n[[hosts]]",
        "backup.s3_secret_access_key_file",
        "0600"
    )]
    #[case::s3_key_id_with_space(
        "[[hosts]]",
        "[backup]\nrepository = \"s3:https://s3.example.org/club\"\ns3_access_key_id = \"AKIA 1234\"\ns3_secret_access_key_file = \"s3.key\"\n[[hosts]]",
        "backup.s3_access_key_id",
        "without spaces"
    )]
    #[case::s3_with_target_host(
        "[[hosts]]",
        "[backup]\nrepository = \"s3:https://s3.example.org/club\"\ns3_access_key_id = \"AKIA1234\"\ns3_secret_access_key_file = \"s3.key\"\ntarget_host = \"chat\"\n[[hosts]]",
        "backup.target_host",
        "leave it out"
    )]
    #[case::s3_keys_for_sftp(
        "[[hosts]]",
        "[backup]\nrepository = \"sftp:restic@b.example.org:/srv/r\"\ns3_access_key_id = \"AKIA1234\"\n[[hosts]]",
        "backup.s3_access_key_id",
        "only for S3"
    )]
    fn bad_sites_say_where_and_what(
        #[case] from: &str,
        #[case] to: &str,
        #[case] key: &str,
        #[case] text: &str,
    ) {
        let bad = GOOD.replacen(from, to, 1);
        assert_ne!(bad, GOOD, "case does not change the file");
        let e = parse(&bad).unwrap_err();
        assert_eq!(e.key.as_deref(), Some(key), "{e}");
        assert!(e.to_string().contains(text), "{e} lacks {text}");
    }

    #[test]
    fn relative_paths_are_taken_from_the_site_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.toml");
        let text = GOOD.replace(
            "services = [\"mattermost\", \"coturn\"]",
            "services = [\"mattermost\", \"coturn\"]\nssh = { key = \"keys/id\" }",
        );
        std::fs::write(&path, text).unwrap();
        let site = Site::load(&path, Lang::En).unwrap();
        assert_eq!(site.hosts[0].ssh.key, Some(dir.path().join("keys/id")));
    }

    #[test]
    fn a_site_without_hosts_says_to_add_one() {
        let (head, _) = GOOD.split_once("[[hosts]]").unwrap();
        let e = parse(&format!("hosts = []\n{head}")).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("hosts"));
        assert!(e.to_string().contains("no hosts"), "{e}");
    }

    #[test]
    fn german_errors_too() {
        let e = Site::parse(&GOOD.replace("10.11.1", ""), "s.toml", Lang::De).unwrap_err();
        assert!(e.to_string().contains("Version"), "{e}");
    }

    #[rstest]
    #[case::https("s3:https://s3.example.org/club-backups")]
    #[case::https_port_path("s3:https://10.203.1.1:9000/vereint-test/site")]
    #[case::http("s3:http://minio.lan:9000/backups/sv/2026")]
    #[case::aws_short("s3:s3.eu-central-1.amazonaws.com/sv.musterstadt")]
    fn s3_repositories_in_restics_forms_parse(#[case] repo: &str) {
        let text = GOOD.replacen(
            "[[hosts]]",
            &format!(
                "[backup]\nrepository = \"{repo}\"\ns3_access_key_id = \"AKIA1234\"\ns3_secret_access_key_file = \"s3.key\"\n[[hosts]]"
            ),
            1,
        );
        let b = parse(&text).unwrap().backup.unwrap();
        assert!(b.is_s3());
        assert_eq!(b.s3_access_key_id.as_deref(), Some("AKIA1234"));
    }

    #[test]
    fn german_s3_errors_too() {
        let text = GOOD.replacen(
            "[[hosts]]",
            "[backup]\nrepository = \"s3:https://s3.example.org/x\"\n[[hosts]]",
            1,
        );
        let e = Site::parse(&text, "s.toml", Lang::De).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("backup.repository"));
        assert!(e.to_string().contains("Kleinbuchstaben"), "{e}");
    }

    #[test]
    fn s3_credentials_refuse_what_the_env_file_would_change() {
        assert!(valid_s3_credential(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        ));
        for bad in [
            "ab", "a b c", "ab'c", "ab\"c", "ab\\c", "ab$c", "ab`c", "abc\n",
        ] {
            assert!(!valid_s3_credential(bad), "{bad:?}");
        }
    }
}
