//! Kubernetes label selectors (`metav1.LabelSelector`) with apimachinery's validation and matching
//! (`LabelSelectorAsSelector`, `Selector.Matches`, `Selector.Empty`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A label selector as written in configuration: `matchLabels` and `matchExpressions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    /// Each entry is an `Equals` requirement.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: BTreeMap<String, String>,
    /// Set-based requirements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

/// One set-based requirement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelSelectorRequirement {
    /// The label key.
    pub key: String,
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
    pub operator: String,
    /// Values for `In` / `NotIn`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

/// Why a selector is invalid; the text follows apimachinery's messages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SelectorError(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Requirement {
    key: String,
    op: Op,
    values: Vec<String>,
}

/// A validated selector, ready to match label sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    requirements: Vec<Requirement>,
}

impl LabelSelector {
    /// Validates the selector the way `metav1.LabelSelectorAsSelector` does.
    pub fn to_selector(&self) -> Result<Selector, SelectorError> {
        let mut requirements =
            Vec::with_capacity(self.match_labels.len() + self.match_expressions.len());
        for (k, v) in &self.match_labels {
            requirements.push(Requirement::new(k, Op::In, std::slice::from_ref(v))?);
        }
        for expr in &self.match_expressions {
            let op = match expr.operator.as_str() {
                "In" => Op::In,
                "NotIn" => Op::NotIn,
                "Exists" => Op::Exists,
                "DoesNotExist" => Op::DoesNotExist,
                other => {
                    return Err(SelectorError(format!(
                        "{other:?} is not a valid label selector operator"
                    )))
                }
            };
            requirements.push(Requirement::new(&expr.key, op, &expr.values)?);
        }
        Ok(Selector { requirements })
    }
}

impl Requirement {
    fn new(key: &str, op: Op, values: &[String]) -> Result<Self, SelectorError> {
        validate_label_key(key)?;
        match op {
            Op::In | Op::NotIn if values.is_empty() => {
                return Err(SelectorError(
                    "for 'in', 'notin' operators, values set can't be empty".into(),
                ))
            }
            Op::Exists | Op::DoesNotExist if !values.is_empty() => {
                return Err(SelectorError(
                    "values set must be empty for exists and does not exist".into(),
                ))
            }
            _ => {}
        }
        for v in values {
            validate_label_value(key, v)?;
        }
        Ok(Requirement {
            key: key.to_string(),
            op,
            values: values.to_vec(),
        })
    }

    fn matches<'l>(&self, get: &impl Fn(&str) -> Option<&'l str>) -> bool {
        let value = get(&self.key);
        match self.op {
            Op::In => value.is_some_and(|v| self.values.iter().any(|x| x == v)),
            Op::NotIn => value.is_none_or(|v| !self.values.iter().any(|x| x == v)),
            Op::Exists => value.is_some(),
            Op::DoesNotExist => value.is_none(),
        }
    }
}

impl Selector {
    /// Whether the selector has no requirements (it then matches everything; Istio skips such selectors).
    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    /// Whether a label set satisfies every requirement. `get` returns a label's value if present.
    pub fn matches<'l>(&self, get: impl Fn(&str) -> Option<&'l str>) -> bool {
        self.requirements.iter().all(|r| r.matches(&get))
    }
}

impl fmt::Display for Selector {
    /// The selector's string form (`app=x,env in (a,b),!gone`), as apimachinery prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            match r.op {
                Op::In if r.values.len() == 1 => write!(f, "{}={}", r.key, r.values[0])?,
                Op::In => write!(f, "{} in ({})", r.key, r.values.join(","))?,
                Op::NotIn => write!(f, "{} notin ({})", r.key, r.values.join(","))?,
                Op::Exists => f.write_str(&r.key)?,
                Op::DoesNotExist => write!(f, "!{}", r.key)?,
            }
        }
        Ok(())
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'
}

/// A label name part: at most 63 characters, alphanumeric at both ends, `-_.` inside.
fn is_qualified_name_part(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars().all(is_name_char)
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.ends_with(|c: char| c.is_ascii_alphanumeric())
}

fn is_dns1123_subdomain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

fn validate_label_key(key: &str) -> Result<(), SelectorError> {
    let valid = match key.split_once('/') {
        Some((prefix, name)) => is_dns1123_subdomain(prefix) && is_qualified_name_part(name),
        None => is_qualified_name_part(key),
    };
    if valid {
        Ok(())
    } else {
        Err(SelectorError(format!("key: Invalid value: {key:?}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")))
    }
}

fn validate_label_value(key: &str, value: &str) -> Result<(), SelectorError> {
    if value.is_empty() || is_qualified_name_part(value) {
        Ok(())
    } else {
        Err(SelectorError(format!("values[0][{key}]: Invalid value: {value:?}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(json: serde_json::Value) -> Selector {
        serde_json::from_value::<LabelSelector>(json)
            .unwrap()
            .to_selector()
            .unwrap()
    }

    fn labels<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<&'a str> {
        move |k| pairs.iter().find(|(key, _)| *key == k).map(|(_, v)| *v)
    }

    #[test]
    fn operators_match_like_apimachinery() {
        let s = sel(serde_json::json!({"matchExpressions": [
            {"key": "a", "operator": "In", "values": ["1", "2"]},
            {"key": "b", "operator": "NotIn", "values": ["x"]},
            {"key": "c", "operator": "Exists"},
            {"key": "d", "operator": "DoesNotExist"}]}));
        assert!(s.matches(labels(&[("a", "2"), ("c", "")])));
        assert!(!s.matches(labels(&[("a", "2"), ("b", "x"), ("c", "")])));
        assert!(!s.matches(labels(&[("a", "3"), ("c", "")])));
        assert!(!s.matches(labels(&[("a", "1"), ("c", ""), ("d", "")])));
        assert_eq!(s.to_string(), "a in (1,2),b notin (x),c,!d");
    }

    #[test]
    fn empty_selector_is_empty_and_matches_everything() {
        let s = sel(serde_json::json!({}));
        assert!(s.is_empty());
        assert!(s.matches(labels(&[])));
    }

    #[test]
    fn invalid_selectors_are_rejected() {
        let bad_op = LabelSelector {
            match_expressions: vec![LabelSelectorRequirement {
                key: "a".into(),
                operator: "in".into(),
                values: vec!["x".into()],
            }],
            ..Default::default()
        };
        assert!(bad_op
            .to_selector()
            .unwrap_err()
            .to_string()
            .contains("not a valid label selector operator"));
        let no_values = LabelSelector {
            match_expressions: vec![LabelSelectorRequirement {
                key: "a".into(),
                operator: "In".into(),
                values: vec![],
            }],
            ..Default::default()
        };
        assert!(no_values.to_selector().is_err());
        let bad_key = LabelSelector {
            match_labels: [("-a".to_string(), "x".to_string())].into(),
            ..Default::default()
        };
        assert!(bad_key.to_selector().is_err());
        let prefixed = LabelSelector {
            match_labels: [("istio.io/rev".to_string(), "canary".to_string())].into(),
            ..Default::default()
        };
        assert!(prefixed.to_selector().is_ok());
    }
}
