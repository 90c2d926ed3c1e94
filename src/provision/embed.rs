//! The `ansible/` tree, embedded in the binary and extracted to a folder named by its content hash, so
//! one binary is all an admin needs and a changed kit never mixes with an older extraction.

use std::path::{Path, PathBuf};

use rust_embed::RustEmbed;
use sha2::{Digest as _, Sha256};

use crate::i18n::{Msg, file_error};

#[derive(RustEmbed)]
#[folder = "ansible/"]
#[exclude = "*.pyc"]
#[exclude = "*/__pycache__/*"]
struct Kit;

/// Hex SHA-256 over every embedded path and its content, in path order.
pub fn kit_hash() -> String {
    let mut names: Vec<_> = Kit::iter().collect();
    names.sort();
    let mut h = Sha256::new();
    for name in names {
        let file = Kit::get(&name).expect("listed file exists");
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((file.data.len() as u64).to_le_bytes());
        h.update(&file.data);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// One embedded file (for `setup-ansible`, which runs the embedded script).
pub fn file(name: &str) -> Option<Vec<u8>> {
    Kit::get(name).map(|f| f.data.into_owned())
}

/// Extracts the kit below `base` (once per content hash) and returns its folder; older extractions
/// are removed.
pub fn extract(base: &Path) -> anyhow::Result<PathBuf> {
    let hash = kit_hash();
    let dir = base.join(format!("ansible-{}", &hash[..16]));
    if dir.join(".complete").is_file() {
        return Ok(dir);
    }
    let tmp = base.join(format!(".ansible-{}.tmp", &hash[..16]));
    let _ = std::fs::remove_dir_all(&tmp);
    for name in Kit::iter() {
        let path = tmp.join(name.as_ref());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| file_error(Msg::FolderUncreatable, parent, &e))?;
        }
        let data = Kit::get(&name).expect("listed file exists").data;
        std::fs::write(&path, &data).map_err(|e| file_error(Msg::FileUnwritable, &path, &e))?;
    }
    let complete = tmp.join(".complete");
    std::fs::write(&complete, &hash).map_err(|e| file_error(Msg::FileUnwritable, &complete, &e))?;
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::rename(&tmp, &dir).map_err(|e| file_error(Msg::FileUnwritable, &dir, &e))?;
    if let Ok(entries) = std::fs::read_dir(base) {
        for e in entries.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("ansible-") && e.path() != dir {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_kit_is_embedded_and_extracted_once() {
        let base = tempfile::tempdir().unwrap();
        let dir = extract(base.path()).unwrap();
        for f in [
            "site.yml",
            "backup.yml",
            "restore.yml",
            "upgrade.yml",
            "agent.yml",
            "ansible.cfg",
            "setup-ansible.sh",
            "callback_plugins/vereint_progress.py",
            "roles/mattermost/tasks/main.yml",
        ] {
            assert!(dir.join(f).is_file(), "{f} missing");
        }
        let on_disk = std::fs::read(dir.join("site.yml")).unwrap();
        assert_eq!(on_disk, std::fs::read("ansible/site.yml").unwrap());
        std::fs::write(dir.join("marker"), "x").unwrap();
        assert_eq!(extract(base.path()).unwrap(), dir);
        assert!(
            dir.join("marker").exists(),
            "a complete extraction is reused"
        );
        let stale = base.path().join("ansible-0000000000000000");
        std::fs::create_dir(&stale).unwrap();
        std::fs::remove_file(dir.join(".complete")).unwrap();
        extract(base.path()).unwrap();
        assert!(!stale.exists(), "older extractions are removed");
    }
}
