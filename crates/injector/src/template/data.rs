//! What injection templates see as `.`: Istio's `SidecarTemplateData`, exposed under Go field names without
//! copying the pod, the values or the mesh configuration.

use std::sync::{Arc, LazyLock};

use gotmpl::value::{GoType, ObjRef, Object, TypeRef};
use gotmpl::Value;

use crate::deploy_meta::{DeployMeta, TypeMeta};
use crate::kube::schema::{struct_by_name, StructDef};
use crate::kube::view::struct_view;
use crate::mesh::{MeshConfig, ProxyConfig};

static EMPTY_OBJECT: LazyLock<serde_json::Value> =
    LazyLock::new(|| serde_json::Value::Object(Default::default()));

fn named(name: &str, pointer: bool) -> TypeRef {
    let t = Arc::new(GoType::Named(name.into(), Arc::new(GoType::Struct)));
    if pointer {
        Arc::new(GoType::Pointer(t))
    } else {
        t
    }
}

/// The inputs of one template rendering (`SidecarTemplateData`).
#[derive(Clone, Copy)]
pub struct SidecarTemplateData<'a> {
    /// The workload's kind and API version.
    pub type_meta: &'a TypeMeta,
    /// The workload's name and namespace.
    pub deploy_meta: &'a DeployMeta,
    /// The (stripped) pod: `.ObjectMeta` is its `metadata`, `.Spec` its `spec`.
    pub pod: &'a serde_json::Value,
    /// The effective proxy configuration.
    pub proxy_config: &'a ProxyConfig,
    /// The mesh configuration.
    pub mesh_config: &'a MeshConfig,
    /// The untyped Helm values.
    pub values: &'a serde_json::Value,
    /// The injector's revision.
    pub revision: &'a str,
    /// Whether the proxy runs as a native sidecar.
    pub native_sidecars: bool,
    /// The proxy image.
    pub proxy_image: &'a str,
    /// The init image (Istio leaves it empty).
    pub proxy_init_image: &'a str,
    /// The proxy's UID.
    pub proxy_uid: i64,
    /// The proxy's GID.
    pub proxy_gid: i64,
    /// `passthrough` or `localhost`.
    pub inbound_traffic_policy_mode: &'a str,
    /// The compliance policy (e.g. `fips-140-3`), or empty.
    pub compliance_policy: &'a str,
}

static OBJECT_META: LazyLock<Option<&'static StructDef>> =
    LazyLock::new(|| struct_by_name("metav1.ObjectMeta"));
static POD_SPEC: LazyLock<Option<&'static StructDef>> =
    LazyLock::new(|| struct_by_name("corev1.PodSpec"));

impl<'a> Object<'a> for SidecarTemplateData<'a> {
    fn go_type(&self) -> TypeRef {
        named("inject.SidecarTemplateData", true)
    }

    fn field(&self, name: &str) -> Option<Value<'a>> {
        let part = |key: &str| {
            self.pod
                .get(key)
                .filter(|v| v.is_object())
                .unwrap_or(&EMPTY_OBJECT)
        };
        Some(match name {
            "TypeMeta" => Value::object(Arc::new(TypeMetaView(self.type_meta.clone()))),
            "DeploymentMeta" => Value::object(Arc::new(NamespacedName(self.deploy_meta.clone()))),
            "ObjectMeta" => struct_view((*OBJECT_META)?, part("metadata")),
            "Spec" => struct_view((*POD_SPEC)?, part("spec")),
            "ProxyConfig" => self.proxy_config.template_value(),
            "MeshConfig" => self.mesh_config.template_value(),
            "Values" => match self.values {
                serde_json::Value::Null => {
                    Value::Map(gotmpl::value::Map::nil(GoType::map_string_interface()))
                }
                v => Value::from_json(v),
            },
            "Revision" => Value::str(self.revision),
            "NativeSidecars" => Value::Bool(self.native_sidecars),
            "ProxyImage" => Value::str(self.proxy_image),
            "ProxyInitImage" => Value::str(self.proxy_init_image),
            "ProxyUID" => Value::Int(self.proxy_uid, gotmpl::Kind::Int64),
            "ProxyGID" => Value::Int(self.proxy_gid, gotmpl::Kind::Int64),
            "InboundTrafficPolicyMode" => Value::str(self.inbound_traffic_policy_mode),
            "CompliancePolicy" => Value::str(self.compliance_policy),
            _ => return None,
        })
    }
}

impl<'a> SidecarTemplateData<'a> {
    /// The value templates execute on (`&data` in Go).
    pub fn as_value(&'a self) -> Value<'a> {
        Value::Object(ObjRef::Borrowed(self))
    }

    /// The context as JSON under its Go field names, for inspection (`render --show context`, the server's
    /// debug payloads). `.ObjectMeta` and `.Spec` are the pod the templates see (previous injection stripped).
    pub fn to_json(&self) -> serde_json::Value {
        let part = |key: &str| {
            self.pod
                .get(key)
                .cloned()
                .unwrap_or_else(|| EMPTY_OBJECT.clone())
        };
        let parse = |text: Result<String, crate::mesh::MeshError>| {
            text.ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or(serde_json::Value::Null)
        };
        serde_json::json!({
            "TypeMeta": {"Kind": self.type_meta.kind, "APIVersion": self.type_meta.api_version},
            "DeploymentMeta": {"Name": self.deploy_meta.name, "Namespace": self.deploy_meta.namespace},
            "ObjectMeta": part("metadata"),
            "Spec": part("spec"),
            "ProxyConfig": parse(self.proxy_config.to_json_string()),
            "MeshConfig": parse(self.mesh_config.to_json_string()),
            "Values": self.values,
            "Revision": self.revision,
            "NativeSidecars": self.native_sidecars,
            "ProxyImage": self.proxy_image,
            "ProxyInitImage": self.proxy_init_image,
            "ProxyUID": self.proxy_uid,
            "ProxyGID": self.proxy_gid,
            "InboundTrafficPolicyMode": self.inbound_traffic_policy_mode,
            "CompliancePolicy": self.compliance_policy,
        })
    }
}

/// `metav1.TypeMeta`.
struct TypeMetaView(TypeMeta);

impl<'a> Object<'a> for TypeMetaView {
    fn go_type(&self) -> TypeRef {
        named("v1.TypeMeta", false)
    }

    fn field(&self, name: &str) -> Option<Value<'a>> {
        match name {
            "Kind" => Some(Value::string(self.0.kind.as_str())),
            "APIVersion" => Some(Value::string(self.0.api_version.as_str())),
            _ => None,
        }
    }
}

/// `types.NamespacedName`.
struct NamespacedName(DeployMeta);

impl<'a> Object<'a> for NamespacedName {
    fn go_type(&self) -> TypeRef {
        named("types.NamespacedName", false)
    }

    fn field(&self, name: &str) -> Option<Value<'a>> {
        match name {
            "Namespace" => Some(Value::string(self.0.namespace.as_str())),
            "Name" => Some(Value::string(self.0.name.as_str())),
            _ => None,
        }
    }

    fn to_go_string(&self) -> Option<String> {
        Some(format!("{}/{}", self.0.namespace, self.0.name))
    }
}
