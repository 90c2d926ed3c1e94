//! Pre-flight: can we reach each host, does it fit its services, do the names point at it, are its web
//! ports reachable from here, is IPv6 there where the names have AAAA records, is Ansible ready. Facts are
//! gathered over SSH; judging them is pure (and tested without hosts).

use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::Serialize;

use super::runner::{Ansible, COLLECTIONS};
use super::site::{Host, Service, Site};
use crate::i18n::{Lang, Msg, tf};

/// What a host told us about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub os_id: String,
    pub os_version: String,
    pub cpus: u32,
    pub mem_mb: u64,
    pub disk_free_mb: u64,
    /// Global IPv6 addresses configured on the host.
    pub ipv6: Vec<IpAddr>,
}

/// Needs of one service: supported systems, and resources (added up per host).
struct Needs {
    os: &'static [(&'static str, &'static str)],
    cpus: u32,
    mem_mb: u64,
    disk_mb: u64,
}

const SERVER_OS: &[(&str, &str)] = &[("debian", "12"), ("ubuntu", "22.04"), ("ubuntu", "24.04")];

fn needs(s: Service) -> Needs {
    match s {
        Service::Mattermost => Needs {
            os: SERVER_OS,
            cpus: 2,
            mem_mb: 1900,
            disk_mb: 10_000,
        },
        Service::Bigbluebutton => Needs {
            os: &[("ubuntu", "22.04")],
            cpus: 4,
            mem_mb: 7600,
            disk_mb: 50_000,
        },
        Service::Directory => Needs {
            os: SERVER_OS,
            cpus: 1,
            mem_mb: 900,
            disk_mb: 2_000,
        },
        Service::Coturn | Service::Agent => Needs {
            os: SERVER_OS,
            cpus: 0,
            mem_mb: 100,
            disk_mb: 100,
        },
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub host: String,
    pub what: String,
    pub ok: bool,
    /// Result or, when not ok, the problem and what to do.
    pub detail: String,
}

/// Judges a host's facts against its services.
pub fn judge_host(host: &Host, facts: &Facts, lang: Lang) -> Vec<Finding> {
    let mut out = Vec::new();
    let finding = |what: &str, ok: bool, detail: String| Finding {
        host: host.name.clone(),
        what: what.into(),
        ok,
        detail,
    };
    let os = format!("{} {}", facts.os_id, facts.os_version);
    for s in &host.services {
        let n = needs(*s);
        let fits =
            n.os.iter()
                .any(|(id, v)| facts.os_id == *id && facts.os_version == *v);
        let supported: Vec<String> = n.os.iter().map(|(id, v)| format!("{id} {v}")).collect();
        out.push(if fits {
            finding(&format!("os/{}", s.as_str()), true, os.clone())
        } else {
            finding(
                &format!("os/{}", s.as_str()),
                false,
                tf(
                    Msg::ProvCheckOs,
                    lang,
                    &[
                        ("service", &s.as_str()),
                        ("os", &os),
                        ("supported", &supported.join(", ")),
                    ],
                ),
            )
        });
    }
    let cpus = host
        .services
        .iter()
        .map(|s| needs(*s).cpus)
        .max()
        .unwrap_or(0);
    let mem: u64 = host.services.iter().map(|s| needs(*s).mem_mb).sum();
    let disk: u64 = host.services.iter().map(|s| needs(*s).disk_mb).sum();
    for (what, have, need) in [
        ("cpu", u64::from(facts.cpus), u64::from(cpus)),
        ("memory", facts.mem_mb, mem),
        ("disk", facts.disk_free_mb, disk),
    ] {
        let ok = have >= need;
        let detail = if ok {
            tf(
                Msg::ProvCheckHave,
                lang,
                &[("have", &have), ("need", &need)],
            )
        } else {
            tf(
                Msg::ProvCheckTooSmall,
                lang,
                &[("what", &what), ("have", &have), ("need", &need)],
            )
        };
        out.push(finding(what, ok, detail));
    }
    out
}

/// Parses the output of [`FACTS_SCRIPT`].
pub fn parse_facts(text: &str) -> Option<Facts> {
    let mut f = Facts::default();
    let mut seen = 0;
    for line in text.lines() {
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let v = v.trim().trim_matches('"');
        seen += 1;
        match k.trim() {
            "ID" => f.os_id = v.to_string(),
            "VERSION_ID" => f.os_version = v.to_string(),
            "cpus" => f.cpus = v.parse().ok()?,
            "mem_mb" => f.mem_mb = v.parse().ok()?,
            "disk_free_mb" => f.disk_free_mb = v.parse().ok()?,
            "ipv6" => {
                seen -= 1;
                f.ipv6
                    .extend(v.parse::<IpAddr>().ok().filter(IpAddr::is_ipv6));
            }
            _ => seen -= 1,
        }
    }
    (seen == 5).then_some(f)
}

const FACTS_SCRIPT: &str = r#"grep -E '^(ID|VERSION_ID)=' /etc/os-release
echo "cpus=$(nproc)"
awk '/^MemTotal:/ {print "mem_mb=" int($2/1024)}' /proc/meminfo
df -Pm / | awk 'NR==2 {print "disk_free_mb=" $4}'
ip -6 -o addr show scope global 2>/dev/null | awk '{sub("/.*", "", $4); print "ipv6=" $4}'
"#;

/// Asks the host over SSH (batch mode: no password prompts).
fn gather(host: &Host) -> Result<Facts, String> {
    let mut cmd = Command::new("ssh");
    cmd.args([
        "-o",
        "BatchMode=yes",
        "-o",
        "ConnectTimeout=10",
        "-o",
        "StrictHostKeyChecking=accept-new",
        "-p",
    ])
    .arg(host.ssh.port.to_string());
    if let Some(k) = &host.ssh.key {
        cmd.arg("-i").arg(k);
    }
    cmd.arg(format!("{}@{}", host.ssh.user, host.address))
        .arg("sh -s")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("ssh: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write as _;
        let _ = stdin.write_all(FACTS_SCRIPT.as_bytes());
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    parse_facts(&String::from_utf8_lossy(&out.stdout))
        .ok_or_else(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Do the service names of this host resolve to its address?
fn judge_dns(site: &Site, host: &Host, lang: Lang) -> Vec<Finding> {
    let wanted: Vec<IpAddr> = match host.address.parse::<IpAddr>() {
        Ok(ip) => vec![ip],
        Err(_) => resolve(&host.address),
    };
    let mut out = Vec::new();
    for (_, domain) in host_domains(site, host) {
        let got = resolve(domain);
        let ok = got.iter().any(|ip| wanted.contains(ip));
        let shown: Vec<String> = got.iter().map(ToString::to_string).collect();
        let detail = if ok {
            shown.join(", ")
        } else {
            tf(
                Msg::ProvCheckDns,
                lang,
                &[
                    ("domain", &domain),
                    (
                        "got",
                        &if shown.is_empty() {
                            "-".to_string()
                        } else {
                            shown.join(", ")
                        },
                    ),
                    ("address", &host.address),
                ],
            )
        };
        out.push(Finding {
            host: host.name.clone(),
            what: format!("dns/{domain}"),
            ok,
            detail,
        });
    }
    out
}

/// How a TCP port answered a connection from this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortState {
    Open,
    /// Reachable, but nothing listens (a reset came back).
    NoListener,
    /// Dropped or unreachable on the way: a firewall, a security group, no port forwarding.
    Filtered(String),
}

pub fn probe_port(addr: SocketAddr, timeout: Duration) -> PortState {
    match TcpStream::connect_timeout(&addr, timeout) {
        Ok(_) => PortState::Open,
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => PortState::NoListener,
        Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
            PortState::Filtered("timed out".into())
        }
        Err(e) => PortState::Filtered(e.to_string()),
    }
}

/// Services whose web ports (80 for ACME HTTP-01 and the redirect, 443) must be open to the world.
const WEB: &[Service] = &[
    Service::Mattermost,
    Service::Bigbluebutton,
    Service::Directory,
];

pub fn judge_port(host: &Host, addr: SocketAddr, state: &PortState, lang: Lang) -> Finding {
    let port = addr.port();
    let (ok, detail) = match state {
        PortState::Open => (
            true,
            tf(
                Msg::ProvCheckPortOpen,
                lang,
                &[("port", &port), ("addr", &addr)],
            ),
        ),
        PortState::NoListener => (
            true,
            tf(
                Msg::ProvCheckPortNoListener,
                lang,
                &[("port", &port), ("addr", &addr)],
            ),
        ),
        PortState::Filtered(e) => (
            false,
            tf(
                Msg::ProvCheckPortFiltered,
                lang,
                &[("port", &port), ("addr", &addr), ("error", e)],
            ),
        ),
    };
    Finding {
        host: host.name.clone(),
        what: format!("port/{port}"),
        ok,
        detail,
    }
}

/// Ports 80 and 443 of a host with web services, probed from here (IPv4 and, for AAAA names, IPv6).
fn judge_ports(site: &Site, host: &Host, lang: Lang) -> Vec<Finding> {
    if !host.services.iter().any(|s| WEB.contains(s)) {
        return Vec::new();
    }
    let mut addrs: Vec<IpAddr> = match host.address.parse::<IpAddr>() {
        Ok(ip) => vec![ip],
        Err(_) => resolve(&host.address),
    };
    for (_, domain) in host_domains(site, host) {
        for ip in resolve(domain).into_iter().filter(IpAddr::is_ipv6) {
            if !addrs.contains(&ip) {
                addrs.push(ip);
            }
        }
    }
    let mut out = Vec::new();
    for ip in addrs {
        for port in [80, 443] {
            let addr = SocketAddr::new(ip, port);
            out.push(judge_port(
                host,
                addr,
                &probe_port(addr, Duration::from_secs(5)),
                lang,
            ));
        }
    }
    out
}

/// Names with AAAA records need that IPv6 address on the host.
pub fn judge_ipv6(
    domain: &str,
    aaaa: &[IpAddr],
    host: &Host,
    facts: &Facts,
    lang: Lang,
) -> Option<Finding> {
    if aaaa.is_empty() {
        return None;
    }
    let shown = |ips: &[IpAddr]| {
        if ips.is_empty() {
            "-".to_string()
        } else {
            ips.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let ok = aaaa.iter().any(|ip| facts.ipv6.contains(ip));
    let args: [(&str, &dyn std::fmt::Display); 4] = [
        ("domain", &domain),
        ("aaaa", &shown(aaaa)),
        ("host", &host.name),
        ("have", &shown(&facts.ipv6)),
    ];
    Some(Finding {
        host: host.name.clone(),
        what: format!("ipv6/{domain}"),
        ok,
        detail: tf(
            if ok {
                Msg::ProvCheckIpv6Ok
            } else {
                Msg::ProvCheckIpv6Missing
            },
            lang,
            &args,
        ),
    })
}

fn host_domains<'a>(site: &'a Site, host: &Host) -> Vec<(Service, &'a str)> {
    [
        (Service::Mattermost, &site.domains.mattermost),
        (Service::Bigbluebutton, &site.domains.bigbluebutton),
        (Service::Directory, &site.domains.directory),
    ]
    .into_iter()
    .filter(|(s, _)| host.services.contains(s))
    .filter_map(|(s, d)| d.as_deref().map(|d| (s, d)))
    .collect()
}

fn resolve(name: &str) -> Vec<IpAddr> {
    (name, 443)
        .to_socket_addrs()
        .map(|a| a.map(|s| s.ip()).collect())
        .unwrap_or_default()
}

/// Ansible and the collections on this machine.
pub fn judge_ansible(ansible: Option<&Ansible>, lang: Lang) -> Finding {
    let finding = |ok, detail| Finding {
        host: "-".into(),
        what: "ansible".into(),
        ok,
        detail,
    };
    let Some(a) = ansible else {
        return finding(false, tf(Msg::ProvCheckNoAnsible, lang, &[]));
    };
    let roots: Vec<std::path::PathBuf> = a
        .collections
        .iter()
        .cloned()
        .chain(std::env::var_os("HOME").map(|h| Path::new(&h).join(".ansible/collections")))
        .chain([Path::new("/usr/share/ansible/collections").to_path_buf()])
        .collect();
    let missing: Vec<&str> = COLLECTIONS
        .iter()
        .copied()
        .filter(|c| {
            !roots
                .iter()
                .any(|r| r.join("ansible_collections").join(c).is_dir())
        })
        .collect();
    if missing.is_empty() {
        finding(true, a.playbook.display().to_string())
    } else {
        finding(
            false,
            tf(
                Msg::ProvCheckCollections,
                lang,
                &[("missing", &missing.join(", ").replace('/', "."))],
            ),
        )
    }
}

/// All findings for the site: Ansible first, then each host (SSH, system, resources, names).
pub fn run(site: &Site, ansible: Option<&Ansible>, lang: Lang) -> Vec<Finding> {
    let mut out = vec![judge_ansible(ansible, lang)];
    let per_host: Vec<Vec<Finding>> = std::thread::scope(|s| {
        let handles: Vec<_> = site
            .hosts
            .iter()
            .map(|h| {
                s.spawn(move || {
                    let mut f = Vec::new();
                    match gather(h) {
                        Ok(facts) => {
                            f.push(Finding {
                                host: h.name.clone(),
                                what: "ssh".into(),
                                ok: true,
                                detail: format!("{}@{}:{}", h.ssh.user, h.address, h.ssh.port),
                            });
                            f.extend(judge_host(h, &facts, lang));
                            for (_, domain) in host_domains(site, h) {
                                let aaaa: Vec<IpAddr> = resolve(domain)
                                    .into_iter()
                                    .filter(IpAddr::is_ipv6)
                                    .collect();
                                f.extend(judge_ipv6(domain, &aaaa, h, &facts, lang));
                            }
                        }
                        Err(e) => f.push(Finding {
                            host: h.name.clone(),
                            what: "ssh".into(),
                            ok: false,
                            detail: tf(
                                Msg::ProvCheckSsh,
                                lang,
                                &[
                                    (
                                        "target",
                                        &format!("{}@{}:{}", h.ssh.user, h.address, h.ssh.port),
                                    ),
                                    ("error", &e.lines().last().unwrap_or("")),
                                ],
                            ),
                        }),
                    }
                    f.extend(judge_dns(site, h, lang));
                    f.extend(judge_ports(site, h, lang));
                    f
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    out.extend(per_host.into_iter().flatten());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(services: &[Service]) -> Host {
        Host {
            name: "h".into(),
            address: "127.0.0.1".into(),
            ssh: Default::default(),
            services: services.to_vec(),
            vars: Default::default(),
        }
    }

    fn facts(os: &str, ver: &str, cpus: u32, mem: u64, disk: u64) -> Facts {
        Facts {
            os_id: os.into(),
            os_version: ver.into(),
            cpus,
            mem_mb: mem,
            disk_free_mb: disk,
            ipv6: Vec::new(),
        }
    }

    #[test]
    fn facts_from_the_script_output() {
        let out = "ID=debian\nVERSION_ID=\"12\"\ncpus=2\nmem_mb=3900\ndisk_free_mb=20480\n";
        assert_eq!(
            parse_facts(out),
            Some(facts("debian", "12", 2, 3900, 20480))
        );
        assert_eq!(parse_facts("ID=debian\n"), None);
    }

    #[test]
    fn bbb_on_debian_is_a_problem_naming_ubuntu_22_04() {
        let f = judge_host(
            &host(&[Service::Bigbluebutton]),
            &facts("debian", "12", 8, 16000, 100_000),
            Lang::En,
        );
        let os = f.iter().find(|f| f.what == "os/bigbluebutton").unwrap();
        assert!(!os.ok);
        assert!(os.detail.contains("ubuntu 22.04"), "{}", os.detail);
        assert!(
            f.iter()
                .filter(|f| f.what != "os/bigbluebutton")
                .all(|f| f.ok)
        );
    }

    #[test]
    fn resources_add_up_per_host() {
        let h = host(&[Service::Mattermost, Service::Coturn, Service::Agent]);
        let small = judge_host(&h, &facts("debian", "12", 1, 1024, 5_000), Lang::En);
        let bad: Vec<&str> = small
            .iter()
            .filter(|f| !f.ok)
            .map(|f| f.what.as_str())
            .collect();
        assert_eq!(bad, ["cpu", "memory", "disk"]);
        assert!(small[4].detail.contains("2100"), "{}", small[4].detail);
        let fine = judge_host(&h, &facts("ubuntu", "24.04", 2, 4000, 40_000), Lang::En);
        assert!(fine.iter().all(|f| f.ok), "{fine:?}");
    }

    #[test]
    fn missing_ansible_says_how_to_get_it() {
        let f = judge_ansible(None, Lang::En);
        assert!(!f.ok);
        assert!(f.detail.contains("setup-ansible"), "{}", f.detail);
    }

    #[test]
    fn ipv6_facts_are_optional_lines() {
        let out = "ID=debian\nVERSION_ID=\"12\"\ncpus=2\nmem_mb=3900\ndisk_free_mb=20480\nipv6=2001:db8::5\nipv6=junk\n";
        let f = parse_facts(out).unwrap();
        assert_eq!(f.ipv6, vec!["2001:db8::5".parse::<IpAddr>().unwrap()]);
    }

    #[test]
    fn ports_from_here_open_refused_and_filtered() {
        let h = host(&[Service::Mattermost]);
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let open = listener.local_addr().unwrap();
        assert_eq!(probe_port(open, Duration::from_secs(2)), PortState::Open);
        let closed = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap()
        };
        let state = probe_port(closed, Duration::from_secs(2));
        assert_eq!(state, PortState::NoListener);
        assert!(judge_port(&h, closed, &state, Lang::En).ok);
        let f = judge_port(
            &h,
            closed,
            &PortState::Filtered("timed out".into()),
            Lang::En,
        );
        assert!(!f.ok && f.what == format!("port/{}", closed.port()));
        assert!(
            f.detail.contains("firewall") && f.detail.contains("certbot"),
            "{}",
            f.detail
        );
    }

    #[test]
    fn aaaa_needs_the_address_on_the_host() {
        let h = host(&[Service::Mattermost]);
        let aaaa = ["2001:db8::5".parse::<IpAddr>().unwrap()];
        let mut fx = facts("debian", "12", 2, 4000, 40_000);
        assert!(judge_ipv6("mm.example.org", &[], &h, &fx, Lang::En).is_none());
        let f = judge_ipv6("mm.example.org", &aaaa, &h, &fx, Lang::En).unwrap();
        assert!(
            !f.ok && f.detail.contains("delete the AAAA record"),
            "{}",
            f.detail
        );
        fx.ipv6 = aaaa.to_vec();
        assert!(
            judge_ipv6("mm.example.org", &aaaa, &h, &fx, Lang::En)
                .unwrap()
                .ok
        );
    }

    #[test]
    fn dns_must_point_at_the_host() {
        let mut site =
            super::super::site::Site::parse(super::super::EXAMPLE_MM, "x.toml", Lang::En).unwrap();
        site.domains.mattermost = Some("localhost".into());
        let mut h = site.hosts[0].clone();
        h.address = "127.0.0.1".into();
        assert!(judge_dns(&site, &h, Lang::En)[0].ok);
        h.address = "192.0.2.1".into();
        let f = &judge_dns(&site, &h, Lang::En)[0];
        assert!(!f.ok && f.detail.contains("192.0.2.1"), "{}", f.detail);
    }
}
