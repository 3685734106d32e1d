//! Istio's compiled-in defaults: `mesh.DefaultProxyConfig()` and `mesh.DefaultMeshConfig()`
//! (`istio/istio:pkg/config/mesh/mesh.go`).

use std::sync::OnceLock;

use serde_json::{json, Value as Json};

use super::config::{MeshConfig, ProxyConfig};
use super::message::Message;

fn default_proxy_config_json() -> Json {
    json!({
        "configPath": "./etc/istio/proxy",
        "serviceCluster": "istio-proxy",
        "drainDuration": "45s",
        "terminationDrainDuration": "5s",
        "proxyAdminPort": 15000,
        "controlPlaneAuthPolicy": "MUTUAL_TLS",
        "discoveryAddress": "istiod.istio-system.svc:15012",
        "binaryPath": "/usr/local/bin/envoy",
        "statNameLength": 189,
        "statusPort": 15020
    })
}

fn default_mesh_config_json() -> Json {
    json!({
        "enableTracing": true,
        "accessLogFile": "",
        "accessLogEncoding": "TEXT",
        "accessLogFormat": "",
        "enableEnvoyAccessLogService": false,
        "protocolDetectionTimeout": "0s",
        "ingressService": "istio-ingressgateway",
        "ingressControllerMode": "STRICT",
        "ingressClass": "istio",
        "trustDomain": "cluster.local",
        "trustDomainAliases": [],
        "enableAutoMtls": true,
        "outboundTrafficPolicy": {"mode": "ALLOW_ANY"},
        "inboundTrafficPolicy": {"mode": "PASSTHROUGH"},
        "localityLbSetting": {"enabled": true},
        "certificates": [],
        "defaultConfig": default_proxy_config_json(),
        "rootNamespace": "istio-system",
        "proxyListenPort": 15001,
        "proxyInboundListenPort": 15006,
        "connectTimeout": "10s",
        "defaultServiceExportTo": ["*"],
        "defaultVirtualServiceExportTo": ["*"],
        "defaultDestinationRuleExportTo": ["*"],
        "dnsRefreshRate": "60s",
        "serviceSettings": [],
        "enablePrometheusMerge": true,
        "defaultProviders": {},
        "extensionProviders": [
            {"name": "prometheus", "prometheus": {}},
            {"name": "stackdriver", "stackdriver": {}},
            {"name": "envoy", "envoyFileAccessLog": {"path": "/dev/stdout"}}
        ]
    })
}

/// Builds a message from a compiled-in JSON literal; the literals are fixed, so decoding cannot fail for
/// valid descriptors, and a failure leaves the message empty rather than panicking.
fn build<T>(json: &Json, from: fn(&Json) -> Result<T, super::MeshError>, empty: fn() -> T) -> T {
    from(json).unwrap_or_else(|_| empty())
}

/// Istio's `mesh.DefaultProxyConfig()`.
pub fn default_proxy_config() -> ProxyConfig {
    static CELL: OnceLock<ProxyConfig> = OnceLock::new();
    CELL.get_or_init(|| {
        build(
            &default_proxy_config_json(),
            ProxyConfig::from_json_strict,
            ProxyConfig::empty,
        )
    })
    .clone()
}

/// Borrowed [`default_proxy_config`] message (avoids a clone on hot paths).
pub(crate) fn default_proxy_config_ref() -> &'static Message {
    static CELL: OnceLock<ProxyConfig> = OnceLock::new();
    CELL.get_or_init(default_proxy_config).as_message()
}

/// Istio's `mesh.DefaultMeshConfig()`.
pub fn default_mesh_config() -> MeshConfig {
    static CELL: OnceLock<MeshConfig> = OnceLock::new();
    CELL.get_or_init(|| {
        build(
            &default_mesh_config_json(),
            MeshConfig::from_json_strict,
            MeshConfig::empty,
        )
    })
    .clone()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn defaults_decode_and_serialize() {
        let pc = default_proxy_config();
        assert_eq!(
            pc.to_json_string().unwrap(),
            r#"{"configPath":"./etc/istio/proxy","binaryPath":"/usr/local/bin/envoy","serviceCluster":"istio-proxy","drainDuration":"45s","discoveryAddress":"istiod.istio-system.svc:15012","proxyAdminPort":15000,"controlPlaneAuthPolicy":"MUTUAL_TLS","statNameLength":189,"statusPort":15020,"terminationDrainDuration":"5s"}"#
        );
        let mesh = default_mesh_config();
        assert!(MeshConfig::from_json_strict(&default_mesh_config_json()).is_ok());
        assert_eq!(mesh.default_config(), Some(pc));
        assert_eq!(
            mesh.extension_provider_names(),
            vec!["prometheus", "stackdriver", "envoy"]
        );
        assert_eq!(mesh.inbound_traffic_policy_mode(), "PASSTHROUGH");
        assert!(mesh.enable_prometheus_merge());
    }
}
