//! The operator's catalogue, fetched in the background and kept in the cache dir, so that the next
//! start (and an offline one) shows it too. A copy is used only after it validated, from the network
//! and from the cache alike; whatever goes wrong, the caller keeps the catalogue it has.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use super::{CatalogFetch, Client};
use crate::catalog::{self, Catalog};

/// Where a catalogue on screen came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Built into the binary (or `catalog.dir`): the directory was not asked or not reached.
    Embedded,
    /// Fetched from the directory just now, or confirmed unchanged (304).
    Directory { url: String },
    /// The directory could not be reached; the copy it sent earlier, fetched at `fetched_at`.
    Cached { url: String, fetched_at: String },
}

/// What a sync ended with. `catalog` is `None` when the caller should keep what it shows.
#[derive(Debug)]
pub struct Synced {
    pub catalog: Option<Catalog>,
    pub source: Source,
    /// Why the directory's catalogue is not shown (offline, or it did not validate).
    pub problem: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    directory: String,
    etag: Option<String>,
    fetched_at: String,
}

/// One directory's cached catalogue: `catalog.json` as served, and `meta.json` with its ETag.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache for `directory` under the XDG cache dir; `None` without a home.
    pub fn for_directory(directory: &str) -> Option<Cache> {
        crate::config::cache_dir().map(|base| Cache::at(&base, directory))
    }

    /// A folder per directory URL, so that switching directories never mixes catalogues.
    pub fn at(base: &Path, directory: &str) -> Cache {
        let key = crate::api::token::hex(&sha2::Sha256::digest(directory.as_bytes()));
        Cache {
            dir: base.join("catalog").join(&key[..16]),
        }
    }

    fn read(&self) -> Option<(Meta, Catalog)> {
        let meta: Meta =
            serde_json::from_slice(&fs::read(self.dir.join("meta.json")).ok()?).ok()?;
        let path = self.dir.join("catalog.json");
        let bytes = fs::read(&path).ok()?;
        match catalog::load_json(&path.display().to_string(), &bytes) {
            Ok(c) => Some((meta, c)),
            Err(problems) => {
                tracing::warn!(%problems, "cached catalogue is invalid; ignoring it");
                None
            }
        }
    }

    /// Replaces the cached copy; each file is written to a temp file and renamed into place.
    fn write(&self, meta: &Meta, json: &[u8]) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        replace(&self.dir.join("catalog.json"), json)?;
        replace(
            &self.dir.join("meta.json"),
            &serde_json::to_vec(meta).expect("meta serialises"),
        )
    }
}

fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    let mut file = fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&tmp, path)
}

/// Asks the directory for its catalogue (with the cached copy's ETag) and returns what to show.
pub async fn sync(client: &Client, cache: Option<&Cache>, now: jiff::Timestamp) -> Synced {
    let url = client.base().to_string();
    let cached = cache.and_then(Cache::read);
    let etag = cached.as_ref().and_then(|(m, _)| m.etag.clone());
    match client.catalog(etag.as_deref()).await {
        Ok(CatalogFetch::NotModified) => match cached {
            Some((_, catalog)) => Synced {
                catalog: Some(catalog),
                source: Source::Directory { url },
                problem: None,
            },
            // a 304 for an ETag we did not send: nothing to show from it
            None => Synced {
                catalog: None,
                source: Source::Embedded,
                problem: Some(format!("{url}: answered 304 without a cached copy")),
            },
        },
        Ok(CatalogFetch::Fresh { etag, json }) => {
            let origin = format!("{url}api/v1/catalog");
            match catalog::load_json(&origin, &json) {
                Ok(catalog) => {
                    if let Some(cache) = cache {
                        let meta = Meta {
                            directory: url.clone(),
                            etag,
                            fetched_at: now.to_string(),
                        };
                        if let Err(e) = cache.write(&meta, &json) {
                            tracing::warn!(error = %e, "could not cache the catalogue");
                        }
                    }
                    Synced {
                        catalog: Some(catalog),
                        source: Source::Directory { url },
                        problem: None,
                    }
                }
                Err(problems) => fallback(cached, url, problems.to_string()),
            }
        }
        Err(e) => fallback(cached, url, e.to_string()),
    }
}

fn fallback(cached: Option<(Meta, Catalog)>, url: String, problem: String) -> Synced {
    match cached {
        Some((meta, catalog)) => Synced {
            catalog: Some(catalog),
            source: Source::Cached {
                url,
                fetched_at: meta.fetched_at,
            },
            problem: Some(problem),
        },
        None => Synced {
            catalog: None,
            source: Source::Embedded,
            problem: Some(problem),
        },
    }
}
