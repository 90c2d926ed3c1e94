//! `vereint provision`: a site file in, the Ansible kit run against the site's hosts.

pub mod check;
pub mod embed;
pub mod init;
pub mod progress;
pub mod runner;
pub mod site;
pub mod state;

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::i18n::{Lang, Msg, file_error, io_failed, t, tf};
use crate::output;
use progress::Tracker;
use runner::{Ansible, Run};
use site::{Service, Site};
use state::{Instance, State};

#[cfg(test)]
pub(crate) const EXAMPLE_MM: &str =
    include_str!("../../provisioning/examples/mattermost-one-host.toml");

/// What every playbook command takes besides its own flags.
#[derive(Debug)]
pub struct RunArgs {
    /// The site file.
    pub site: PathBuf,
    /// Only these hosts (Ansible pattern).
    pub limit: Option<String>,
    /// Only tasks with these tags.
    pub tags: Option<String>,
    /// Where the full log goes (default: the state dir's logs/).
    pub log: Option<PathBuf>,
}

/// Pre-flight: SSH, system, resources and DNS of every host, Ansible on this machine.
pub fn check(lang: Lang, site: &Path, json: bool) -> anyhow::Result<()> {
    let (site, _) = load(site, lang)?;
    let ansible = Ansible::find(site.ansible.home.as_deref());
    let findings = check::run(&site, ansible.as_ref(), lang);
    let problems = findings.iter().filter(|f| !f.ok).count();
    if json {
        output::json(&findings)?;
    } else {
        let rows: Vec<Vec<String>> = findings
            .iter()
            .map(|f| {
                vec![
                    if f.ok { "ok" } else { "PROBLEM" }.to_string(),
                    f.host.clone(),
                    f.what.clone(),
                    f.detail.clone(),
                ]
            })
            .collect();
        output::table(&["", "host", "check", ""], &rows)?;
    }
    if problems > 0 {
        anyhow::bail!(tf(Msg::ProvCheckProblems, lang, &[("count", &problems)]));
    }
    Ok(())
}

/// What apply would change (ansible-playbook --check --diff), per host and role.
pub fn plan(lang: Lang, args: &RunArgs, json: bool) -> anyhow::Result<()> {
    let ctx = Ctx::new(args, lang)?;
    let run = Run {
        playbook: "site.yml",
        check: true,
        limit: args.limit.clone(),
        tags: args.tags.clone(),
    };
    let (tracker, log) = ctx.play(&run, args, "plan", &Map::new())?;
    ctx.fail_unless_ok(&tracker, &log)?;
    if json {
        let hosts: Map<String, Value> = tracker
            .hosts
            .iter()
            .map(|(h, hp)| {
                let roles: Map<String, Value> = tracker
                    .changes
                    .iter()
                    .filter(|((host, _), _)| host == h)
                    .map(|((_, role), tasks)| (role.clone(), serde_json::json!(tasks)))
                    .collect();
                (
                    h.clone(),
                    serde_json::json!({"changed": hp.counts.changed, "roles": roles}),
                )
            })
            .collect();
        output::json(&serde_json::json!({"hosts": hosts, "log": log}))?;
    } else {
        output::text(&plan_summary(&tracker, lang))?;
    }
    Ok(())
}

/// Sets up or updates every host of the site, then registers the instance unless `no_register`.
pub fn apply(lang: Lang, args: &RunArgs, no_register: bool) -> anyhow::Result<()> {
    let ctx = Ctx::new(args, lang)?;
    let run = Run {
        playbook: "site.yml",
        check: false,
        limit: args.limit.clone(),
        tags: args.tags.clone(),
    };
    let (tracker, log) = ctx.play(&run, args, "apply", &Map::new())?;
    ctx.fail_unless_ok(&tracker, &log)?;
    output::text(&tf(
        Msg::ProvApplied,
        lang,
        &[
            ("hosts", &tracker.hosts.len()),
            ("changed", &tracker.total_changed()),
            ("log", &log.display()),
        ],
    ))?;
    if !no_register {
        ctx.register_and_configure_agent(args)?;
    }
    Ok(())
}

/// Backs up Mattermost (database dump and data) into an archive on its host.
pub fn backup(lang: Lang, args: &RunArgs) -> anyhow::Result<()> {
    let ctx = Ctx::new(args, lang)?;
    ctx.require(Service::Mattermost)?;
    let (tracker, log) = ctx.play(&simple("backup.yml", args), args, "backup", &Map::new())?;
    ctx.fail_unless_ok(&tracker, &log)?;
    output::text(&tf(Msg::ProvBackedUp, lang, &[("log", &log.display())]))?;
    Ok(())
}

/// Restores Mattermost from `archive` on its host (default: the newest).
/// Where a restore takes its backup from.
#[derive(Debug)]
pub enum RestoreFrom {
    /// An archive on the host (`None`: the newest).
    Archive(Option<String>),
    /// The site's off-site repository, this snapshot (`None`: the latest).
    Offsite(Option<String>),
}

pub fn restore(lang: Lang, args: &RunArgs, from: RestoreFrom) -> anyhow::Result<()> {
    let ctx = Ctx::new(args, lang)?;
    ctx.require(Service::Mattermost)?;
    let mut extra = Map::new();
    match from {
        RestoreFrom::Archive(Some(a)) => {
            extra.insert("mattermost_restore_archive".into(), a.into());
        }
        RestoreFrom::Archive(None) => {}
        RestoreFrom::Offsite(snapshot) => {
            if ctx.site.backup.is_none() {
                anyhow::bail!(t(Msg::ProvNoOffsite, lang));
            }
            let snapshot = snapshot.unwrap_or_else(|| "latest".into());
            if snapshot.is_empty() || !snapshot.chars().all(|c| c.is_ascii_alphanumeric()) {
                anyhow::bail!(t(Msg::ProvBadSnapshot, lang));
            }
            extra.insert("backup_restore_offsite".into(), true.into());
            extra.insert("backup_restore_snapshot".into(), snapshot.into());
        }
    }
    let (tracker, log) = ctx.play(&simple("restore.yml", args), args, "restore", &extra)?;
    ctx.fail_unless_ok(&tracker, &log)?;
    output::text(&tf(Msg::ProvRestored, lang, &[("log", &log.display())]))?;
    Ok(())
}

/// Switches Mattermost to `version` (default: the site file's), its tarball checked by `sha256`.
pub fn upgrade(
    lang: Lang,
    args: &RunArgs,
    version: Option<String>,
    sha256: Option<String>,
    url: Option<String>,
) -> anyhow::Result<()> {
    let ctx = Ctx::new(args, lang)?;
    ctx.require(Service::Mattermost)?;
    let mut extra = Map::new();
    if let Some(v) = &version {
        let sha = sha256
            .filter(|s| s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit()))
            .ok_or_else(|| anyhow::anyhow!(t(Msg::ProvUpgradeSha, lang)))?;
        extra.insert("mattermost_version".into(), v.clone().into());
        extra.insert("mattermost_sha256".into(), sha.into());
        let url = url.unwrap_or_else(|| {
            format!("https://releases.mattermost.com/{v}/mattermost-{v}-linux-amd64.tar.gz")
        });
        extra.insert("mattermost_download_url".into(), url.into());
    }
    let (tracker, log) = ctx.play(&simple("upgrade.yml", args), args, "upgrade", &extra)?;
    ctx.fail_unless_ok(&tracker, &log)?;
    let v = version
        .or_else(|| ctx.site.versions.mattermost.clone())
        .unwrap_or_default();
    output::text(&tf(Msg::ProvUpgraded, lang, &[("version", &v)]))?;
    if ctx.site.versions.mattermost.as_deref() != Some(v.as_str()) {
        output::text(&tf(Msg::ProvUpgradeEditSite, lang, &[("version", &v)]))?;
    }
    Ok(())
}

fn simple(playbook: &'static str, args: &RunArgs) -> Run {
    Run {
        playbook,
        check: false,
        limit: args.limit.clone(),
        tags: args.tags.clone(),
    }
}

fn load(path: &Path, lang: Lang) -> anyhow::Result<(Site, State)> {
    let site = Site::load(path, lang)?;
    Ok((site, State::beside(path)))
}

/// What every playbook run needs: the site, its state, Ansible, the extracted kit.
struct Ctx {
    lang: Lang,
    site: Site,
    state: State,
    ansible: Ansible,
    kit: PathBuf,
}

impl Ctx {
    fn new(args: &RunArgs, lang: Lang) -> anyhow::Result<Ctx> {
        let (site, state) = load(&args.site, lang)?;
        let ansible = Ansible::find(site.ansible.home.as_deref())
            .ok_or_else(|| anyhow::anyhow!(tf(Msg::ProvCheckNoAnsible, lang, &[])))?;
        state.create()?;
        let kit = embed::extract(&state.dir)?;
        Ok(Ctx {
            lang,
            site,
            state,
            ansible,
            kit,
        })
    }

    fn require(&self, service: Service) -> anyhow::Result<()> {
        if self.site.uses(service) {
            return Ok(());
        }
        anyhow::bail!(tf(
            Msg::ProvNoSuchService,
            self.lang,
            &[("service", &service.as_str())]
        ))
    }

    fn play(
        &self,
        run: &Run,
        args: &RunArgs,
        name: &str,
        extra: &Map<String, Value>,
    ) -> anyhow::Result<(Tracker, PathBuf)> {
        let binary =
            std::env::current_exe().map_err(|e| io_failed(Msg::OwnBinaryUnknown, &[], &e))?;
        self.state.keep_s3_secret(&self.site, self.lang)?;
        self.state.render(&self.site, &binary, extra)?;
        let log = args
            .log
            .clone()
            .unwrap_or_else(|| self.state.log_file(name));
        let cmd = runner::command(&self.ansible, &self.kit, &self.state, run);
        let tracker = runner::execute(cmd, &self.state, run, &log, self.lang)?;
        let record = serde_json::json!({
            "command": name,
            "playbook": run.playbook,
            "at": jiff::Timestamp::now().to_string(),
            "ok": tracker.succeeded(),
            "changed": tracker.total_changed(),
            "hosts": tracker.hosts.iter().map(|(h, p)| (h.clone(), serde_json::to_value(p.counts).unwrap_or_default())).collect::<Map<String, Value>>(),
            "log": log,
        });
        let _ = std::fs::write(
            self.state.last_run_file(),
            serde_json::to_vec_pretty(&record)?,
        );
        Ok((tracker, log))
    }

    fn fail_unless_ok(&self, tracker: &Tracker, log: &Path) -> anyhow::Result<()> {
        if tracker.succeeded() {
            return Ok(());
        }
        eprint!(
            "{}",
            output::sanitize(&progress::failure_summary(
                tracker,
                &log.display().to_string(),
                self.lang
            ))
        );
        eprintln!();
        anyhow::bail!(t(Msg::ProvRunFailed, self.lang))
    }

    /// Registers the instance once (when the site names a directory and an enrollment token), keeps
    /// the id and secret 0600 in the state dir, and configures the agent with them.
    fn register_and_configure_agent(&self, args: &RunArgs) -> anyhow::Result<()> {
        let lang = self.lang;
        let Some(dir) = &self.site.directory else {
            return Ok(());
        };
        let Some(token_file) = &dir.enrollment_token_file else {
            return Ok(());
        };
        if !self.site.uses(Service::Agent) {
            return Ok(());
        }
        if self.state.instance()?.is_some() {
            return Ok(());
        }
        let token = std::fs::read_to_string(token_file)
            .map_err(|e| file_error(Msg::EnrollmentTokenUnreadable, token_file, &e))?;
        let token = token.trim();
        let instance = crate::api::NewInstance {
            organisation: self.site.organisation.clone(),
            contact_email: self.site.contact_email.clone(),
            services: service_entries(&self.site),
            lang: Some(self.lang),
        };
        let client = crate::client::Client::new(&dir.url)?;
        let created = crate::runtime::new(crate::runtime::Threads::One)?
            .block_on(client.register_instance(token, &instance))
            .map_err(|e| {
                anyhow::anyhow!(tf(
                    Msg::ProvRegisterFailed,
                    lang,
                    &[("url", &dir.url), ("error", &e)]
                ))
            })?;
        self.state.save_instance(&Instance {
            id: created.id.clone(),
            secret: created.secret,
            directory_url: dir.url.clone(),
        })?;
        output::text(&tf(Msg::ProvRegistered, lang, &[("id", &created.id)]))?;
        let (tracker, log) = self.play(&simple("agent.yml", args), args, "agent", &Map::new())?;
        self.fail_unless_ok(&tracker, &log)
    }
}

/// What the directory lists for the instance: the web services users open (http(s) URLs, as the
/// directory requires; TURN is not one of them).
fn service_entries(site: &Site) -> Vec<crate::api::ServiceEntry> {
    let mut out = Vec::new();
    if let Some(d) = &site.domains.mattermost {
        out.push(crate::api::ServiceEntry {
            kind: "mattermost".into(),
            url: format!("https://{d}"),
            software: "Mattermost".into(),
            version: site
                .versions
                .mattermost
                .clone()
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| "unknown".into()),
        });
    }
    if let Some(d) = &site.domains.bigbluebutton {
        out.push(crate::api::ServiceEntry {
            kind: "bbb".into(),
            url: format!("https://{d}/bigbluebutton/api"),
            software: "BigBlueButton".into(),
            version: "3.0".into(),
        });
    }
    out
}

/// "host: role n to change, ..." or "nothing to change".
pub fn plan_summary(tracker: &Tracker, lang: Lang) -> String {
    let mut out = String::new();
    for host in tracker.hosts.keys() {
        let roles: Vec<String> = tracker
            .changes
            .iter()
            .filter(|((h, _), _)| h == host)
            .map(|((_, role), tasks)| format!("{role} ({})", tasks.len()))
            .collect();
        let line = if roles.is_empty() {
            tf(Msg::ProvPlanNothing, lang, &[("host", host)])
        } else {
            tf(
                Msg::ProvPlanChanges,
                lang,
                &[("host", host), ("roles", &roles.join(", "))],
            )
        };
        out.push_str(&line);
        out.push('\n');
        for ((h, role), tasks) in &tracker.changes {
            if h == host {
                for task in tasks {
                    out.push_str(&format!("    ~ {role}: {task}\n"));
                }
            }
        }
    }
    if tracker.total_changed() == 0 {
        out.push_str(t(Msg::ProvPlanAllNothing, lang));
    }
    out.trim_end().to_string()
}

/// Installs a pinned ansible-core and the needed collections into a venv in `dir`.
pub fn setup_ansible(lang: Lang, dir: Option<PathBuf>) -> anyhow::Result<()> {
    let dir = dir.unwrap_or_else(runner::default_home);
    std::fs::create_dir_all(&dir).map_err(|e| file_error(Msg::FolderUncreatable, &dir, &e))?;
    let script = embed::file("setup-ansible.sh").expect("embedded");
    let path = dir.join("setup-ansible.sh");
    std::fs::write(&path, script).map_err(|e| file_error(Msg::FileUnwritable, &path, &e))?;
    let status = std::process::Command::new("bash")
        .arg(&path)
        .arg(&dir)
        .status()
        .map_err(|e| io_failed(Msg::ProgramUnstartable, &[("program", &"bash")], &e))?;
    if !status.success() {
        anyhow::bail!(tf(Msg::ProvSetupFailed, lang, &[("dir", &dir.display())]));
    }
    output::text(&tf(Msg::ProvSetupDone, lang, &[("dir", &dir.display())]))?;
    Ok(())
}

/// Last run, registration, and whether the services answer.
pub fn status(path: &Path, lang: Lang, json: bool) -> anyhow::Result<()> {
    let (site, state) = load(path, lang)?;
    let last: Option<Value> = std::fs::read(state.last_run_file())
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let instance = state.instance()?;
    let rt = crate::runtime::new(crate::runtime::Threads::One)?;
    let _in_runtime = rt.enter();
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()?;
    let mut probes: Vec<(String, String, bool, String)> = Vec::new();
    for h in &site.hosts {
        let addr = format!("{}:{}", h.address, h.ssh.port);
        let ssh = std::net::ToSocketAddrs::to_socket_addrs(&addr)
            .ok()
            .and_then(|mut a| a.next())
            .map(|a| std::net::TcpStream::connect_timeout(&a, std::time::Duration::from_secs(5)));
        let (ok, detail) = match ssh {
            Some(Ok(_)) => (true, addr),
            Some(Err(e)) => (false, format!("{addr}: {e}")),
            None => (
                false,
                format!("{addr}: {}", t(Msg::ProvStatusNoAddress, lang)),
            ),
        };
        probes.push((h.name.clone(), "ssh".into(), ok, detail));
    }
    let mut urls = Vec::new();
    if let Some(d) = &site.domains.mattermost {
        urls.push(("mattermost", format!("https://{d}/api/v4/system/ping")));
    }
    if let Some(d) = &site.domains.directory {
        urls.push(("directory", format!("https://{d}/healthz")));
    }
    for (what, url) in urls {
        let res = rt.block_on(http.get(&url).send());
        let (ok, detail) = match res {
            Ok(r) if r.status().is_success() => (true, format!("{url}: {}", r.status())),
            Ok(r) => (false, format!("{url}: {}", r.status())),
            Err(e) => (false, format!("{url}: {e}")),
        };
        probes.push(("-".into(), what.into(), ok, detail));
    }
    if json {
        output::json(&serde_json::json!({
            "last_run": last,
            "instance_id": instance.as_ref().map(|i| &i.id),
            "probes": probes.iter().map(|(h, w, ok, d)| serde_json::json!({"host": h, "what": w, "ok": ok, "detail": d})).collect::<Vec<_>>(),
        }))?;
        return Ok(());
    }
    let mut text = String::new();
    match &last {
        Some(l) => text.push_str(&tf(
            Msg::ProvStatusLast,
            lang,
            &[
                ("command", &l["command"].as_str().unwrap_or("?")),
                ("at", &l["at"].as_str().unwrap_or("?")),
                ("ok", &l["ok"]),
                ("changed", &l["changed"]),
            ],
        )),
        None => text.push_str(t(Msg::ProvStatusNever, lang)),
    }
    text.push('\n');
    match &instance {
        Some(i) => text.push_str(&tf(
            Msg::ProvStatusRegistered,
            lang,
            &[("id", &i.id), ("url", &i.directory_url)],
        )),
        None => text.push_str(t(Msg::ProvStatusNotRegistered, lang)),
    }
    output::text(&text)?;
    let rows: Vec<Vec<String>> = probes
        .into_iter()
        .map(|(h, w, ok, d)| vec![if ok { "ok" } else { "DOWN" }.into(), h, w, d])
        .collect();
    output::table(&["", "host", "check", ""], &rows)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_site_parses() {
        let mut n = 0;
        for entry in std::fs::read_dir("provisioning/examples").unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                Site::load(&path, Lang::En).unwrap_or_else(|e| panic!("{e}"));
                n += 1;
            }
        }
        assert!(n >= 4, "only {n} examples");
    }

    #[test]
    fn registered_services_are_what_the_directory_accepts() {
        for entry in std::fs::read_dir("provisioning/examples").unwrap() {
            let path = entry.unwrap().path();
            let site = Site::load(&path, Lang::En).unwrap();
            for s in service_entries(&site) {
                let url = url::Url::parse(&s.url).unwrap();
                assert!(matches!(url.scheme(), "http" | "https"), "{}", s.url);
                assert!(!s.version.is_empty() && !s.kind.is_empty(), "{s:?}");
            }
        }
    }

    #[test]
    fn plan_summary_per_host_and_role() {
        let mut tr = Tracker::default();
        for line in [
            r#"{"event":"task_result","host":"mm","task":"Install nginx","role":"nginx","status":"changed","counts":{"changed":1,"ok":1}}"#,
            r#"{"event":"task_result","host":"dir","task":"Install nginx","role":"nginx","status":"ok","counts":{"ok":1}}"#,
        ] {
            tr.apply(&progress::parse_line(line).unwrap());
        }
        let s = plan_summary(&tr, Lang::En);
        assert!(s.contains("dir: nothing to change"), "{s}");
        assert!(s.contains("mm: nginx (1)"), "{s}");
        assert!(s.contains("~ nginx: Install nginx"), "{s}");
    }
}
