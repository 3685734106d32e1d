//! Change triggers for mounted files (Istio's `pkg/kube/inject/watcher.go` fileWatcher): the **parent
//! directories** are watched (so Kubernetes' atomic `..data` symlink swap is seen), the first event arms a
//! debounce timer whose window is not extended, and a fallback poll catches anything the events missed.
//! Callers re-read the files on every trigger and compare contents, so spurious triggers are harmless.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::Notify;

/// Watches the parent directories of a set of files and turns their events into debounced triggers.
pub struct FileTrigger {
    _watcher: Option<RecommendedWatcher>,
    events: Arc<Notify>,
    debounce: Duration,
    armed: AtomicBool,
    poll: Duration,
}

impl FileTrigger {
    /// Watch the parent directories of `files`. A directory that cannot be watched (e.g. not yet mounted) is
    /// logged and covered by polling only.
    pub fn new(files: &[&Path], debounce: Duration, poll: Duration) -> Self {
        let events = Arc::new(Notify::new());
        let sink = events.clone();
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if res.is_ok() {
                sink.notify_one();
            }
        });
        let watcher = match watcher {
            Ok(mut w) => {
                let dirs: BTreeSet<PathBuf> = files.iter().map(|f| parent_dir(f)).collect();
                for dir in dirs {
                    if let Err(e) = w.watch(&dir, RecursiveMode::NonRecursive) {
                        tracing::warn!(dir = %dir.display(), error = %e, "cannot watch directory; polling only");
                    }
                }
                Some(w)
            }
            Err(e) => {
                tracing::warn!(error = %e, "file watcher unavailable; polling only");
                None
            }
        };
        Self {
            _watcher: watcher,
            events,
            debounce,
            armed: AtomicBool::new(false),
            poll,
        }
    }

    /// Wait for the next trigger: a file event followed by the debounce window, or the poll interval elapsing.
    /// Cancel-safe: an event whose debounce window was interrupted still triggers the next call.
    pub async fn next(&self) {
        if !self.armed.load(Ordering::Acquire) {
            tokio::select! {
                _ = self.events.notified() => self.armed.store(true, Ordering::Release),
                _ = tokio::time::sleep(self.poll) => return,
            }
        }
        tokio::time::sleep(self.debounce).await;
        self.armed.store(false, Ordering::Release);
    }
}

fn parent_dir(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Read a file, telling a missing file (`Ok(None)`) apart from other errors.
pub fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, String> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("reading {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn event_in_parent_dir_triggers() {
        let dir = std::env::temp_dir().join(format!("webhook-watch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config");
        let trigger = FileTrigger::new(
            &[&file],
            Duration::from_millis(10),
            Duration::from_secs(3600),
        );
        let writer = tokio::spawn({
            let file = file.clone();
            async move {
                tokio::time::sleep(Duration::from_millis(50)).await;
                std::fs::write(&file, b"x").unwrap();
            }
        });
        // Generous bound only to avoid hanging if events never arrive.
        tokio::time::timeout(Duration::from_secs(20), trigger.next())
            .await
            .unwrap();
        writer.await.unwrap();
        assert_eq!(read_optional(&file).unwrap().as_deref(), Some(&b"x"[..]));
        assert_eq!(read_optional(&dir.join("missing")).unwrap(), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn interrupted_debounce_is_not_lost() {
        let dir = std::env::temp_dir().join(format!("webhook-watch-armed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("mesh");
        let trigger = FileTrigger::new(
            &[&file],
            Duration::from_secs(3600),
            Duration::from_secs(3600),
        );
        std::fs::write(&file, b"x").unwrap();
        // Each attempt is cancelled (by the timeout) either while waiting for the event or during the hour-long
        // debounce; once the event has been seen it must stay armed.
        let give_up = std::time::Instant::now() + Duration::from_secs(20);
        while !trigger.armed.load(Ordering::Acquire) {
            assert!(std::time::Instant::now() < give_up, "no file event");
            let _ = tokio::time::timeout(Duration::from_millis(50), trigger.next()).await;
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn unwatchable_dir_falls_back_to_polling() {
        let missing = std::env::temp_dir().join(format!(
            "webhook-watch-missing-{}/config",
            std::process::id()
        ));
        let trigger = FileTrigger::new(
            &[&missing],
            Duration::from_millis(10),
            Duration::from_millis(20),
        );
        tokio::time::timeout(Duration::from_secs(20), trigger.next())
            .await
            .unwrap();
    }
}
