//! A MutatingWebhookConfiguration shaped like the one Istio's chart installs for the default
//! revision (`manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml`):
//! four webhooks whose namespace/object selectors route pods by `istio-injection`,
//! `istio.io/rev` and `sidecar.istio.io/inject`, all calling the same `/inject` endpoint.

use anyhow::{Context, Result};
use k8s_openapi::api::admissionregistration::v1::MutatingWebhookConfiguration;
use serde_json::{json, Value};

use crate::WebhookEndpoint;

/// The revision the selectors are keyed on (Istio's `default` revision).
pub const REVISION: &str = "default";

/// Names of the four webhooks, in the order Istio lists them.
pub const WEBHOOK_NAMES: [&str; 4] = [
    "rev.namespace.sidecar-injector.istio.io",
    "rev.object.sidecar-injector.istio.io",
    "namespace.sidecar-injector.istio.io",
    "object.sidecar-injector.istio.io",
];

/// `failurePolicy` of every webhook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailurePolicy {
    /// Reject the request when the webhook cannot be called.
    Fail,
    /// Admit the request unmodified when the webhook cannot be called.
    Ignore,
}

impl FailurePolicy {
    fn as_str(self) -> &'static str {
        match self {
            FailurePolicy::Fail => "Fail",
            FailurePolicy::Ignore => "Ignore",
        }
    }
}

fn req(key: &str, operator: &str, values: &[&str]) -> Value {
    if values.is_empty() {
        json!({ "key": key, "operator": operator })
    } else {
        json!({ "key": key, "operator": operator, "values": values })
    }
}

/// Builds the configuration `name` with Istio's four injection webhooks pointing at `endpoint`.
pub fn istio_injector_config(
    name: &str,
    endpoint: &WebhookEndpoint,
    failure_policy: FailurePolicy,
) -> Result<MutatingWebhookConfiguration> {
    let not_disabled = req("sidecar.istio.io/inject", "NotIn", &["false"]);
    let selectors = [
        (
            vec![
                req("istio.io/rev", "In", &[REVISION]),
                req("istio-injection", "DoesNotExist", &[]),
            ],
            vec![not_disabled.clone()],
        ),
        (
            vec![
                req("istio.io/rev", "DoesNotExist", &[]),
                req("istio-injection", "DoesNotExist", &[]),
            ],
            vec![not_disabled.clone(), req("istio.io/rev", "In", &[REVISION])],
        ),
        (
            vec![req("istio-injection", "In", &["enabled"])],
            vec![not_disabled],
        ),
        (
            vec![
                req("istio-injection", "DoesNotExist", &[]),
                req("istio.io/rev", "DoesNotExist", &[]),
            ],
            vec![
                req("sidecar.istio.io/inject", "In", &["true"]),
                req("istio.io/rev", "DoesNotExist", &[]),
            ],
        ),
    ];
    let ca_bundle = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        &endpoint.ca_bundle_pem,
    );
    let webhooks: Vec<Value> = WEBHOOK_NAMES
        .iter()
        .zip(selectors)
        .map(|(webhook, (ns, obj))| {
            json!({
                "name": webhook,
                "clientConfig": { "url": endpoint.url, "caBundle": ca_bundle },
                "rules": [{
                    "operations": ["CREATE"],
                    "apiGroups": [""],
                    "apiVersions": ["v1"],
                    "resources": ["pods"],
                }],
                "failurePolicy": failure_policy.as_str(),
                "sideEffects": "None",
                "reinvocationPolicy": "Never",
                "admissionReviewVersions": ["v1", "v1beta1"],
                "namespaceSelector": { "matchExpressions": ns },
                "objectSelector": { "matchExpressions": obj },
            })
        })
        .collect();
    serde_json::from_value(json!({
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "MutatingWebhookConfiguration",
        "metadata": { "name": name, "labels": { "istio.io/rev": REVISION } },
        "webhooks": webhooks,
    }))
    .context("building MutatingWebhookConfiguration")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_webhooks_with_istio_shape() {
        let ep = WebhookEndpoint {
            url: "https://127.0.0.1:1234/inject".into(),
            ca_bundle_pem: "PEM".into(),
        };
        let cfg =
            istio_injector_config("istio-sidecar-injector", &ep, FailurePolicy::Fail).unwrap();
        let hooks = cfg.webhooks.unwrap();
        assert_eq!(
            hooks.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(),
            WEBHOOK_NAMES
        );
        for h in &hooks {
            assert_eq!(h.client_config.url.as_deref(), Some(ep.url.as_str()));
            assert_eq!(h.client_config.ca_bundle.as_ref().unwrap().0, b"PEM");
            assert_eq!(h.failure_policy.as_deref(), Some("Fail"));
            assert_eq!(h.side_effects, "None");
            assert_eq!(h.admission_review_versions, ["v1", "v1beta1"]);
            assert!(h.timeout_seconds.is_none());
        }
        let ns = hooks[2].namespace_selector.as_ref().unwrap();
        let expr = &ns.match_expressions.as_ref().unwrap()[0];
        assert_eq!(
            (expr.key.as_str(), expr.operator.as_str()),
            ("istio-injection", "In")
        );
        assert_eq!(expr.values.as_deref(), Some(&["enabled".to_owned()][..]));
        let ignore = istio_injector_config("x", &ep, FailurePolicy::Ignore).unwrap();
        assert!(ignore
            .webhooks
            .unwrap()
            .iter()
            .all(|h| h.failure_policy.as_deref() == Some("Ignore")));
    }
}
