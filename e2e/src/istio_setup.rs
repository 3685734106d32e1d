//! What the tests running the real injector share: the gate that skips them without control-plane binaries or the
//! Istio corpus, and a work directory holding Istio's default settings (ConfigMap-style) and a serving certificate
//! from a CA made for the run.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use k8s_openapi::api::admissionregistration::v1::MutatingWebhookConfiguration;
use kube::api::{Api, PostParams};

use crate::certs::TestCa;
use crate::components::{locate, Availability, Components};
use crate::configmap_dir::write_atomically;
use crate::injector_process::{InjectorFiles, InjectorProcess};
use crate::webhook_config::{istio_injector_config, FailurePolicy};

/// The name of Istio's injector MutatingWebhookConfiguration.
pub const WEBHOOK_CONFIG_NAME: &str = "istio-sidecar-injector";

/// Creates Istio's MutatingWebhookConfiguration ([`WEBHOOK_CONFIG_NAME`], `failurePolicy: Fail`) calling `server`,
/// whose certificate `ca` signed.
pub async fn register_injector(
    client: &kube::Client,
    server: &InjectorProcess,
    ca: &TestCa,
) -> Result<()> {
    let config = istio_injector_config(
        WEBHOOK_CONFIG_NAME,
        &server.endpoint(&ca.cert_pem()),
        FailurePolicy::Fail,
    )?;
    Api::<MutatingWebhookConfiguration>::all(client.clone())
        .create(&PostParams::default(), &config)
        .await
        .context("creating the MutatingWebhookConfiguration")?;
    Ok(())
}

/// The Istio conformance corpus: `$ISTIO_CONFORMANCE_DIR`, or `../shared/conformance/istio` beside the workspace.
pub fn istio_corpus() -> PathBuf {
    std::env::var_os("ISTIO_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/istio")
        })
}

/// The control-plane binaries for `test`, or `None` (after printing `SKIPPED <test>: <why>`) when they are not
/// built or the corpus is missing. Panics when locating (or building) the binaries fails.
pub fn components_or_skip(test: &str) -> Option<Components> {
    let components = match locate() {
        Ok(Availability::Ready(c)) => c,
        Ok(Availability::Skip(why)) => {
            eprintln!("SKIPPED {test}: {why}");
            return None;
        }
        Err(e) => panic!("locating control-plane binaries: {e:#}"),
    };
    let corpus = istio_corpus();
    if !corpus.join("settings/default/config").exists() {
        eprintln!("SKIPPED {test}: no Istio corpus at {}", corpus.display());
        return None;
    }
    Some(components)
}

/// A server work directory: Istio's default settings in `config/`, a certificate in `certs/`, the log file.
pub struct InjectorSetup {
    /// The CA that signed the serving certificate (the webhook's `caBundle`).
    pub ca: TestCa,
    /// The ConfigMap-style settings directory (`--config-dir`).
    pub config_dir: PathBuf,
    /// The directory of `tls.crt` and `tls.key`.
    pub cert_dir: PathBuf,
    /// The injector config written to `config_dir`.
    pub config: String,
    /// The values written to `config_dir`.
    pub values: String,
    /// The mesh config written to `config_dir`.
    pub mesh: String,
    /// What to start the server with.
    pub files: InjectorFiles,
}

impl InjectorSetup {
    /// Writes the corpus's `settings/default` and a certificate for 127.0.0.1/localhost from a new CA named
    /// `ca_name` under `work`; `extra_args` are further `serve` flags.
    pub fn prepare(work: &Path, ca_name: &str, extra_args: Vec<String>) -> Result<Self> {
        let (config_dir, cert_dir) = (work.join("config"), work.join("certs"));
        std::fs::create_dir_all(&config_dir)?;
        std::fs::create_dir_all(&cert_dir)?;
        let settings = istio_corpus().join("settings/default");
        let read = |f: &str| std::fs::read_to_string(settings.join(f));
        let (config, values, mesh) = (read("config")?, read("values")?, read("mesh")?);
        write_atomically(
            &config_dir,
            &[("config", &config), ("values", &values), ("mesh", &mesh)],
        )?;
        let ca = TestCa::new(ca_name)?;
        let cert = ca.issue_server_cert(&["127.0.0.1", "localhost"])?;
        write_atomically(
            &cert_dir,
            &[("tls.crt", &cert.cert_pem), ("tls.key", &cert.key_pem)],
        )?;
        let files = InjectorFiles {
            config_dir: config_dir.clone(),
            cert_file: cert_dir.join("tls.crt"),
            key_file: cert_dir.join("tls.key"),
            log_file: work.join("sidecar-injector.log"),
            extra_args,
        };
        Ok(Self {
            ca,
            config_dir,
            cert_dir,
            config,
            values,
            mesh,
            files,
        })
    }
}
