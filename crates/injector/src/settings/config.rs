//! The injector configuration document (the `config` key of the `istio-sidecar-injector` ConfigMap):
//! Istio's `Config` and `UnmarshalConfig`.
//!
//! Decoding follows `sigs.k8s.io/yaml` into Go's struct: unknown keys are ignored (the chart's `template:` sentinel
//! among them), field names also match case-insensitively as `encoding/json` allows, `null` leaves a field at its
//! zero value, and a value of the wrong type is an error naming the field.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::policy::InjectionPolicy;
use crate::selector::LabelSelector;

/// The parsed injector configuration. Templates are kept as text here; compiling them is a separate step.
#[derive(Debug, Clone, PartialEq)]
pub struct InjectorConfig {
    /// `policy`.
    pub policy: InjectionPolicy,
    /// `defaultTemplates`; `["sidecar"]` when empty.
    pub default_templates: Vec<String>,
    /// `templates`: name to Go template text.
    pub templates: BTreeMap<String, String>,
    /// `aliases`: a name standing for a list of templates.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// `neverInjectSelector`.
    pub never_inject_selector: Vec<LabelSelector>,
    /// `alwaysInjectSelector`.
    pub always_inject_selector: Vec<LabelSelector>,
    /// `injectedAnnotations`: set on every injected pod (webhook only).
    pub injected_annotations: BTreeMap<String, String>,
}

/// Why the configuration document could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The text is not YAML.
    #[error(transparent)]
    Yaml(#[from] crate::yaml::YamlError),
    /// A field holds a value of the wrong type.
    #[error("json: cannot unmarshal {found} into Go struct field Config.{field} of type {want}")]
    Type {
        /// The JSON path of the field.
        field: String,
        /// The JSON type found (`number`, `string`, `array`, …).
        found: &'static str,
        /// The Go type expected.
        want: &'static str,
    },
}

impl InjectorConfig {
    /// Decodes the configuration document.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let doc = crate::yaml::from_str(text)?;
        Self::from_json(&doc)
    }

    /// Decodes the configuration from its JSON form.
    pub fn from_json(doc: &Value) -> Result<Self, ConfigError> {
        let empty = Map::new();
        let obj = match doc {
            Value::Object(m) => m,
            Value::Null => &empty,
            other => return Err(type_error("", other, "inject.Config")),
        };
        let field = |name: &str| lookup(obj, name);

        let policy = match field("policy") {
            None => InjectionPolicy::parse(""),
            Some(v) => InjectionPolicy::parse(&string(v, "policy")?),
        };
        let mut default_templates = match field("defaultTemplates") {
            None => Vec::new(),
            Some(v) => strings(v, "defaultTemplates")?,
        };
        if default_templates.is_empty() {
            default_templates.push("sidecar".to_string());
        }
        let templates = match field("templates") {
            None => BTreeMap::new(),
            Some(v) => string_map(v, "templates", string)?,
        };
        let aliases = match field("aliases") {
            None => BTreeMap::new(),
            Some(v) => string_map(v, "aliases", strings)?,
        };
        let never_inject_selector = selectors(field("neverInjectSelector"), "neverInjectSelector")?;
        let always_inject_selector =
            selectors(field("alwaysInjectSelector"), "alwaysInjectSelector")?;
        let injected_annotations = match field("injectedAnnotations") {
            None => BTreeMap::new(),
            Some(v) => string_map(v, "injectedAnnotations", string)?,
        };
        Ok(InjectorConfig {
            policy,
            default_templates,
            templates,
            aliases,
            never_inject_selector,
            always_inject_selector,
            injected_annotations,
        })
    }
}

/// A struct field by JSON name: an exact match first, then a case-insensitive one, as `encoding/json` does.
/// A `null` value counts as absent.
fn lookup<'v>(obj: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    obj.get(name)
        .or_else(|| {
            obj.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        })
        .filter(|v| !v.is_null())
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_error(field: &str, v: &Value, want: &'static str) -> ConfigError {
    ConfigError::Type {
        field: field.to_string(),
        found: json_type(v),
        want,
    }
}

fn string(v: &Value, path: &str) -> Result<String, ConfigError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Null => Ok(String::new()),
        other => Err(type_error(path, other, "string")),
    }
}

fn strings(v: &Value, path: &str) -> Result<Vec<String>, ConfigError> {
    match v {
        Value::Array(items) => items.iter().map(|i| string(i, path)).collect(),
        Value::Null => Ok(Vec::new()),
        other => Err(type_error(path, other, "[]string")),
    }
}

fn string_map<T>(
    v: &Value,
    path: &str,
    item: impl Fn(&Value, &str) -> Result<T, ConfigError>,
) -> Result<BTreeMap<String, T>, ConfigError> {
    match v {
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| Ok((k.clone(), item(v, &format!("{path}.{k}"))?)))
            .collect(),
        Value::Null => Ok(BTreeMap::new()),
        other => Err(type_error(path, other, "map[string]")),
    }
}

fn selectors(v: Option<&Value>, path: &str) -> Result<Vec<LabelSelector>, ConfigError> {
    match v {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                serde_json::from_value(i.clone())
                    .map_err(|_| type_error(path, i, "v1.LabelSelector"))
            })
            .collect(),
        Some(other) => Err(type_error(path, other, "[]v1.LabelSelector")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_unknown_keys() {
        let c =
            InjectorConfig::parse("policy: enabled\ntemplate: \"{{ x }}\"\ninjectedAnnotations:\n")
                .unwrap();
        assert_eq!(c.policy, InjectionPolicy::Enabled);
        assert_eq!(c.default_templates, ["sidecar"]);
        assert!(c.templates.is_empty() && c.injected_annotations.is_empty());
    }

    #[test]
    fn wrong_types_are_errors_naming_the_field() {
        let e = InjectorConfig::parse("defaultTemplates: [1]").unwrap_err();
        assert_eq!(e.to_string(), "json: cannot unmarshal number into Go struct field Config.defaultTemplates of type string");
        assert!(InjectorConfig::parse("templates: [a]").is_err());
        assert!(InjectorConfig::parse("- a").is_err());
    }

    #[test]
    fn field_names_match_case_insensitively() {
        let c = InjectorConfig::parse("Policy: disabled\naliases: {gw: [gateway, extra]}").unwrap();
        assert_eq!(c.policy, InjectionPolicy::Disabled);
        assert_eq!(c.aliases["gw"], ["gateway", "extra"]);
    }
}
