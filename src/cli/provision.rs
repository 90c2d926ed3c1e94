//! `vereint provision init|check|plan|apply|status|backup|restore|upgrade|setup-ansible`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::i18n::Lang;
use crate::provision::{self, init::InitArgs};

#[derive(Debug, Subcommand)]
pub enum ProvisionCmd {
    /// Write a site file (asks for what the flags leave out)
    Init(Box<InitArgs>),
    /// Pre-flight: SSH, system, resources and DNS of every host, Ansible on this machine
    Check {
        #[command(flatten)]
        site: SiteArg,
        #[arg(long)]
        json: bool,
    },
    /// Show what apply would change (ansible-playbook --check --diff), per host and role
    Plan {
        #[command(flatten)]
        run: RunArgs,
        #[arg(long)]
        json: bool,
    },
    /// Set up or update every host of the site (safe to repeat)
    Apply {
        #[command(flatten)]
        run: RunArgs,
        /// Do not register the instance with the directory afterwards
        #[arg(long)]
        no_register: bool,
    },
    /// Last run, registration, and whether the services answer
    Status {
        #[command(flatten)]
        site: SiteArg,
        #[arg(long)]
        json: bool,
    },
    /// Back up Mattermost (database dump and data) into an archive on its host, and off-site when set up
    Backup {
        #[command(flatten)]
        run: RunArgs,
    },
    /// Restore Mattermost from a backup archive on its host (default: the newest) or from off-site
    Restore {
        #[command(flatten)]
        run: RunArgs,
        /// Archive path on the host
        #[arg(long, conflicts_with = "from_offsite")]
        archive: Option<String>,
        /// From the site's off-site repository ([backup] in the site file)
        #[arg(long)]
        from_offsite: bool,
        /// Off-site snapshot ID (default: the latest)
        #[arg(long, requires = "from_offsite")]
        snapshot: Option<String>,
    },
    /// Switch Mattermost to another version (beside the old one; rolled back when unhealthy)
    Upgrade {
        #[command(flatten)]
        run: RunArgs,
        /// Version to switch to (default: versions.mattermost of the site file)
        #[arg(long)]
        version: Option<String>,
        /// SHA-256 of that version's tarball (required with --version)
        #[arg(long)]
        sha256: Option<String>,
        /// Download URL of that tarball (default: releases.mattermost.com)
        #[arg(long)]
        url: Option<String>,
    },
    /// Install a pinned ansible-core and the needed collections into a venv
    SetupAnsible {
        /// Folder for venv/ and collections/ (default: ~/.local/share/vereint/ansible)
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct SiteArg {
    /// The site file
    #[arg(default_value = "site.toml")]
    pub site: PathBuf,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub site: SiteArg,
    /// Only these hosts (Ansible pattern)
    #[arg(long)]
    pub limit: Option<String>,
    /// Only tasks with these tags
    #[arg(long)]
    pub tags: Option<String>,
    /// Write the full log here (default: the state dir's logs/)
    #[arg(long)]
    pub log: Option<PathBuf>,
}

impl RunArgs {
    fn run_args(self) -> provision::RunArgs {
        provision::RunArgs {
            site: self.site.site,
            limit: self.limit,
            tags: self.tags,
            log: self.log,
        }
    }
}

pub fn run(lang: Lang, cmd: ProvisionCmd) -> anyhow::Result<()> {
    match cmd {
        ProvisionCmd::Init(args) => provision::init::run(lang, *args),
        ProvisionCmd::SetupAnsible { dir } => provision::setup_ansible(lang, dir),
        ProvisionCmd::Check { site, json } => provision::check(lang, &site.site, json),
        ProvisionCmd::Plan { run, json } => provision::plan(lang, &run.run_args(), json),
        ProvisionCmd::Apply { run, no_register } => {
            provision::apply(lang, &run.run_args(), no_register)
        }
        ProvisionCmd::Status { site, json } => provision::status(&site.site, lang, json),
        ProvisionCmd::Backup { run } => provision::backup(lang, &run.run_args()),
        ProvisionCmd::Restore {
            run,
            archive,
            from_offsite,
            snapshot,
        } => {
            let from = if from_offsite {
                provision::RestoreFrom::Offsite(snapshot)
            } else {
                provision::RestoreFrom::Archive(archive)
            };
            provision::restore(lang, &run.run_args(), from)
        }
        ProvisionCmd::Upgrade {
            run,
            version,
            sha256,
            url,
        } => provision::upgrade(lang, &run.run_args(), version, sha256, url),
    }
}
