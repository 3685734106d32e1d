//! Typed wrappers around the dynamic `istio.mesh.v1alpha1.MeshConfig` and `ProxyConfig` messages, with
//! the accessors the injection engine reads (Go getters such as `GetStatusPort`).

use serde_json::Value as Json;

use super::descriptors_gen::{
    MSG_ISTIO_MESH_V1ALPHA1_MESHCONFIG, MSG_ISTIO_MESH_V1ALPHA1_PROXYCONFIG,
};
use super::jsonpb_in::{apply_json, unmarshal_message};
use super::jsonpb_out::marshal;
use super::message::{Message, Value};
use super::MeshError;

/// An `istio.mesh.v1alpha1.ProxyConfig`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProxyConfig(Message);

/// An `istio.mesh.v1alpha1.MeshConfig`.
#[derive(Debug, Clone, PartialEq)]
pub struct MeshConfig(Message);

macro_rules! message_wrapper {
    ($ty:ident, $desc:expr) => {
        impl $ty {
            /// An empty message (every field unset).
            pub fn empty() -> Self {
                $ty(Message::new(&$desc))
            }

            /// Wraps a dynamic message; `None` when it has another type.
            pub fn from_message(msg: Message) -> Option<Self> {
                (msg.descriptor() == &$desc).then_some($ty(msg))
            }

            /// The dynamic message.
            pub fn as_message(&self) -> &Message {
                &self.0
            }

            /// Mutable access to the dynamic message.
            pub fn as_message_mut(&mut self) -> &mut Message {
                &mut self.0
            }

            /// Unwraps the dynamic message.
            pub fn into_message(self) -> Message {
                self.0
            }

            /// Decodes proto-JSON strictly (unknown fields are errors), like `protomarshal.ApplyJSONStrict`
            /// onto an empty message.
            pub fn from_json_strict(json: &Json) -> Result<Self, MeshError> {
                let mut msg = Message::new(&$desc);
                unmarshal_message(&mut msg, json, false).map_err(MeshError::Parse)?;
                Ok($ty(msg))
            }

            /// Decodes proto-JSON onto an empty message like `protomarshal.ApplyJSON` (unknown fields ignored).
            pub fn from_json(json: &Json) -> Result<Self, MeshError> {
                let mut msg = Message::new(&$desc);
                apply_json(&mut msg, json).map_err(MeshError::Parse)?;
                Ok($ty(msg))
            }

            /// The Go-template value of this message (a non-nil `*T`, see [`super::goview`]).
            pub fn template_value(&self) -> gotmpl::Value<'_> {
                super::goview::message_value(&self.0)
            }

            /// Compact proto-JSON as `protomarshal.ToJSON` (legacy jsonpb) writes it.
            pub fn to_json_string(&self) -> Result<String, MeshError> {
                marshal(&self.0).map_err(MeshError::Marshal)
            }
        }
    };
}

message_wrapper!(ProxyConfig, MSG_ISTIO_MESH_V1ALPHA1_PROXYCONFIG);
message_wrapper!(MeshConfig, MSG_ISTIO_MESH_V1ALPHA1_MESHCONFIG);

impl ProxyConfig {
    /// `GetStatusPort()`.
    pub fn status_port(&self) -> i32 {
        self.0.i32_field("status_port")
    }

    /// `GetProxyAdminPort()`.
    pub fn proxy_admin_port(&self) -> i32 {
        self.0.i32_field("proxy_admin_port")
    }

    /// `GetInterceptionMode().String()`: `REDIRECT`, `TPROXY` or `NONE` (the number for unknown values).
    pub fn interception_mode(&self) -> String {
        match self.0.enum_name("interception_mode") {
            Some(name) => name.to_string(),
            None => self.0.enum_field("interception_mode").to_string(),
        }
    }

    /// `GetHoldApplicationUntilProxyStarts()`: `None` when unset, else the wrapped bool.
    pub fn hold_application_until_proxy_starts(&self) -> Option<bool> {
        match self.0.wrapper_field("hold_application_until_proxy_starts") {
            Some(Value::Bool(b)) => Some(b),
            _ => None,
        }
    }

    /// `GetConcurrency()`: `None` when unset, else the wrapped int32.
    pub fn concurrency(&self) -> Option<i32> {
        match self.0.wrapper_field("concurrency") {
            Some(Value::I32(v)) => Some(v),
            _ => None,
        }
    }

    /// `GetProxyMetadata()` (sorted by key).
    pub fn proxy_metadata(&self) -> std::collections::BTreeMap<&str, &str> {
        self.0.string_map("proxy_metadata")
    }

    /// `GetDiscoveryAddress()`.
    pub fn discovery_address(&self) -> &str {
        self.0.string_field("discovery_address")
    }

    /// `GetMeshId()`.
    pub fn mesh_id(&self) -> &str {
        self.0.string_field("mesh_id")
    }

    /// `GetServiceCluster()` (`""` when the `cluster_name` oneof holds another member or nothing).
    pub fn service_cluster(&self) -> &str {
        self.0.string_field("service_cluster")
    }

    /// `GetImage().GetImageType()`.
    pub fn image_type(&self) -> &str {
        self.0
            .message_field("image")
            .map_or("", |m| m.string_field("image_type"))
    }

    /// `GetDrainDuration()` as `(seconds, nanos)`, `None` when nil.
    pub fn drain_duration(&self) -> Option<(i64, i32)> {
        self.0.duration_field("drain_duration")
    }

    /// `GetTerminationDrainDuration()` as `(seconds, nanos)`, `None` when nil.
    pub fn termination_drain_duration(&self) -> Option<(i64, i32)> {
        self.0.duration_field("termination_drain_duration")
    }
}

impl MeshConfig {
    /// `GetDefaultConfig()`; `None` when nil.
    pub fn default_config(&self) -> Option<ProxyConfig> {
        self.0
            .message_field("default_config")
            .and_then(|m| ProxyConfig::from_message(m.clone()))
    }

    /// Borrowed `GetDefaultConfig()` message; `None` when nil.
    pub fn default_config_message(&self) -> Option<&Message> {
        self.0.message_field("default_config")
    }

    /// Replaces `defaultConfig`.
    pub fn set_default_config(&mut self, pc: ProxyConfig) {
        self.0
            .set_by_name("default_config", Value::Message(Box::new(pc.0)));
    }

    /// `GetEnablePrometheusMerge().GetValue()` (false when unset).
    pub fn enable_prometheus_merge(&self) -> bool {
        matches!(
            self.0.wrapper_field("enable_prometheus_merge"),
            Some(Value::Bool(true))
        )
    }

    /// `enablePrometheusMerge` when set (`None` when the wrapper is nil).
    pub fn enable_prometheus_merge_setting(&self) -> Option<bool> {
        match self.0.wrapper_field("enable_prometheus_merge") {
            Some(Value::Bool(b)) => Some(b),
            _ => None,
        }
    }

    /// `GetInboundTrafficPolicy().GetMode().String()` (`PASSTHROUGH` when unset, as the enum's zero value).
    pub fn inbound_traffic_policy_mode(&self) -> String {
        let policy = self.0.message_field("inbound_traffic_policy");
        let number = policy.map_or(0, |m| m.enum_field("mode"));
        let desc =
            &super::descriptors_gen::ENUM_ISTIO_MESH_V1ALPHA1_MESHCONFIG_INBOUNDTRAFFICPOLICY_MODE;
        desc.name_of(number)
            .map_or_else(|| number.to_string(), str::to_string)
    }

    /// `GetTrustDomain()`.
    pub fn trust_domain(&self) -> &str {
        self.0.string_field("trust_domain")
    }

    /// `GetTrustDomainAliases()`.
    pub fn trust_domain_aliases(&self) -> Vec<&str> {
        self.0.string_list("trust_domain_aliases")
    }

    /// `GetRootNamespace()`.
    pub fn root_namespace(&self) -> &str {
        self.0.string_field("root_namespace")
    }

    /// `GetExtensionProviders()`: the provider messages in order.
    pub fn extension_providers(&self) -> Vec<&Message> {
        match self.0.get_by_name("extension_providers") {
            Some(Value::List(items)) => items.iter().filter_map(Value::as_message).collect(),
            _ => Vec::new(),
        }
    }

    /// Names of `extensionProviders` in order.
    pub fn extension_provider_names(&self) -> Vec<&str> {
        self.extension_providers()
            .into_iter()
            .map(|p| p.string_field("name"))
            .collect()
    }

    /// `GetDefaultProviders()`; `None` when nil.
    pub fn default_providers(&self) -> Option<&Message> {
        self.0.message_field("default_providers")
    }

    /// `GetProxyListenPort()`.
    pub fn proxy_listen_port(&self) -> i32 {
        self.0.i32_field("proxy_listen_port")
    }

    /// `GetProxyInboundListenPort()`.
    pub fn proxy_inbound_listen_port(&self) -> i32 {
        self.0.i32_field("proxy_inbound_listen_port")
    }

    /// `GetEnableTracing()`.
    pub fn enable_tracing(&self) -> bool {
        self.0.bool_field("enable_tracing")
    }

    /// Whether an `opentelemetry` extension provider sets `serviceAttributeEnrichment:
    /// OTEL_SEMANTIC_CONVENTIONS` (the gate of Istio's `otelResourceAttributes` template function).
    pub fn has_otel_semantic_conventions(&self) -> bool {
        has_otel_semantic_conventions(&self.0)
    }

    /// `GetMeshMTLS()`; `None` when nil.
    pub fn mesh_mtls(&self) -> Option<&Message> {
        self.0.message_field("mesh_mTLS")
    }
}

/// [`MeshConfig::has_otel_semantic_conventions`] on a borrowed MeshConfig message.
pub(crate) fn has_otel_semantic_conventions(mesh: &Message) -> bool {
    match mesh.get_by_name("extension_providers") {
        Some(Value::List(items)) => items.iter().filter_map(Value::as_message).any(|p| {
            p.message_field("opentelemetry")
                .and_then(|o| o.enum_name("service_attribute_enrichment"))
                == Some("OTEL_SEMANTIC_CONVENTIONS")
        }),
        _ => false,
    }
}
