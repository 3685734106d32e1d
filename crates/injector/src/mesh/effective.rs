//! The effective ProxyConfig of a workload: Istio's `EffectiveProxyConfig` and `mergeWithPrecedence`
//! (`istio/istio:pilot/pkg/model/proxy_config.go`), layered as defaults → mesh `defaultConfig` → root
//! namespace ProxyConfig → pod namespace ProxyConfig → (annotation below workload ProxyConfig).
//!
//! ProxyConfig custom resources are supplied by the caller as already-converted [`ProxyConfig`] layers
//! (Istio's `toMeshConfigProxyConfig`: `concurrency`, `environmentVariables` as `proxyMetadata`, `image`);
//! selecting which CRs apply is the caller's job.

use serde_json::Value as Json;

use super::apply::merge_proxy_config_json;
use super::config::{MeshConfig, ProxyConfig};
use super::defaults::default_proxy_config;
use super::golang::json_via_float64;
use super::jsonpb_out::marshal;
use super::message::Message;
use super::yaml_to_json;

/// The ProxyConfig sources above the mesh default, for one workload.
#[derive(Debug, Default, Clone, Copy)]
pub struct ProxyConfigSources<'a> {
    /// Merged selector-less ProxyConfig CRs of the root namespace (`mergedGlobalConfig`), if any.
    pub root_namespace: Option<&'a ProxyConfig>,
    /// Merged selector-less ProxyConfig CRs of the pod namespace (ignored when it is the root namespace).
    pub namespace: Option<&'a ProxyConfig>,
    /// The pod's namespace, compared with the mesh root namespace.
    pub pod_namespace: &'a str,
    /// The ProxyConfig CR whose selector matches the workload (`mergedWorkloadConfig`), if any.
    pub workload: Option<&'a ProxyConfig>,
    /// The `proxy.istio.io/config` annotation value, if present (parse errors make it ignored).
    pub annotation: Option<&'a str>,
}

/// Merges one layer onto `acc` the way `mesh.MergeProxyConfig(protomarshal.ToYAML(layer), acc)` does. Layers
/// are serialized messages, so the merge cannot fail; if it did, Istio's accumulator would become nil, here
/// the partially merged value is kept.
fn merge_layer(acc: &mut Message, layer: &ProxyConfig) {
    let Ok(text) = marshal(layer.as_message()) else {
        return;
    };
    let Ok(json) = serde_json::from_str::<Json>(&text) else {
        return;
    };
    let _ = merge_proxy_config_json(&json_via_float64(&json), acc);
}

/// Istio's `mergeWithPrecedence`: `layers[0]` has the highest precedence; absent layers are skipped.
pub fn merge_with_precedence(layers: &[Option<&ProxyConfig>]) -> ProxyConfig {
    let mut acc = ProxyConfig::empty().into_message();
    for layer in layers.iter().rev().flatten() {
        merge_layer(&mut acc, layer);
    }
    ProxyConfig::from_message(acc).unwrap_or_else(ProxyConfig::empty)
}

/// Parses the `proxy.istio.io/config` annotation onto an empty ProxyConfig (`proxyConfigFromAnnotation`).
pub fn proxy_config_from_annotation(yaml: &str) -> Result<ProxyConfig, super::MeshError> {
    let json = yaml_to_json(yaml).map_err(super::MeshError::Parse)?;
    ProxyConfig::from_json(&json)
}

/// Istio's `EffectiveProxyConfig` for a workload, given the mesh config and the CR/annotation layers.
pub fn effective_proxy_config(mesh: &MeshConfig, sources: &ProxyConfigSources<'_>) -> ProxyConfig {
    let defaults = default_proxy_config();
    let mesh_default = mesh.default_config();
    let mut effective = merge_with_precedence(&[mesh_default.as_ref(), Some(&defaults)]);
    let root = mesh.root_namespace();
    if !root.is_empty() {
        effective = merge_with_precedence(&[sources.root_namespace, Some(&effective)]);
    }
    if sources.pod_namespace != root {
        effective = merge_with_precedence(&[sources.namespace, Some(&effective)]);
    }
    let mut workload = sources.workload.cloned();
    if let Some(pca) = sources
        .annotation
        .and_then(|a| proxy_config_from_annotation(a).ok())
    {
        workload = Some(merge_with_precedence(&[workload.as_ref(), Some(&pca)]));
    }
    merge_with_precedence(&[workload.as_ref(), Some(&effective)])
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::mesh::apply::apply_mesh_config_defaults;

    fn pc(yaml: &str) -> ProxyConfig {
        proxy_config_from_annotation(yaml).unwrap()
    }

    #[test]
    fn layers_in_istio_order() {
        let mesh = apply_mesh_config_defaults(
            "defaultConfig:\n  concurrency: 1\n  proxyMetadata: {A: mesh}\n",
        )
        .unwrap();
        let root = pc("concurrency: 2\nproxyMetadata: {B: root}");
        let ns = pc("concurrency: 3");
        let workload = pc("concurrency: 5");
        let sources = ProxyConfigSources {
            root_namespace: Some(&root),
            namespace: Some(&ns),
            pod_namespace: "app",
            workload: Some(&workload),
            annotation: Some("concurrency: 4\nproxyMetadata: {C: ann}"),
        };
        let eff = effective_proxy_config(&mesh, &sources);
        assert_eq!(eff.concurrency(), Some(5));
        assert_eq!(
            eff.proxy_metadata().into_iter().collect::<Vec<_>>(),
            vec![("A", "mesh"), ("B", "root"), ("C", "ann")]
        );
        assert_eq!(eff.status_port(), 15020);

        let no_workload = ProxyConfigSources {
            workload: None,
            ..sources
        };
        assert_eq!(
            effective_proxy_config(&mesh, &no_workload).concurrency(),
            Some(4)
        );
        let in_root = ProxyConfigSources {
            pod_namespace: "istio-system",
            annotation: None,
            workload: None,
            ..sources
        };
        assert_eq!(
            effective_proxy_config(&mesh, &in_root).concurrency(),
            Some(2)
        );
        let headers = apply_mesh_config_defaults(
            "defaultConfig: {proxyHeaders: {server: {disabled: true}, forwardedClientCert: SANITIZE}}",
        )
        .unwrap();
        let with_headers = ProxyConfigSources {
            annotation: Some("proxyHeaders: {requestId: {disabled: true}}"),
            workload: None,
            ..sources
        };
        let eff = effective_proxy_config(&headers, &with_headers);
        let ph = eff.as_message().message_field("proxy_headers").unwrap();
        assert!(ph.message_field("server").is_some() && ph.message_field("request_id").is_some());
        assert_eq!(ph.enum_name("forwarded_client_cert"), Some("SANITIZE"));
        let bad = ProxyConfigSources {
            annotation: Some("concurrency: [x]"),
            workload: None,
            ..sources
        };
        assert_eq!(effective_proxy_config(&mesh, &bad).concurrency(), Some(3));
    }
}
