//! Read-only accessors over a pod (or pod template) held as JSON, the form the injector works on.
//!
//! The injector never decodes a pod into a typed struct: fields it does not model must survive untouched. These
//! helpers read the handful of fields the decision and parameter steps need, with Go's zero values for absent ones.

use serde_json::{Map, Value};

/// A borrowed view of a pod's JSON.
#[derive(Debug, Clone, Copy)]
pub struct PodRef<'a> {
    json: &'a Value,
}

impl<'a> PodRef<'a> {
    /// Views `json` (a Pod or a pod template: an object with `metadata` and `spec`).
    pub fn new(json: &'a Value) -> Self {
        PodRef { json }
    }

    /// The underlying JSON.
    pub fn json(&self) -> &'a Value {
        self.json
    }

    /// `metadata`, if present.
    pub fn metadata(&self) -> Option<&'a Map<String, Value>> {
        self.json.get("metadata")?.as_object()
    }

    /// `spec`, if present.
    pub fn spec(&self) -> Option<&'a Map<String, Value>> {
        self.json.get("spec")?.as_object()
    }

    fn meta_str(&self, key: &str) -> &'a str {
        self.metadata()
            .and_then(|m| m.get(key))
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// `metadata.name` (empty when absent).
    pub fn name(&self) -> &'a str {
        self.meta_str("name")
    }

    /// `metadata.generateName` (empty when absent).
    pub fn generate_name(&self) -> &'a str {
        self.meta_str("generateName")
    }

    /// `metadata.namespace` (empty when absent).
    pub fn namespace(&self) -> &'a str {
        self.meta_str("namespace")
    }

    /// `metadata.labels`, if present.
    pub fn labels(&self) -> Option<&'a Map<String, Value>> {
        self.metadata()?.get("labels")?.as_object()
    }

    /// `metadata.annotations`, if present.
    pub fn annotations(&self) -> Option<&'a Map<String, Value>> {
        self.metadata()?.get("annotations")?.as_object()
    }

    /// The label `key`, if present (an empty value is present).
    pub fn label(&self, key: &str) -> Option<&'a str> {
        self.labels()?.get(key)?.as_str()
    }

    /// The annotation `key`, if present (an empty value is present).
    pub fn annotation(&self, key: &str) -> Option<&'a str> {
        self.annotations()?.get(key)?.as_str()
    }

    /// `metadata.ownerReferences` (empty when absent).
    pub fn owner_references(&self) -> &'a [Value] {
        self.metadata()
            .and_then(|m| m.get("ownerReferences"))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// `spec.hostNetwork`.
    pub fn host_network(&self) -> bool {
        self.spec()
            .and_then(|s| s.get("hostNetwork"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// `spec.nodeName` (empty when absent).
    pub fn node_name(&self) -> &'a str {
        self.spec()
            .and_then(|s| s.get("nodeName"))
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// `spec.containers` (empty when absent).
    pub fn containers(&self) -> &'a [Value] {
        self.list("containers")
    }

    /// `spec.initContainers` (empty when absent).
    pub fn init_containers(&self) -> &'a [Value] {
        self.list("initContainers")
    }

    fn list(&self, key: &str) -> &'a [Value] {
        self.spec()
            .and_then(|s| s.get(key))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// A label map as (key, value) string pairs; non-string values are ignored.
    pub fn label_pairs(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.labels()
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
    }
}

/// Makes `v` an object (replacing anything else) and returns its map.
pub fn ensure_object(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => m,
        _ => unreachable!("replaced by an object above"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_fields_read_as_go_zero_values() {
        let pod = json!({"metadata": {"name": "p", "labels": {"a": ""}}});
        let p = PodRef::new(&pod);
        assert_eq!(p.name(), "p");
        assert_eq!(p.namespace(), "");
        assert_eq!(p.label("a"), Some(""));
        assert_eq!(p.label("b"), None);
        assert!(!p.host_network());
        assert!(p.containers().is_empty());
    }
}
