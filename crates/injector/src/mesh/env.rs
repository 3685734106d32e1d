//! The `PROXY_CONFIG` environment value: Istio's template function `protoToJSON` applied to the
//! ProxyConfig, i.e. `cleanProxyConfig` (drop fields equal to `DefaultProxyConfig()`) followed by
//! `protomarshal.ToJSON` (`istio/istio:pkg/kube/inject/template.go`).

use super::config::ProxyConfig;
use super::defaults::default_proxy_config_ref;
use super::jsonpb_out::marshal;
use super::message::Message;

/// Istio's `cleanProxyConfig`: a copy with every field equal to its `DefaultProxyConfig()` value cleared.
pub fn clean_proxy_config(pc: &ProxyConfig) -> ProxyConfig {
    let defaults = default_proxy_config_ref();
    let mut out = pc.as_message().clone();
    clean_message(&mut out, defaults);
    ProxyConfig::from_message(out).unwrap_or_else(ProxyConfig::empty)
}

fn clean_message(pc: &mut Message, defaults: &Message) {
    let desc = pc.descriptor();
    // Scalars and messages compared with the default (`==` or `proto.Equal`, where nil equals only nil).
    for name in [
        "config_path",
        "binary_path",
        "control_plane_auth_policy",
        "drain_duration",
        "termination_drain_duration",
        "discovery_address",
        "envoy_metrics_service",
        "envoy_access_log_service",
        "tracing",
        "proxy_admin_port",
        "stat_name_length",
        "status_port",
        "concurrency",
    ] {
        if let Some(field) = desc.field_by_name(name) {
            if pc.get(field) == defaults.get(field) {
                pc.clear(field);
            }
        }
    }
    // The cluster_name oneof is dropped when it holds the default service cluster.
    if let Some(field) = desc.field_by_name("service_cluster") {
        if pc.has(field) && pc.get(field) == defaults.get(field) {
            pc.clear(field);
        }
    }
}

/// The `PROXY_CONFIG` env value for a proxy config (`protoToJSON(cleanProxyConfig(pc))`); `{}` when
/// marshalling fails, as Istio does.
pub fn proxy_config_to_json_for_env(pc: &ProxyConfig) -> String {
    let cleaned = clean_proxy_config(pc);
    marshal(cleaned.as_message()).unwrap_or_else(|_| "{}".to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::mesh::apply::merge_proxy_config;
    use crate::mesh::defaults::default_proxy_config;

    fn env(yaml: &str) -> String {
        proxy_config_to_json_for_env(&merge_proxy_config(yaml, &default_proxy_config()).unwrap())
    }

    #[test]
    fn cleans_defaults() {
        assert_eq!(proxy_config_to_json_for_env(&default_proxy_config()), "{}");
        assert_eq!(env("drainDuration: 23s"), r#"{"drainDuration":"23s"}"#);
        assert_eq!(env("tracing: {}"), r#"{"tracing":{}}"#);
        assert_eq!(env("proxyMetadata: {}"), "{}");
        assert_eq!(
            env("serviceCluster: other"),
            r#"{"serviceCluster":"other"}"#
        );
        assert_eq!(env("concurrency: 0"), r#"{"concurrency":0}"#);
        assert_eq!(
            env("holdApplicationUntilProxyStarts: true\nproxyMetadata:\n  B: \"<&>\"\n"),
            r#"{"proxyMetadata":{"B":"\u003c\u0026\u003e"},"holdApplicationUntilProxyStarts":true}"#
        );
    }

    #[test]
    fn oneof_with_other_member_is_kept() {
        assert_eq!(
            env("tracingServiceName: CANONICAL_NAME_ONLY"),
            r#"{"tracingServiceName":"CANONICAL_NAME_ONLY"}"#
        );
    }
}
