//! Reading the `vereint_progress` callback's JSON lines: per-host progress, changes per role, failures.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::i18n::{Lang, Msg, t, tf};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    PlaybookStart {
        playbook: String,
    },
    PlayStart {
        #[serde(default)]
        hosts: Vec<String>,
    },
    TaskStart {
        task: String,
        #[serde(default)]
        role: Option<String>,
        task_index: u32,
    },
    TaskResult {
        host: String,
        task: String,
        #[serde(default)]
        role: Option<String>,
        status: Status,
        #[serde(default)]
        msg: Option<serde_json::Value>,
        #[serde(default)]
        counts: Counts,
    },
    TaskRetry {
        host: String,
        task: String,
        #[serde(default)]
        attempt: Option<u32>,
        #[serde(default)]
        retries: Option<u32>,
    },
    Warning {
        msg: String,
    },
    Stats {
        hosts: BTreeMap<String, Counts>,
        ok: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Changed,
    Failed,
    Skipped,
    Unreachable,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct Counts {
    pub ok: u32,
    pub changed: u32,
    pub failed: u32,
    pub skipped: u32,
    pub unreachable: u32,
}

/// A line of output: an event, or None for anything else (warnings Ansible prints itself).
pub fn parse_line(line: &str) -> Option<Event> {
    let line = line.trim();
    if !line.starts_with('{') {
        return None;
    }
    serde_json::from_str(line).ok()
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Failure {
    pub host: String,
    pub task: String,
    pub role: Option<String>,
    pub message: String,
    pub unreachable: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HostProgress {
    pub counts: Counts,
    pub last_task: String,
}

/// Everything a run has reported so far.
#[derive(Debug, Clone, Default)]
pub struct Tracker {
    pub task_index: u32,
    pub current_task: String,
    pub hosts: BTreeMap<String, HostProgress>,
    /// (host, role) -> tasks reported changed (in `--check` mode: would change).
    pub changes: BTreeMap<(String, String), Vec<String>>,
    pub failures: Vec<Failure>,
    pub stats: Option<(BTreeMap<String, Counts>, bool)>,
}

impl Tracker {
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::PlayStart { hosts } => {
                for h in hosts {
                    if !h.contains(':') {
                        self.hosts.entry(h.clone()).or_default();
                    }
                }
            }
            Event::TaskStart {
                task, task_index, ..
            } => {
                self.task_index = *task_index;
                self.current_task = task.clone();
            }
            Event::TaskResult {
                host,
                task,
                role,
                status,
                msg,
                counts,
            } => {
                let hp = self.hosts.entry(host.clone()).or_default();
                hp.counts = *counts;
                hp.last_task = task.clone();
                match status {
                    Status::Changed => self
                        .changes
                        .entry((host.clone(), role.clone().unwrap_or_else(|| "-".into())))
                        .or_default()
                        .push(task.clone()),
                    Status::Failed | Status::Unreachable => self.failures.push(Failure {
                        host: host.clone(),
                        task: task.clone(),
                        role: role.clone(),
                        message: message_text(msg.as_ref()),
                        unreachable: *status == Status::Unreachable,
                    }),
                    _ => {}
                }
            }
            Event::Stats { hosts, ok } => {
                for (h, c) in hosts {
                    self.hosts.entry(h.clone()).or_default().counts = *c;
                }
                self.stats = Some((hosts.clone(), *ok));
            }
            Event::PlaybookStart { .. } | Event::TaskRetry { .. } | Event::Warning { .. } => {}
        }
    }

    pub fn total_changed(&self) -> u32 {
        self.hosts.values().map(|h| h.counts.changed).sum()
    }

    /// True when the run finished (stats arrived) without failed or unreachable hosts.
    pub fn succeeded(&self) -> bool {
        matches!(self.stats, Some((_, true))) && self.failures.is_empty()
    }
}

fn message_text(msg: Option<&serde_json::Value>) -> String {
    match msg {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.trim().to_string(),
        Some(other) => other.to_string(),
    }
}

/// What to do about a failure, from what it says.
pub fn hint(f: &Failure, lang: Lang) -> &'static str {
    let m = f.message.to_ascii_lowercase();
    if f.unreachable
        || m.contains("permission denied (publickey")
        || m.contains("connection refused")
    {
        t(Msg::ProvHintUnreachable, lang)
    } else if m.contains("ubuntu 22.04") {
        t(Msg::ProvHintBbbOs, lang)
    } else if m.contains("memory") || m.contains("disk") || m.contains("cores") {
        t(Msg::ProvHintResources, lang)
    } else if m.contains("no_log") {
        t(Msg::ProvHintNoLog, lang)
    } else if m.contains("checksum") || m.contains("sha256") {
        t(Msg::ProvHintChecksum, lang)
    } else if m.contains("rolled back") {
        t(Msg::ProvHintRolledBack, lang)
    } else if m.contains("certbot") || m.contains("acme") {
        t(Msg::ProvHintAcme, lang)
    } else {
        t(Msg::ProvHintGeneric, lang)
    }
}

/// The failure report: per failure the host, task and message, then a hint and where the log is.
pub fn failure_summary(tracker: &Tracker, log: &str, lang: Lang) -> String {
    let mut out = String::new();
    for f in &tracker.failures {
        let task = match &f.role {
            Some(role) => format!("{role}: {}", f.task),
            None => f.task.clone(),
        };
        out.push_str(&tf(
            Msg::ProvFailedAt,
            lang,
            &[("host", &f.host), ("task", &task)],
        ));
        out.push('\n');
        for line in f.message.lines().filter(|l| !l.trim().is_empty()).take(12) {
            out.push_str("    ");
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push_str(&format!("  -> {}\n", hint(f, lang)));
    }
    if tracker.failures.is_empty() {
        out.push_str(t(Msg::ProvFailedNoDetail, lang));
        out.push('\n');
    }
    out.push_str(&tf(Msg::ProvFullLog, lang, &[("log", &log)]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Recorded from the callback (apply of the test site, shortened).
    const RECORDED: &str = r#"{"elapsed": 0.0, "event": "playbook_start", "playbook": "site.yml"}
{"elapsed": 0.01, "event": "play_start", "hosts": ["mattermost:bigbluebutton:directory"], "play": "Apply the vereint roles"}
{"elapsed": 0.02, "event": "task_start", "handler": false, "role": null, "task": "Gathering Facts", "task_index": 1}
{"counts": {"changed": 0, "failed": 0, "ok": 1, "skipped": 0, "unreachable": 0}, "elapsed": 2.1, "event": "task_result", "host": "mm", "role": null, "status": "ok", "task": "Gathering Facts"}
{"counts": {"changed": 0, "failed": 0, "ok": 1, "skipped": 0, "unreachable": 0}, "elapsed": 2.2, "event": "task_result", "host": "dir", "role": null, "status": "ok", "task": "Gathering Facts"}
[WARNING]: something Ansible prints itself
{"elapsed": 2.3, "event": "task_start", "handler": false, "role": "nginx", "task": "Install nginx packages", "task_index": 17}
{"counts": {"changed": 1, "failed": 0, "ok": 2, "skipped": 0, "unreachable": 0}, "elapsed": 9.0, "event": "task_result", "host": "mm", "role": "nginx", "status": "changed", "task": "Install nginx packages"}
{"attempt": 1, "elapsed": 9.5, "event": "task_retry", "host": "mm", "retries": 30, "task": "Ask Mattermost whether it is healthy"}
{"elapsed": 10.0, "event": "task_start", "handler": false, "role": "bigbluebutton", "task": "Assert Ubuntu 22.04", "task_index": 18}
{"counts": {"changed": 0, "failed": 1, "ok": 1, "skipped": 0, "unreachable": 0}, "elapsed": 10.2, "event": "task_result", "host": "dir", "msg": "BigBlueButton 3.0 installs only on Ubuntu 22.04 (jammy) 64-bit; this host runs Debian 12 (x86_64). Use a fresh Ubuntu 22.04 server for BBB.", "role": "bigbluebutton", "status": "failed", "task": "Assert Ubuntu 22.04"}
{"elapsed": 11.0, "event": "stats", "hosts": {"dir": {"changed": 0, "failed": 1, "ignored": 0, "ok": 1, "rescued": 0, "skipped": 0, "unreachable": 0}, "mm": {"changed": 1, "failed": 0, "ignored": 0, "ok": 2, "rescued": 0, "skipped": 0, "unreachable": 0}}, "ok": false}
"#;

    fn replay(text: &str) -> Tracker {
        let mut tr = Tracker::default();
        for e in text.lines().filter_map(parse_line) {
            tr.apply(&e);
        }
        tr
    }

    #[test]
    fn recorded_events_give_progress_changes_and_failures() {
        let tr = replay(RECORDED);
        assert_eq!(tr.task_index, 18);
        assert_eq!(tr.hosts.keys().collect::<Vec<_>>(), ["dir", "mm"]);
        assert_eq!(tr.hosts["mm"].counts.changed, 1);
        assert_eq!(tr.total_changed(), 1);
        assert_eq!(
            tr.changes[&("mm".to_string(), "nginx".to_string())],
            ["Install nginx packages"]
        );
        assert_eq!(tr.failures.len(), 1);
        assert_eq!(tr.failures[0].host, "dir");
        assert!(!tr.succeeded());
    }

    #[test]
    fn non_json_lines_are_ignored_and_unknown_events_too() {
        assert_eq!(parse_line("[WARNING]: x"), None);
        assert_eq!(parse_line(r#"{"event": "new_kind"}"#), None);
        assert!(matches!(
            parse_line(r#"{"event": "warning", "msg": "no hosts matched"}"#),
            Some(Event::Warning { .. })
        ));
    }

    #[test]
    fn failure_summary_names_host_task_message_and_hint() {
        let tr = replay(RECORDED);
        let s = failure_summary(&tr, "/tmp/x.log", Lang::En);
        assert!(s.contains("dir"), "{s}");
        assert!(s.contains("bigbluebutton: Assert Ubuntu 22.04"), "{s}");
        assert!(s.contains("this host runs Debian 12"), "{s}");
        assert!(s.contains(t(Msg::ProvHintBbbOs, Lang::En)), "{s}");
        assert!(s.contains("/tmp/x.log"), "{s}");
    }

    #[test]
    fn unreachable_hosts_get_the_ssh_hint() {
        let line = r#"{"counts": {"unreachable": 1}, "event": "task_result", "host": "mm", "role": null, "status": "unreachable", "task": "Gathering Facts", "msg": "Failed to connect to the host via ssh: ssh: connect to host 10.0.0.2 port 22: No route to host"}"#;
        let tr = replay(line);
        assert_eq!(
            hint(&tr.failures[0], Lang::En),
            t(Msg::ProvHintUnreachable, Lang::En)
        );
    }

    #[test]
    fn a_clean_run_succeeds() {
        let tr = replay(
            r#"{"event": "stats", "hosts": {"mm": {"ok": 80, "changed": 0, "failed": 0, "skipped": 9, "unreachable": 0, "rescued": 0, "ignored": 0}}, "ok": true}"#,
        );
        assert!(tr.succeeded());
        assert_eq!(tr.total_changed(), 0);
    }
}
