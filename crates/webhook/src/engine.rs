//! The seam between the server and the injection engine (Istio's `Webhook.inject` / `updateConfig` split).
//!
//! The server is generic over [`Engine`]: it loads configuration sets through it, calls it once per admitted pod,
//! and asks it to describe the active settings for `/debug/inject`. Everything else (HTTP, TLS, watching files,
//! metrics) lives in this crate.

use std::time::Duration;

/// One loaded, fully validated configuration set (config + values + mesh), immutable once built.
pub trait Engine: Send + Sync + 'static {
    /// The parsed, validated form of a [`ConfigSet`].
    type Settings: Send + Sync + 'static;
    /// Parse and fully validate a configuration set (templates must parse). Never half-applies.
    fn load(&self, files: &ConfigSet) -> Result<Self::Settings, String>;
    /// Decide and inject one pod; pure and synchronous.
    fn inject(&self, settings: &Self::Settings, req: &InjectRequest<'_>) -> InjectOutcome;
    /// JSON description of a settings set for /debug/inject (templates, values, mesh).
    fn describe(&self, settings: &Self::Settings) -> serde_json::Value;
    /// Whether an outcome of [`Engine::inject`] under `settings` may be reused for a later request with the same
    /// pod bytes, namespace, path and dry-run flag, and under what scope: `Some(scope)` promises that, as long as
    /// this method keeps returning the same `scope`, such a request gets the same outcome; the scope must only
    /// grow. `None` (the default) forbids reuse, e.g. for templates that read the clock.
    fn reuse_scope(&self, _settings: &Self::Settings) -> Option<u64> {
        None
    }
    /// Whether, under `settings`, the name of a pod's generated service-account token volume (`kube-api-access-`
    /// and five random characters) is an opaque token to injection: renaming it in the request renames it in the
    /// patch and changes nothing else. Lets the patch cache share one entry between a ReplicaSet's pods, which
    /// differ only in that name; the cache still confirms the sharing with a second render before relying on
    /// it. `false` (the default) keeps such pods out of the cache.
    fn token_volume_name_is_opaque(&self, _settings: &Self::Settings) -> bool {
        false
    }
    /// Why the engine cannot make trustworthy decisions yet (e.g. cluster facts still being listed); reported
    /// by `/readyz`. `None` (the default) when it can.
    fn not_ready_reason(&self) -> Option<&'static str> {
        None
    }
}

/// The raw text of one configuration set, as read from the ConfigMap mount and the mesh file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigSet {
    /// The injector config document (Istio's `--injectConfigFile`, ConfigMap key `config`).
    pub config: String,
    /// The values document (Istio's `--valuesFile`, ConfigMap key `values`).
    pub values: String,
    /// The mesh config document (`--meshConfigFile`); `None` when the file does not exist (use mesh defaults).
    pub mesh: Option<String>,
}

/// One pod admission request, as handed to [`Engine::inject`].
#[derive(Debug, Clone, Copy)]
pub struct InjectRequest<'a> {
    /// The pod object (`request.object` of the AdmissionReview).
    pub pod: &'a serde_json::Value,
    /// The request namespace (`request.namespace`), empty when absent.
    pub namespace: &'a str,
    /// The URL path the request came in on (`/inject` or `/inject/<k>/<v>/...`).
    pub path: &'a str,
    /// The apiserver's `request.dryRun` flag.
    pub dry_run: bool,
    /// Whether the engine should return a debug payload (template context, patch) in [`InjectOutcome::Patched`].
    pub debug: bool,
}

/// The engine's verdict on one pod.
#[derive(Debug, Clone)]
pub enum InjectOutcome {
    /// Injection not required: the pod is admitted unchanged.
    Skipped {
        /// Reason code, e.g. `label_false`; used as a metric label.
        reason: String,
    },
    /// Injection done: the pod is admitted with this JSON patch.
    Patched {
        /// RFC 6902 JSON patch bytes (raw, not base64).
        patch: Vec<u8>,
        /// Per-phase timings, for `/debug/requests`.
        timings: Vec<(&'static str, Duration)>,
        /// Optional debug payload (only when [`InjectRequest::debug`] was set).
        debug: Option<serde_json::Value>,
    },
    /// Injection failed: the pod is rejected.
    Failed {
        /// Goes to the AdmissionResponse `status.message`.
        message: String,
        /// Reason code; used as a metric label.
        reason: String,
    },
}
