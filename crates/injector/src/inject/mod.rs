//! One injection, end to end: Istio's `injectPod` — render and merge the templates, re-apply user overrides,
//! post-process, and compute the JSON patch from the original pod.

mod image;
mod reapply;
mod render;
mod request;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value;

pub use image::{proxy_image, proxy_init_image, update_image_type, PROXY_IMAGE_TYPE_ANNOTATION};
pub use render::{
    select_templates, Rendered, INJECT_TEMPLATES_ANNOTATION, NATIVE_SIDECAR_ANNOTATION,
    PROXY_OVERRIDES_ANNOTATION,
};
pub use request::{
    admit_pod, admit_pod_with, kube_inject_template, kube_inject_template_with, ClusterFacts,
    Outcome, PodRequest, Workload,
};

use crate::deploy_meta::{DeployMeta, TypeMeta};
use crate::mesh::{self, MeshConfig, ProxyConfig};
use crate::patch::{create_patch, patch_to_json};
use crate::patch_noop::drop_noop_ops;
use crate::postprocess::{cluster_env, order, probes, prometheus, status};
use crate::settings::Settings;
use crate::validate::{validate_annotations, ExtraCheck, PROXY_CONFIG_ANNOTATION};

/// Why an injection failed. The text is what the admission response carries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InjectError {
    /// An annotation has an invalid value.
    #[error("{0}")]
    InvalidAnnotations(#[from] crate::validate::InvalidAnnotations),
    /// Rendering or overlaying a template failed.
    #[error("failed to run injection template: {0}")]
    Template(String),
    /// Re-applying the user's containers failed.
    #[error("failed to re apply container: {0}")]
    Reapply(String),
    /// The `proxy.istio.io/overrides` annotation is not valid JSON.
    #[error("failed to run injection template: {0}")]
    Overrides(String),
    /// Post-processing rejected the pod (e.g. a reserved Prometheus port).
    #[error("failed to process pod: {0}")]
    PostProcess(String),
    /// The pod does not decode as a Kubernetes Pod.
    #[error("could not decode pod: {0}")]
    Decode(String),
    /// A bug: something the engine relies on is missing.
    #[error("internal error: {0}")]
    Internal(String),
}

impl InjectError {
    /// A short, stable code for metric labels.
    pub fn code(&self) -> &'static str {
        match self {
            InjectError::InvalidAnnotations(_) => "invalid_annotations",
            InjectError::Template(_) | InjectError::Overrides(_) => "template",
            InjectError::Reapply(_) => "reapply",
            InjectError::PostProcess(_) => "post_process",
            InjectError::Decode(_) => "decode",
            InjectError::Internal(_) => "internal",
        }
    }
}

/// Everything one injection needs besides the pod (Istio's `InjectionParameters`).
pub struct InjectionParams<'a> {
    /// The settings version in force.
    pub settings: &'a Settings,
    /// The workload's identity.
    pub deploy_meta: DeployMeta,
    /// The workload's kind.
    pub type_meta: TypeMeta,
    /// The effective proxy configuration.
    pub proxy_config: ProxyConfig,
    /// The mesh configuration (for kube-inject, with the pod's `proxy.istio.io/config` applied).
    pub mesh: Cow<'a, MeshConfig>,
    /// The revision recorded in the status annotation.
    pub revision: &'a str,
    /// Proxy envs from the webhook path; cluster and network are added during injection.
    pub proxy_envs: BTreeMap<String, String>,
    /// Whether the proxy becomes a native sidecar.
    pub native_sidecar: bool,
    /// The pod's Namespace object, when known (OpenShift UID ranges).
    pub namespace: Option<&'a Value>,
    /// Templates used when the pod names none.
    pub default_templates: &'a [String],
    /// Template aliases (webhook only).
    pub aliases: Option<&'a BTreeMap<String, Vec<String>>>,
    /// Annotations added to every injected pod (webhook only).
    pub injected_annotations: Option<&'a BTreeMap<String, String>>,
    /// Keep the template context as JSON in [`Injection::context`] (costs a copy; for inspection only).
    pub capture_context: bool,
}

/// What a caller wants kept beyond the injected pod.
#[derive(Debug, Clone, Copy, Default)]
pub struct InjectOptions {
    /// Keep the template context as JSON in [`Injection::context`].
    pub capture_context: bool,
}

/// The outcome of one injection, every stage kept for inspection.
#[derive(Debug, Clone)]
pub struct Injection {
    /// The pod the patch is computed against (the typed form of the input).
    pub original: Value,
    /// The injected pod.
    pub pod: Value,
    /// The templates alone merged onto an empty pod, reduced to what injection reads from it: the names in its
    /// container, init container, volume and pull-secret lists.
    pub template_pod: Value,
    /// Each template's name and rendered text.
    pub rendered: Vec<(String, String)>,
    /// The typed form of the pod as received, when injection edited it before taking `original` (the OpenShift
    /// proxy-UID reset); the patch then leaves out operations that change nothing on this pod.
    pub received: Option<Value>,
    /// The template context (`.Values`, `.MeshConfig`, `.ProxyConfig`, ...) as JSON, when asked for with
    /// [`InjectOptions::capture_context`].
    pub context: Option<Value>,
}

impl Injection {
    /// The RFC 6902 patch from the original pod to the injected one, as JSON. When the received pod differs from
    /// `original`, operations that are no-ops on the received pod are left out: the apiserver's result is the same.
    pub fn patch(&self) -> Vec<u8> {
        let mut ops = create_patch(&self.original, &self.pod);
        if let Some(received) = &self.received {
            ops = drop_noop_ops(ops, received);
        }
        patch_to_json(&ops).unwrap_or_else(|_| b"[]".to_vec())
    }
}

/// Validates the `proxy.istio.io/config` annotation: it must apply onto the default ProxyConfig and pass Istio's
/// proxy-config validation.
fn validate_proxy_config_annotation(value: &str) -> Result<(), String> {
    let pc = mesh::merge_proxy_config(value, &mesh::default_proxy_config())
        .map_err(|e| format!("failed to convert to apply proxy config: {e}"))?;
    let mut mc = mesh::default_mesh_config();
    mc.set_default_config(pc);
    match mesh::validate_mesh_config(&mc) {
        (_, Some(errors)) => Err(errors.to_string()),
        _ => Ok(()),
    }
}

/// Istio's `injectPod` on `pod` (the pod as received, namespace defaulted and managed fields dropped).
pub fn inject_pod(p: InjectionParams<'_>, pod: &Value) -> Result<Injection, InjectError> {
    inject_owned_pod(p, pod.clone())
}

/// [`inject_pod`] on a pod the caller gives up (saves a copy of it).
pub(crate) fn inject_owned_pod(
    mut p: InjectionParams<'_>,
    pod: Value,
) -> Result<Injection, InjectError> {
    let original = render::typed(pod)?;
    let annotations = original
        .pointer("/metadata/annotations")
        .and_then(Value::as_object);
    let check: &dyn Fn(&str) -> Result<(), String> = &validate_proxy_config_annotation;
    let extra: [ExtraCheck<'_>; 1] = [(PROXY_CONFIG_ANNOTATION, check)];
    validate_annotations(annotations, &extra)?;

    let (cluster, network) = cluster_and_network(&p, &original);
    if !cluster.is_empty() {
        p.proxy_envs.insert("ISTIO_META_CLUSTER_ID".into(), cluster);
    }
    if !network.is_empty() {
        p.proxy_envs.insert("ISTIO_META_NETWORK".into(), network);
    }

    let rendered = render::run_templates(&p, &original)?;
    let merged = reapply::reapply_overwritten_containers(
        rendered.merged,
        &original,
        &rendered.template_pod,
        &p.proxy_config.interception_mode(),
    )?;
    let pod = post_process(merged, &rendered.template_pod, &p, &original)?;
    Ok(Injection {
        original,
        pod,
        template_pod: rendered.template_pod,
        rendered: rendered.outputs,
        received: None,
        context: rendered.context,
    })
}

/// Istio's `extractClusterAndNetwork`.
fn cluster_and_network(p: &InjectionParams<'_>, pod: &Value) -> (String, String) {
    let values = &p.settings.values;
    let mut cluster = values
        .str(&["global", "multiCluster", "clusterName"])
        .to_string();
    let mut network = values.str(&["global", "network"]).to_string();
    if let Some(c) = p
        .proxy_envs
        .get("ISTIO_META_CLUSTER_ID")
        .filter(|c| !c.is_empty())
    {
        cluster = c.clone();
    }
    if let Some(n) = p
        .proxy_envs
        .get("ISTIO_META_NETWORK")
        .filter(|n| !n.is_empty())
    {
        network = n.clone();
    }
    if let Some(n) = pod
        .pointer("/metadata/labels/topology.istio.io~1network")
        .and_then(Value::as_str)
    {
        network = n.to_string();
    }
    (cluster, network)
}

/// Istio's `postProcessPod`.
fn post_process(
    mut pod: Value,
    template_pod: &Value,
    p: &InjectionParams<'_>,
    original: &Value,
) -> Result<Value, InjectError> {
    prometheus::annotations_mut(&mut pod);
    labels_mut(&mut pod);
    cluster_env::overwrite_cluster_info(&mut pod, &p.proxy_envs);

    let default_config = p.mesh.default_config();
    let status_port = i64::from(default_config.as_ref().map_or(0, ProxyConfig::status_port));
    let mesh_merge = p.mesh.enable_prometheus_merge_setting();
    prometheus::apply_prometheus_merge(&mut pod, status_port, mesh_merge)
        .map_err(InjectError::PostProcess)?;
    prometheus::apply_secure_prometheus_annotation(&mut pod);

    if crate::containers::find_sidecar(&pod).is_some() {
        let values_rewrite = p
            .settings
            .values
            .bool(&["sidecarInjectorWebhook", "rewriteAppHTTPProbe"])
            .unwrap_or(false);
        let annotations = pod
            .pointer("/metadata/annotations")
            .and_then(Value::as_object);
        if probes::should_rewrite(annotations, values_rewrite) {
            if let Some(probers) = probes::dump_app_probers(&pod, status_port) {
                let previously =
                    annotations.is_some_and(|a| a.contains_key(status::STATUS_ANNOTATION));
                if let Some(env) =
                    crate::containers::find_in_pod_mut(&mut pod, crate::containers::PROXY_CONTAINER)
                        .and_then(crate::containers::env_mut)
                {
                    probes::merge_or_append_probers(previously, env, &probers);
                }
            }
            probes::patch_rewrite_probes(&mut pod, status_port);
        }
    }

    if let Some(network) = p.proxy_envs.get("ISTIO_META_NETWORK") {
        labels_mut(&mut pod).insert(
            "topology.istio.io/network".into(),
            Value::from(network.as_str()),
        );
    }
    let status_value = status::injection_status(template_pod, p.revision);
    let annotations = prometheus::annotations_mut(&mut pod);
    annotations.insert(status::STATUS_ANNOTATION.into(), Value::from(status_value));
    for (k, v) in p.injected_annotations.into_iter().flatten() {
        annotations.insert(k.clone(), Value::from(v.as_str()));
    }

    let hold = hold_application(p, original)?;
    order::reorder_pod(&mut pod, hold);
    drop_empty_labels(&mut pod);
    Ok(pod)
}

/// `holdApplicationUntilProxyStarts` as `reorderPod` computes it: mesh defaultConfig with the pod annotation
/// applied, or the values setting.
fn hold_application(p: &InjectionParams<'_>, original: &Value) -> Result<bool, InjectError> {
    let annotation = original
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(PROXY_CONFIG_ANNOTATION))
        .and_then(Value::as_str);
    let mesh_hold = match annotation {
        Some(text) => mesh::apply_proxy_config(text, &p.mesh)
            .map_err(|e| InjectError::PostProcess(e.to_string()))?
            .default_config()
            .and_then(|c| c.hold_application_until_proxy_starts()),
        None => p
            .mesh
            .default_config()
            .and_then(|c| c.hold_application_until_proxy_starts()),
    };
    let values_hold =
        p.settings
            .values
            .bool(&["global", "proxy", "holdApplicationUntilProxyStarts"]);
    Ok(mesh_hold.unwrap_or(false) || values_hold.unwrap_or(false))
}

/// Go marshals an empty `labels` map as nothing (`omitempty`), so the patch must not add `labels: {}`.
fn drop_empty_labels(pod: &mut Value) {
    if let Some(meta) = pod.get_mut("metadata").and_then(Value::as_object_mut) {
        if meta
            .get("labels")
            .and_then(Value::as_object)
            .is_some_and(serde_json::Map::is_empty)
        {
            meta.remove("labels");
        }
    }
}

fn labels_mut(pod: &mut Value) -> &mut serde_json::Map<String, Value> {
    let meta = crate::pod::ensure_object(pod)
        .entry("metadata")
        .or_insert(Value::Null);
    crate::pod::ensure_object(
        crate::pod::ensure_object(meta)
            .entry("labels")
            .or_insert(Value::Null),
    )
}
