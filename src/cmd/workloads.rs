//! The workloads of a manifest stream, in order, with the pod each one creates: the same reading of the stream as
//! Istio's `IntoResourceFile`/`IntoObject` (registered kinds by kind alone, `List` items included), used by
//! `check-inject` and `render`.

use anyhow::{anyhow, Result};
use injector::deploy_meta::{DeployMeta, TypeMeta};
use injector::inject::Workload as WorkloadIdentity;
use injector::kube::normalize::normalize_object;
use injector::kube_inject::WORKLOAD_KINDS;
use serde_json::Value;

use crate::io::Input;

/// One workload of the input.
#[derive(Debug, Clone)]
pub struct Workload {
    /// 1-based document index in the stream.
    pub document: usize,
    /// 1-based line where the document starts.
    pub line: usize,
    /// Kind and API version of the top-level object.
    pub type_meta: TypeMeta,
    /// Name and namespace of the top-level object.
    pub deploy_meta: DeployMeta,
    /// The pod (or pod template as `{metadata, spec}`) the workload creates, decoded as its Go type.
    pub pod: Value,
}

impl Workload {
    /// `Kind/name` or `Kind/namespace/name`.
    pub fn display_name(&self) -> String {
        let DeployMeta { name, namespace } = &self.deploy_meta;
        match namespace.as_str() {
            "" => format!("{}/{name}", self.type_meta.kind),
            ns => format!("{}/{ns}/{name}", self.type_meta.kind),
        }
    }

    /// The identity kube-inject gives the pod (`None` for a bare Pod, whose owner references decide).
    pub fn identity(&self) -> Option<WorkloadIdentity> {
        (self.type_meta.kind != "Pod").then(|| WorkloadIdentity {
            deploy_meta: self.deploy_meta.clone(),
            type_meta: self.type_meta.clone(),
        })
    }
}

/// Every workload of the stream, in order.
pub fn workloads(input: &Input) -> Result<Vec<Workload>> {
    let docs =
        injector::yaml::split_documents(&input.text).map_err(|e| anyhow!("{}: {e}", input.name))?;
    let mut out = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let (document, line) = (i + 1, doc.start_line);
        let value = injector::yaml::from_str(&doc.text).map_err(|e| {
            anyhow!(
                "{}: document {document} (line {line}): {}",
                input.name,
                e.in_stream(line)
            )
        })?;
        let at = |e: String| anyhow!("{}: document {document} (line {line}): {e}", input.name);
        collect(value, document, line, &mut out).map_err(at)?;
    }
    Ok(out)
}

fn kind_of(v: &Value) -> &str {
    v.get("kind").and_then(Value::as_str).unwrap_or("")
}

fn collect(
    value: Value,
    document: usize,
    line: usize,
    out: &mut Vec<Workload>,
) -> Result<(), String> {
    let kind = kind_of(&value).to_string();
    if !WORKLOAD_KINDS.contains(&kind.as_str()) {
        return Ok(());
    }
    if kind == "List" {
        if let Some(Value::Array(items)) = value.get("items") {
            for item in items {
                collect(item.clone(), document, line, out)?;
            }
        }
        return Ok(());
    }
    let obj = normalize_object(&value)
        .map_err(|e| e.to_string())?
        .unwrap_or(value);
    let s = |p: &str| {
        obj.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let pod = injector::kube_inject::pod_template(&obj, &kind);
    out.push(Workload {
        document,
        line,
        type_meta: TypeMeta {
            kind,
            api_version: s("/apiVersion"),
        },
        deploy_meta: DeployMeta {
            name: s("/metadata/name"),
            namespace: s("/metadata/namespace"),
        },
        pod,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str) -> Input {
        Input {
            name: "t.yaml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn finds_workloads_and_list_items() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: ns\nspec:\n  template:\n    metadata:\n      labels:\n        app: d\n    spec:\n      containers:\n      - name: c\n        image: i\n---\n\
apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n  spec:\n    containers:\n    - name: c\n      image: i\n";
        let w = workloads(&input(text)).unwrap();
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].display_name(), "Deployment/ns/d");
        assert_eq!(w[0].document, 2);
        assert_eq!(w[0].pod["metadata"]["labels"]["app"], "d");
        assert!(w[0].identity().is_some());
        assert_eq!(w[1].display_name(), "Pod/p");
        assert!(w[1].identity().is_none());
    }

    #[test]
    fn reports_yaml_errors_with_file_and_line() {
        let err = workloads(&input("a: 1\n---\nb: [\n"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.yaml: document 2 (line 3)"), "{err}");
    }
}
