//! The two ways in: an admission request for a pod (Istio's `Webhook.inject`) and a pod template of a workload
//! manifest (`istioctl kube-inject`'s `IntoObject`). Both decide, derive the injection parameters and inject.

use std::borrow::Cow;

use serde_json::Value;

use super::{inject_owned_pod, inject_pod, InjectError, InjectOptions, Injection, InjectionParams};
use crate::deploy_meta::{deploy_meta_from_pod, DeployMeta, TypeMeta};
use crate::mesh::{self, ProxyConfigSources};
use crate::native::{detect_native_sidecar, NativeSidecarMode, NodeInfo};
use crate::path_envs::parse_inject_envs;
use crate::pod::PodRef;
use crate::policy::{decide, Decision, InjectionPolicy, PolicyConfig};
use crate::settings::{Platform, Settings};
use crate::validate::PROXY_CONFIG_ANNOTATION;

/// Looks up a Namespace object by name.
pub type NamespaceLookup<'a> = &'a dyn Fn(&str) -> Option<Value>;

/// What the cluster knows that injection may need: node kubelet versions and Namespace objects.
#[derive(Clone, Copy, Default)]
pub struct ClusterFacts<'a> {
    /// The cluster's nodes; `None` when node information is not available.
    pub nodes: Option<&'a [NodeInfo]>,
    /// Looks up a Namespace object by name.
    pub namespace: Option<NamespaceLookup<'a>>,
}

/// An admission request for a pod.
#[derive(Debug, Clone, Copy)]
pub struct PodRequest<'a> {
    /// `request.object`.
    pub object: &'a Value,
    /// `request.namespace` (used when the pod has none).
    pub namespace: &'a str,
    /// The URL path (`/inject/cluster/c1/net/n1`).
    pub path: &'a str,
}

/// What happened to a pod.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The policy says not to inject.
    Skipped(Decision),
    /// Injected.
    Injected(Box<Injection>),
    /// Injection failed; the pod must be rejected with this error.
    Failed(InjectError),
}

fn native_for(mode: NativeSidecarMode, nodes: Option<&[NodeInfo]>, node_name: &str) -> bool {
    match nodes {
        Some(nodes) => detect_native_sidecar(mode, Some(nodes), node_name),
        None => mode == NativeSidecarMode::Enabled,
    }
}

/// Istio's webhook `inject`: decision, parameters and injection for one admission request.
pub fn admit_pod(settings: &Settings, facts: &ClusterFacts<'_>, req: &PodRequest<'_>) -> Outcome {
    admit_pod_with(settings, facts, req, InjectOptions::default())
}

/// [`admit_pod`], keeping what `options` asks for in the [`super::Injection`].
pub fn admit_pod_with(
    settings: &Settings,
    facts: &ClusterFacts<'_>,
    req: &PodRequest<'_>,
    options: InjectOptions,
) -> Outcome {
    let mut pod = req.object.clone();
    if let Some(meta) = pod.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
        let ns_empty = meta
            .get("namespace")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty);
        if ns_empty && !req.namespace.is_empty() {
            meta.insert("namespace".into(), Value::from(req.namespace));
        }
    }
    let config = &settings.config;
    let policy = PolicyConfig {
        policy: &config.policy,
        never_inject_selector: &config.never_inject_selector,
        always_inject_selector: &config.always_inject_selector,
    };
    let decision = decide(policy, PodRef::new(&pod));
    if !decision.inject {
        return Outcome::Skipped(decision);
    }

    let view = PodRef::new(&pod);
    let annotation = view.annotation(PROXY_CONFIG_ANNOTATION);
    let sources = ProxyConfigSources {
        pod_namespace: view.namespace(),
        annotation,
        ..Default::default()
    };
    let proxy_config = settings.effective_proxy_config(&sources);
    let (deploy_meta, type_meta) = deploy_meta_from_pod(view);
    let proxy_envs = parse_inject_envs(req.path).envs;
    let node_name = view.node_name().to_string();
    let ns_name = view.namespace().to_string();

    let namespace = match (settings.process.platform, facts.namespace) {
        (Platform::OpenShift, Some(lookup)) => lookup(&ns_name),
        _ => None,
    };
    // Istio diffs against the pod with the proxy UID reset; the apiserver patches the pod it sent.
    let mut received = None;
    if settings.process.platform == Platform::OpenShift
        && crate::openshift::resets_sidecar_user(&pod)
    {
        received = Some(pod.clone());
        crate::openshift::reset_matching_sidecar_user(&mut pod);
    }
    let native_sidecar = native_for(settings.process.native_sidecars, facts.nodes, &node_name);
    let params = InjectionParams {
        settings,
        deploy_meta,
        type_meta,
        proxy_config,
        mesh: Cow::Borrowed(&settings.mesh),
        revision: &settings.process.revision,
        proxy_envs,
        native_sidecar,
        namespace: namespace.as_ref(),
        default_templates: &config.default_templates,
        aliases: Some(&config.aliases),
        injected_annotations: Some(&config.injected_annotations),
        capture_context: options.capture_context,
    };
    let mut injection = match inject_owned_pod(params, pod) {
        Ok(i) => i,
        Err(e) => return Outcome::Failed(e),
    };
    if let Some(received) = received {
        match super::render::typed(received) {
            Ok(r) => injection.received = Some(r),
            Err(e) => return Outcome::Failed(e),
        }
    }
    Outcome::Injected(Box::new(injection))
}

/// The workload a pod template belongs to, as kube-inject names it.
#[derive(Debug, Clone)]
pub struct Workload {
    /// Name and namespace of the top-level object.
    pub deploy_meta: DeployMeta,
    /// Kind and API version of the top-level object.
    pub type_meta: TypeMeta,
}

/// `istioctl kube-inject` on one pod template: policy forced to `enabled` without selectors, the template list
/// fixed to `[sidecar]`, the `proxy.istio.io/config` annotation applied to the whole mesh config, no URL envs, no
/// namespace lookup, revision `""`. `workload` is `None` for a bare Pod (its identity then comes from its owner
/// references).
pub fn kube_inject_template(
    settings: &Settings,
    nodes: Option<&[NodeInfo]>,
    template: &Value,
    workload: Option<&Workload>,
) -> Outcome {
    kube_inject_template_with(
        settings,
        nodes,
        template,
        workload,
        InjectOptions::default(),
    )
}

/// [`kube_inject_template`], keeping what `options` asks for in the [`super::Injection`].
pub fn kube_inject_template_with(
    settings: &Settings,
    nodes: Option<&[NodeInfo]>,
    template: &Value,
    workload: Option<&Workload>,
    options: InjectOptions,
) -> Outcome {
    let view = PodRef::new(template);
    let enabled = InjectionPolicy::Enabled;
    let policy = PolicyConfig {
        policy: &enabled,
        never_inject_selector: &[],
        always_inject_selector: &[],
    };
    let decision = decide(policy, view);
    // Host networking is checked before the ProxyConfig annotation is applied; the rest of the policy after.
    if decision.reason == crate::policy::Reason::HostNetwork {
        return Outcome::Skipped(decision);
    }
    let mesh = match view.annotation(PROXY_CONFIG_ANNOTATION) {
        Some(text) => match mesh::apply_proxy_config(text, &settings.mesh) {
            Ok(m) => m,
            Err(e) => return Outcome::Failed(InjectError::Template(e.to_string())),
        },
        None => settings.mesh.clone(),
    };
    if !decision.inject {
        return Outcome::Skipped(decision);
    }
    let (deploy_meta, type_meta) = match workload {
        Some(w) => (w.deploy_meta.clone(), w.type_meta.clone()),
        None => deploy_meta_from_pod(view),
    };
    let proxy_config = mesh
        .default_config()
        .unwrap_or_else(mesh::default_proxy_config);
    let native_sidecar = native_for(settings.process.native_sidecars, nodes, view.node_name());
    let sidecar = ["sidecar".to_string()];
    let params = InjectionParams {
        settings,
        deploy_meta,
        type_meta,
        proxy_config,
        mesh: Cow::Owned(mesh),
        revision: "",
        proxy_envs: Default::default(),
        native_sidecar,
        namespace: None,
        default_templates: &sidecar,
        aliases: None,
        injected_annotations: None,
        capture_context: options.capture_context,
    };
    match inject_pod(params, template) {
        Ok(i) => Outcome::Injected(Box::new(i)),
        Err(e) => Outcome::Failed(e),
    }
}
