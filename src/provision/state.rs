//! The state dir beside a site file (`site.toml` -> `site.state/`): generated secrets, the registered
//! instance, the inventory and the vars file Ansible reads. Secret files are 0600, the dir 0700.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::site::{Service, Site, TlsMode, valid_s3_credential};
use crate::i18n::{Lang, Msg, file_error, io_failed, t, tf};

/// Secrets generated on first use: (variable, needed when the site uses this service).
const GENERATED: &[(&str, Service)] = &[
    ("mattermost_db_password", Service::Mattermost),
    ("mattermost_admin_password", Service::Mattermost),
    ("coturn_static_auth_secret", Service::Coturn),
    ("bigbluebutton_secret", Service::Bigbluebutton),
    ("vereint_directory_admin_token", Service::Directory),
    ("vereint_directory_db_password", Service::Directory),
];

#[derive(Debug, Clone)]
pub struct State {
    pub dir: PathBuf,
}

/// The directory's answer to the registration, kept for the agent.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    pub secret: String,
    pub directory_url: String,
}

impl State {
    /// `path/to/site.toml` -> `path/to/site.state/`.
    pub fn beside(site_file: &Path) -> State {
        // absolute: ansible-playbook runs in the kit's folder
        let site_file = &std::path::absolute(site_file).unwrap_or_else(|_| site_file.to_path_buf());
        let stem = site_file
            .file_stem()
            .map_or_else(|| "site".into(), |s| s.to_string_lossy().into_owned());
        let dir = site_file
            .parent()
            .unwrap_or(Path::new("."))
            .join(format!("{stem}.state"));
        State { dir }
    }

    pub fn create(&self) -> anyhow::Result<()> {
        let dir = &self.dir.display();
        std::fs::create_dir_all(self.dir.join("logs"))
            .map_err(|e| io_failed(Msg::StateDirCreate, &[("dir", dir)], &e))?;
        std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| io_failed(Msg::StateDirRestrict, &[("dir", dir)], &e))
    }

    pub fn secrets_file(&self) -> PathBuf {
        self.dir.join("secrets.json")
    }
    pub fn instance_file(&self) -> PathBuf {
        self.dir.join("instance.json")
    }
    pub fn vars_file(&self) -> PathBuf {
        self.dir.join("vars.json")
    }
    pub fn inventory_file(&self) -> PathBuf {
        self.dir.join("inventory.json")
    }
    pub fn task_counts_file(&self) -> PathBuf {
        self.dir.join("task-counts.json")
    }
    pub fn last_run_file(&self) -> PathBuf {
        self.dir.join("last-run.json")
    }
    pub fn log_file(&self, command: &str) -> PathBuf {
        let now = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ");
        self.dir.join("logs").join(format!("{command}-{now}.log"))
    }

    /// Loads the secrets, generating the ones the site needs and does not have yet (kept forever after:
    /// a second run must use the same passwords).
    pub fn secrets(&self, site: &Site) -> anyhow::Result<BTreeMap<String, String>> {
        let path = self.secrets_file();
        let mut secrets = self.load_secrets()?;
        let mut added = false;
        let wanted = GENERATED
            .iter()
            .filter(|(_, service)| site.uses(*service))
            .map(|(name, _)| *name)
            .chain(site.backup.as_ref().map(|_| "backup_restic_password"));
        for name in wanted {
            if !secrets.contains_key(name) {
                secrets.insert(name.to_string(), random_secret()?);
                added = true;
            }
        }
        if added {
            write_private(&path, &serde_json::to_vec_pretty(&secrets)?)?;
        }
        Ok(secrets)
    }

    /// An S3 backup repository's secret access key: read from the site's `s3_secret_access_key_file`
    /// into the secrets (0600), so it reaches the hosts like the generated ones; when the file is gone
    /// the copy in the state serves.
    pub fn keep_s3_secret(&self, site: &Site, lang: Lang) -> anyhow::Result<()> {
        const NAME: &str = "backup_s3_secret_access_key";
        let Some(file) = site
            .backup
            .as_ref()
            .filter(|b| b.is_s3())
            .and_then(|b| b.s3_secret_access_key_file.as_ref())
        else {
            return Ok(());
        };
        let problem = |msg: Msg| {
            anyhow::anyhow!(tf(
                Msg::ProvBackupS3Secret,
                lang,
                &[("file", &file.display()), ("problem", &t(msg, lang))]
            ))
        };
        let path = self.secrets_file();
        let mut secrets = self.load_secrets()?;
        let key = match std::fs::metadata(file) {
            Ok(meta) => {
                if meta.permissions().mode() & 0o077 != 0 {
                    return Err(problem(Msg::ProvBackupS3SecretOpen));
                }
                let text = std::fs::read_to_string(file)
                    .map_err(|e| file_error(Msg::FileUnreadable, file, &e))?;
                let key = text.trim().to_string();
                if !valid_s3_credential(&key) {
                    return Err(problem(Msg::ProvBackupS3SecretChars));
                }
                key
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match secrets.get(NAME) {
                Some(_) => return Ok(()),
                None => return Err(problem(Msg::ProvBackupS3SecretMissing)),
            },
            Err(e) => {
                return Err(file_error(Msg::FileUnreadable, file, &e));
            }
        };
        if secrets.get(NAME) != Some(&key) {
            secrets.insert(NAME.into(), key);
            self.create()?;
            write_private(&path, &serde_json::to_vec_pretty(&secrets)?)?;
        }
        Ok(())
    }

    fn load_secrets(&self) -> anyhow::Result<BTreeMap<String, String>> {
        let path = self.secrets_file();
        match read_private(&path, Msg::SecretWhatSiteSecrets)? {
            Some(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| broken(Msg::StateSecretsBroken, &path, &e)),
            None => Ok(BTreeMap::new()),
        }
    }

    pub fn instance(&self) -> anyhow::Result<Option<Instance>> {
        let path = self.instance_file();
        match read_private(&path, Msg::SecretWhatInstance)? {
            Some(bytes) => {
                Ok(Some(serde_json::from_slice(&bytes).map_err(|e| {
                    broken(Msg::StateInstanceBroken, &path, &e)
                })?))
            }
            None => Ok(None),
        }
    }

    pub fn save_instance(&self, instance: &Instance) -> anyhow::Result<()> {
        write_private(&self.instance_file(), &serde_json::to_vec_pretty(instance)?)
    }

    /// Writes the inventory (no secrets) and the 0600 vars file (secrets, instance, this run's extras).
    pub fn render(
        &self,
        site: &Site,
        vereint_binary: &Path,
        extra: &Map<String, Value>,
    ) -> anyhow::Result<()> {
        self.create()?;
        let inventory = inventory(site, vereint_binary);
        write_public(
            &self.inventory_file(),
            &serde_json::to_vec_pretty(&inventory)?,
        )?;
        let mut vars: Map<String, Value> = self
            .secrets(site)?
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        if let Some(i) = self.instance()? {
            vars.insert("vereint_agent_instance_id".into(), i.id.into());
            vars.insert("vereint_agent_token".into(), i.secret.into());
        }
        vars.extend(extra.clone());
        write_private(&self.vars_file(), &serde_json::to_vec_pretty(&vars)?)
    }
}

/// The Ansible inventory (YAML inventory plugin, JSON syntax): groups by service, site-wide variables
/// derived from the site file, per-host connection settings.
pub fn inventory(site: &Site, vereint_binary: &Path) -> Value {
    let mut all_vars = Map::new();
    let mut set = |k: &str, v: Value| {
        all_vars.insert(k.to_string(), v);
    };
    let tls = match site.tls.mode {
        TlsMode::Letsencrypt | TlsMode::Acme => "certbot",
        TlsMode::Selfsigned => "selfsigned",
        TlsMode::Files => "files",
    };
    let binary = vereint_binary.display().to_string();
    set("vereint_agent_binary", binary.clone().into());
    set("vereint_directory_binary", binary.into());
    if let Some(server) = &site.tls.acme_server {
        set("nginx_acme_directory_url", server.clone().into());
    }
    if let Some(email) = &site.tls.email {
        set("nginx_acme_email", email.clone().into());
        set("bigbluebutton_letsencrypt_email", email.clone().into());
    }
    if let Some(bundle) = &site.tls.acme_ca_bundle {
        set("nginx_acme_ca_bundle", bundle.display().to_string().into());
    }
    if let Some(d) = &site.domains.mattermost {
        set("mattermost_domain", d.clone().into());
        set("mattermost_nginx_tls", tls.into());
        set("coturn_realm", d.clone().into());
        if let (Some(c), Some(k)) = (&site.tls.cert_file, &site.tls.key_file) {
            set("mattermost_nginx_cert_file", c.clone().into());
            set("mattermost_nginx_key_file", k.clone().into());
        }
    }
    if let Some(d) = &site.domains.directory {
        set("vereint_directory_domain", d.clone().into());
        set("vereint_directory_tls", tls.into());
        if let (Some(c), Some(k)) = (&site.tls.cert_file, &site.tls.key_file) {
            set("vereint_directory_cert_file", c.clone().into());
            set("vereint_directory_key_file", k.clone().into());
        }
    }
    if let Some(d) = &site.domains.bigbluebutton {
        set("bigbluebutton_hostname", d.clone().into());
    }
    let v = &site.versions;
    if let Some(ver) = &v.mattermost {
        set("mattermost_version", ver.clone().into());
    }
    if let Some(sha) = &v.mattermost_sha256 {
        set("mattermost_sha256", sha.clone().into());
    }
    if let Some(url) = &v.mattermost_url {
        set("mattermost_download_url", url.clone().into());
    }
    set("vereint_agent_checks", default_checks(site));
    if let Some(b) = &site.backup {
        set("backup_repository", b.repository.clone().into());
        set("backup_ssh_port", b.ssh_port.into());
        if let Some(id) = &b.s3_access_key_id {
            set("backup_s3_access_key_id", id.clone().into());
        }
        set("backup_time", b.time.clone().into());
        set("backup_keep_daily", b.keep_daily.into());
        set("backup_keep_weekly", b.keep_weekly.into());
        set("backup_keep_monthly", b.keep_monthly.into());
    }
    for (k, val) in &site.vars {
        set(k, toml_to_json(val));
    }

    let mut groups: BTreeMap<&str, Map<String, Value>> = [
        "mattermost",
        "bigbluebutton",
        "directory",
        "backup_sources",
        "backup_target",
    ]
    .into_iter()
    .map(|g| (g, Map::new()))
    .collect();
    for h in &site.hosts {
        let mut hv = Map::new();
        hv.insert("ansible_host".into(), h.address.clone().into());
        hv.insert("ansible_user".into(), h.ssh.user.clone().into());
        hv.insert("ansible_port".into(), h.ssh.port.into());
        if let Some(key) = &h.ssh.key {
            hv.insert(
                "ansible_ssh_private_key_file".into(),
                key.display().to_string().into(),
            );
        }
        let has = |s| h.services.contains(&s);
        if has(Service::Mattermost) {
            hv.insert("mattermost_with_coturn".into(), has(Service::Coturn).into());
        }
        if has(Service::Agent)
            && let Some(d) = &site.directory
        {
            hv.insert("vereint_agent_directory_url".into(), d.url.clone().into());
        }
        for (k, val) in &h.vars {
            hv.insert(k.clone(), toml_to_json(val));
        }
        for (service, group) in [
            (Service::Mattermost, "mattermost"),
            (Service::Bigbluebutton, "bigbluebutton"),
            (Service::Directory, "directory"),
        ] {
            if has(service) {
                groups
                    .get_mut(group)
                    .expect("known group")
                    .insert(h.name.clone(), Value::Object(hv.clone()));
            }
        }
        if let Some(b) = &site.backup {
            // every host with data is backed up, except the one holding the repository
            let group = if b.target_host.as_deref() == Some(h.name.as_str()) {
                Some("backup_target")
            } else if has(Service::Mattermost)
                || has(Service::Directory)
                || has(Service::Bigbluebutton)
            {
                Some("backup_sources")
            } else {
                None
            };
            if let Some(g) = group {
                groups
                    .get_mut(g)
                    .expect("known group")
                    .insert(h.name.clone(), Value::Object(hv.clone()));
            }
        }
    }
    let children: Map<String, Value> = groups
        .into_iter()
        .map(|(g, hosts)| (g.to_string(), json!({ "hosts": hosts })))
        .collect();
    json!({ "all": { "vars": all_vars, "children": children } })
}

/// What the agent checks when the site does not say: each service it runs, by its public name.
fn default_checks(site: &Site) -> Value {
    let mut checks = Vec::new();
    if let Some(d) = &site.domains.mattermost {
        checks.push(json!({"kind": "mattermost", "target": format!("https://{d}")}));
        if site.uses(Service::Coturn) {
            checks.push(json!({"kind": "stun", "target": format!("{d}:3478")}));
        }
    }
    if let Some(d) = &site.domains.bigbluebutton {
        checks.push(json!({"kind": "bbb", "target": format!("https://{d}/bigbluebutton/api")}));
    }
    if site.backup.is_some() {
        // the backup role's state dir (backup_state_dir)
        checks.push(json!({"kind": "backup", "target": "/var/lib/vereint-backup"}));
    }
    Value::Array(checks)
}

fn toml_to_json(v: &toml::Value) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// 32 characters from [A-Za-z0-9] (190 bits), safe in every config syntax the roles write.
pub fn random_secret() -> anyhow::Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(32);
    while out.len() < 32 {
        let mut buf = [0u8; 64];
        getrandom::fill(&mut buf).map_err(|e| {
            anyhow::anyhow!(tf(
                Msg::StateNoRandomness,
                Lang::current(),
                &[("error", &e)]
            ))
        })?;
        // 248 = 4 * 62: rejecting larger bytes keeps every character equally likely
        out.extend(
            buf.iter()
                .filter(|b| **b < 248)
                .map(|b| ALPHABET[(*b % 62) as usize] as char)
                .take(32 - out.len()),
        );
    }
    Ok(out)
}

/// Writes a file only its owner can read, replacing any older version atomically.
pub fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_mode(path, bytes, 0o600)
}

fn write_public(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_mode(path, bytes, 0o644)
}

fn write_mode(path: &Path, bytes: &[u8], mode: u32) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(&tmp)
        .map_err(|e| file_error(Msg::FileUnwritable, &tmp, &e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| file_error(Msg::FileUnwritable, &tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| file_error(Msg::FileUnwritable, path, &e))
}

/// A file of the state dir holding `what`, or `None` when there is none yet; refused when others
/// may read it.
fn read_private(path: &Path, what: Msg) -> anyhow::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => {
            crate::config::check_private(path, what, Lang::current())?;
            Ok(Some(bytes))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(file_error(Msg::FileUnreadable, path, &e)),
    }
}

fn broken(msg: Msg, path: &Path, e: &serde_json::Error) -> anyhow::Error {
    anyhow::anyhow!(tf(
        msg,
        Lang::current(),
        &[("file", &path.display()), ("error", e)]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const SITE: &str = r#"
organisation = "SV"
contact_email = "it@sv.example"
[tls]
mode = "selfsigned"
[domains]
mattermost = "chat.sv.example"
directory = "dir.sv.example"
[versions]
mattermost = "10.11.1"
mattermost_sha256 = "1111111111111111111111111111111111111111111111111111111111111111"
[directory]
url = "https://dir.sv.example"
[vars]
common_apt_cache_valid_time = 86400
[[hosts]]
name = "chat"
address = "10.0.0.2"
services = ["mattermost", "coturn", "agent"]
ssh = { user = "admin", port = 2222 }
[[hosts]]
name = "dir"
address = "10.0.0.3"
services = ["directory"]
vars = { vereint_directory_database = "postgresql" }
"#;

    fn setup() -> (tempfile::TempDir, State, Site) {
        let dir = tempfile::tempdir().unwrap();
        let site = Site::parse(SITE, "site.toml", Lang::En).unwrap();
        let state = State::beside(&dir.path().join("club.toml"));
        (dir, state, site)
    }

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn secret_files_others_may_read_are_refused_with_the_fix() {
        let (_dir, state, site) = setup();
        state.create().unwrap();
        let instance = Instance {
            id: "in_1".into(),
            secret: "s3cr3t-of-the-instance".into(),
            directory_url: "https://dir.sv.example".into(),
        };
        state.save_instance(&instance).unwrap();
        assert!(state.instance().unwrap().is_some());
        state.secrets(&site).unwrap();
        for file in [state.instance_file(), state.secrets_file()] {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let e = state.instance().unwrap_err().to_string();
        let fix = format!("`chmod 600 {}`", state.instance_file().display());
        assert!(e.contains(&fix) && e.contains("640"), "{e}");
        assert!(!e.contains("s3cr3t"), "{e}");
        let e = state.secrets(&site).unwrap_err().to_string();
        assert!(
            e.contains(&format!("`chmod 600 {}`", state.secrets_file().display())),
            "{e}"
        );
    }

    #[test]
    fn state_dir_sits_beside_the_site_file() {
        assert_eq!(
            State::beside(Path::new("/srv/club.toml")).dir,
            Path::new("/srv/club.state")
        );
    }

    #[test]
    fn secrets_are_generated_once_kept_0600_and_in_the_vars_file_only() {
        let (_d, state, site) = setup();
        state
            .render(&site, Path::new("/usr/bin/vereint"), &Map::new())
            .unwrap();
        let first = state.secrets(&site).unwrap();
        assert_eq!(first.len(), 5, "{first:?}");
        assert!(
            first
                .values()
                .all(|s| s.len() == 32 && s.chars().all(|c| c.is_ascii_alphanumeric()))
        );
        assert!(!first.contains_key("bigbluebutton_secret"));
        assert_eq!(mode(&state.secrets_file()), 0o600);
        assert_eq!(mode(&state.vars_file()), 0o600);
        assert_eq!(mode(&state.dir), 0o700);
        state
            .render(&site, Path::new("/usr/bin/vereint"), &Map::new())
            .unwrap();
        assert_eq!(
            state.secrets(&site).unwrap(),
            first,
            "secrets must be stable"
        );
        let inventory = std::fs::read_to_string(state.inventory_file()).unwrap();
        let vars = std::fs::read_to_string(state.vars_file()).unwrap();
        for secret in first.values() {
            assert!(!inventory.contains(secret.as_str()));
            assert!(vars.contains(secret.as_str()));
        }
    }

    #[test]
    fn instance_credentials_reach_the_agent_vars() {
        let (_d, state, site) = setup();
        state.create().unwrap();
        state
            .save_instance(&Instance {
                id: "inst-1".into(),
                secret: "s3cr3t".into(),
                directory_url: "https://dir.sv.example".into(),
            })
            .unwrap();
        assert_eq!(mode(&state.instance_file()), 0o600);
        state
            .render(&site, Path::new("/x/vereint"), &Map::new())
            .unwrap();
        let vars: Value =
            serde_json::from_slice(&std::fs::read(state.vars_file()).unwrap()).unwrap();
        assert_eq!(vars["vereint_agent_instance_id"], "inst-1");
        assert_eq!(vars["vereint_agent_token"], "s3cr3t");
    }

    #[test]
    fn inventory_groups_hosts_by_service() {
        let (_d, _state, site) = setup();
        let inv = inventory(&site, Path::new("/x/vereint"));
        let chat = &inv["all"]["children"]["mattermost"]["hosts"]["chat"];
        assert_eq!(chat["ansible_port"], 2222);
        assert_eq!(chat["ansible_user"], "admin");
        assert_eq!(chat["mattermost_with_coturn"], true);
        assert_eq!(
            chat["vereint_agent_directory_url"],
            "https://dir.sv.example"
        );
        let dir = &inv["all"]["children"]["directory"]["hosts"]["dir"];
        assert_eq!(dir["vereint_directory_database"], "postgresql");
        assert!(dir.get("vereint_agent_directory_url").is_none());
        let vars = &inv["all"]["vars"];
        assert_eq!(vars["mattermost_nginx_tls"], "selfsigned");
        assert_eq!(vars["common_apt_cache_valid_time"], 86400);
        assert_eq!(vars["vereint_agent_binary"], "/x/vereint");
        assert_eq!(
            vars["vereint_agent_checks"][1]["target"],
            "chat.sv.example:3478"
        );
        assert_eq!(inv["all"]["children"]["bigbluebutton"]["hosts"], json!({}));
        assert_eq!(inv["all"]["children"]["backup_sources"]["hosts"], json!({}));
    }

    #[test]
    fn offsite_backups_group_the_hosts_generate_a_password_and_add_the_agent_check() {
        let (_d, state, mut site) = setup();
        site.backup = Some(super::super::site::Backup {
            repository: "sftp:restic@dir.sv.example:/srv/restic/club".into(),
            ssh_port: 22,
            s3_access_key_id: None,
            s3_secret_access_key_file: None,
            target_host: Some("dir".into()),
            time: "02:45".into(),
            keep_daily: 7,
            keep_weekly: 4,
            keep_monthly: 6,
        });
        let inv = inventory(&site, Path::new("/x/vereint"));
        let children = &inv["all"]["children"];
        assert!(children["backup_sources"]["hosts"].get("chat").is_some());
        assert!(children["backup_sources"]["hosts"].get("dir").is_none());
        assert!(children["backup_target"]["hosts"].get("dir").is_some());
        assert_eq!(inv["all"]["vars"]["backup_time"], "02:45");
        let checks = inv["all"]["vars"]["vereint_agent_checks"]
            .as_array()
            .unwrap();
        assert!(checks.iter().any(|c| c["kind"] == "backup"));
        state.create().unwrap();
        let secrets = state.secrets(&site).unwrap();
        assert_eq!(secrets["backup_restic_password"].len(), 32);
        assert_eq!(mode(&state.secrets_file()), 0o600);
    }

    fn s3_site(dir: &Path) -> Site {
        let text = SITE.replacen(
            "[vars]",
            &format!(
                "[backup]\nrepository = \"s3:https://s3.example.org/sv-backups\"\ns3_access_key_id = \"AKIAEXAMPLE\"\ns3_secret_access_key_file = \"{}\"\n[vars]",
                dir.join("s3.key").display()
            ),
            1,
        );
        Site::parse(&text, "site.toml", Lang::En).unwrap()
    }

    #[test]
    fn the_s3_secret_key_is_kept_in_the_state_and_reaches_only_the_vars_file() {
        let (d, state, _) = setup();
        let site = s3_site(d.path());
        let key_file = d.path().join("s3.key");
        write_private(&key_file, b"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n").unwrap();
        state.keep_s3_secret(&site, Lang::En).unwrap();
        state
            .render(&site, Path::new("/usr/bin/vereint"), &Map::new())
            .unwrap();
        let secrets = state.secrets(&site).unwrap();
        assert_eq!(
            secrets["backup_s3_secret_access_key"],
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        );
        assert_eq!(mode(&state.secrets_file()), 0o600);
        assert_eq!(mode(&state.dir), 0o700);
        let vars = std::fs::read_to_string(state.vars_file()).unwrap();
        assert!(vars.contains("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        let inventory = std::fs::read_to_string(state.inventory_file()).unwrap();
        assert!(inventory.contains("\"backup_s3_access_key_id\": \"AKIAEXAMPLE\""));
        assert!(
            !inventory.contains("wJalrXUtnFEMI"),
            "secret in the inventory"
        );
        // the file may go once the state has the copy; a new key in the file replaces it
        std::fs::remove_file(&key_file).unwrap();
        state.keep_s3_secret(&site, Lang::En).unwrap();
        write_private(&key_file, b"rotatedSecretKey0123").unwrap();
        state.keep_s3_secret(&site, Lang::En).unwrap();
        assert_eq!(
            state.secrets(&site).unwrap()["backup_s3_secret_access_key"],
            "rotatedSecretKey0123"
        );
    }

    #[test]
    fn an_s3_secret_file_others_can_read_or_none_at_all_is_refused() {
        let (d, state, _) = setup();
        let site = s3_site(d.path());
        let e = state.keep_s3_secret(&site, Lang::En).unwrap_err();
        assert!(e.to_string().contains("the file is missing"), "{e}");
        let key_file = d.path().join("s3.key");
        write_public(&key_file, b"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap();
        let e = state.keep_s3_secret(&site, Lang::De).unwrap_err();
        assert!(e.to_string().contains("chmod 600"), "{e}");
        assert!(!e.to_string().contains("wJalrXUtnFEMI"), "{e}");
        write_private(&key_file, b"has space in it").unwrap();
        let e = state.keep_s3_secret(&site, Lang::En).unwrap_err();
        assert!(e.to_string().contains("without spaces"), "{e}");
        assert!(!e.to_string().contains("has space"), "{e}");
        assert!(!state.secrets_file().exists());
    }
}
