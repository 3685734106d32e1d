//! Where the control-plane binaries built by `e2e/build-components.sh` live, and the gate that
//! decides whether the suite runs, builds them first (`E2E_BUILD=1`), or skips with a reason.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use anyhow::{bail, Context, Result};

/// Paths of the binaries the control plane needs.
#[derive(Clone, Debug)]
pub struct Components {
    /// The etcd server.
    pub etcd: PathBuf,
    /// kube-apiserver.
    pub kube_apiserver: PathBuf,
    /// kube-controller-manager (deployment and replicaset controllers).
    pub kube_controller_manager: PathBuf,
}

/// Outcome of looking for the binaries.
#[derive(Debug)]
pub enum Availability {
    /// Everything is built.
    Ready(Components),
    /// Not built and building was not requested; the string says why and what to do.
    Skip(String),
}

/// Directory holding the binaries: `$E2E_BIN_DIR`, else `e2e/.bin` in this crate.
pub fn bin_dir() -> PathBuf {
    match std::env::var_os("E2E_BIN_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => crate_dir().join(".bin"),
    }
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Path of the build script.
pub fn build_script() -> PathBuf {
    crate_dir().join("build-components.sh")
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

fn build_requested() -> bool {
    std::env::var("E2E_BUILD").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Finds the binaries; with `E2E_BUILD` set (non-empty, not `0`) runs the build script first
/// (a no-op when up to date). Serialised so concurrent tests don't build twice.
pub fn locate() -> Result<Availability> {
    static BUILD_LOCK: Mutex<()> = Mutex::new(());
    let _guard = BUILD_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = bin_dir();
    let components = Components {
        etcd: dir.join("etcd"),
        kube_apiserver: dir.join("kube-apiserver"),
        kube_controller_manager: dir.join("kube-controller-manager"),
    };
    if build_requested() {
        let script = build_script();
        let status = Command::new("bash")
            .arg(&script)
            .env("E2E_BIN_DIR", &dir)
            .status()
            .with_context(|| format!("running {}", script.display()))?;
        if !status.success() {
            bail!("{} failed: {status}", script.display());
        }
    }
    let missing: Vec<String> = [
        &components.etcd,
        &components.kube_apiserver,
        &components.kube_controller_manager,
    ]
    .into_iter()
    .filter(|p| !is_executable(p))
    .map(|p| p.display().to_string())
    .collect();
    if missing.is_empty() {
        return Ok(Availability::Ready(components));
    }
    if build_requested() {
        bail!(
            "build script succeeded but binaries are missing: {}",
            missing.join(", ")
        );
    }
    Ok(Availability::Skip(format!(
        "control-plane binaries not built ({}); run e2e/build-components.sh or set E2E_BUILD=1",
        missing.join(", ")
    )))
}
