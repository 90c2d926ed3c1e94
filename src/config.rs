//! Configuration, layered with figment: built-in defaults < /etc/vereint/vereint.toml <
//! $XDG_CONFIG_HOME/vereint/vereint.toml < `--config FILE` < `VEREINT_*` environment (`__` nests).

use std::path::{Path, PathBuf};

use anyhow::bail;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::{Figment, Profile, Source};
use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Msg, tf};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Language of the interface; unset means: from the locale.
    pub lang: Option<Lang>,
    pub ui: Ui,
    pub catalog: CatalogSettings,
    pub directory: DirectorySettings,
    pub health: HealthSettings,
    /// `[agent]`, written by the vereint_agent Ansible role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<AgentSettings>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ui {
    pub theme: ThemeName,
    pub mouse: bool,
}

impl Default for Ui {
    fn default() -> Self {
        Ui {
            theme: ThemeName::Default,
            mouse: true,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    #[default]
    Default,
    HighContrast,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CatalogSettings {
    /// A catalogue folder to use instead of the embedded one.
    pub dir: Option<PathBuf>,
}

/// A secret from the configuration: never printed, never serialised.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("***")
    }
}

/// Reads a secret from `value` (env or file setting) or from the file `file`; trims a trailing newline.
/// Errors name the file, the setting and what to do, in the user's language; never the secret.
pub fn read_secret(
    value: Option<&Secret>,
    file: Option<&Path>,
    key: &str,
) -> anyhow::Result<Option<String>> {
    if let Some(v) = value.filter(|v| !v.0.trim().is_empty()) {
        return Ok(Some(v.0.trim().to_string()));
    }
    let Some(file) = file else { return Ok(None) };
    read_secret_file(file, key, Lang::current()).map(Some)
}

/// The secret in `file` (setting `key`), trimmed; the errors in `lang`.
pub fn read_secret_file(file: &Path, key: &str, lang: Lang) -> anyhow::Result<String> {
    let shown = file.display();
    let text = std::fs::read_to_string(file).map_err(|e| {
        let args: [(&str, &dyn std::fmt::Display); 3] = [
            ("file", &shown),
            ("key", &key),
            ("error", &crate::i18n::io_error(&e, lang)),
        ];
        let msg = match e.kind() {
            std::io::ErrorKind::NotFound => Msg::SecretFileMissing,
            std::io::ErrorKind::PermissionDenied => Msg::SecretFileDenied,
            std::io::ErrorKind::InvalidData => Msg::SecretFileNotText,
            _ => Msg::SecretFileUnreadable,
        };
        anyhow::anyhow!(tf(msg, lang, &args))
    })?;
    let text = text.trim();
    if text.is_empty() {
        bail!(tf(
            Msg::SecretFileEmpty,
            lang,
            &[("file", &shown), ("key", &key)]
        ));
    }
    Ok(text.to_string())
}

/// Refuses a file holding `what` (a secret) that others than its owner may read.
#[cfg(unix)]
pub fn check_private(path: &Path, what: Msg, lang: Lang) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| {
            anyhow::anyhow!(tf(
                Msg::SecretFileNoMode,
                lang,
                &[
                    ("file", &path.display()),
                    ("error", &crate::i18n::io_error(&e, lang))
                ]
            ))
        })?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        bail!(tf(
            Msg::SecretFileOpen,
            lang,
            &[
                ("file", &path.display()),
                ("what", &what.text(lang)),
                ("mode", &format!("{:o}", mode & 0o777)),
            ]
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn check_private(_: &Path, _: Msg, _: Lang) -> anyhow::Result<()> {
    Ok(())
}

/// `[directory]`: the central directory server (`vereint directory serve`) and its admin CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DirectorySettings {
    /// Address to listen on.
    pub bind: String,
    /// The URL clients use to reach this directory (links, and the admin CLI's default target).
    pub public_url: Option<String>,
    /// `postgres://...` for PostgreSQL; a path or `sqlite://PATH` for SQLite. Default: a SQLite file in
    /// the data dir.
    pub database_url: Option<String>,
    /// File holding the admin bearer token; or env `VEREINT_DIRECTORY__ADMIN_TOKEN`.
    pub admin_token_file: Option<PathBuf>,
    /// Set from env `VEREINT_DIRECTORY__ADMIN_TOKEN`; never put it on a command line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_token: Option<Secret>,
    /// Run the integrations right away for new bookings.
    pub auto_approve: bool,
    /// Proxies whose `X-Forwarded-For` is believed (IP addresses or CIDR ranges).
    pub trusted_proxies: Vec<String>,
    pub rate_limit: RateLimitSettings,
    /// Largest accepted request body in bytes.
    pub body_limit: usize,
    /// Time a client has to send a request's headers, from connecting or from the previous answer
    /// (so also the idle keep-alive timeout), in milliseconds.
    pub header_timeout_ms: u64,
    /// Time a client has to send a request's body, from its headers, in milliseconds.
    pub body_timeout_ms: u64,
    /// Connections open at once (kept below the open-files limit); beyond, idle ones are closed
    /// to make room, and when all are busy new ones get a 503.
    pub max_connections: usize,
    /// Days an enrollment token stays valid.
    pub enrollment_days: u32,
    pub bbb: BbbSettings,
    pub mattermost: MattermostSettings,
    pub smtp: Option<SmtpSettings>,
    pub notify: NotifySettings,
    pub checks: DirectoryChecks,
    /// Log level of the server: error, warn, info (default) or debug.
    pub log: String,
}

/// `[directory.checks]`: the directory's own checks of the URLs registered instances publish.
/// Off by default; never reaches loopback, private or link-local addresses unless allow-listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DirectoryChecks {
    /// Seconds between rounds; 0 turns the checks off.
    pub interval_secs: u64,
    /// Seconds one URL may take, redirects included.
    pub timeout_secs: u64,
    /// Address ranges checked even though they are not public (for tests), e.g. "127.0.0.0/8".
    pub allow: Vec<String>,
}

impl Default for DirectoryChecks {
    fn default() -> Self {
        DirectoryChecks {
            interval_secs: 0,
            timeout_secs: 5,
            allow: Vec::new(),
        }
    }
}

impl Default for DirectorySettings {
    fn default() -> Self {
        DirectorySettings {
            bind: "127.0.0.1:8470".into(),
            public_url: None,
            database_url: None,
            admin_token_file: None,
            admin_token: None,
            auto_approve: false,
            trusted_proxies: Vec::new(),
            rate_limit: RateLimitSettings::default(),
            body_limit: 64 * 1024,
            header_timeout_ms: 10_000,
            body_timeout_ms: 20_000,
            max_connections: 10_000,
            enrollment_days: 7,
            bbb: BbbSettings::default(),
            mattermost: MattermostSettings::default(),
            smtp: None,
            notify: NotifySettings::default(),
            checks: DirectoryChecks::default(),
            log: "info".into(),
        }
    }
}

impl DirectorySettings {
    /// Where clients reach the directory: `explicit` (a command's `--url`/`--directory`), else
    /// `public_url`, else the local server's bind address.
    pub fn client_url(&self, explicit: Option<&str>) -> String {
        explicit
            .map(String::from)
            .or_else(|| self.public_url.clone())
            .unwrap_or_else(|| format!("http://{}", self.bind))
    }

    pub fn admin_token(&self) -> anyhow::Result<Option<String>> {
        read_secret(
            self.admin_token.as_ref(),
            self.admin_token_file.as_deref(),
            "directory.admin_token_file",
        )
    }
}

/// Per-client token bucket; `per_second = 0` turns it off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimitSettings {
    pub per_second: f64,
    pub burst: u32,
}

impl Eq for RateLimitSettings {}

impl Default for RateLimitSettings {
    fn default() -> Self {
        RateLimitSettings {
            per_second: 20.0,
            burst: 100,
        }
    }
}

/// `[directory.bbb]`, used by the BigBlueButton integration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BbbSettings {
    /// API base ending in `/bigbluebutton/api/`.
    pub url: Option<String>,
    pub secret_file: Option<PathBuf>,
    /// From env `VEREINT_DIRECTORY__BBB__SECRET`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
    /// "sha1" | "sha256" | "sha384" | "sha512"; default sha256.
    pub checksum: Option<String>,
}

/// `[directory.mattermost]`, used by the Mattermost integration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MattermostSettings {
    /// The server's base URL (what users open), such as `https://chat.example.org`.
    pub url: Option<String>,
    /// File holding the bot's access token.
    pub token_file: Option<PathBuf>,
    /// From env `VEREINT_DIRECTORY__MATTERMOST__TOKEN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<Secret>,
    /// Channels every new team gets.
    pub default_channels: Vec<String>,
    /// The community channel the TUI shows, as `team-name/channel-name`.
    pub community_channel: Option<String>,
    /// File holding a read-only token for the community channel.
    pub community_token_file: Option<PathBuf>,
    /// From env `VEREINT_DIRECTORY__MATTERMOST__COMMUNITY_TOKEN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub community_token: Option<Secret>,
}

impl Default for MattermostSettings {
    fn default() -> Self {
        MattermostSettings {
            url: None,
            token_file: None,
            token: None,
            default_channels: vec!["allgemein".into(), "vorstand".into()],
            community_channel: None,
            community_token_file: None,
            community_token: None,
        }
    }
}

impl MattermostSettings {
    pub fn token(&self) -> anyhow::Result<Option<String>> {
        read_secret(
            self.token.as_ref(),
            self.token_file.as_deref(),
            "directory.mattermost.token_file",
        )
    }

    pub fn community_token(&self) -> anyhow::Result<Option<String>> {
        read_secret(
            self.community_token.as_ref(),
            self.community_token_file.as_deref(),
            "directory.mattermost.community_token_file",
        )
    }
}

/// `[directory.smtp]`: where the directory's mail goes out. Without it nothing is mailed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmtpSettings {
    /// lettre's form: `smtps://host:465`, `smtp://host:587?tls=required` (STARTTLS), plain
    /// `smtp://host:port` only to a loopback address.
    pub url: String,
    /// The sender: `noreply@example.org` or `Verein <noreply@example.org>`.
    pub from: String,
    pub username: Option<String>,
    /// File holding the SMTP password; or env `VEREINT_DIRECTORY__SMTP__PASSWORD`.
    pub password_file: Option<PathBuf>,
    /// From env `VEREINT_DIRECTORY__SMTP__PASSWORD`; never on a command line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// Extra CA certificates (PEM) trusted for the SMTP server besides the webpki roots.
    pub ca_file: Option<PathBuf>,
    /// Messages sent at once, each on a connection kept for the next one (default 4): as many as
    /// the mail provider lets one client hold.
    pub connections: Option<usize>,
}

impl SmtpSettings {
    pub fn password(&self) -> anyhow::Result<Option<String>> {
        read_secret(
            self.password.as_ref(),
            self.password_file.as_deref(),
            "directory.smtp.password_file",
        )
    }
}

/// `[directory.notify]`: who else is told, and how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NotifySettings {
    /// Operators told about every new booking request.
    pub operator_emails: Vec<String>,
    /// A Mattermost incoming webhook (`https://chat.example.org/hooks/KEY`) for instance alerts.
    pub mattermost_webhook_url: Option<Secret>,
    /// A generic JSON POST for instance alerts, signed with HMAC-SHA256.
    pub webhook_url: Option<String>,
    pub webhook_secret_file: Option<PathBuf>,
    /// Consecutive critical reports before an instance's contact is alerted.
    pub alert_after: u32,
    /// Seconds before the first retry of a delivery; each next wait doubles, up to 15 minutes.
    pub retry_first_secs: u64,
    /// At most this many mails per recipient address per hour (operators excepted).
    pub per_recipient_per_hour: u32,
}

impl Default for NotifySettings {
    fn default() -> Self {
        NotifySettings {
            operator_emails: Vec::new(),
            mattermost_webhook_url: None,
            webhook_url: None,
            webhook_secret_file: None,
            alert_after: 2,
            retry_first_secs: 10,
            per_recipient_per_hour: 10,
        }
    }
}

/// `[health]`: secrets and trust for `vereint health` and the agent's checks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HealthSettings {
    /// File with the BBB shared secret (for the signed getMeetings check).
    pub bbb_secret_file: Option<PathBuf>,
    /// File with coturn's `static-auth-secret` (for an allocation with REST credentials).
    pub turn_secret_file: Option<PathBuf>,
    /// Extra CA certificates (PEM) trusted besides the webpki roots.
    pub ca_file: Option<PathBuf>,
}

/// `[agent]`: what `vereint agent run` checks and where it reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentSettings {
    pub directory_url: String,
    /// The instance secret (HMAC key of the reports); empty: check without reporting.
    #[serde(default)]
    pub token: Secret,
    pub instance_id: String,
    #[serde(default = "default_interval")]
    pub interval_secs: u64,
    pub state_dir: PathBuf,
    #[serde(default)]
    pub checks: Vec<AgentCheck>,
}

fn default_interval() -> u64 {
    60
}

/// `[[agent.checks]]`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentCheck {
    /// "http", "tls", "bbb", "mattermost", "stun", "turn", "dns" or "backup" (a local state dir).
    pub kind: String,
    pub target: String,
}

/// The XDG data dir: `$XDG_DATA_HOME/vereint` or `~/.local/share/vereint`.
pub fn data_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .map(|base| base.join("vereint"))
}

/// The XDG cache dir: `$XDG_CACHE_HOME/vereint` or `~/.cache/vereint`.
pub fn cache_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .map(|base| base.join("vereint"))
}

/// Where the configuration files are looked for.
#[derive(Debug, Clone)]
pub struct Paths {
    pub system: PathBuf,
    pub user: Option<PathBuf>,
}

impl Paths {
    pub fn from_env() -> Self {
        let user = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
            .map(|base| base.join("vereint").join("vereint.toml"));
        Paths {
            system: PathBuf::from("/etc/vereint/vereint.toml"),
            user,
        }
    }
}

pub const ENV_PREFIX: &str = "VEREINT_";

/// The environment variable of a setting, as the user wrote it: `ui.theme` -> `VEREINT_UI__THEME`
/// (whatever the case of the variable that is set).
pub fn env_var<'a>(path: impl IntoIterator<Item = &'a str>) -> String {
    let name = format!(
        "{ENV_PREFIX}{}",
        path.into_iter()
            .collect::<Vec<_>>()
            .join("__")
            .to_uppercase()
    );
    std::env::vars()
        .map(|(k, _)| k)
        .find(|k| k.eq_ignore_ascii_case(&name))
        .unwrap_or(name)
}

mod problems;

pub use problems::ConfigError;

/// The layered sources, lowest first. `explicit` is `--config FILE` and must exist. A file that is
/// not TOML is refused here, with its line.
pub fn figment(paths: &Paths, explicit: Option<&Path>, lang: Lang) -> Result<Figment, ConfigError> {
    let mut figment = Figment::from(Serialized::from(Config::default(), Profile::Default));
    for file in std::iter::once(&paths.system).chain(&paths.user) {
        if file.exists() {
            problems::check_syntax(file, lang)?;
            figment = figment.merge(Toml::file_exact(file));
        }
    }
    if let Some(file) = explicit {
        if !file.is_file() {
            return Err(ConfigError(tf(
                Msg::ConfigNoFile,
                lang,
                &[("file", &file.display())],
            )));
        }
        problems::check_syntax(file, lang)?;
        figment = figment.merge(Toml::file_exact(file));
    }
    Ok(figment.merge(Env::prefixed(ENV_PREFIX).split("__")))
}

/// The settings of `figment`, or what is wrong with them (file, line, key as written, suggestion).
pub fn extract(figment: &Figment, lang: Lang) -> Result<Config, ConfigError> {
    figment.extract().map_err(|e| problems::describe(e, lang))
}

pub fn load(
    paths: &Paths,
    explicit: Option<&Path>,
    lang: Lang,
) -> Result<(Config, Figment), ConfigError> {
    let figment = figment(paths, explicit, lang)?;
    Ok((extract(&figment, lang)?, figment))
}

/// One effective setting and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting {
    pub key: String,
    pub value: serde_json::Value,
    pub source: String,
}

pub fn settings(config: &Config, figment: &Figment) -> Vec<Setting> {
    sources(&serde_json::to_value(config).unwrap_or_default(), figment)
}

/// The settings as written, even when they are invalid (unknown keys, wrong types), so that
/// `vereint config show` can say which file a wrong key is in. Secrets show as `***`.
pub fn raw_settings(figment: &Figment) -> Vec<Setting> {
    let value: serde_json::Value = figment.extract().unwrap_or_default();
    let mut settings = sources(&value, figment);
    for s in &mut settings {
        let leaf = s.key.rsplit('.').next().unwrap_or("");
        if [
            "admin_token",
            "secret",
            "token",
            "community_token",
            "password",
        ]
        .contains(&leaf)
        {
            s.value = serde_json::Value::String("***".into());
        }
    }
    settings
}

fn sources(value: &serde_json::Value, figment: &Figment) -> Vec<Setting> {
    let mut out = Vec::new();
    walk("", value, &mut |key, value| {
        let source = figment
            .find_metadata(key)
            .map(|m| match &m.source {
                Some(Source::File(path)) => path.display().to_string(),
                Some(Source::Code(_)) => "default".to_string(),
                _ if m.name.contains(ENV_PREFIX) => env_var(key.split('.')),
                _ => m.name.to_string(),
            })
            .unwrap_or_else(|| "default".to_string());
        out.push(Setting {
            key: key.to_string(),
            value: value.clone(),
            source,
        });
    });
    out
}

fn walk(prefix: &str, value: &serde_json::Value, f: &mut dyn FnMut(&str, &serde_json::Value)) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                walk(&key, v, f);
            }
        }
        leaf => f(prefix, leaf),
    }
}

#[cfg(test)]
// figment's Jail closures must return figment's (large) error type
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn secret_files_are_refused_in_the_language_naming_file_and_fix() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.token");
        let e = read_secret_file(&missing, "directory.admin_token_file", Lang::De).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{0} (Einstellung directory.admin_token_file) gibt es nicht: die Datei mit dem Geheimnis anlegen und `chmod 600 {0}` ausführen, oder den Pfad in directory.admin_token_file korrigieren",
                missing.display()
            )
        );
        let e = read_secret_file(&missing, "health.bbb_secret_file", Lang::En).unwrap_err();
        assert!(e.to_string().contains("does not exist"), "{e}");
        let empty = dir.path().join("empty.token");
        std::fs::write(&empty, "\n").unwrap();
        let e = read_secret_file(&empty, "health.turn_secret_file", Lang::De).unwrap_err();
        assert!(e.to_string().contains("ist leer"), "{e}");
        let e = read_secret_file(dir.path(), "health.turn_secret_file", Lang::De).unwrap_err();
        assert!(
            e.to_string()
                .contains("lässt sich nicht lesen: ist ein Ordner"),
            "{e}"
        );

        let open = dir.path().join("agent.toml");
        std::fs::write(&open, "[agent]\ntoken = \"s3cr3t-value\"\n").unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = check_private(&open, Msg::SecretWhatAgentToken, Lang::De).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{0} enthält das Agent-Token, ist aber für andere lesbar (Modus 644): `chmod 600 {0}` ausführen",
                open.display()
            )
        );
        assert!(!e.to_string().contains("s3cr3t"));
        let e = check_private(&open, Msg::SecretWhatAgentToken, Lang::En).unwrap_err();
        assert!(
            e.to_string().contains("others may read it (mode 644)"),
            "{e}"
        );
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(check_private(&open, Msg::SecretWhatAgentToken, Lang::De).is_ok());
        assert_eq!(
            read_secret_file(&open, "k", Lang::De).unwrap(),
            "[agent]\ntoken = \"s3cr3t-value\""
        );
    }

    fn paths(jail: &Jail) -> Paths {
        let dir = jail.directory();
        Paths {
            system: dir.join("system.toml"),
            user: Some(dir.join("user.toml")),
        }
    }

    #[test]
    fn layers_override_in_order() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "system.toml",
                "lang = \"en\"\n[ui]\ntheme = \"high-contrast\"\nmouse = false",
            )?;
            jail.create_file("user.toml", "lang = \"de\"")?;
            jail.create_file("extra.toml", "[ui]\nmouse = true")?;
            jail.set_env("VEREINT_UI__THEME", "default");
            let p = paths(jail);
            let (c, fig) = load(&p, Some(Path::new("extra.toml")), Lang::En).unwrap();
            assert_eq!(c.lang, Some(Lang::De));
            assert!(c.ui.mouse);
            assert_eq!(c.ui.theme, ThemeName::Default);
            let s = settings(&c, &fig);
            let src = |k: &str| s.iter().find(|x| x.key == k).unwrap().source.clone();
            assert!(src("lang").contains("user.toml"), "{}", src("lang"));
            assert!(src("ui.mouse").contains("extra.toml"));
            assert!(src("ui.theme").contains("VEREINT_"), "{}", src("ui.theme"));
            assert_eq!(src("catalog.dir"), "default");
            Ok(())
        });
    }

    #[test]
    fn unknown_key_names_file_and_key() {
        Jail::expect_with(|jail| {
            jail.create_file("user.toml", "[ui]\ncolour = \"red\"")?;
            let err = load(&paths(jail), None, Lang::En).unwrap_err();
            let msg = format!("{err:#}");
            assert!(msg.contains("colour"), "{msg}");
            assert!(msg.contains("user.toml"), "{msg}");
            Ok(())
        });
    }

    #[test]
    fn wrong_type_names_file_and_key() {
        Jail::expect_with(|jail| {
            jail.create_file("system.toml", "[ui]\nmouse = \"sometimes\"")?;
            let msg = format!("{:#}", load(&paths(jail), None, Lang::En).unwrap_err());
            assert!(
                msg.contains("ui.mouse") && msg.contains("system.toml"),
                "{msg}"
            );
            Ok(())
        });
    }

    #[test]
    fn env_with_wrong_value_is_an_error() {
        Jail::expect_with(|jail| {
            jail.set_env("VEREINT_LANG", "fr");
            let msg = format!("{:#}", load(&paths(jail), None, Lang::En).unwrap_err());
            assert!(
                msg.to_lowercase().contains("lang") && msg.contains("VEREINT_"),
                "{msg}"
            );
            Ok(())
        });
    }

    #[test]
    fn directory_settings_from_file_and_env_without_leaking_the_token() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "user.toml",
                "[directory]\nbind = \"0.0.0.0:9000\"\ndatabase_url = \"postgres://x@localhost/d\"\ntrusted_proxies = [\"10.0.0.0/8\"]\n[directory.rate_limit]\nper_second = 5.0",
            )?;
            jail.set_env("VEREINT_DIRECTORY__ADMIN_TOKEN", "tok-from-env");
            let (c, fig) = load(&paths(jail), None, Lang::En).unwrap();
            assert_eq!(c.directory.bind, "0.0.0.0:9000");
            assert_eq!(c.directory.rate_limit.per_second, 5.0);
            assert_eq!(c.directory.rate_limit.burst, 100);
            assert_eq!(
                c.directory.admin_token().unwrap().as_deref(),
                Some("tok-from-env")
            );
            let shown = serde_json::to_string(&settings(&c, &fig)).unwrap();
            assert!(!shown.contains("tok-from-env"), "{shown}");
            assert!(!format!("{:?}", c.directory).contains("tok-from-env"));
            Ok(())
        });
    }

    #[test]
    fn directory_admin_token_from_file() {
        Jail::expect_with(|jail| {
            jail.create_file("token", "abc\n")?;
            jail.create_file("user.toml", "[directory]\nadmin_token_file = \"token\"")?;
            let (c, _) = load(&paths(jail), None, Lang::En).unwrap();
            assert_eq!(c.directory.admin_token().unwrap().as_deref(), Some("abc"));
            Ok(())
        });
    }

    #[test]
    fn smtp_and_notify_from_file_and_env_without_leaking_the_password() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "user.toml",
                "[directory.smtp]\nurl = \"smtp://mail.example.org:587?tls=required\"\nfrom = \"Verein <noreply@example.org>\"\nusername = \"vereint\"",
            )?;
            jail.set_env("VEREINT_DIRECTORY__SMTP__PASSWORD", "pw-from-env");
            jail.set_env(
                "VEREINT_DIRECTORY__NOTIFY__OPERATOR_EMAILS",
                "[\"ops@example.org\"]",
            );
            jail.set_env("VEREINT_DIRECTORY__NOTIFY__ALERT_AFTER", "3");
            jail.set_env("VEREINT_DIRECTORY__SMTP__CONNECTIONS", "2");
            let (c, fig) = load(&paths(jail), None, Lang::En).unwrap();
            let smtp = c.directory.smtp.clone().unwrap();
            assert_eq!(smtp.url, "smtp://mail.example.org:587?tls=required");
            assert_eq!(smtp.connections, Some(2));
            assert_eq!(smtp.password().unwrap().as_deref(), Some("pw-from-env"));
            assert_eq!(c.directory.notify.operator_emails, ["ops@example.org"]);
            assert_eq!(c.directory.notify.alert_after, 3);
            let shown = serde_json::to_string(&settings(&c, &fig)).unwrap();
            assert!(!shown.contains("pw-from-env"), "{shown}");
            assert!(!format!("{:?}", c.directory).contains("pw-from-env"));
            Ok(())
        });
    }

    #[test]
    fn missing_explicit_file_is_an_error() {
        Jail::expect_with(|jail| {
            let msg = format!(
                "{:#}",
                load(&paths(jail), Some(Path::new("nope.toml")), Lang::En).unwrap_err()
            );
            assert!(
                msg.contains("nope.toml") && msg.contains("--config"),
                "{msg}"
            );
            Ok(())
        });
    }
}
