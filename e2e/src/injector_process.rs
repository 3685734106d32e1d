//! Our `sidecar-injector serve` binary as the webhook under test: located (or built with cargo),
//! started as a child process on free loopback ports with the run's certificate and a
//! ConfigMap-style config directory, ready once its admin `/readyz` answers 200, stopped on drop.

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;

use crate::net::free_loopback_ports;
use crate::process::ManagedProcess;
use crate::WebhookEndpoint;

/// How long the server gets to report ready.
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// Attempts at starting when a just-freed port was taken by someone else in between.
const START_ATTEMPTS: usize = 3;

/// The `sidecar-injector` binary: `$SIDECAR_INJECTOR_BIN` when set, otherwise built by
/// `cargo build -p sidecar-injector --bin sidecar-injector` with the profile and target directory
/// of the running test executable (`<target>/<profile>/deps/<test>`), so the binary tested is the
/// one the current sources produce. Built once per test process.
pub fn injector_binary() -> Result<PathBuf> {
    static BUILT: Mutex<Option<PathBuf>> = Mutex::new(None);
    if let Some(path) = std::env::var_os("SIDECAR_INJECTOR_BIN").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        if !path.is_file() {
            bail!("SIDECAR_INJECTOR_BIN={} is not a file", path.display());
        }
        return Ok(path);
    }
    let mut built = BUILT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(path) = built.as_ref() {
        return Ok(path.clone());
    }
    let exe = std::env::current_exe().context("locating the test executable")?;
    let (target_dir, profile_dir, profile) = cargo_layout(&exe)?;
    let cargo = std::env::var_os("CARGO")
        .or_else(|| option_env!("CARGO").map(Into::into))
        .unwrap_or_else(|| "cargo".into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let started = Instant::now();
    let mut build = Command::new(&cargo);
    // Drop what cargo sets for the running test (CARGO_MANIFEST_DIR=…/e2e and the like): some
    // build scripts track those variables (ring tracks CARGO_MANIFEST_DIR), so inheriting them
    // would make every build from a test differ from one from a shell, rebuilding both each time.
    for (key, _) in std::env::vars_os() {
        if key.to_str().is_some_and(set_by_cargo_for_tests) {
            build.env_remove(&key);
        }
    }
    let status = build
        .args(["build", "--quiet", "-p", "sidecar-injector", "--bin"])
        .arg("sidecar-injector")
        .arg("--profile")
        .arg(&profile)
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target_dir)
        .status()
        .with_context(|| format!("running {}", Path::new(&cargo).display()))?;
    if !status.success() {
        bail!("cargo build of sidecar-injector failed: {status}");
    }
    let path = profile_dir.join("sidecar-injector");
    if !path.is_file() {
        bail!(
            "cargo built sidecar-injector but {} is missing",
            path.display()
        );
    }
    eprintln!(
        "sidecar-injector binary {} (cargo build: {:.1?})",
        path.display(),
        started.elapsed()
    );
    *built = Some(path.clone());
    Ok(path)
}

/// Whether `key` is one of the variables cargo sets for the crate it builds or the test it runs
/// (as opposed to configuration the user set, such as `CARGO_HOME` or `CARGO_PROFILE_*`).
fn set_by_cargo_for_tests(key: &str) -> bool {
    const EXACT: [&str; 8] = [
        "CARGO_MANIFEST_DIR",
        "CARGO_MANIFEST_PATH",
        "CARGO_MANIFEST_LINKS",
        "CARGO_CRATE_NAME",
        "CARGO_BIN_NAME",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_TARGET_TMPDIR",
        "CARGO_RUSTC_CURRENT_DIR",
    ];
    EXACT.contains(&key)
        || key.starts_with("CARGO_PKG_")
        || key.starts_with("CARGO_BIN_EXE_")
        || key == "OUT_DIR"
}

/// From `<target>/<profile-dir>/deps/<exe>`: the target directory, the profile directory and the
/// cargo profile name (`debug` is the `dev` profile's directory).
fn cargo_layout(exe: &Path) -> Result<(PathBuf, PathBuf, String)> {
    let deps = exe
        .parent()
        .filter(|d| d.file_name() == Some("deps".as_ref()));
    let profile_dir = deps.and_then(Path::parent);
    let target_dir = profile_dir.and_then(Path::parent);
    let (Some(profile_dir), Some(target_dir)) = (profile_dir, target_dir) else {
        bail!(
            "{} is not in a cargo target directory (<target>/<profile>/deps); set SIDECAR_INJECTOR_BIN",
            exe.display()
        );
    };
    let dir_name = profile_dir
        .file_name()
        .and_then(|n| n.to_str())
        .context("profile directory name is not UTF-8")?;
    let profile = if dir_name == "debug" { "dev" } else { dir_name };
    Ok((
        target_dir.to_owned(),
        profile_dir.to_owned(),
        profile.to_owned(),
    ))
}

/// Files the server reads: a ConfigMap-style directory (`config`, `values`, `mesh`) and the serving
/// certificate and key.
#[derive(Clone, Debug)]
pub struct InjectorFiles {
    /// Passed as `--config-dir`.
    pub config_dir: PathBuf,
    /// Passed as `--tls-cert-file`.
    pub cert_file: PathBuf,
    /// Passed as `--tls-key-file`.
    pub key_file: PathBuf,
    /// Where the server's output is captured.
    pub log_file: PathBuf,
    /// Further `serve` flags (e.g. `--kubeconfig=...`).
    pub extra_args: Vec<String>,
}

/// A running `sidecar-injector serve`.
pub struct InjectorProcess {
    process: ManagedProcess,
    webhook_port: u16,
    admin_port: u16,
}

impl InjectorProcess {
    /// Starts `binary serve` for revision `default` on free loopback ports and waits until its
    /// admin `/readyz` answers 200 (configuration and certificate loaded).
    pub async fn start(binary: &Path, files: &InjectorFiles) -> Result<Self> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let [webhook_port, admin_port] = free_loopback_ports()?;
            let args = vec![
                "serve".to_owned(),
                format!("--port={webhook_port}"),
                format!("--admin-addr=127.0.0.1:{admin_port}"),
                format!("--tls-cert-file={}", files.cert_file.display()),
                format!("--tls-key-file={}", files.key_file.display()),
                format!("--config-dir={}", files.config_dir.display()),
                "--revision=default".to_owned(),
                "--log-level=info".to_owned(),
            ];
            let args: Vec<String> = args
                .into_iter()
                .chain(files.extra_args.iter().cloned())
                .collect();
            let process =
                ManagedProcess::spawn("sidecar-injector", binary, &args, &files.log_file)?;
            let mut server = Self {
                process,
                webhook_port,
                admin_port,
            };
            match server.wait_ready().await {
                Ok(()) => return Ok(server),
                Err(e) if attempt < START_ATTEMPTS && server.log_tail(20).contains("in use") => {
                    eprintln!("sidecar-injector lost a port race, retrying: {e:#}");
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn wait_ready(&mut self) -> Result<()> {
        let start = Instant::now();
        let mut last = String::from("no answer yet");
        while start.elapsed() < READY_TIMEOUT {
            self.process.ensure_running()?;
            match self.admin_get("/readyz").await {
                Ok((200, _)) => return Ok(()),
                Ok((code, body)) => last = format!("{code}: {body}"),
                Err(e) => last = format!("{e:#}"),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!(
            "sidecar-injector not ready after {READY_TIMEOUT:?}: {last}\n--- sidecar-injector log ---\n{}",
            self.log_tail(40)
        )
    }

    /// Where kube-apiserver reaches the webhook, verified with the PEM CA `ca_bundle_pem`.
    pub fn endpoint(&self, ca_bundle_pem: &str) -> WebhookEndpoint {
        WebhookEndpoint {
            url: format!("https://127.0.0.1:{}/inject", self.webhook_port),
            ca_bundle_pem: ca_bundle_pem.to_owned(),
        }
    }

    /// The leaf certificate (DER) the webhook listener serves now, from a TLS handshake verified
    /// against the CA `ca_der` for 127.0.0.1.
    pub async fn served_certificate(&self, ca_der: &[u8]) -> Result<Vec<u8>> {
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(ca_der.to_vec().into())
            .context("adding the CA to the trust roots")?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.webhook_port))
            .await
            .context("connecting to the webhook listener")?;
        let name = ServerName::IpAddress(Ipv4Addr::LOCALHOST.into());
        let tls = connector
            .connect(name, tcp)
            .await
            .context("TLS handshake with the webhook listener")?;
        let leaf = tls
            .get_ref()
            .1
            .peer_certificates()
            .and_then(|chain| chain.first())
            .context("the webhook listener sent no certificate")?;
        Ok(leaf.to_vec())
    }

    /// `GET path` on the admin listener (plain HTTP): status code and body.
    pub async fn admin_get(&self, path: &str) -> Result<(u16, String)> {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.admin_port))
            .await
            .context("connecting to the admin listener")?;
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tcp))
            .await
            .context("admin HTTP handshake")?;
        let driver = tokio::spawn(connection);
        let request = http::Request::get(path)
            .header(http::header::HOST, format!("127.0.0.1:{}", self.admin_port))
            .body(Empty::<Bytes>::new())?;
        let response = sender.send_request(request).await?;
        let status = response.status().as_u16();
        let body = response.into_body().collect().await?.to_bytes();
        driver.abort();
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }

    /// The sum of every sample of metric `name` (any labels) on the admin `/metrics`; 0 when absent.
    pub async fn metric(&self, name: &str) -> Result<f64> {
        let (status, body) = self.admin_get("/metrics").await?;
        if status != 200 {
            bail!("/metrics answered {status}: {body}");
        }
        Ok(sum_samples(&body, name))
    }

    /// Fails with the log tail if the server has exited.
    pub fn ensure_running(&mut self) -> Result<()> {
        self.process.ensure_running()
    }

    /// The last lines of the server's output.
    pub fn log_tail(&self, lines: usize) -> String {
        self.process.log_tail(lines)
    }

    /// Stops the server (SIGTERM, then SIGKILL after a grace period).
    pub fn stop(&mut self) {
        self.process.stop();
    }
}

/// Sums the samples of `name` in Prometheus text exposition (`name 3` or `name{l="v"} 3`).
fn sum_samples(exposition: &str, name: &str) -> f64 {
    exposition
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let rest = line.strip_prefix(name)?;
            let value = if let Some(labelled) = rest.strip_prefix('{') {
                labelled.split_once('}')?.1
            } else if rest.starts_with(' ') {
                rest
            } else {
                return None;
            };
            value.split_whitespace().next()?.parse::<f64>().ok()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_of_release_and_dev_test_executables() {
        let (target, profile_dir, profile) =
            cargo_layout(Path::new("/w/target/release/deps/real_webhook-0123")).unwrap();
        assert_eq!(target, Path::new("/w/target"));
        assert_eq!(profile_dir, Path::new("/w/target/release"));
        assert_eq!(profile, "release");
        let (_, _, profile) = cargo_layout(Path::new("/t/debug/deps/x")).unwrap();
        assert_eq!(profile, "dev");
        assert!(cargo_layout(Path::new("/usr/bin/x")).is_err());
    }

    #[test]
    fn strips_only_what_cargo_sets_for_the_test() {
        for key in [
            "CARGO_MANIFEST_DIR",
            "CARGO_PKG_NAME",
            "CARGO_BIN_EXE_x",
            "OUT_DIR",
        ] {
            assert!(set_by_cargo_for_tests(key), "{key}");
        }
        for key in [
            "CARGO_HOME",
            "CARGO_TARGET_DIR",
            "CARGO_PROFILE_RELEASE_DEBUG",
            "PATH",
        ] {
            assert!(!set_by_cargo_for_tests(key), "{key}");
        }
    }

    #[test]
    fn sums_labelled_and_plain_samples_of_one_metric() {
        let text =
            "# HELP a_total x\n# TYPE a_total counter\na_total{r=\"ok\"} 2\na_total{r=\"x\"} 1\n\
                    a_total_created 99\na_total 4\nb_total 7\n";
        assert_eq!(sum_samples(text, "a_total"), 7.0);
        assert_eq!(sum_samples(text, "b_total"), 7.0);
        assert_eq!(sum_samples(text, "c_total"), 0.0);
    }
}
