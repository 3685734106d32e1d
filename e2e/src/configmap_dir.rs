//! Writes a directory the way the kubelet updates a mounted ConfigMap or Secret: the files go into
//! a fresh generation directory, each visible name is a symlink through `..data`, and `..data` is
//! swapped atomically (rename of a new symlink) to point at the new generation.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};

/// Replaces the contents of `dir` with `files` (name, text) in one atomic `..data` swap.
pub fn write_atomically(dir: &Path, files: &[(&str, &str)]) -> Result<()> {
    static GENERATION: AtomicU64 = AtomicU64::new(0);
    let generation = format!("..gen-{}", GENERATION.fetch_add(1, Ordering::Relaxed));
    let data = dir.join(&generation);
    std::fs::create_dir_all(&data).with_context(|| format!("creating {}", data.display()))?;
    for (name, text) in files {
        std::fs::write(data.join(name), text)
            .with_context(|| format!("writing {}/{name}", data.display()))?;
        let link = dir.join(name);
        if std::fs::symlink_metadata(&link).is_err() {
            std::os::unix::fs::symlink(Path::new("..data").join(name), &link)
                .with_context(|| format!("linking {}", link.display()))?;
        }
    }
    let tmp = dir.join("..data_tmp");
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(&generation, &tmp)
        .with_context(|| format!("linking {}", tmp.display()))?;
    std::fs::rename(&tmp, dir.join("..data")).context("swapping ..data")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_write_swaps_all_files_at_once() {
        let dir = tempfile::tempdir().unwrap();
        write_atomically(dir.path(), &[("a", "1"), ("b", "1")]).unwrap();
        let first = std::fs::read_link(dir.path().join("..data")).unwrap();
        write_atomically(dir.path(), &[("a", "2"), ("b", "2")]).unwrap();
        assert_ne!(
            std::fs::read_link(dir.path().join("..data")).unwrap(),
            first
        );
        for name in ["a", "b"] {
            let link = std::fs::read_link(dir.path().join(name)).unwrap();
            assert_eq!(link, Path::new("..data").join(name));
            assert_eq!(std::fs::read_to_string(dir.path().join(name)).unwrap(), "2");
        }
        assert!(!dir.path().join("..data_tmp").exists());
    }
}
