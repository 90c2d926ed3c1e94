//! A real SMTP server for the mail tests: PyPI's aiosmtpd (tests/smtp/setup.sh puts it in a venv)
//! running tests/smtp/server.py on loopback, STARTTLS required (or implicit TLS, `smtps://`) with a
//! certificate generated here
//! by openssl, AUTH with a user and password. The delivered mails are read back as Python's email
//! package parsed them.
#![allow(dead_code)]

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub const USER: &str = "vereint-mail";
pub const PASSWORD: &str = "smtp-password-for-tests-42";

/// The venv's python, or None (skipped, saying why; with CI=true a failure).
pub fn python() -> Option<PathBuf> {
    let venv = std::env::var("SMTP_TEST_VENV")
        .unwrap_or_else(|_| "/var/tmp/vereint-test/smtp-venv".to_string());
    let python = Path::new(&venv).join("bin/python");
    let ok = python.is_file()
        && Command::new(&python)
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success());
    if !ok {
        let why = "aiosmtpd is not installed: run `bash tests/smtp/setup.sh`";
        if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
            panic!("{why}; CI=true, so this is a failure");
        }
        eprintln!("SKIPPED: {why}");
        return None;
    }
    Some(python)
}

/// One delivered mail.
#[derive(Debug, Clone)]
pub struct Mail {
    pub rcpt: Vec<String>,
    pub raw: String,
    pub headers: Vec<(String, String)>,
    pub parts: Vec<Value>,
}

impl Mail {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn to(&self) -> &str {
        self.rcpt.first().map_or("", String::as_str)
    }

    pub fn subject(&self) -> &str {
        self.header("subject").unwrap_or("")
    }

    pub fn message_id(&self) -> &str {
        self.header("message-id").unwrap_or("")
    }

    fn part(&self, content_type: &str) -> Option<&Value> {
        self.parts
            .iter()
            .find(|p| p["content_type"] == content_type)
    }

    pub fn text(&self) -> String {
        self.part("text/plain")
            .and_then(|p| p["text"].as_str())
            .unwrap_or("")
            .to_string()
    }

    pub fn html(&self) -> Option<String> {
        self.part("text/html")
            .and_then(|p| p["text"].as_str())
            .map(String::from)
    }

    pub fn calendar(&self) -> Option<&Value> {
        self.part("text/calendar")
    }
}

pub struct SmtpServer {
    pub port: u16,
    pub dir: tempfile::TempDir,
    python: PathBuf,
    /// TLS from the first byte (`smtps://`) instead of STARTTLS.
    implicit: bool,
    child: Option<Child>,
}

impl SmtpServer {
    /// Generates the certificate and starts the server on a free port.
    pub fn start(python: &Path) -> SmtpServer {
        Self::start_in(python, tempfile::tempdir().unwrap())
    }

    /// The same speaking implicit TLS, as `smtps://` expects.
    pub fn start_implicit(python: &Path) -> SmtpServer {
        let mut server = Self::start_in(python, tempfile::tempdir().unwrap());
        server.down();
        server.implicit = true;
        server.up();
        server
    }

    /// The same with its certificate and the mails it received in `dir`.
    pub fn start_in(python: &Path, dir: tempfile::TempDir) -> SmtpServer {
        // a CA and a server certificate it signed (webpki takes no CA certificate as a server's)
        let d = dir.path();
        std::fs::write(
            d.join("ext.cnf"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        let steps: [&[&str]; 3] = [
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=vereint test CA",
                "-keyout",
                "ca-key.pem",
                "-out",
                "ca.pem",
            ],
            &[
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=localhost",
                "-keyout",
                "key.pem",
                "-out",
                "server.csr",
            ],
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca-key.pem",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "ext.cnf",
                "-out",
                "cert.pem",
            ],
        ];
        for args in steps {
            let status = Command::new("openssl")
                .args(args)
                .current_dir(d)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("running openssl");
            assert!(status.success(), "openssl {args:?} failed");
        }
        std::fs::create_dir(dir.path().join("mail")).unwrap();
        let port = free_port();
        let mut server = SmtpServer {
            port,
            dir,
            python: python.to_path_buf(),
            implicit: false,
            child: None,
        };
        server.up();
        server
    }

    pub fn cert(&self) -> PathBuf {
        self.dir.path().join("cert.pem")
    }

    /// The CA that signed the server's certificate (`directory.smtp.ca_file`).
    pub fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// `smtp://localhost:PORT?tls=required` (STARTTLS), or `smtps://localhost:PORT`.
    pub fn url(&self) -> String {
        if self.implicit {
            format!("smtps://localhost:{}", self.port)
        } else {
            format!("smtp://localhost:{}?tls=required", self.port)
        }
    }

    /// Starts the server (again) on its port.
    pub fn up(&mut self) {
        assert!(self.child.is_none());
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp/server.py");
        let mut child = Command::new(&self.python)
            .arg(script)
            .arg(self.dir.path().join("mail"))
            .arg(self.port.to_string())
            .arg(self.cert())
            .arg(self.dir.path().join("key.pem"))
            .args([USER, PASSWORD])
            .args(self.implicit.then_some("implicit"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting the SMTP server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP server did not start");
        self.child = Some(child);
    }

    pub fn down(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// "451", "550 ADDRESS", or "" (see server.py).
    pub fn set_mode(&self, mode: &str) {
        let tmp = self.dir.path().join("mail/mode.tmp");
        std::fs::write(&tmp, mode).unwrap();
        std::fs::rename(tmp, self.dir.path().join("mail/mode")).unwrap();
    }

    /// How many sessions logged in so far: one per connection.
    pub fn sessions(&self) -> usize {
        std::fs::read_to_string(self.dir.path().join("mail/sessions"))
            .map_or(0, |n| n.trim().parse().unwrap())
    }

    /// Every mail delivered so far, in order.
    pub fn mails(&self) -> Vec<Mail> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path().join("mail"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("mail-") && n.ends_with(".json"))
            })
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| {
                let v: Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
                Mail {
                    rcpt: v["rcpt_tos"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| r.as_str().unwrap().to_string())
                        .collect(),
                    raw: v["data"].as_str().unwrap().to_string(),
                    headers: v["headers"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|h| {
                            (
                                h[0].as_str().unwrap().to_string(),
                                h[1].as_str().unwrap().to_string(),
                            )
                        })
                        .collect(),
                    parts: v["parts"].as_array().unwrap().clone(),
                }
            })
            .collect()
    }

    /// Waits (at most `limit`) until `done` holds for the delivered mails; they are returned.
    pub async fn wait_for(&self, limit: Duration, done: impl Fn(&[Mail]) -> bool) -> Vec<Mail> {
        let start = Instant::now();
        loop {
            let mails = self.mails();
            if done(&mails) {
                return mails;
            }
            if start.elapsed() > limit {
                let seen: Vec<String> = mails
                    .iter()
                    .map(|m| format!("{} {}", m.to(), m.subject()))
                    .collect();
                panic!("mails did not arrive within {limit:?}; got {seen:#?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.down();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `[directory.smtp]` for this server.
pub fn settings(server: &SmtpServer) -> vereint::config::SmtpSettings {
    vereint::config::SmtpSettings {
        url: server.url(),
        from: "Vereint-Verzeichnis <noreply@verzeichnis.example>".into(),
        username: Some(USER.into()),
        password: Some(vereint::config::Secret(PASSWORD.into())),
        ca_file: Some(server.ca()),
        ..Default::default()
    }
}

/// The content lines of an iCalendar text, unfolded (RFC 5545 3.1), as (name with parameters,
/// value).
pub fn ics_lines(text: &str) -> Vec<(String, String)> {
    let unfolded = text
        .replace("\r\n", "\n")
        .replace("\n ", "")
        .replace("\n\t", "");
    unfolded
        .split('\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (k, v) = l
                .split_once(':')
                .unwrap_or_else(|| panic!("no colon in {l:?}"));
            (k.to_string(), v.to_string())
        })
        .collect()
}
