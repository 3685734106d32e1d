//! Helm values as the injector sees them (the `values` key of the `istio-sidecar-injector` ConfigMap): Istio's
//! `ValuesConfig` and `NewValuesConfig`.
//!
//! The same text serves twice: templates read it untyped as `.Values` (JSON numbers are Go `float64`), and Go code
//! reads a handful of typed fields (image hub/tag/variant, network, cluster name, probe rewriting, proxy hold).
//! Istio decodes the typed form leniently (unknown fields ignored) but rejects values of the wrong type for known
//! fields; we check the typed fields the engine reads the same way.

use serde_json::Value;

/// A typed field the engine reads, with the JSON type it must have.
const TYPED_FIELDS: &[(&[&str], FieldType)] = &[
    (&["global", "hub"], FieldType::String),
    (&["global", "tag"], FieldType::Scalar),
    (&["global", "variant"], FieldType::String),
    (&["global", "network"], FieldType::String),
    (&["global", "imagePullPolicy"], FieldType::String),
    (
        &["global", "multiCluster", "clusterName"],
        FieldType::String,
    ),
    (&["global", "proxy", "image"], FieldType::String),
    (
        &["global", "proxy", "holdApplicationUntilProxyStarts"],
        FieldType::Bool,
    ),
    (&["global", "proxy_init", "image"], FieldType::String),
    (
        &["sidecarInjectorWebhook", "rewriteAppHTTPProbe"],
        FieldType::Bool,
    ),
    (&["pilot", "cni", "enabled"], FieldType::Bool),
];

#[derive(Debug, Clone, Copy)]
enum FieldType {
    String,
    Bool,
    /// A string, number or bool (`global.tag` is a `structpb.Value`).
    Scalar,
}

/// Parsed values: the raw text, the untyped tree and typed accessors.
#[derive(Debug, Clone, PartialEq)]
pub struct ValuesConfig {
    raw: String,
    tree: Value,
}

/// Why the values text was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValuesError {
    /// The text is not YAML/JSON.
    #[error(transparent)]
    Yaml(#[from] crate::yaml::YamlError),
    /// The document is not a mapping.
    #[error("values must be a mapping, got {0}")]
    NotAMapping(&'static str),
    /// A known field has the wrong type.
    #[error("values field {path}: expected {want}, got {got}")]
    Type {
        /// Dotted path of the field.
        path: String,
        /// Expected type.
        want: &'static str,
        /// JSON text of what was found.
        got: String,
    },
}

impl ValuesConfig {
    /// Parses values text (JSON or YAML). Empty text gives empty values.
    pub fn parse(raw: &str) -> Result<Self, ValuesError> {
        let tree = match crate::yaml::from_str(raw)? {
            Value::Null => Value::Object(Default::default()),
            v @ Value::Object(_) => v,
            Value::Array(_) => return Err(ValuesError::NotAMapping("a sequence")),
            _ => return Err(ValuesError::NotAMapping("a scalar")),
        };
        for (path, ty) in TYPED_FIELDS {
            let Some(v) = get_path(&tree, path) else {
                continue;
            };
            let ok = match ty {
                FieldType::String => v.is_string(),
                FieldType::Bool => v.is_boolean(),
                FieldType::Scalar => v.is_string() || v.is_number() || v.is_boolean(),
            };
            if !ok {
                let want = match ty {
                    FieldType::String => "a string",
                    FieldType::Bool => "a bool",
                    FieldType::Scalar => "a string, number or bool",
                };
                return Err(ValuesError::Type {
                    path: path.join("."),
                    want,
                    got: v.to_string(),
                });
            }
        }
        Ok(ValuesConfig {
            raw: raw.to_string(),
            tree,
        })
    }

    /// The text as given, byte for byte.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The untyped tree templates see as `.Values`.
    pub fn tree(&self) -> &Value {
        &self.tree
    }

    /// The value at a path of keys, if present and not `null`.
    pub fn get(&self, path: &[&str]) -> Option<&Value> {
        get_path(&self.tree, path)
    }

    /// A string field, empty when absent.
    pub fn str(&self, path: &[&str]) -> &str {
        self.get(path).and_then(Value::as_str).unwrap_or("")
    }

    /// A bool field, `None` when absent.
    pub fn bool(&self, path: &[&str]) -> Option<bool> {
        self.get(path).and_then(Value::as_bool)
    }
}

fn get_path<'v>(mut v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    for key in path {
        v = v.as_object()?.get(*key)?;
    }
    (!v.is_null()).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_text_is_kept_and_fields_read() {
        let raw = "\nglobal:\n  proxy:\n    image: proxyv2\n";
        let v = ValuesConfig::parse(raw).unwrap();
        assert_eq!(v.raw(), raw);
        assert_eq!(v.str(&["global", "proxy", "image"]), "proxyv2");
        assert_eq!(
            v.bool(&["sidecarInjectorWebhook", "rewriteAppHTTPProbe"]),
            None
        );
    }

    #[test]
    fn bad_values_are_rejected() {
        assert!(ValuesConfig::parse("invalid: values: config").is_err());
        assert!(ValuesConfig::parse("global: {hub: 1}").is_err());
        assert!(ValuesConfig::parse("- a").is_err());
        assert!(ValuesConfig::parse("global: {tag: 1.12}").is_ok());
    }
}
