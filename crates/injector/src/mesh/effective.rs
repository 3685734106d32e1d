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
    let root = mesh.root_namespace();
    let effective = namespace_layers(
        mesh,
        sources.root_namespace,
        sources.namespace,
        sources.pod_namespace != root,
    );
    workload_layers(&effective, sources)
}

/// defaults → mesh `defaultConfig` → root-namespace layer → (when `namespace_step`) pod-namespace layer.
fn namespace_layers(
    mesh: &MeshConfig,
    root_layer: Option<&ProxyConfig>,
    namespace_layer: Option<&ProxyConfig>,
    namespace_step: bool,
) -> ProxyConfig {
    let defaults = default_proxy_config();
    let mesh_default = mesh.default_config();
    let mut effective = merge_with_precedence(&[mesh_default.as_ref(), Some(&defaults)]);
    if !mesh.root_namespace().is_empty() {
        effective = merge_with_precedence(&[root_layer, Some(&effective)]);
    }
    if namespace_step {
        effective = merge_with_precedence(&[namespace_layer, Some(&effective)]);
    }
    effective
}

/// The workload CR and the pod annotation over the namespace layers.
fn workload_layers(effective: &ProxyConfig, sources: &ProxyConfigSources<'_>) -> ProxyConfig {
    let mut workload = sources.workload.cloned();
    if let Some(pca) = sources
        .annotation
        .and_then(|a| proxy_config_from_annotation(a).ok())
    {
        workload = Some(merge_with_precedence(&[workload.as_ref(), Some(&pca)]));
    }
    merge_with_precedence(&[workload.as_ref(), Some(effective)])
}

/// [`effective_proxy_config`] precomputed for one mesh config when no ProxyConfig CR applies (the webhook's
/// case): each layer merge re-serializes the whole config, so the workload-independent layers are done once.
#[derive(Debug, Clone)]
pub struct ProxyConfigBase {
    root_namespace: String,
    /// Namespace layers for pods in the root namespace / elsewhere.
    layers: [ProxyConfig; 2],
    /// The final config for pods without CRs or annotation, in the root namespace / elsewhere.
    plain: [ProxyConfig; 2],
}

impl ProxyConfigBase {
    /// Precomputes the layers of `mesh`.
    pub fn new(mesh: &MeshConfig) -> Self {
        let layers = [false, true].map(|step| namespace_layers(mesh, None, None, step));
        let plain = [0, 1].map(|i| workload_layers(&layers[i], &ProxyConfigSources::default()));
        ProxyConfigBase {
            root_namespace: mesh.root_namespace().to_string(),
            layers,
            plain,
        }
    }

    /// [`effective_proxy_config`] of the mesh this base was built from; `sources` must carry no namespace CR
    /// layers (those are computed in full).
    pub fn effective(&self, mesh: &MeshConfig, sources: &ProxyConfigSources<'_>) -> ProxyConfig {
        if sources.root_namespace.is_some() || sources.namespace.is_some() {
            return effective_proxy_config(mesh, sources);
        }
        let i = usize::from(sources.pod_namespace != self.root_namespace);
        if sources.workload.is_none() && sources.annotation.is_none() {
            return self.plain[i].clone();
        }
        workload_layers(&self.layers[i], sources)
    }
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
    fn cached_base_matches_full_computation() {
        let mesh = apply_mesh_config_defaults(
            "rootNamespace: istio-system\ndefaultConfig:\n  concurrency: 1\n  proxyMetadata: {A: mesh}\n",
        )
        .unwrap();
        let base = ProxyConfigBase::new(&mesh);
        let workload = pc("concurrency: 5");
        for ns in ["istio-system", "default", ""] {
            for annotation in [None, Some("concurrency: 7"), Some("not: [valid")] {
                for w in [None, Some(&workload)] {
                    let sources = ProxyConfigSources {
                        pod_namespace: ns,
                        annotation,
                        workload: w,
                        ..Default::default()
                    };
                    assert_eq!(
                        base.effective(&mesh, &sources),
                        effective_proxy_config(&mesh, &sources),
                        "{ns:?} {annotation:?} {w:?}"
                    );
                }
            }
        }
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
