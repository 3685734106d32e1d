//! Istio's mesh config overlay functions (`istio/istio:pkg/config/mesh/mesh.go`): `ApplyMeshConfig`,
//! `MergeProxyConfig` (with `correctProxyHeaders` and `mergeMap`) and `ApplyProxyConfig`, on top of
//! `protomarshal.ApplyYAML` (YAML → JSON → legacy jsonpb, strict then lenient).

use std::collections::BTreeSet;

use serde_json::Value as Json;

use super::config::{MeshConfig, ProxyConfig};
use super::defaults::default_proxy_config;
use super::golang::json_via_float64;
use super::jsonpb_in::apply_json;
use super::message::{Message, Value};
use super::validate::validate_mesh_config;
use super::yaml_to_json;
use super::MeshError;

/// `MergeProxyConfig` on a parsed JSON value: top-level fields replace, `proxyMetadata` merges per key,
/// and the corrected `proxyHeaders` sub-fields fall back to the previous value.
pub(super) fn merge_proxy_config_json(json: &Json, base: &mut Message) -> Result<(), String> {
    let orig_metadata = base.get_by_name("proxy_metadata").cloned();
    let orig_headers = base.message_field("proxy_headers").cloned();
    apply_json(base, json)?;
    if let Some(Value::Map(orig)) = orig_metadata {
        let mut merged = orig;
        if let Some(Value::Map(new)) = base.get_by_name("proxy_metadata") {
            for (k, v) in new {
                merged.insert(k.clone(), v.clone());
            }
        }
        base.set_by_name("proxy_metadata", Value::Map(merged));
    }
    if let Some(orig) = orig_headers {
        if let Some(field) = base.descriptor().field_by_name("proxy_headers") {
            if let Some(Value::Message(headers)) = base.get_mut(field) {
                correct_proxy_headers(headers, &orig);
            }
        }
    }
    Ok(())
}

/// `correctProxyHeaders`: these sub-fields keep the previous value when the new one is empty.
fn correct_proxy_headers(headers: &mut Message, orig: &Message) {
    for name in [
        "forwarded_client_cert",
        "request_id",
        "attempt_count",
        "server",
        "envoy_debug_headers",
    ] {
        let Some(field) = headers.descriptor().field_by_name(name) else {
            continue;
        };
        if !headers.has(field) {
            if let Some(v) = orig.get(field) {
                headers.set(field, v.clone());
            }
        }
    }
}

/// Istio's `mesh.MergeProxyConfig(yaml, base)`.
pub fn merge_proxy_config(yaml: &str, base: &ProxyConfig) -> Result<ProxyConfig, MeshError> {
    let mut msg = base.as_message().clone();
    yaml_to_json(yaml)
        .and_then(|json| merge_proxy_config_json(&json, &mut msg))
        .map_err(|e| MeshError::Parse(format!("could not parse proxy config: {e}")))?;
    Ok(ProxyConfig::from_message(msg).unwrap_or_else(ProxyConfig::empty))
}

/// Istio's `mesh.ApplyProxyConfig(yaml, mesh)`: a copy of `mesh` whose `defaultConfig` has the YAML (e.g.
/// the `proxy.istio.io/config` annotation) merged in.
pub fn apply_proxy_config(yaml: &str, mesh: &MeshConfig) -> Result<MeshConfig, MeshError> {
    let base = mesh.default_config().unwrap_or_else(ProxyConfig::empty);
    let merged = merge_proxy_config(yaml, &base)?;
    let mut out = mesh.clone();
    out.set_default_config(merged);
    Ok(out)
}

/// Istio's `mesh.ApplyMeshConfig(yaml, base)`, returning the new config; validation warnings are dropped
/// (Istio logs them). See [`apply_mesh_config_with_warnings`].
pub fn apply_mesh_config(yaml: &str, base: &MeshConfig) -> Result<MeshConfig, MeshError> {
    apply_mesh_config_with_warnings(yaml, base).map(|(mesh, _)| mesh)
}

/// Istio's `mesh.ApplyMeshConfig(yaml, base)` plus the validation warning text (`None` when there is none).
pub fn apply_mesh_config_with_warnings(
    yaml: &str,
    base: &MeshConfig,
) -> Result<(MeshConfig, Option<String>), MeshError> {
    let mut mesh = base.as_message().clone();
    let desc = mesh.descriptor();
    let field = |name: &str| {
        desc.field_by_name(name)
            .ok_or_else(|| MeshError::Parse(format!("descriptor has no field {name}")))
    };
    let default_config_f = field("default_config")?;
    let default_providers_f = field("default_providers")?;
    let extension_providers_f = field("extension_providers")?;
    let aliases_f = field("trust_domain_aliases")?;

    let prev_proxy = mesh.get(default_config_f).cloned();
    let prev_providers = mesh.get(default_providers_f).cloned();
    let prev_extensions = mesh.get(extension_providers_f).cloned();
    let prev_aliases = mesh.get(aliases_f).cloned();

    let json = yaml_to_json(yaml)
        .map_err(|e| MeshError::Parse(format!("failed to convert to proto. {e}")))?;
    mesh.set(
        default_config_f,
        Value::Message(Box::new(default_proxy_config().into_message())),
    );
    apply_json(&mut mesh, &json)
        .map_err(|e| MeshError::Parse(format!("failed to convert to proto. {e}")))?;
    match prev_proxy {
        Some(v) => mesh.set(default_config_f, v),
        None => mesh.clear(default_config_f),
    }

    let raw = json.as_object();
    if let Some(pc) = raw
        .and_then(|m| m.get("defaultConfig"))
        .filter(|v| !v.is_null())
    {
        let mut proxy = match mesh.take(default_config_f) {
            Some(Value::Message(m)) => *m,
            _ => ProxyConfig::empty().into_message(),
        };
        merge_proxy_config_json(&json_via_float64(pc), &mut proxy)
            .map_err(|e| MeshError::Parse(format!("could not parse proxy config: {e}")))?;
        mesh.set(default_config_f, Value::Message(Box::new(proxy)));
    }

    match prev_providers {
        Some(v) => mesh.set(default_providers_f, v),
        None => mesh.clear(default_providers_f),
    }
    if let Some(dp) = raw
        .and_then(|m| m.get("defaultProviders"))
        .filter(|v| !v.is_null())
    {
        let mut providers = match mesh.take(default_providers_f) {
            Some(Value::Message(m)) => *m,
            _ => match default_providers_f.message() {
                Some(d) => Message::new(d),
                None => {
                    return Err(MeshError::Parse(
                        "defaultProviders is not a message".to_string(),
                    ))
                }
            },
        };
        apply_json(&mut providers, &json_via_float64(dp))
            .map_err(|e| MeshError::Parse(format!("could not parse default providers: {e}")))?;
        mesh.set(default_providers_f, Value::Message(Box::new(providers)));
    }

    // Providers from the YAML (or the previous list when absent) merged by name into the previous list.
    let new_extensions = match mesh.take(extension_providers_f) {
        Some(Value::List(items)) => items,
        _ => Vec::new(),
    };
    let mut merged = match prev_extensions {
        Some(Value::List(items)) => items,
        _ => Vec::new(),
    };
    for provider in new_extensions {
        let Value::Message(p) = provider else {
            continue;
        };
        let name = p.string_field("name").to_string();
        match merged
            .iter_mut()
            .filter_map(|e| match e {
                Value::Message(m) => Some(m),
                _ => None,
            })
            .find(|e| e.string_field("name") == name)
        {
            Some(existing) => {
                // Only the `provider` oneof is replaced, as `e.Provider = p.Provider` does.
                for f in existing
                    .descriptor()
                    .fields
                    .iter()
                    .filter(|f| f.oneof.is_some())
                {
                    existing.clear(f);
                }
                for (f, v) in p.populated().filter(|(f, _)| f.oneof.is_some()) {
                    existing.set(f, v.clone());
                }
            }
            None => merged.push(Value::Message(p)),
        }
    }
    mesh.set(extension_providers_f, Value::List(merged));

    let mut aliases: BTreeSet<String> = BTreeSet::new();
    for v in [mesh.get(aliases_f), prev_aliases.as_ref()]
        .into_iter()
        .flatten()
    {
        if let Value::List(items) = v {
            aliases.extend(items.iter().filter_map(Value::as_str).map(str::to_string));
        }
    }
    mesh.set(
        aliases_f,
        Value::List(aliases.into_iter().map(Value::String).collect()),
    );

    let mesh = MeshConfig::from_message(mesh).unwrap_or_else(MeshConfig::empty);
    let (warnings, errors) = validate_mesh_config(&mesh);
    if let Some(err) = errors {
        return Err(MeshError::Validation(err.to_string()));
    }
    Ok((mesh, warnings.map(|w| w.to_string())))
}

/// `ApplyMeshConfig(yaml, DefaultMeshConfig())` (Istio's `ApplyMeshConfigDefaults`).
pub fn apply_mesh_config_defaults(yaml: &str) -> Result<MeshConfig, MeshError> {
    apply_mesh_config(yaml, &super::defaults::default_mesh_config())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::mesh::defaults::default_mesh_config;

    #[test]
    fn default_config_is_merged_not_replaced() {
        let mesh = apply_mesh_config_defaults(
            "defaultConfig:\n  drainDuration: 23s\n  proxyMetadata:\n    A: b\n",
        )
        .unwrap();
        let pc = mesh.default_config().unwrap();
        assert_eq!(pc.drain_duration(), Some((23, 0)));
        assert_eq!(pc.status_port(), 15020);
        let mesh2 =
            apply_mesh_config("defaultConfig:\n  proxyMetadata:\n    C: d\n", &mesh).unwrap();
        let pc2 = mesh2.default_config().unwrap();
        assert_eq!(
            pc2.proxy_metadata().into_iter().collect::<Vec<_>>(),
            vec![("A", "b"), ("C", "d")]
        );
    }

    #[test]
    fn snake_case_default_config_is_type_checked_but_not_merged() {
        let mesh = apply_mesh_config_defaults("default_config:\n  statusPort: 1234\n").unwrap();
        assert_eq!(mesh.default_config().unwrap().status_port(), 15020);
        let err = apply_mesh_config_defaults("default_config:\n  statusPort: x\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "failed to convert to proto. invalid character 'x' looking for beginning of value"
        );
        let mesh =
            apply_mesh_config_defaults("root_namespace: foo\ntrust_domain_aliases: [b, a]\n")
                .unwrap();
        assert_eq!(mesh.root_namespace(), "foo");
        assert_eq!(mesh.trust_domain_aliases(), vec!["a", "b"]);
    }

    #[test]
    fn extension_providers_merge_by_name() {
        let mesh = apply_mesh_config_defaults(
            "extensionProviders:\n- name: envoy\n  envoyFileAccessLog:\n    path: /tmp/x\n- name: otel\n  opentelemetry:\n    service: a.b\n    port: 4317\n",
        )
        .unwrap();
        assert_eq!(
            mesh.extension_provider_names(),
            vec!["prometheus", "stackdriver", "envoy", "otel"]
        );
        let envoy = mesh.extension_providers()[2];
        assert_eq!(
            envoy
                .message_field("envoy_file_access_log")
                .unwrap()
                .string_field("path"),
            "/tmp/x"
        );
    }

    #[test]
    fn proxy_headers_fall_back_and_metadata_merges() {
        let base = merge_proxy_config(
            "proxyHeaders:\n  server:\n    disabled: true\n  forwardedClientCert: SANITIZE\n",
            &crate::mesh::defaults::default_proxy_config(),
        )
        .unwrap();
        let merged =
            merge_proxy_config("proxyHeaders:\n  requestId:\n    disabled: true\n", &base).unwrap();
        let headers = merged.as_message().message_field("proxy_headers").unwrap();
        assert!(headers.message_field("server").is_some());
        assert!(headers.message_field("request_id").is_some());
        assert_eq!(headers.enum_name("forwarded_client_cert"), Some("SANITIZE"));
        let err = merge_proxy_config("statusPort: [1]", &base).unwrap_err();
        assert_eq!(
            err.to_string(),
            "could not parse proxy config: json: cannot unmarshal array into Go value of type int32"
        );
    }

    #[test]
    fn apply_proxy_config_leaves_the_mesh_untouched() {
        let mesh = default_mesh_config();
        let out = apply_proxy_config("concurrency: 2", &mesh).unwrap();
        assert_eq!(out.default_config().unwrap().concurrency(), Some(2));
        assert_eq!(mesh.default_config().unwrap().concurrency(), None);
    }
}
