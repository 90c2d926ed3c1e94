//! Running ansible-playbook: the command (secrets only through the vars file), progress bars per host
//! from the callback's JSON lines, and the full log.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::progress::{Tracker, parse_line};
use super::state::State;
use crate::i18n::{Lang, Msg, file_error, io_failed, tf};

/// Collections the roles use (also what `check` looks for).
pub const COLLECTIONS: &[&str] = &[
    "community/general",
    "community/postgresql",
    "community/crypto",
    "ansible/posix",
];

/// Where ansible-playbook and the collections are.
#[derive(Debug, Clone, PartialEq)]
pub struct Ansible {
    pub playbook: PathBuf,
    pub collections: Option<PathBuf>,
}

/// The folder `setup-ansible` fills: `$XDG_DATA_HOME/vereint/ansible` (or ~/.local/share/...).
pub fn default_home() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("/var/lib"));
    data.join("vereint/ansible")
}

impl Ansible {
    /// The venv in `home` first, then ansible-playbook on PATH.
    pub fn find(home: Option<&Path>) -> Option<Ansible> {
        let home = home.map_or_else(default_home, Path::to_path_buf);
        let venv = home.join("venv/bin/ansible-playbook");
        let collections = Some(home.join("collections")).filter(|c| c.is_dir());
        if venv.is_file() {
            return Some(Ansible {
                playbook: venv,
                collections,
            });
        }
        let on_path = std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join("ansible-playbook"))
                .find(|p| p.is_file())
        })?;
        Some(Ansible {
            playbook: on_path,
            collections,
        })
    }
}

/// One ansible-playbook run.
#[derive(Debug, Clone, Default)]
pub struct Run {
    pub playbook: &'static str,
    pub check: bool,
    pub limit: Option<String>,
    pub tags: Option<String>,
}

impl Run {
    fn key(&self) -> String {
        format!(
            "{}{}|{}|{}",
            self.playbook,
            if self.check { " --check" } else { "" },
            self.limit.as_deref().unwrap_or(""),
            self.tags.as_deref().unwrap_or("")
        )
    }
}

/// The command line: inventory and `-e @vars-file`; every secret stays in that 0600 file.
pub fn command(ansible: &Ansible, kit: &Path, state: &State, run: &Run) -> Command {
    let mut cmd = Command::new(&ansible.playbook);
    cmd.current_dir(kit)
        .env("ANSIBLE_CONFIG", kit.join("ansible.cfg"))
        .env("ANSIBLE_ROLES_PATH", kit.join("roles"))
        .env("ANSIBLE_CALLBACK_PLUGINS", kit.join("callback_plugins"))
        .env("ANSIBLE_STDOUT_CALLBACK", "vereint_progress")
        .env("ANSIBLE_NOCOLOR", "1")
        .env("ANSIBLE_FORCE_COLOR", "0")
        .env("ANSIBLE_RETRY_FILES_ENABLED", "0")
        .env("PYTHONUNBUFFERED", "1");
    if let Some(c) = &ansible.collections {
        cmd.env("ANSIBLE_COLLECTIONS_PATH", c);
    }
    cmd.arg("-i")
        .arg(state.inventory_file())
        .arg("-e")
        .arg(format!("@{}", state.vars_file().display()));
    if run.check {
        cmd.args(["--check", "--diff"]);
    }
    if let Some(l) = &run.limit {
        cmd.args(["--limit", l]);
    }
    if let Some(t) = &run.tags {
        cmd.args(["--tags", t]);
    }
    cmd.arg(kit.join(run.playbook));
    cmd
}

/// Runs the command, shows progress per host on a terminal, writes every line to `log`, and returns
/// what the callback reported. The caller decides what a failure means.
pub fn execute(
    mut cmd: Command,
    state: &State,
    run: &Run,
    log: &Path,
    lang: Lang,
) -> anyhow::Result<Tracker> {
    let mut log_file = File::create(log).map_err(|e| file_error(Msg::FileUnwritable, log, &e))?;
    let stderr = log_file
        .try_clone()
        .map_err(|e| file_error(Msg::FileUnwritable, log, &e))?;
    writeln!(log_file, "# {:?}", cmd)?;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::from(stderr))
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| {
            let program = cmd.get_program().to_string_lossy();
            io_failed(Msg::ProgramUnstartable, &[("program", &program)], &e)
        })?;
    let counts_file = state.task_counts_file();
    let mut known: BTreeMap<String, u32> = std::fs::read(&counts_file)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let total = known.get(&run.key()).copied();
    let ui = Bars::new(total);
    let mut tracker = Tracker::default();
    let started = Instant::now();
    let stdout = child.stdout.take().expect("piped");
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| {
            io_failed(
                Msg::ProgramOutputUnreadable,
                &[("program", &"ansible-playbook")],
                &e,
            )
        })?;
        writeln!(log_file, "{line}")?;
        if let Some(event) = parse_line(&line) {
            tracker.apply(&event);
            ui.update(&tracker, lang);
        }
    }
    let status = child.wait()?;
    ui.finish(&tracker, lang);
    writeln!(
        log_file,
        "# {status}, {:.1}s",
        started.elapsed().as_secs_f64()
    )?;
    if tracker.stats.is_some() && tracker.task_index > 0 {
        known.insert(run.key(), tracker.task_index);
        let _ = std::fs::write(&counts_file, serde_json::to_vec(&known)?);
    }
    if !status.success() && tracker.failures.is_empty() && tracker.stats.is_none() {
        // ansible-playbook stopped before any task (syntax, inventory, missing collection)
        let tail = std::fs::read_to_string(log).unwrap_or_default();
        let last: Vec<&str> = tail.lines().rev().take(8).collect();
        anyhow::bail!(tf(
            Msg::ProvAnsibleStopped,
            lang,
            &[
                ("status", &status),
                (
                    "output",
                    &last.into_iter().rev().collect::<Vec<_>>().join("\n")
                ),
                ("log", &log.display()),
            ]
        ));
    }
    Ok(tracker)
}

/// One bar per host, drawn only on a terminal.
struct Bars {
    multi: MultiProgress,
    bars: std::cell::RefCell<BTreeMap<String, ProgressBar>>,
    total: Option<u32>,
}

impl Bars {
    fn new(total: Option<u32>) -> Bars {
        Bars {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            bars: Default::default(),
            total,
        }
    }

    fn update(&self, tracker: &Tracker, lang: Lang) {
        let mut bars = self.bars.borrow_mut();
        for (host, hp) in &tracker.hosts {
            let bar = bars.entry(host.clone()).or_insert_with(|| {
                let bar = self.multi.add(match self.total {
                    Some(t) => ProgressBar::new(u64::from(t)),
                    None => ProgressBar::new_spinner(),
                });
                let template = if self.total.is_some() {
                    "{prefix:>12} [{elapsed_precise}] {bar:20} {msg}"
                } else {
                    "{prefix:>12} [{elapsed_precise}] {spinner} {msg}"
                };
                bar.set_style(
                    ProgressStyle::with_template(template)
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                bar.set_prefix(host.clone());
                bar.enable_steady_tick(Duration::from_millis(250));
                bar
            });
            let n = tracker.task_index;
            let of = self
                .total
                .map_or_else(|| n.to_string(), |t| format!("{n}/{}", t.max(n)));
            bar.set_position(u64::from(n));
            bar.set_message(tf(
                Msg::ProvProgress,
                lang,
                &[
                    ("n", &of),
                    ("changed", &hp.counts.changed),
                    ("failed", &(hp.counts.failed + hp.counts.unreachable)),
                    ("task", &tracker.current_task),
                ],
            ));
        }
    }

    fn finish(&self, tracker: &Tracker, lang: Lang) {
        self.update(tracker, lang);
        for bar in self.bars.borrow().values() {
            bar.finish();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn secrets_only_reach_ansible_through_the_vars_file() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::beside(&dir.path().join("club.toml"));
        let ansible = Ansible {
            playbook: "/venv/bin/ansible-playbook".into(),
            collections: Some("/venv/collections".into()),
        };
        let run = Run {
            playbook: "site.yml",
            check: true,
            limit: Some("mm".into()),
            tags: None,
        };
        let cmd = command(&ansible, Path::new("/kit"), &state, &run);
        let args: Vec<&OsStr> = cmd.get_args().collect();
        let vars = format!("@{}", state.vars_file().display());
        let inventory = state.inventory_file();
        let expected: Vec<&OsStr> = vec![
            "-i".as_ref(),
            inventory.as_os_str(),
            "-e".as_ref(),
            vars.as_ref(),
            "--check".as_ref(),
            "--diff".as_ref(),
            "--limit".as_ref(),
            "mm".as_ref(),
            "/kit/site.yml".as_ref(),
        ];
        assert_eq!(args, expected);
        let env: BTreeMap<_, _> = cmd
            .get_envs()
            .map(|(k, v)| (k.to_owned(), v.map(ToOwned::to_owned)))
            .collect();
        assert_eq!(
            env[OsStr::new("ANSIBLE_STDOUT_CALLBACK")].as_deref(),
            Some(OsStr::new("vereint_progress"))
        );
        assert_eq!(
            env[OsStr::new("ANSIBLE_COLLECTIONS_PATH")].as_deref(),
            Some(OsStr::new("/venv/collections"))
        );
    }

    #[test]
    fn a_real_vars_file_never_shows_up_in_the_arguments() {
        let dir = tempfile::tempdir().unwrap();
        let site =
            super::super::site::Site::parse(super::super::EXAMPLE_MM, "x.toml", Lang::En).unwrap();
        let state = State::beside(&dir.path().join("club.toml"));
        state
            .render(&site, Path::new("/usr/bin/vereint"), &Default::default())
            .unwrap();
        let secrets = state.secrets(&site).unwrap();
        let ansible = Ansible {
            playbook: "ansible-playbook".into(),
            collections: None,
        };
        let cmd = command(
            &ansible,
            Path::new("/kit"),
            &state,
            &Run {
                playbook: "site.yml",
                ..Run::default()
            },
        );
        let line: String = cmd
            .get_args()
            .chain(cmd.get_envs().filter_map(|(_, v)| v))
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(!secrets.is_empty());
        for s in secrets.values() {
            assert!(!line.contains(s.as_str()), "secret on the command line");
        }
    }

    #[test]
    fn find_prefers_the_venv_in_home() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(home.path().join("venv/bin")).unwrap();
        std::fs::create_dir_all(home.path().join("collections")).unwrap();
        std::fs::write(home.path().join("venv/bin/ansible-playbook"), "").unwrap();
        let a = Ansible::find(Some(home.path())).unwrap();
        assert_eq!(a.playbook, home.path().join("venv/bin/ansible-playbook"));
        assert_eq!(a.collections, Some(home.path().join("collections")));
    }
}
