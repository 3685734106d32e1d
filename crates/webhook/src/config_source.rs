//! Injector configuration from files (Istio's `NewFileWatcher` + `WatcherMulticast` + `Webhook.updateConfig`):
//! `config`, `values` and the mesh file are re-read on every trigger; a changed set is validated in full by
//! [`Engine::load`] and only then published, atomically, to every subscriber. A bad set is logged and counted
//! while the previous one keeps serving.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use sha2::{Digest, Sha256};
use tokio::sync::watch;

use crate::engine::{ConfigSet, Engine};
use crate::health::Health;
use crate::metrics::Metrics;
use crate::watch::{read_optional, FileTrigger};

/// One accepted configuration set.
#[derive(Debug)]
pub struct Snapshot<S> {
    /// The engine's validated settings.
    pub settings: S,
    /// Hex SHA-256 prefix of the raw config, values and mesh text.
    pub version: String,
    /// When the set was accepted.
    pub loaded_at: SystemTime,
    /// 1 for the first accepted set, then counting up.
    pub generation: u64,
}

/// The paths one configuration set is read from.
#[derive(Debug, Clone)]
pub struct ConfigFiles {
    /// Injector config (`config`).
    pub config: PathBuf,
    /// Values (`values`).
    pub values: PathBuf,
    /// Mesh config; a missing file means mesh defaults.
    pub mesh: Option<PathBuf>,
}

impl ConfigFiles {
    /// Read the three files. `config` and `values` must exist and be UTF-8.
    pub fn read(&self) -> Result<ConfigSet, String> {
        let required = |p: &PathBuf| -> Result<String, String> {
            let bytes =
                read_optional(p)?.ok_or_else(|| format!("{} does not exist", p.display()))?;
            String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8", p.display()))
        };
        let config = required(&self.config)?;
        let values = required(&self.values)?;
        let mesh = self.read_mesh()?;
        Ok(ConfigSet {
            config,
            values,
            mesh,
        })
    }

    /// Read the mesh file; `None` when unset or missing (mesh defaults).
    pub fn read_mesh(&self) -> Result<Option<String>, String> {
        match &self.mesh {
            Some(p) => match read_optional(p)? {
                Some(b) => Ok(Some(
                    String::from_utf8(b).map_err(|_| format!("{} is not UTF-8", p.display()))?,
                )),
                None => Ok(None),
            },
            None => Ok(None),
        }
    }
}

/// Content hash identifying a configuration set.
pub fn version_of(set: &ConfigSet) -> String {
    let mut h = Sha256::new();
    for part in [
        Some(set.config.as_str()),
        Some(set.values.as_str()),
        set.mesh.as_deref(),
    ] {
        match part {
            Some(text) => {
                h.update((text.len() as u64).to_le_bytes());
                h.update(text.as_bytes());
            }
            None => h.update(u64::MAX.to_le_bytes()),
        }
    }
    hex::encode(&h.finalize()[..8])
}

/// Fan-out of the active configuration: every subscriber sees every newly accepted set (latest wins).
pub struct Multicast<S> {
    tx: watch::Sender<Option<Arc<Snapshot<S>>>>,
}

impl<S> Default for Multicast<S> {
    fn default() -> Self {
        Self {
            tx: watch::Sender::new(None),
        }
    }
}

impl<S> Multicast<S> {
    /// The active set, if any has been accepted.
    pub fn current(&self) -> Option<Arc<Snapshot<S>>> {
        self.tx.borrow().clone()
    }

    /// A receiver notified on every accepted set.
    pub fn subscribe(&self) -> watch::Receiver<Option<Arc<Snapshot<S>>>> {
        self.tx.subscribe()
    }

    /// Make `snapshot` the active set.
    pub fn publish(&self, snapshot: Arc<Snapshot<S>>) {
        self.tx.send_replace(Some(snapshot));
    }
}

/// Reads, validates and publishes configuration sets.
pub struct ConfigSource<E: Engine> {
    engine: Arc<E>,
    files: ConfigFiles,
    multicast: Arc<Multicast<E::Settings>>,
    metrics: Arc<Metrics>,
    health: Arc<Health>,
    last_version: Option<String>,
    generation: u64,
}

impl<E: Engine> ConfigSource<E> {
    /// A source publishing to `multicast`.
    pub fn new(
        engine: Arc<E>,
        files: ConfigFiles,
        multicast: Arc<Multicast<E::Settings>>,
        metrics: Arc<Metrics>,
        health: Arc<Health>,
    ) -> Self {
        Self {
            engine,
            files,
            multicast,
            metrics,
            health,
            last_version: None,
            generation: 0,
        }
    }

    /// Re-read the files; if they changed, validate and publish. Returns whether a new set was published.
    /// Unchanged content is a no-op, so a bad set is reported once, not on every poll.
    pub async fn reload(&mut self) -> Result<bool, String> {
        let read = self.files.read();
        self.offer(read).await
    }

    /// Validate and publish a set obtained elsewhere (e.g. a ConfigMap), or record why none could be obtained.
    /// Same rules as [`ConfigSource::reload`]: unchanged input is a no-op; errors keep the previous set.
    pub async fn offer(&mut self, set: Result<ConfigSet, String>) -> Result<bool, String> {
        let set = match set {
            Ok(set) => set,
            Err(e) => {
                let version = format!("unreadable:{e}");
                if self.last_version.as_deref() != Some(version.as_str()) {
                    self.last_version = Some(version);
                    self.metrics.config_reload(false);
                    tracing::error!(error = %e, "injector configuration unreadable; keeping the previous one");
                }
                return Err(e);
            }
        };
        let version = version_of(&set);
        if self.last_version.as_deref() == Some(version.as_str()) {
            return Ok(false);
        }
        self.last_version = Some(version.clone());
        let engine = self.engine.clone();
        let loaded = tokio::task::spawn_blocking(move || engine.load(&set))
            .await
            .unwrap_or_else(|e| Err(format!("configuration loader crashed: {e}")));
        match loaded {
            Ok(settings) => {
                self.generation += 1;
                self.multicast.publish(Arc::new(Snapshot {
                    settings,
                    version: version.clone(),
                    loaded_at: SystemTime::now(),
                    generation: self.generation,
                }));
                self.metrics.config_reload(true);
                self.metrics.config_generation.set(self.generation as i64);
                self.health.config_loaded();
                tracing::info!(version = %version, generation = self.generation, "injector configuration loaded");
                Ok(true)
            }
            Err(e) => {
                self.metrics.config_reload(false);
                tracing::error!(version = %version, error = %e, "injector configuration rejected; keeping the previous one");
                Err(e)
            }
        }
    }

    /// Reload on every trigger, forever.
    pub async fn watch(mut self, trigger: FileTrigger) {
        loop {
            trigger.next().await;
            // Errors are logged and counted inside reload.
            let _ = self.reload().await;
        }
    }

    /// The metrics this source reports to.
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// The files this source reads.
    pub fn files(&self) -> &ConfigFiles {
        &self.files
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{InjectOutcome, InjectRequest};

    /// TEST-ONLY engine: accepts a set whose config is not "bad"; settings are the config text.
    struct EchoEngine;

    impl Engine for EchoEngine {
        type Settings = String;
        fn load(&self, files: &ConfigSet) -> Result<String, String> {
            if files.config == "bad" {
                Err("bad config".into())
            } else {
                Ok(format!(
                    "{}|{}|{:?}",
                    files.config, files.values, files.mesh
                ))
            }
        }
        fn inject(&self, _: &String, _: &InjectRequest<'_>) -> InjectOutcome {
            InjectOutcome::Skipped {
                reason: "unused".into(),
            }
        }
        fn describe(&self, s: &String) -> serde_json::Value {
            serde_json::Value::String(s.clone())
        }
    }

    #[tokio::test]
    async fn publishes_valid_sets_to_every_subscriber_and_keeps_the_old_on_error() {
        let dir = std::env::temp_dir().join(format!("webhook-source-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let files = ConfigFiles {
            config: dir.join("config"),
            values: dir.join("values"),
            mesh: Some(dir.join("mesh")),
        };
        let multicast = Arc::new(Multicast::default());
        let metrics = Arc::new(Metrics::new());
        let health = Arc::new(Health::new(false));
        let mut source = ConfigSource::new(
            Arc::new(EchoEngine),
            files,
            multicast.clone(),
            metrics.clone(),
            health.clone(),
        );
        let mut a = multicast.subscribe();
        let mut b = multicast.subscribe();

        // Missing files: an error, nothing published, not ready.
        assert!(source.reload().await.is_err());
        assert!(multicast.current().is_none());
        assert!(!health.is_ready());

        std::fs::write(dir.join("config"), "c1").unwrap();
        std::fs::write(dir.join("values"), "v1").unwrap();
        assert_eq!(source.reload().await, Ok(true));
        for rx in [&mut a, &mut b] {
            rx.changed().await.unwrap();
            let snap = rx.borrow_and_update().clone().unwrap();
            assert_eq!((snap.settings.as_str(), snap.generation), ("c1|v1|None", 1));
        }
        assert!(health.is_ready());
        // Unchanged content: no new set.
        assert_eq!(source.reload().await, Ok(false));
        assert!(!a.has_changed().unwrap());
        // A bad set is refused; the old one stays.
        std::fs::write(dir.join("config"), "bad").unwrap();
        assert_eq!(source.reload().await, Err("bad config".into()));
        assert!(!a.has_changed().unwrap());
        assert_eq!(multicast.current().unwrap().settings, "c1|v1|None");
        // A mesh file appearing is a new set.
        std::fs::write(dir.join("config"), "c2").unwrap();
        std::fs::write(dir.join("mesh"), "m").unwrap();
        assert_eq!(source.reload().await, Ok(true));
        let snap = multicast.current().unwrap();
        assert_eq!(
            (snap.settings.as_str(), snap.generation),
            ("c2|v1|Some(\"m\")", 2)
        );
        let text = metrics.encode();
        assert!(
            text.contains("sidecar_injection_config_reloads_total{result=\"failure\"} 2"),
            "{text}"
        );
        assert!(
            text.contains("sidecar_injection_config_reloads_total{result=\"success\"} 2"),
            "{text}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn version_distinguishes_parts() {
        let a = ConfigSet {
            config: "ab".into(),
            values: "".into(),
            mesh: None,
        };
        let b = ConfigSet {
            config: "a".into(),
            values: "b".into(),
            mesh: None,
        };
        let c = ConfigSet {
            config: "ab".into(),
            values: "".into(),
            mesh: Some(String::new()),
        };
        assert_ne!(version_of(&a), version_of(&b));
        assert_ne!(version_of(&a), version_of(&c));
        assert_eq!(version_of(&a), version_of(&a.clone()));
    }
}
