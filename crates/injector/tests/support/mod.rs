//! Shared helpers for the corpus-driven tests: locating the Istio corpus and reading its YAML files.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use std::path::PathBuf;

/// The Istio conformance corpus: `ISTIO_CONFORMANCE_DIR`, or `../shared/conformance/istio` beside the workspace.
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("ISTIO_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/istio"),
    }
}

/// Reads a corpus YAML file (a single document) as JSON.
pub fn load_yaml(rel: &str) -> serde_json::Value {
    let path = corpus_dir().join(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let docs = yaml_rust2::YamlLoader::load_from_str(&text)
        .unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()));
    yaml_to_json(&docs[0])
}

/// Converts a parsed YAML node to JSON (corpus files use plain scalars with unambiguous types).
pub fn yaml_to_json(y: &yaml_rust2::Yaml) -> serde_json::Value {
    use serde_json::Value;
    use yaml_rust2::Yaml;
    match y {
        Yaml::Real(s) => s
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Hash(h) => Value::Object(
            h.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        other => format!("{other:?}"),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Yaml::Null | Yaml::BadValue | Yaml::Alias(_) => Value::Null,
    }
}

/// Tallies outcomes and prints the summary line the harness contract asks for.
#[derive(Default)]
pub struct Tally {
    /// Cases that passed.
    pub passed: usize,
    /// Failure descriptions.
    pub failures: Vec<String>,
}

impl Tally {
    /// Records one outcome.
    pub fn check(&mut self, name: impl Into<String>, ok: bool, detail: impl FnOnce() -> String) {
        if ok {
            self.passed += 1;
        } else {
            self.failures.push(format!("{}: {}", name.into(), detail()));
        }
    }
}

/// The typed form of a pod (`corev1.Pod` normalization), for comparing pods as Istio's tests do.
pub fn typed_pod(pod: &serde_json::Value) -> serde_json::Value {
    let schema = injector::kube::schema::struct_by_name("corev1.Pod").expect("Pod schema");
    injector::kube::normalize::normalize_struct(pod, schema)
        .unwrap_or_else(|e| panic!("normalize: {e}"))
}

/// Removes `sidecar.istio.io/status` (and an annotation map it leaves empty).
pub fn strip_status(pod: &mut serde_json::Value) {
    if let Some(a) = pod
        .pointer_mut("/metadata/annotations")
        .and_then(serde_json::Value::as_object_mut)
    {
        a.remove("sidecar.istio.io/status");
        if a.is_empty() {
            pod["metadata"]
                .as_object_mut()
                .unwrap()
                .remove("annotations");
        }
    }
}

/// Applies an RFC 6902 patch (JSON bytes) to a copy of `doc`.
pub fn apply_patch(doc: &serde_json::Value, patch: &[u8]) -> Result<serde_json::Value, String> {
    let patch: json_patch::Patch = serde_json::from_slice(patch).map_err(|e| e.to_string())?;
    let mut out = doc.clone();
    json_patch::patch(&mut out, &patch).map_err(|e| e.to_string())?;
    Ok(out)
}
