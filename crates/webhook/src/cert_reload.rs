//! Serving certificate reloads (istiod's certificate file watcher): the cert and key files are re-read on every
//! trigger; a changed, valid pair replaces the served one atomically; an invalid pair (e.g. a half-written
//! rotation) is logged and counted, and the previous certificate keeps serving until the next change.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use sha2::{Digest, Sha256};

use crate::health::Health;
use crate::metrics::Metrics;
use crate::tls::{load_certified_key, CertStore};
use crate::watch::{read_optional, FileTrigger};

/// Reads the certificate and key files into a [`CertStore`].
pub struct CertReloader {
    cert_file: PathBuf,
    key_file: PathBuf,
    store: Arc<CertStore>,
    provider: Arc<CryptoProvider>,
    metrics: Arc<Metrics>,
    health: Arc<Health>,
    last_digest: Option<[u8; 32]>,
}

impl CertReloader {
    /// A reloader feeding `store`.
    pub fn new(
        cert_file: PathBuf,
        key_file: PathBuf,
        store: Arc<CertStore>,
        provider: Arc<CryptoProvider>,
        metrics: Arc<Metrics>,
        health: Arc<Health>,
    ) -> Self {
        Self {
            cert_file,
            key_file,
            store,
            provider,
            metrics,
            health,
            last_digest: None,
        }
    }

    /// Re-read both files; if they changed and are valid, serve them. Returns whether the certificate changed.
    pub fn reload(&mut self) -> Result<bool, String> {
        let read = |p: &PathBuf| {
            read_optional(p)?.ok_or_else(|| format!("{} does not exist", p.display()))
        };
        let pair = read(&self.cert_file).and_then(|c| Ok((c, read(&self.key_file)?)));
        let (cert, key) = match pair {
            Ok(pair) => pair,
            Err(e) => {
                if self.last_digest != Some([0; 32]) {
                    self.last_digest = Some([0; 32]);
                    self.metrics.cert_reload(false);
                    tracing::error!(error = %e, "serving certificate unreadable; keeping the previous one");
                }
                return Err(e);
            }
        };
        let mut h = Sha256::new();
        h.update((cert.len() as u64).to_le_bytes());
        h.update(&cert);
        h.update(&key);
        let digest: [u8; 32] = h.finalize().into();
        if self.last_digest == Some(digest) {
            return Ok(false);
        }
        self.last_digest = Some(digest);
        match load_certified_key(&cert, &key, &self.provider) {
            Ok(ck) => {
                self.store.set(ck);
                self.metrics.cert_reload(true);
                self.health.cert_loaded();
                tracing::info!(cert = %self.cert_file.display(), "serving certificate loaded");
                Ok(true)
            }
            Err(e) => {
                self.metrics.cert_reload(false);
                tracing::error!(cert = %self.cert_file.display(), error = %e, "serving certificate rejected; keeping the previous one");
                Err(e)
            }
        }
    }

    /// Reload on every trigger, forever.
    pub async fn watch(mut self, trigger: FileTrigger) {
        loop {
            trigger.next().await;
            // Errors are logged and counted inside reload.
            let _ = self.reload();
        }
    }
}
