//! The real engine: Istio's injection ([`injector`]) behind the server's [`Engine`] seam.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use serde_json::{json, Value};

use injector::inject::{admit_pod_with, ClusterFacts, InjectOptions, Outcome, PodRequest};
use injector::native::NodeInfo;
use injector::settings::{ProcessSettings, Settings};

use crate::cluster::ClusterState;
use crate::engine::{ConfigSet, Engine, InjectOutcome, InjectRequest};

/// Istio's sidecar injection with the process settings it was started with and the cluster facts it can see.
pub struct IstioEngine {
    process: ProcessSettings,
    cluster: Arc<ClusterState>,
}

impl IstioEngine {
    /// An engine with fixed cluster facts: `nodes` are the cluster's nodes for native-sidecar `auto` mode
    /// (`None`: unknown, which means classic sidecars unless native sidecars are forced on); `namespaces` are the
    /// Namespace objects consulted on OpenShift for UID ranges.
    pub fn new(
        process: ProcessSettings,
        nodes: Option<Vec<NodeInfo>>,
        namespaces: HashMap<String, Value>,
    ) -> Self {
        Self::with_cluster(process, Arc::new(ClusterState::fixed(nodes, namespaces)))
    }

    /// An engine reading its cluster facts from `cluster` at each request (kept current by the reflectors of
    /// `cluster_watch`, or fixed).
    pub fn with_cluster(process: ProcessSettings, cluster: Arc<ClusterState>) -> Self {
        IstioEngine { process, cluster }
    }
}

impl Engine for IstioEngine {
    type Settings = Settings;

    fn load(&self, files: &ConfigSet) -> Result<Settings, String> {
        Settings::load(
            &files.config,
            &files.values,
            files.mesh.as_deref(),
            self.process.clone(),
        )
        .map_err(|e| e.to_string())
    }

    fn inject(&self, settings: &Settings, req: &InjectRequest<'_>) -> InjectOutcome {
        let nodes = self.cluster.nodes();
        let lookup = |name: &str| self.cluster.namespace(name);
        let facts = ClusterFacts {
            nodes: nodes.as_deref(),
            namespace: Some(&lookup),
        };
        let request = PodRequest {
            object: req.pod,
            namespace: req.namespace,
            path: req.path,
        };
        let started = Instant::now();
        let options = InjectOptions {
            capture_context: req.debug,
        };
        match admit_pod_with(settings, &facts, &request, options) {
            Outcome::Skipped(decision) => InjectOutcome::Skipped {
                reason: decision.reason.code().to_string(),
            },
            Outcome::Failed(e) => InjectOutcome::Failed {
                message: e.to_string(),
                reason: e.code().to_string(),
            },
            Outcome::Injected(injection) => {
                let injected = started.elapsed();
                let patch = injection.patch();
                let timings = vec![
                    ("inject", injected),
                    ("patch", started.elapsed().saturating_sub(injected)),
                ];
                let debug = req.debug.then(|| {
                    json!({
                        "context": injection.context,
                        "templates": injection.rendered.iter().map(|(n, t)| json!({"name": n, "rendered": t})).collect::<Vec<_>>(),
                        "pod": injection.pod,
                        "patch": serde_json::from_slice::<Value>(&patch).unwrap_or(Value::Null),
                    })
                });
                InjectOutcome::Patched {
                    patch,
                    timings,
                    debug,
                }
            }
        }
    }

    fn describe(&self, settings: &Settings) -> Value {
        let templates: serde_json::Map<String, Value> = settings
            .config
            .templates
            .iter()
            .map(|(name, text)| (name.clone(), Value::from(text.as_str())))
            .collect();
        let mesh = settings
            .mesh
            .to_json_string()
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .unwrap_or(Value::Null);
        json!({
            "policy": settings.config.policy.to_string(),
            "defaultTemplates": settings.config.default_templates,
            "aliases": settings.config.aliases,
            "injectedAnnotations": settings.config.injected_annotations,
            "templates": templates,
            "values": settings.values.tree(),
            "mesh": mesh,
            "deterministic": settings.is_deterministic(),
            "tokenVolumeNameOpaque": self.token_volume_name_is_opaque(settings),
            "nondeterministicCalls": settings
                .nondeterministic_calls()
                .iter()
                .map(|(t, f)| format!("{t}: {f}"))
                .collect::<Vec<_>>(),
            "process": {
                "nativeSidecars": settings.process.native_sidecars.to_string(),
                "compliancePolicy": settings.process.compliance_policy,
                "revision": settings.process.revision,
            },
            "cluster": self.cluster.describe(),
        })
    }

    /// Injection is a pure function of the request, the settings and the cluster facts, unless a template calls
    /// a function reading the clock, randomness or the network: the scope is the facts' generation.
    fn reuse_scope(&self, settings: &Settings) -> Option<u64> {
        settings
            .is_deterministic()
            .then(|| self.cluster.generation())
    }

    /// The engine itself only copies volume and mount names and compares them for equality (strategic merge
    /// keys); a template could do more only by reading `Volumes` or `VolumeMounts`.
    fn token_volume_name_is_opaque(&self, settings: &Settings) -> bool {
        !settings.template_reads_field("Volumes") && !settings.template_reads_field("VolumeMounts")
    }

    fn not_ready_reason(&self) -> Option<&'static str> {
        self.cluster.not_ready_reason()
    }
}
