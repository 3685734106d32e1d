//! Rendering the injection templates and overlaying them on the pod: Istio's `RunTemplate`, `stripPod`,
//! `reinsertOverrides`, `selectTemplates` and `applyOverlayYAML`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{InjectError, InjectionParams};
use crate::containers::{self, name_of, ContainerList, PROXY_CONTAINER};
use crate::kube::normalize::normalize_struct_in_place;
use crate::kube::schema::{struct_by_name, StructDef};
use crate::merge::merge_pod;
use crate::openshift::proxy_ids;
use crate::postprocess::prometheus;
use crate::postprocess::status::{parse_status, STATUS_ANNOTATION};
use crate::settings::TEMPLATE_NAME;
use crate::template::data::SidecarTemplateData;

/// The annotation selecting templates for a pod.
pub const INJECT_TEMPLATES_ANNOTATION: &str = "inject.istio.io/templates";
/// The annotation recording user overrides of injected containers.
pub const PROXY_OVERRIDES_ANNOTATION: &str = "proxy.istio.io/overrides";
/// The annotation forcing native sidecars on or off for a pod.
pub const NATIVE_SIDECAR_ANNOTATION: &str = "sidecar.istio.io/nativeSidecar";

/// The result of rendering and overlaying every selected template.
pub struct Rendered {
    /// The pod with every template merged in.
    pub merged: Value,
    /// The templates merged onto an empty pod, reduced to the names of its containers, init containers, volumes
    /// and pull secrets.
    pub template_pod: Value,
    /// Each template's name and rendered text, in order.
    pub outputs: Vec<(String, String)>,
    /// The template context as JSON, when [`InjectionParams::capture_context`] asked for it.
    pub context: Option<Value>,
}

pub(super) fn pod_schema() -> Result<&'static StructDef, InjectError> {
    struct_by_name("corev1.Pod")
        .ok_or_else(|| InjectError::Internal("no schema for corev1.Pod".into()))
}

/// The typed round trip Istio's Go code applies to every pod it handles.
pub(super) fn typed(mut pod: Value) -> Result<Value, InjectError> {
    normalize_struct_in_place(&mut pod, pod_schema()?)
        .map_err(|e| InjectError::Decode(e.to_string()))?;
    Ok(pod)
}

/// Template names for a pod: the annotation's comma list (trimmed) or the defaults, aliases expanded.
pub fn select_templates(
    pod: &Value,
    defaults: &[String],
    aliases: Option<&BTreeMap<String, Vec<String>>>,
) -> Vec<String> {
    let names: Vec<String> = match pod
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(INJECT_TEMPLATES_ANNOTATION))
    {
        Some(v) => v
            .as_str()
            .unwrap_or("")
            .split(',')
            .map(|n| n.trim().to_string())
            .collect(),
        None => defaults.to_vec(),
    };
    names
        .into_iter()
        .flat_map(|n| match aliases.and_then(|a| a.get(&n)) {
            Some(expanded) => expanded.clone(),
            None => vec![n],
        })
        .collect()
}

/// Istio's `stripPod`: on re-injection, removes what the previous injection added so templates see the user's pod.
fn strip_pod(pod: &Value, status_port: i64) -> Cow<'_, Value> {
    let Some(status) = pod
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(STATUS_ANNOTATION))
        .and_then(Value::as_str)
    else {
        return Cow::Borrowed(pod);
    };
    let Some(previous) = parse_status(status) else {
        return Cow::Borrowed(pod);
    };
    let mut pod = pod.clone();
    for (which, names) in [
        (ContainerList::Containers, &previous.containers),
        (ContainerList::InitContainers, &previous.init_containers),
    ] {
        if let Some(list) = pod
            .pointer_mut(&format!("/spec/{}", which.key()))
            .and_then(Value::as_array_mut)
        {
            list.retain(|c| !names.iter().any(|n| n == name_of(c)));
        }
    }
    let annotations = prometheus::annotations_mut(&mut pod);
    let target = status_port.to_string();
    let port = annotations
        .iter()
        .find(|(k, _)| prometheus::sanitize(k) == "prometheus_io_port")
        .map(|(_, v)| v.clone());
    if port.as_ref().and_then(Value::as_str) == Some(target.as_str()) {
        prometheus::clear_scrape_annotations(annotations);
    }
    annotations.remove(STATUS_ANNOTATION);
    Cow::Owned(pod)
}

/// The user's container overrides recorded on the pod (`proxy.istio.io/overrides`).
pub(super) fn recorded_overrides(pod: &Value) -> Result<(Vec<Value>, Vec<Value>), InjectError> {
    let Some(text) = pod
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(PROXY_OVERRIDES_ANNOTATION))
    else {
        return Ok((Vec::new(), Vec::new()));
    };
    let parsed: Value = serde_json::from_str(text.as_str().unwrap_or(""))
        .map_err(|e| InjectError::Overrides(e.to_string()))?;
    let list = |k: &str| {
        parsed
            .get(k)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    Ok((list("containers"), list("initContainers")))
}

/// Istio's `reinsertOverrides`: puts recorded override containers back into a stripped pod.
fn reinsert_overrides(mut pod: Cow<'_, Value>) -> Result<Cow<'_, Value>, InjectError> {
    let (containers_, init) = recorded_overrides(&pod)?;
    for (which, overrides) in [
        (ContainerList::Containers, containers_),
        (ContainerList::InitContainers, init),
    ] {
        if overrides.is_empty() {
            continue;
        }
        if let Some(list) = containers::list_mut(pod.to_mut(), which) {
            for c in overrides {
                if containers::find(list, name_of(&c)).is_none() {
                    list.push(c);
                }
            }
        }
    }
    Ok(pod)
}

/// The overlay document of rendered template YAML, as `applyOverlayYAML` reads it (empty text is `{}`).
fn parse_overlay(overlay: &str) -> Result<Value, String> {
    match crate::yaml::from_str(overlay) {
        Ok(Value::Null) => Ok(json!({})),
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err("strategic merge: invalid JSON document".into()),
    }
}

/// Istio's `applyOverlay`: strategic-merges a JSON overlay onto a pod, then the typed round trip.
pub(super) fn apply_overlay(target: Value, overlay: Value) -> Result<Value, String> {
    let merged = merge_overlay(target, overlay)?;
    normalize_merged(merged)
}

/// The pod lists whose entries the template-only pod keeps (by name).
const NAMED_LISTS: [&str; 4] = [
    "containers",
    "initContainers",
    "volumes",
    "imagePullSecrets",
];

/// `overlay` reduced to what the template-only pod is read for: the `name` of each entry of the
/// [`NAMED_LISTS`] under `spec`, with every strategic-merge directive (`$`-keys) on the way.
fn names_only(overlay: &Value) -> Value {
    fn directives_and(
        map: &Map<String, Value>,
        keep: impl Fn(&str, &Value) -> Option<Value>,
    ) -> Value {
        let mut out = Map::new();
        for (k, v) in map {
            if k.starts_with('$') {
                out.insert(k.clone(), v.clone());
            } else if let Some(v) = keep(k, v) {
                out.insert(k.clone(), v);
            }
        }
        Value::Object(out)
    }
    let entry = |item: &Value| match item {
        Value::Object(m) => directives_and(m, |k, v| (k == "name").then(|| v.clone())),
        other => other.clone(),
    };
    let list = |v: &Value| match v {
        Value::Array(items) => Value::Array(items.iter().map(entry).collect()),
        other => other.clone(),
    };
    let spec = |v: &Value| match v {
        Value::Object(m) => directives_and(m, |k, v| NAMED_LISTS.contains(&k).then(|| list(v))),
        other => other.clone(),
    };
    match overlay {
        Value::Object(root) => directives_and(root, |k, v| (k == "spec").then(|| spec(v))),
        other => other.clone(),
    }
}

/// The strategic merge of [`apply_overlay`] alone.
fn merge_overlay(target: Value, overlay: Value) -> Result<Value, String> {
    merge_pod(target, overlay).map_err(|e| format!("strategic merge: {e}"))
}

/// The typed round trip of [`apply_overlay`] alone.
fn normalize_merged(mut merged: Value) -> Result<Value, String> {
    let schema = pod_schema().map_err(|e| e.to_string())?;
    normalize_struct_in_place(&mut merged, schema)
        .map_err(|e| format!("unmarshal patched pod: {e}"))?;
    Ok(merged)
}

fn native_override(pod: &Value) -> Option<bool> {
    match pod
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(NATIVE_SIDECAR_ANNOTATION))
        .and_then(Value::as_str)
    {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    }
}

fn inbound_mode(mode: &str) -> &'static str {
    if mode == "LOCALHOST" {
        "localhost"
    } else {
        "passthrough"
    }
}

/// Istio's `RunTemplate` (after annotation validation, which the caller does).
pub(super) fn run_templates(p: &InjectionParams<'_>, pod: &Value) -> Result<Rendered, InjectError> {
    let settings = p.settings;
    let status_port = i64::from(p.mesh.default_config().map_or(0, |c| c.status_port()));
    let stripped = reinsert_overrides(strip_pod(pod, status_port))?;
    let annotations: Option<&Map<String, Value>> = stripped
        .pointer("/metadata/annotations")
        .and_then(Value::as_object);
    let (proxy_uid, proxy_gid) = proxy_ids(p.namespace);
    let proxy_image =
        super::image::proxy_image(&settings.values, p.proxy_config.image_type(), annotations);
    let proxy_init_image = super::image::proxy_init_image(&settings.values, annotations);
    let mode = p.mesh.inbound_traffic_policy_mode();
    let data = SidecarTemplateData {
        type_meta: &p.type_meta,
        deploy_meta: &p.deploy_meta,
        pod: &stripped,
        proxy_config: &p.proxy_config,
        mesh_config: &p.mesh,
        values: settings.values.tree(),
        revision: p.revision,
        native_sidecars: p.native_sidecar,
        proxy_image: &proxy_image,
        proxy_init_image: &proxy_init_image,
        proxy_uid,
        proxy_gid,
        inbound_traffic_policy_mode: inbound_mode(&mode),
        compliance_policy: &settings.process.compliance_policy,
    };
    let context = p.capture_context.then(|| data.to_json());
    let dot = data.as_value();

    let keep_injected_proxy = previous_injection_listed_proxy_container(pod);
    let mut merged = pod.clone();
    let mut template_pod = json!({});
    let mut outputs = Vec::new();
    for name in select_templates(pod, p.default_templates, p.aliases) {
        let Some(template) = settings.template(&name) else {
            let known: Vec<&str> = settings.template_names().collect();
            return Err(InjectError::Template(format!(
                "requested template {name:?} not found; have {}",
                known.join(", ")
            )));
        };
        let mut text = String::new();
        template
            .execute(TEMPLATE_NAME, &dot, &mut text)
            .map_err(|e| InjectError::Template(e.to_string()))?;

        // Istio's `applyOverlayYAML` runs twice on the same text: onto the template-only pod and onto the pod.
        // The template-only pod is only read for the names in its container, init container, volume and pull
        // secret lists (all merged by name), so it is built from those names and the merge directives alone,
        // and not normalized (the typed round trip keeps names). A typed error in the overlay, which Istio
        // reports from the template-only merge, surfaces in the normalization of the merged pod below and is
        // reported with that step's message.
        let overlay = parse_overlay(&text);
        template_pod = overlay
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|o| merge_overlay(template_pod, names_only(o)))
            .map_err(|e| {
                InjectError::Template(format!("failed applying injection overlay: {e}"))
            })?;
        let native = native_override(&merged).unwrap_or(p.native_sidecar);
        let proxy_in_template_init = containers::find(
            containers::list(&template_pod, ContainerList::InitContainers),
            PROXY_CONTAINER,
        )
        .is_some();
        let proxy_in_merged = containers::find(
            containers::list(&merged, ContainerList::Containers),
            PROXY_CONTAINER,
        )
        .is_some();
        if native
            && proxy_in_template_init
            && proxy_in_merged
            && !(keep_injected_proxy && has_init_proxy(&merged))
        {
            move_proxy_to_init(&mut merged);
        }
        merged = overlay
            .and_then(|o| merge_overlay(merged, o))
            .map_err(|e| {
                InjectError::Template(format!(
                    "failed parsing generated injected YAML (check Istio sidecar injector configuration): {e}"
                ))
            })?;
        merged = normalize_merged(merged).map_err(|e| {
            InjectError::Template(format!("failed applying injection overlay: {e}"))
        })?;
        outputs.push((name, text));
    }
    Ok(Rendered {
        merged,
        template_pod,
        outputs,
        context,
    })
}

/// Whether the pod's `sidecar.istio.io/status` lists an `istio-proxy` among the regular containers: the previous
/// injection put it there (with native sidecars, a template such as `spire` that overlays `containers`).
///
/// Deliberate deviation (re-injection only): Istio's `RunTemplate` moves a regular `istio-proxy` into the init
/// containers before overlaying a native-sidecar template, to carry a user's customization over. When the proxy in
/// `containers` is one the previous injection added and the init containers already hold the injected native
/// proxy, that move would put a second `istio-proxy` in the init containers, and `reorderPod` then keeps only the
/// last one, so re-injection would replace the proxy by the other template's fragment. The engine leaves both
/// where the previous injection put them, so the templates merge over them as they did the first time.
fn previous_injection_listed_proxy_container(pod: &Value) -> bool {
    pod.pointer("/metadata/annotations")
        .and_then(|a| a.get(STATUS_ANNOTATION))
        .and_then(Value::as_str)
        .and_then(parse_status)
        .is_some_and(|s| s.containers.iter().any(|n| n == PROXY_CONTAINER))
}

fn has_init_proxy(pod: &Value) -> bool {
    containers::find(
        containers::list(pod, ContainerList::InitContainers),
        PROXY_CONTAINER,
    )
    .is_some()
}

fn move_proxy_to_init(pod: &mut Value) {
    let Some(spec) = pod.get_mut("spec").and_then(Value::as_object_mut) else {
        return;
    };
    let mut from = spec
        .get("containers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut to = spec
        .get("initContainers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    containers::move_container(&mut from, &mut to, PROXY_CONTAINER);
    spec.insert("containers".into(), Value::Array(from));
    spec.insert("initContainers".into(), Value::Array(to));
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_only_keeps_list_names_and_merge_directives() {
        let overlay = json!({
            "metadata": {"annotations": {"a": "b"}},
            "$patch": "merge",
            "spec": {
                "$setElementOrder/containers": [{"name": "app"}, {"name": "istio-proxy"}],
                "containers": [
                    {"name": "istio-proxy", "image": "proxy", "ports": [{"containerPort": 15090}]},
                    {"name": "old", "$patch": "delete"}
                ],
                "initContainers": [{"name": "istio-init", "args": ["-p", "15001"]}],
                "volumes": [{"name": "istio-envoy", "emptyDir": {"medium": "Memory"}}],
                "imagePullSecrets": [{"name": "pull"}],
                "securityContext": {"runAsUser": 1337},
                "nodeSelector": null
            }
        });
        assert_eq!(
            names_only(&overlay),
            json!({
                "$patch": "merge",
                "spec": {
                    "$setElementOrder/containers": [{"name": "app"}, {"name": "istio-proxy"}],
                    "containers": [{"name": "istio-proxy"}, {"name": "old", "$patch": "delete"}],
                    "initContainers": [{"name": "istio-init"}],
                    "volumes": [{"name": "istio-envoy"}],
                    "imagePullSecrets": [{"name": "pull"}]
                }
            })
        );
        assert_eq!(names_only(&json!({})), json!({}));
        assert_eq!(names_only(&json!({"spec": null})), json!({"spec": null}));
    }

    #[test]
    fn template_only_pod_names_match_the_full_merge() {
        let first = json!({"spec": {
            "containers": [{"name": "istio-proxy", "image": "a"}],
            "volumes": [{"name": "v1", "emptyDir": {}}]}});
        let second = json!({"spec": {
            "containers": [{"name": "istio-proxy", "$patch": "delete"}, {"name": "agent", "image": "b"}],
            "volumes": [{"name": "v2", "emptyDir": {}}]}});
        let full = [first.clone(), second.clone()]
            .into_iter()
            .try_fold(json!({}), apply_overlay)
            .unwrap();
        let reduced = [first, second]
            .iter()
            .try_fold(json!({}), |pod, o| merge_overlay(pod, names_only(o)))
            .unwrap();
        for list in NAMED_LISTS {
            let names = |pod: &Value| -> Vec<String> {
                pod["spec"][list]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| name_of(c).to_owned())
                    .collect()
            };
            assert_eq!(names(&reduced), names(&full), "{list}");
        }
        assert_eq!(reduced["spec"]["containers"], json!([{"name": "agent"}]));
    }
}
