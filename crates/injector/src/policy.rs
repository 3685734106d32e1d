//! The injection decision: Istio's `injectRequired`, returning a typed reason for every outcome so that metrics,
//! logs and `check-inject` can say why.

use std::fmt;

use crate::pod::PodRef;
use crate::selector::LabelSelector;

/// Namespaces never injected (Istio's `IgnoredNamespaces`).
pub const IGNORED_NAMESPACES: [&str; 4] = [
    "kube-system",
    "kube-public",
    "kube-node-lease",
    "local-path-storage",
];

/// The label and annotation that opt a pod in or out.
pub const SIDECAR_INJECT: &str = "sidecar.istio.io/inject";

/// The injector `policy` setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InjectionPolicy {
    /// `enabled`: inject unless the pod opts out.
    Enabled,
    /// `disabled`: inject only pods that opt in.
    Disabled,
    /// Any other value (including empty): Istio then never injects.
    Invalid(String),
}

impl InjectionPolicy {
    /// Reads the `policy` string of the injector config.
    pub fn parse(s: &str) -> Self {
        match s {
            "enabled" => InjectionPolicy::Enabled,
            "disabled" => InjectionPolicy::Disabled,
            other => InjectionPolicy::Invalid(other.to_string()),
        }
    }
}

impl fmt::Display for InjectionPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InjectionPolicy::Enabled => f.write_str("enabled"),
            InjectionPolicy::Disabled => f.write_str("disabled"),
            InjectionPolicy::Invalid(s) => f.write_str(s),
        }
    }
}

/// The policy-relevant part of the injector configuration.
#[derive(Debug, Clone, Copy)]
pub struct PolicyConfig<'c> {
    /// The injection policy.
    pub policy: &'c InjectionPolicy,
    /// Pods whose labels match one of these (non-empty) selectors are not injected by default.
    pub never_inject_selector: &'c [LabelSelector],
    /// Pods whose labels match one of these (non-empty) selectors are injected by default.
    pub always_inject_selector: &'c [LabelSelector],
}

/// Where an explicit opt-in or opt-out came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The `sidecar.istio.io/inject` label (preferred).
    Label,
    /// The deprecated `sidecar.istio.io/inject` annotation.
    Annotation,
}

/// Why a pod is or is not injected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// `spec.hostNetwork` is true: never injected.
    HostNetwork,
    /// The pod's namespace is one of [`IGNORED_NAMESPACES`].
    IgnoredNamespace(String),
    /// `sidecar.istio.io/inject` said `"true"` or `"false"`.
    Explicit {
        /// The value given.
        inject: bool,
        /// Label or annotation.
        source: Source,
    },
    /// The pod's labels match `neverInjectSelector[index]`.
    NeverInjectSelector(usize),
    /// The pod's labels match `alwaysInjectSelector[index]`.
    AlwaysInjectSelector(usize),
    /// No explicit choice: the policy's default applies.
    PolicyDefault(InjectionPolicy),
    /// The policy value is not `enabled` or `disabled`, so nothing is injected.
    InvalidPolicy(String),
}

impl Reason {
    /// A short, stable code for metric labels and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::HostNetwork => "host_network",
            Reason::IgnoredNamespace(_) => "ignored_namespace",
            Reason::Explicit {
                inject: true,
                source: Source::Label,
            } => "label_true",
            Reason::Explicit {
                inject: false,
                source: Source::Label,
            } => "label_false",
            Reason::Explicit {
                inject: true,
                source: Source::Annotation,
            } => "annotation_true",
            Reason::Explicit {
                inject: false,
                source: Source::Annotation,
            } => "annotation_false",
            Reason::NeverInjectSelector(_) => "never_inject_selector",
            Reason::AlwaysInjectSelector(_) => "always_inject_selector",
            Reason::PolicyDefault(InjectionPolicy::Enabled) => "policy_enabled",
            Reason::PolicyDefault(_) => "policy_disabled",
            Reason::InvalidPolicy(_) => "invalid_policy",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::HostNetwork => f.write_str("pod uses host networking"),
            Reason::IgnoredNamespace(ns) => write!(f, "namespace {ns:?} is never injected"),
            Reason::Explicit { inject, source } => {
                let what = match source {
                    Source::Label => "label",
                    Source::Annotation => "annotation",
                };
                write!(f, "{what} {SIDECAR_INJECT}={inject}")
            }
            Reason::NeverInjectSelector(i) => {
                write!(f, "pod labels match neverInjectSelector[{i}]")
            }
            Reason::AlwaysInjectSelector(i) => {
                write!(f, "pod labels match alwaysInjectSelector[{i}]")
            }
            Reason::PolicyDefault(p) => {
                write!(f, "default of injection policy {p:?}", p = p.to_string())
            }
            Reason::InvalidPolicy(p) => write!(
                f,
                "invalid injection policy {p:?}: must be enabled or disabled"
            ),
        }
    }
}

/// Something worth a warning log that did not change the outcome's validity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyWarning {
    /// `sidecar.istio.io/inject` had a value other than `true`/`false`; the default applied.
    InvalidInjectValue(String),
    /// A never/always selector is invalid and was ignored.
    InvalidSelector {
        /// `neverInjectSelector` or `alwaysInjectSelector`.
        list: &'static str,
        /// Its position.
        index: usize,
        /// The validation error.
        error: String,
    },
}

impl fmt::Display for PolicyWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyWarning::InvalidInjectValue(v) => write!(
                f,
                "Invalid value for {SIDECAR_INJECT}: {v:?}. Only 'true' and 'false' are accepted. Falling back to default injection policy."
            ),
            PolicyWarning::InvalidSelector { list, index, error } => {
                write!(f, "Invalid selector for {list}[{index}]: {error}")
            }
        }
    }
}

/// The outcome of the decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Whether to inject.
    pub inject: bool,
    /// The rule that decided.
    pub reason: Reason,
    /// Problems noticed on the way.
    pub warnings: Vec<PolicyWarning>,
}

/// Decides whether `pod` (whose namespace is `pod.namespace()`) is injected under `config`.
pub fn decide(config: PolicyConfig<'_>, pod: PodRef<'_>) -> Decision {
    let mut warnings = Vec::new();
    let decided = |inject, reason, warnings| Decision {
        inject,
        reason,
        warnings,
    };
    if pod.host_network() {
        return decided(false, Reason::HostNetwork, warnings);
    }
    let ns = pod.namespace();
    if IGNORED_NAMESPACES.contains(&ns) {
        return decided(false, Reason::IgnoredNamespace(ns.to_string()), warnings);
    }

    let (value, source) = match pod.label(SIDECAR_INJECT) {
        Some(v) => (v, Source::Label),
        None => (
            pod.annotation(SIDECAR_INJECT).unwrap_or(""),
            Source::Annotation,
        ),
    };
    let explicit = match value {
        "true" => Some(Reason::Explicit {
            inject: true,
            source,
        }),
        "false" => Some(Reason::Explicit {
            inject: false,
            source,
        }),
        "" => None,
        other => {
            warnings.push(PolicyWarning::InvalidInjectValue(other.to_string()));
            None
        }
    };

    let label = |k: &str| pod.label(k);
    let selected = explicit
        .or_else(|| {
            first_match(
                config.never_inject_selector,
                "neverInjectSelector",
                &label,
                &mut warnings,
            )
            .map(Reason::NeverInjectSelector)
        })
        .or_else(|| {
            first_match(
                config.always_inject_selector,
                "alwaysInjectSelector",
                &label,
                &mut warnings,
            )
            .map(Reason::AlwaysInjectSelector)
        });

    match (config.policy, selected) {
        (InjectionPolicy::Invalid(p), _) => {
            decided(false, Reason::InvalidPolicy(p.clone()), warnings)
        }
        (_, Some(reason)) => {
            let inject = match reason {
                Reason::Explicit { inject, .. } => inject,
                Reason::AlwaysInjectSelector(_) => true,
                _ => false,
            };
            decided(inject, reason, warnings)
        }
        (policy, None) => decided(
            *policy == InjectionPolicy::Enabled,
            Reason::PolicyDefault(policy.clone()),
            warnings,
        ),
    }
}

fn first_match<'l>(
    selectors: &[LabelSelector],
    list: &'static str,
    labels: &impl Fn(&str) -> Option<&'l str>,
    warnings: &mut Vec<PolicyWarning>,
) -> Option<usize> {
    for (index, s) in selectors.iter().enumerate() {
        match s.to_selector() {
            Err(e) => warnings.push(PolicyWarning::InvalidSelector {
                list,
                index,
                error: e.to_string(),
            }),
            Ok(sel) if !sel.is_empty() && sel.matches(labels) => return Some(index),
            Ok(_) => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(policy: &str, pod: serde_json::Value) -> Decision {
        let policy = InjectionPolicy::parse(policy);
        let cfg = PolicyConfig {
            policy: &policy,
            never_inject_selector: &[],
            always_inject_selector: &[],
        };
        decide(cfg, PodRef::new(&pod))
    }

    #[test]
    fn label_beats_annotation_even_when_empty() {
        let pod = json!({"metadata": {"labels": {SIDECAR_INJECT: ""}, "annotations": {SIDECAR_INJECT: "false"}}});
        let d = run("enabled", pod);
        assert!(d.inject);
        assert_eq!(d.reason, Reason::PolicyDefault(InjectionPolicy::Enabled));
    }

    #[test]
    fn invalid_value_warns_and_falls_back() {
        let d = run(
            "disabled",
            json!({"metadata": {"annotations": {SIDECAR_INJECT: "yes"}}}),
        );
        assert!(!d.inject);
        assert_eq!(
            d.warnings,
            vec![PolicyWarning::InvalidInjectValue("yes".into())]
        );
    }

    #[test]
    fn invalid_policy_never_injects_even_when_opted_in() {
        let d = run(
            "",
            json!({"metadata": {"labels": {SIDECAR_INJECT: "true"}}}),
        );
        assert!(!d.inject);
        assert_eq!(d.reason.code(), "invalid_policy");
    }
}
