//! One writer of an index at a time, whatever it does: import, delete, rebuild, or the first
//! build of `serve`.
//!
//! tantivy locks its writer inside the index folder, but a rebuild writes a new folder beside
//! it and swaps it in: a second rebuild would delete the first one's half-built index, and an
//! import or a deletion made meanwhile would vanish with the old folder. So every command that
//! writes first takes this lock, an empty file beside the index held until the process ends,
//! however it ends.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Takes the writers' lock of the index at `index_path`, or says who holds it.
pub fn lock_index_writers(index_path: &Path) -> anyhow::Result<File> {
    let path = lock_path(index_path);
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => anyhow::bail!(
            "another `trouvaille index` is writing {} (an import, a deletion, a --rebuild or the \
             first build of `trouvaille serve`); wait for it to finish",
            index_path.display()
        ),
        Err(TryLockError::Error(error)) => {
            Err(error).with_context(|| format!("locking {}", path.display()))
        }
    }
}

/// `data/index` is locked by `data/index.lock`.
fn lock_path(index_path: &Path) -> PathBuf {
    let mut name = index_path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    index_path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_told_who_holds_the_lock() {
        let directory = tempfile::tempdir().unwrap();
        let index = directory.path().join("nested").join("index");
        let held = lock_index_writers(&index).unwrap();
        let refused = lock_index_writers(&index).unwrap_err().to_string();
        assert!(refused.contains("another `trouvaille index` is writing"), "{refused}");
        drop(held);
        assert!(lock_index_writers(&index).is_ok(), "released with its file");
        assert!(directory.path().join("nested").join("index.lock").is_file());
    }
}
