//! The agent's on-disk queue: one file per report, named by a rising sequence number, written
//! atomically (temp file, fsync, rename). Bounded: when full, the oldest report is dropped.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Msg, file_error, tf};

/// A report waiting for delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queued {
    /// The JSON body, exactly as it will be signed.
    pub body: String,
    /// Unix seconds of the last signature sent; reused while fresh so that a retry after a lost
    /// answer is a replay the directory recognises instead of a second copy.
    #[serde(default)]
    pub signed_at: Option<i64>,
}

pub struct Queue {
    dir: PathBuf,
    max: usize,
}

impl Queue {
    pub fn open(state_dir: &Path, max: usize) -> anyhow::Result<Queue> {
        let dir = state_dir.join("queue");
        std::fs::create_dir_all(&dir).map_err(|e| file_error(Msg::FolderUncreatable, &dir, &e))?;
        set_private(&dir, 0o700)?;
        Ok(Queue { dir, max })
    }

    /// Queued reports, oldest first.
    pub fn list(&self) -> anyhow::Result<Vec<(u64, PathBuf)>> {
        let mut items = Vec::new();
        let unreadable = |e: std::io::Error| file_error(Msg::FolderUnreadable, &self.dir, &e);
        for entry in std::fs::read_dir(&self.dir).map_err(unreadable)? {
            let path = entry.map_err(unreadable)?.path();
            let seq = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".json"))
                .and_then(|n| n.parse::<u64>().ok());
            if let Some(seq) = seq {
                items.push((seq, path));
            }
        }
        items.sort_unstable_by_key(|(seq, _)| *seq);
        Ok(items)
    }

    pub fn len(&self) -> anyhow::Result<usize> {
        Ok(self.list()?.len())
    }

    pub fn is_empty(&self) -> anyhow::Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Appends a report; drops the oldest ones beyond the bound and says how many.
    pub fn push(&self, item: &Queued) -> anyhow::Result<usize> {
        let items = self.list()?;
        let next = items.last().map_or(1, |(seq, _)| seq + 1);
        self.write(next, item)?;
        let mut dropped = 0;
        let over = (items.len() + 1).saturating_sub(self.max);
        for (_, path) in items.iter().take(over) {
            std::fs::remove_file(path).map_err(|e| file_error(Msg::FileUnremovable, path, &e))?;
            dropped += 1;
        }
        Ok(dropped)
    }

    pub fn read(&self, path: &Path) -> anyhow::Result<Queued> {
        let text =
            std::fs::read_to_string(path).map_err(|e| file_error(Msg::FileUnreadable, path, &e))?;
        serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(tf(
                Msg::QueueNotReport,
                Lang::current(),
                &[("file", &path.display()), ("error", &e)]
            ))
        })
    }

    /// Rewrites a queued report in place (after a send attempt).
    pub fn update(&self, seq: u64, item: &Queued) -> anyhow::Result<()> {
        self.write(seq, item)
    }

    pub fn remove(&self, path: &Path) -> anyhow::Result<()> {
        std::fs::remove_file(path).map_err(|e| file_error(Msg::FileUnremovable, path, &e))
    }

    fn write(&self, seq: u64, item: &Queued) -> anyhow::Result<()> {
        use std::io::Write as _;
        let path = self.dir.join(format!("{seq:020}.json"));
        let tmp = self.dir.join(format!(".{seq:020}.tmp"));
        let unwritable = |e: std::io::Error| file_error(Msg::FileUnwritable, &tmp, &e);
        let mut file = std::fs::File::create(&tmp).map_err(unwritable)?;
        set_private(&tmp, 0o600)?;
        file.write_all(serde_json::to_string(item)?.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(unwritable)?;
        std::fs::rename(&tmp, &path).map_err(|e| file_error(Msg::FileUnwritable, &path, &e))?;
        Ok(())
    }
}

#[cfg(unix)]
fn set_private(path: &Path, mode: u32) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| file_error(Msg::FileNoPermissions, path, &e))
}

#[cfg(not(unix))]
fn set_private(_: &Path, _: u32) -> anyhow::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(n: u32) -> Queued {
        Queued {
            body: format!("{{\"n\":{n}}}"),
            signed_at: None,
        }
    }

    #[test]
    fn keeps_order_and_drops_the_oldest_beyond_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let q = Queue::open(dir.path(), 3).unwrap();
        for n in 1..=3 {
            assert_eq!(q.push(&item(n)).unwrap(), 0);
        }
        assert_eq!(q.push(&item(4)).unwrap(), 1);
        let bodies: Vec<String> = q
            .list()
            .unwrap()
            .iter()
            .map(|(_, p)| q.read(p).unwrap().body)
            .collect();
        assert_eq!(bodies, ["{\"n\":2}", "{\"n\":3}", "{\"n\":4}"]);
        // a reopened queue continues after the last number
        let (_, first) = &q.list().unwrap()[0];
        q.remove(first).unwrap();
        let q = Queue::open(dir.path(), 3).unwrap();
        q.push(&item(5)).unwrap();
        let last = q.list().unwrap().last().unwrap().1.clone();
        assert_eq!(q.read(&last).unwrap(), item(5));
    }
}
