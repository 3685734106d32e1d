//! Istio's MeshConfig and ProxyConfig (`istio.io/api/mesh/v1alpha1`) as descriptor-driven dynamic
//! messages, with the behaviour of `istio/istio:pkg/config/mesh/mesh.go` (defaults, `ApplyMeshConfig`,
//! `MergeProxyConfig`, `ApplyProxyConfig`), `pkg/config/validation/agent` (`ValidateMeshConfig`),
//! `pilot/pkg/model/proxy_config.go` (`EffectiveProxyConfig`) and `pkg/kube/inject/template.go`
//! (`cleanProxyConfig` + `protoToJSON`, the `PROXY_CONFIG` env value).
//!
//! Messages are [`Message`] values interpreted through the static tables in [`descriptors_gen`] (generated
//! by `tools/proto-schema-gen`), which also carry the Go field names templates use.

mod apply;
mod config;
mod defaults;
pub mod descriptor;
pub mod descriptors_gen;
mod effective;
mod env;
pub mod golang;
pub mod goview;
mod jsonpb_in;
mod jsonpb_out;
pub mod message;
mod validate;

pub use apply::{
    apply_mesh_config, apply_mesh_config_defaults, apply_mesh_config_with_warnings,
    apply_proxy_config, merge_proxy_config,
};
pub(crate) use config::has_otel_semantic_conventions;
pub use config::{MeshConfig, ProxyConfig};
pub use defaults::{default_mesh_config, default_proxy_config};
pub use descriptor::{EnumDescriptor, FieldDescriptor, Kind, Label, MessageDescriptor, WellKnown};
pub use effective::{
    effective_proxy_config, merge_with_precedence, proxy_config_from_annotation, ProxyConfigBase,
    ProxyConfigSources,
};
pub use env::{clean_proxy_config, proxy_config_to_json_for_env};
pub use goview::{message_value, nil_message_value, otel_semantic_conventions, proto_to_json};
pub use message::{MapKey, Message, Value};
pub use validate::validate_mesh_config;

/// Compact proto-JSON of any mesh message, as `protomarshal.ToJSON` (legacy jsonpb) writes it.
pub fn message_to_json(msg: &Message) -> Option<String> {
    jsonpb_out::marshal(msg).ok()
}

/// `sigs.k8s.io/yaml.YAMLToJSON` with its error text, as `protomarshal.ApplyYAML` reports it.
pub(crate) fn yaml_to_json(text: &str) -> Result<serde_json::Value, String> {
    crate::yaml::from_str(text).map_err(|e| format!("error converting YAML to JSON: {e}"))
}

/// Errors from parsing, validating or serialising mesh config; the text is Istio's `err.Error()`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeshError {
    /// YAML/JSON decoding or a jsonpb type error (e.g. `failed to convert to proto. bad Duration: ...`).
    #[error("{0}")]
    Parse(String),
    /// `ValidateMeshConfig` rejected the result.
    #[error("{0}")]
    Validation(String),
    /// jsonpb could not marshal the message (out-of-range Duration, nil Value).
    #[error("{0}")]
    Marshal(String),
}
