//! `vereint provision init`: a site file from flags, asking on a terminal for what is missing.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::PathBuf;

use clap::Args;

use super::site::{
    DirectoryLink, Domains, Host, Service, Site, Ssh, Tls, TlsMode, Versions, valid_address,
    valid_domain, valid_host_name, valid_sha256,
};
use crate::api::validate::is_email;
use crate::i18n::{Lang, Msg, file_error, t, tf};
use crate::output;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// File to write
    #[arg(default_value = "site.toml")]
    pub file: PathBuf,
    /// Overwrite an existing file
    #[arg(long)]
    pub force: bool,
    #[arg(long)]
    pub organisation: Option<String>,
    #[arg(long)]
    pub contact_email: Option<String>,
    /// NAME=ADDRESS:SERVICE,SERVICE (services: mattermost, bigbluebutton, coturn, directory, agent); repeatable
    #[arg(long = "host")]
    pub hosts: Vec<String>,
    #[arg(long, default_value = "root")]
    pub ssh_user: String,
    /// SSH private key file for all hosts
    #[arg(long)]
    pub ssh_key: Option<PathBuf>,
    #[arg(long)]
    pub mattermost_domain: Option<String>,
    #[arg(long)]
    pub bbb_domain: Option<String>,
    #[arg(long)]
    pub directory_domain: Option<String>,
    /// letsencrypt, acme, selfsigned or files
    #[arg(long, default_value = "letsencrypt")]
    pub tls: String,
    #[arg(long)]
    pub acme_email: Option<String>,
    #[arg(long)]
    pub acme_server: Option<String>,
    #[arg(long)]
    pub mattermost_version: Option<String>,
    #[arg(long)]
    pub mattermost_sha256: Option<String>,
    /// URL of the central directory the agent reports to
    #[arg(long)]
    pub directory_url: Option<String>,
    /// File holding the enrollment token from the directory's operator
    #[arg(long)]
    pub enrollment_token_file: Option<PathBuf>,
}

/// Parses `NAME=ADDRESS:SERVICE,SERVICE`.
pub fn parse_host(spec: &str, lang: Lang) -> anyhow::Result<Host> {
    let bad = || anyhow::anyhow!(tf(Msg::ProvInitHostSpec, lang, &[("spec", &spec)]));
    let (name, rest) = spec.split_once('=').ok_or_else(bad)?;
    let (address, services) = rest.rsplit_once(':').ok_or_else(bad)?;
    let services = services
        .split(',')
        .map(|s| {
            serde_json::from_value::<Service>(serde_json::Value::String(s.trim().to_string()))
                .map_err(|_| bad())
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Host {
        name: name.trim().to_string(),
        address: address.trim().to_string(),
        ssh: Ssh::default(),
        services,
        vars: Default::default(),
    })
}

/// A typed host answer checked as the site file will be: its form and service names, the name
/// and the address.
fn check_host(spec: &str, lang: Lang) -> Result<(), String> {
    let h = parse_host(spec, lang).map_err(|e| e.to_string())?;
    if !valid_host_name(&h.name) {
        return Err(tf(Msg::ProvSiteHostName, lang, &[("name", &h.name)]));
    }
    if !valid_address(&h.address) {
        return Err(t(Msg::ProvSiteAddress, lang).to_string());
    }
    Ok(())
}

/// How often a question is asked again before `init` gives up.
const TRIES: usize = 5;

/// Asks on a terminal for what the flags left out, checking each answer as it comes.
struct Asker {
    interactive: bool,
    lang: Lang,
}

impl Asker {
    /// Fills `value` when it is `needed` and missing: without a terminal that is an error naming
    /// the flag; on one, the question again (with what was wrong) until `check` passes.
    fn ask(
        &self,
        label: Msg,
        value: &mut Option<String>,
        needed: bool,
        check: impl Fn(&str) -> Result<(), String>,
    ) -> anyhow::Result<()> {
        let lang = self.lang;
        if value.is_some() || !needed {
            return Ok(());
        }
        let missing =
            || anyhow::anyhow!(tf(Msg::ProvInitMissing, lang, &[("what", &t(label, lang))]));
        if !self.interactive {
            return Err(missing());
        }
        let mut stderr = std::io::stderr().lock();
        for _ in 0..TRIES {
            write!(stderr, "{}: ", t(label, lang))?;
            stderr.flush()?;
            let mut line = String::new();
            if std::io::stdin().lock().read_line(&mut line)? == 0 {
                // end of input: nothing more will come
                writeln!(stderr)?;
                return Err(missing());
            }
            let answer = line.trim();
            match check(answer) {
                Ok(()) => {
                    *value = Some(answer.to_string());
                    return Ok(());
                }
                Err(why) => writeln!(
                    stderr,
                    "  {}",
                    output::sanitize(&tf(Msg::ProvInitAskAgain, lang, &[("why", &why)]))
                )?,
            }
        }
        Err(missing())
    }
}

pub fn run(lang: Lang, mut a: InitArgs) -> anyhow::Result<()> {
    if a.file.exists() && !a.force {
        anyhow::bail!(tf(
            Msg::ProvInitExists,
            lang,
            &[("file", &a.file.display())]
        ));
    }
    let interactive = std::io::stdin().is_terminal();
    let asker = Asker { interactive, lang };
    let text = |v: &str| (!v.is_empty() && !v.chars().any(char::is_control)).then_some(());
    let domain = |v: &str| {
        valid_domain(v)
            .then_some(())
            .ok_or_else(|| tf(Msg::ProvSiteDomainBad, lang, &[("domain", &v)]))
    };
    asker.ask(
        Msg::ProvInitAskOrganisation,
        &mut a.organisation,
        true,
        |v| text(v).ok_or_else(|| t(Msg::MineErrEmpty, lang).to_string()),
    )?;
    asker.ask(Msg::ProvInitAskEmail, &mut a.contact_email, true, |v| {
        is_email(v)
            .then_some(())
            .ok_or_else(|| t(Msg::MineErrEmail, lang).to_string())
    })?;
    if a.hosts.is_empty() {
        let mut h = None;
        asker.ask(Msg::ProvInitAskHost, &mut h, true, |v| check_host(v, lang))?;
        a.hosts.extend(h);
    }
    let mut hosts = a
        .hosts
        .iter()
        .map(|s| parse_host(s, lang))
        .collect::<anyhow::Result<Vec<_>>>()?;
    for h in &mut hosts {
        h.ssh.user = a.ssh_user.clone();
        h.ssh.key = a.ssh_key.clone();
    }
    let uses = |s: Service| hosts.iter().any(|h| h.services.contains(&s));
    let (mm, bbb, dir, agent) = (
        uses(Service::Mattermost),
        uses(Service::Bigbluebutton),
        uses(Service::Directory),
        uses(Service::Agent),
    );
    asker.ask(
        Msg::ProvInitAskMmDomain,
        &mut a.mattermost_domain,
        mm,
        domain,
    )?;
    asker.ask(Msg::ProvInitAskBbbDomain, &mut a.bbb_domain, bbb, domain)?;
    asker.ask(
        Msg::ProvInitAskDirDomain,
        &mut a.directory_domain,
        dir,
        domain,
    )?;
    asker.ask(
        Msg::ProvInitAskMmVersion,
        &mut a.mattermost_version,
        mm,
        |v| text(v).ok_or_else(|| t(Msg::ProvSiteVersion, lang).to_string()),
    )?;
    asker.ask(Msg::ProvInitAskMmSha, &mut a.mattermost_sha256, mm, |v| {
        valid_sha256(v)
            .then_some(())
            .ok_or_else(|| t(Msg::ProvSiteSha, lang).to_string())
    })?;
    asker.ask(
        Msg::ProvInitAskDirectoryUrl,
        &mut a.directory_url,
        agent,
        |v| {
            url::Url::parse(v)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
                .map(|_| ())
                .ok_or_else(|| t(Msg::ProvSiteDirectoryUrl, lang).to_string())
        },
    )?;
    let mode: TlsMode = serde_json::from_value(serde_json::Value::String(a.tls.clone()))
        .map_err(|_| anyhow::anyhow!(tf(Msg::ProvInitTlsMode, lang, &[("mode", &a.tls)])))?;
    let acme = matches!(mode, TlsMode::Letsencrypt | TlsMode::Acme);
    if acme && a.acme_email.is_none() {
        a.acme_email.clone_from(&a.contact_email);
    }
    let site = Site {
        organisation: a.organisation.unwrap_or_default(),
        contact_email: a.contact_email.unwrap_or_default(),
        tls: Tls {
            mode,
            acme_server: a.acme_server,
            email: a.acme_email,
            ..Tls::default()
        },
        domains: Domains {
            mattermost: a.mattermost_domain,
            bigbluebutton: a.bbb_domain,
            directory: a.directory_domain,
        },
        versions: Versions {
            mattermost: a.mattermost_version,
            mattermost_sha256: a.mattermost_sha256,
            mattermost_url: None,
        },
        directory: a.directory_url.map(|url| DirectoryLink {
            url,
            enrollment_token_file: a.enrollment_token_file,
        }),
        backup: None,
        ansible: Default::default(),
        vars: Default::default(),
        hosts,
    };
    let text = format!(
        "# vereint site file: `vereint provision check|plan|apply {}`\n\n{}",
        a.file.display(),
        toml::to_string_pretty(&site)?
    );
    // what we write must load again, with the same checks as every other command
    Site::parse(&text, &a.file.display().to_string(), lang)?;
    std::fs::write(&a.file, text).map_err(|e| file_error(Msg::FileUnwritable, &a.file, &e))?;
    output::text(&tf(
        Msg::ProvInitWritten,
        lang,
        &[("file", &a.file.display())],
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_specs() {
        let h = parse_host("chat=203.0.113.10:mattermost,coturn", Lang::En).unwrap();
        assert_eq!(h.name, "chat");
        assert_eq!(h.address, "203.0.113.10");
        assert_eq!(h.services, [Service::Mattermost, Service::Coturn]);
        let v6 = parse_host("v6=2001:db8::1:directory", Lang::En).unwrap();
        assert_eq!(v6.address, "2001:db8::1");
        assert!(parse_host("chat:mattermost", Lang::En).is_err());
        assert!(parse_host("chat=1.2.3.4:jitsi", Lang::En).is_err());
    }

    #[test]
    fn init_from_flags_writes_a_site_that_loads() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("club.toml");
        let args = InitArgs {
            file: file.clone(),
            force: false,
            organisation: Some("SV".into()),
            contact_email: Some("it@sv.example".into()),
            hosts: vec!["chat=203.0.113.10:mattermost,coturn".into()],
            ssh_user: "root".into(),
            ssh_key: None,
            mattermost_domain: Some("chat.sv.example".into()),
            bbb_domain: None,
            directory_domain: None,
            tls: "letsencrypt".into(),
            acme_email: None,
            acme_server: None,
            mattermost_version: Some("10.11.1".into()),
            mattermost_sha256: Some("a".repeat(64)),
            directory_url: None,
            enrollment_token_file: None,
        };
        run(Lang::En, args).unwrap();
        let site = Site::load(&file, Lang::En).unwrap();
        assert_eq!(site.tls.email.as_deref(), Some("it@sv.example"));
        assert_eq!(
            site.hosts[0].services,
            [Service::Mattermost, Service::Coturn]
        );
    }
}
