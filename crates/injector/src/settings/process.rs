//! Process-level settings Istio reads from istiod's environment (`ENABLE_NATIVE_SIDECARS`, `COMPLIANCE_POLICY`,
//! `PLATFORM`, `REVISION`) and the environment templates can read through `env`.
//!
//! They are read through a lookup function, so the engine stays pure and tests pass a map.

use std::collections::HashMap;
use std::sync::Arc;

use crate::native::NativeSidecarMode;

/// The platform the injector runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Platform {
    /// Plain Kubernetes.
    #[default]
    Kubernetes,
    /// OpenShift: namespace UID ranges apply.
    OpenShift,
}

/// Process-wide settings.
#[derive(Debug, Clone, Default)]
pub struct ProcessSettings {
    /// `ENABLE_NATIVE_SIDECARS`.
    pub native_sidecars: NativeSidecarMode,
    /// `COMPLIANCE_POLICY`.
    pub compliance_policy: String,
    /// `PLATFORM`.
    pub platform: Platform,
    /// `REVISION`: recorded in the status annotation (`default` when empty).
    pub revision: String,
    /// Variables the `env` template function can read.
    pub env: Arc<HashMap<String, String>>,
}

impl ProcessSettings {
    /// Reads the settings from an environment lookup. An invalid `ENABLE_NATIVE_SIDECARS` is an error.
    pub fn from_env(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self, String> {
        let env: HashMap<String, String> = vars.into_iter().collect();
        let get = |k: &str| env.get(k).map(String::as_str).unwrap_or("");
        Ok(ProcessSettings {
            native_sidecars: get("ENABLE_NATIVE_SIDECARS").parse()?,
            compliance_policy: get("COMPLIANCE_POLICY").to_string(),
            platform: if get("PLATFORM").eq_ignore_ascii_case("openshift") {
                Platform::OpenShift
            } else {
                Platform::Kubernetes
            },
            revision: get("REVISION").to_string(),
            env: Arc::new(env),
        })
    }
}
