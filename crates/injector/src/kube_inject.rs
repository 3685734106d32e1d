//! `istioctl kube-inject`: injection over a stream of Kubernetes manifests (Istio's `IntoResourceFile` /
//! `IntoObject`).
//!
//! Every document whose kind is a workload Istio knows (by kind alone, whatever the `apiVersion`) is decoded as its
//! Go type (unknown fields dropped), its pod template injected, and written back as Go's YAML; other documents are
//! copied through byte for byte. `---` follows every document. A `List` is re-serialized with each known item
//! injected.

use serde_json::Value;

use crate::deploy_meta::{DeployMeta, TypeMeta};
use crate::inject::{kube_inject_template, InjectError, Outcome, Workload};
use crate::kube::normalize::normalize_object;
use crate::native::NodeInfo;
use crate::policy::Reason;
use crate::settings::Settings;

/// Kinds kube-inject injects (Istio registers them unversioned, so any `apiVersion` matches).
pub const WORKLOAD_KINDS: [&str; 10] = [
    "Pod",
    "ReplicationController",
    "List",
    "Deployment",
    "DaemonSet",
    "ReplicaSet",
    "StatefulSet",
    "Job",
    "CronJob",
    "DeploymentConfig",
];

/// Why a manifest stream could not be injected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KubeInjectError {
    /// The stream or a document is not YAML.
    #[error("document {document} (line {line}): {error}")]
    Yaml {
        /// 1-based document index.
        document: usize,
        /// 1-based line of the document start.
        line: usize,
        /// The YAML error (part of the message, so the text is complete in one line).
        error: crate::yaml::YamlError,
    },
    /// A document does not decode as its kind.
    #[error("document {document} (line {line}): {message}")]
    Decode {
        /// 1-based document index.
        document: usize,
        /// 1-based line of the document start.
        line: usize,
        /// Go's decoding error.
        message: String,
    },
    /// Injection failed.
    #[error("document {document} (line {line}): {error}")]
    Inject {
        /// 1-based document index.
        document: usize,
        /// 1-based line of the document start.
        line: usize,
        /// The injection error (part of the message, so the text is complete in one line).
        error: InjectError,
    },
}

/// The injected stream and the warnings raised on the way.
#[derive(Debug, Clone, Default)]
pub struct KubeInjected {
    /// The output YAML stream.
    pub yaml: String,
    /// Istio's `===> Skipping injection because ...` messages.
    pub warnings: Vec<String>,
    /// How many workloads were injected.
    pub injected: usize,
}

/// JSON pointers to the pod metadata and pod spec inside a workload of `kind`. For a CronJob Istio takes the
/// metadata of the job template (not of the pod template) and the spec of the pod template.
pub fn pod_template_paths(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "Pod" => ("/metadata", "/spec"),
        "CronJob" => (
            "/spec/jobTemplate/metadata",
            "/spec/jobTemplate/spec/template/spec",
        ),
        _ => ("/spec/template/metadata", "/spec/template/spec"),
    }
}

/// The pod kube-inject injects for a workload `obj` of `kind`: a Pod itself, otherwise `{metadata, spec}` taken from
/// [`pod_template_paths`] (absent parts are `null`).
pub fn pod_template(obj: &Value, kind: &str) -> Value {
    if kind == "Pod" {
        return obj.clone();
    }
    let (meta_path, spec_path) = pod_template_paths(kind);
    let part = |p: &str| obj.pointer(p).cloned().unwrap_or(Value::Null);
    serde_json::json!({"metadata": part(meta_path), "spec": part(spec_path)})
}

/// Injects every workload of a YAML stream.
pub fn kube_inject_stream(
    settings: &Settings,
    nodes: Option<&[NodeInfo]>,
    input: &str,
) -> Result<KubeInjected, KubeInjectError> {
    let docs = crate::yaml::split_documents(input).map_err(|error| KubeInjectError::Yaml {
        document: 1,
        line: error.line,
        error,
    })?;
    let mut out = KubeInjected::default();
    for (i, doc) in docs.iter().enumerate() {
        let (document, line) = (i + 1, doc.start_line);
        let value = crate::yaml::from_str(&doc.text).map_err(|e| KubeInjectError::Yaml {
            document,
            line,
            error: e.in_stream(line),
        })?;
        let known = value
            .get("kind")
            .and_then(Value::as_str)
            .is_some_and(|k| WORKLOAD_KINDS.contains(&k));
        if !known {
            out.yaml.push_str(&doc.text);
            out.yaml.push_str("---\n");
            continue;
        }
        let typed = normalize_object(&value)
            .map_err(|e| KubeInjectError::Decode {
                document,
                line,
                message: e.to_string(),
            })?
            .unwrap_or(value);
        let injected = inject_object(settings, nodes, typed, &mut out).map_err(|error| {
            KubeInjectError::Inject {
                document,
                line,
                error,
            }
        })?;
        crate::yaml::write_document(&mut out.yaml, &injected);
        out.yaml.push_str("---\n");
    }
    Ok(out)
}

/// Injects one decoded workload object (Istio's `IntoObject`).
pub fn inject_object(
    settings: &Settings,
    nodes: Option<&[NodeInfo]>,
    mut obj: Value,
    out: &mut KubeInjected,
) -> Result<Value, InjectError> {
    let kind = obj
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if kind == "List" {
        if let Some(items) = obj.get_mut("items").and_then(Value::as_array_mut) {
            for item in items.iter_mut() {
                let known = item
                    .get("kind")
                    .and_then(Value::as_str)
                    .is_some_and(|k| WORKLOAD_KINDS.contains(&k));
                if !known {
                    continue;
                }
                let typed = normalize_object(item)
                    .map_err(|e| InjectError::Decode(e.to_string()))?
                    .unwrap_or(item.clone());
                *item = inject_object(settings, nodes, typed, out)?;
            }
        }
        return Ok(obj);
    }

    let str_at = |v: &Value, p: &str| {
        v.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let type_meta = TypeMeta {
        kind: kind.clone(),
        api_version: str_at(&obj, "/apiVersion"),
    };
    let top = DeployMeta {
        name: str_at(&obj, "/metadata/name"),
        namespace: str_at(&obj, "/metadata/namespace"),
    };
    let (meta_path, spec_path) = pod_template_paths(&kind);
    if kind != "Pod"
        && obj
            .pointer(spec_path.trim_end_matches("/spec"))
            .is_none_or(Value::is_null)
    {
        return Err(InjectError::Decode(
            "spec.template is required value".into(),
        ));
    }
    let workload = (kind != "Pod").then(|| Workload {
        deploy_meta: top.clone(),
        type_meta: type_meta.clone(),
    });
    let pod = pod_template(&obj, &kind);

    let name = match str_at(&pod, "/metadata/name") {
        n if n.is_empty() => top.name.clone(),
        n => n,
    };
    let full_name = if top.namespace.is_empty() {
        name
    } else {
        format!("{}/{name}", top.namespace)
    };
    let describe = |what: &str| {
        if kind.is_empty() {
            format!("===> Skipping injection because {full_name:?} has {what}\n")
        } else {
            format!("===> Skipping injection because {kind} {full_name:?} has {what}\n")
        }
    };

    match kube_inject_template(settings, nodes, &pod, workload.as_ref()) {
        Outcome::Skipped(d) => {
            let what = if d.reason == Reason::HostNetwork {
                "host networking enabled"
            } else {
                "sidecar injection disabled"
            };
            out.warnings.push(describe(what));
            Ok(obj)
        }
        Outcome::Failed(e) => Err(e),
        Outcome::Injected(injection) => {
            out.injected += 1;
            let mut injected = injection.pod;
            for (key, path) in [("metadata", meta_path), ("spec", spec_path)] {
                let value = injected
                    .get_mut(key)
                    .map(Value::take)
                    .unwrap_or(Value::Null);
                set_pointer(&mut obj, path, value);
            }
            Ok(obj)
        }
    }
}

/// Sets the value at a JSON pointer, creating intermediate objects; `null` removes the member.
fn set_pointer(doc: &mut Value, path: &str, value: Value) {
    let mut cur = doc;
    let mut keys = path.trim_start_matches('/').split('/').peekable();
    while let Some(key) = keys.next() {
        let obj = crate::pod::ensure_object(cur);
        if keys.peek().is_none() {
            if value.is_null() {
                obj.remove(key);
            } else {
                obj.insert(key.to_string(), value);
            }
            return;
        }
        cur = obj.entry(key.to_string()).or_insert(Value::Null);
    }
}
