//! The Go-template view of mesh messages: a gotmpl [`Object`] over a [`Message`] that answers the way a
//! generated `istio.io/api` Go struct does under `text/template` — fields by Go name (`InterceptionMode`,
//! `ProxyMetadata`), zero values for unset scalars, typed nil pointers for unset messages, oneofs as interface
//! fields holding wrapper structs (`ClusterName`), nil-safe `Get…` getters, enums printing their names, and
//! `AsDuration` on Durations.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use gotmpl::value::{GoType, Key, Kind as GoKind, List, Map, ObjRef, Object, TypeRef};
use gotmpl::{FuncError, Value as GoValue};

use super::descriptor::{
    EnumDescriptor, FieldDescriptor, Kind, Label, MessageDescriptor, WellKnown,
};
use super::descriptors_gen::{ALL_ENUMS, ALL_MESSAGES};
use super::golang::{duration_string, NANOS_PER_SECOND};
use super::message::{MapKey, Message, Value};

fn basic_kind(name: &str) -> Option<GoKind> {
    Some(match name {
        "bool" => GoKind::Bool,
        "string" => GoKind::String,
        "int" => GoKind::Int,
        "int32" => GoKind::Int32,
        "int64" => GoKind::Int64,
        "uint8" => GoKind::Uint8,
        "uint32" => GoKind::Uint32,
        "uint64" => GoKind::Uint64,
        "float32" => GoKind::Float32,
        "float64" => GoKind::Float64,
        _ => return None,
    })
}

/// Parses a Go type as `%T` prints it into a gotmpl type (named enums are `int32`, named messages structs).
fn parse_type(s: &str) -> TypeRef {
    if let Some(rest) = s.strip_prefix('*') {
        return Arc::new(GoType::Pointer(parse_type(rest)));
    }
    if let Some(rest) = s.strip_prefix("[]") {
        return Arc::new(GoType::Slice(parse_type(rest)));
    }
    if let Some(rest) = s.strip_prefix("map[") {
        let mut depth = 1;
        for (i, c) in rest.char_indices() {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Arc::new(GoType::Map(
                            parse_type(&rest[..i]),
                            parse_type(&rest[i + 1..]),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(kind) = basic_kind(s) {
        return GoType::basic(kind);
    }
    if s == "time.Duration" {
        return Arc::new(GoType::Named(s.into(), GoType::int64()));
    }
    let underlying = if ALL_ENUMS.iter().any(|e| e.go_type == s) {
        GoType::basic(GoKind::Int32)
    } else {
        Arc::new(GoType::Struct)
    };
    Arc::new(GoType::Named(s.into(), underlying))
}

/// The gotmpl type for a Go type string from the descriptors (cached for every string they contain).
pub fn go_type_ref(s: &str) -> TypeRef {
    static CACHE: OnceLock<HashMap<&'static str, TypeRef>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        let mut map = HashMap::new();
        let mut add = |t: &'static str| {
            map.entry(t).or_insert_with(|| parse_type(t));
        };
        for e in ALL_ENUMS {
            add(e.go_type);
        }
        for m in ALL_MESSAGES {
            add(m.go_type);
            for f in m.fields {
                add(f.go_type);
                if let Some(w) = f.go_wrapper {
                    add(w);
                }
            }
        }
        add("time.Duration");
        map
    });
    cache.get(s).cloned().unwrap_or_else(|| parse_type(s))
}

/// A method name no template can spell (not an identifier): lets [`proto_to_json`] reach the message behind
/// a template value without any observable extra method.
const PROTO_JSON_METHOD: &str = "$protoToJSON";

/// Istio's `protoToJSON` template function on a template value produced by this module: compact proto-JSON,
/// with `cleanProxyConfig` applied to ProxyConfigs (the `PROXY_CONFIG` value); `{}` for nil messages and
/// marshal errors. `None` when the value is not a mesh message.
pub fn proto_to_json(value: &GoValue<'_>) -> Option<String> {
    let GoValue::Object(obj) = value else {
        return None;
    };
    match obj.call_method(PROTO_JSON_METHOD, &[]) {
        Some(Ok(GoValue::String(s))) => Some(s.to_string()),
        _ => None,
    }
}

/// Hidden method behind [`otel_semantic_conventions`].
const OTEL_SEMCONV_METHOD: &str = "$otelSemanticConventions";

/// For a MeshConfig template value: whether an `opentelemetry` extension provider asks for
/// `OTEL_SEMANTIC_CONVENTIONS` (the gate of Istio's `otelResourceAttributes` template function; a nil
/// MeshConfig gives false). `None` for other values.
pub fn otel_semantic_conventions(value: &GoValue<'_>) -> Option<bool> {
    let GoValue::Object(obj) = value else {
        return None;
    };
    match obj.call_method(OTEL_SEMCONV_METHOD, &[]) {
        Some(Ok(GoValue::Bool(b))) => Some(b),
        _ => None,
    }
}

fn message_json(msg: &Message) -> String {
    if msg.descriptor() == &super::descriptors_gen::MSG_ISTIO_MESH_V1ALPHA1_PROXYCONFIG {
        if let Some(pc) = super::config::ProxyConfig::from_message(msg.clone()) {
            return super::env::proxy_config_to_json_for_env(&pc);
        }
    }
    super::jsonpb_out::marshal(msg).unwrap_or_else(|_| "{}".to_string())
}

/// The template value of a message: a non-nil `*T`.
pub fn message_value(msg: &Message) -> GoValue<'_> {
    GoValue::Object(ObjRef::Shared(Arc::new(MessageView {
        desc: msg.descriptor(),
        msg: Some(msg),
    })))
}

/// The template value of an unset message field: a typed nil `*T` whose getters still work.
pub fn nil_message_value<'a>(desc: &'static MessageDescriptor) -> GoValue<'a> {
    GoValue::Object(ObjRef::Shared(Arc::new(MessageView { desc, msg: None })))
}

fn enum_value<'a>(desc: &'static EnumDescriptor, number: i32) -> GoValue<'a> {
    GoValue::Object(ObjRef::Shared(Arc::new(EnumView { desc, number })))
}

fn singular<'a>(kind: Kind, value: Option<&'a Value>) -> GoValue<'a> {
    match (kind, value) {
        (Kind::Message(_), Some(Value::Message(m))) => message_value(m),
        (Kind::Message(d), _) => nil_message_value(d),
        (Kind::Enum(e), v) => enum_value(e, if let Some(Value::Enum(n)) = v { *n } else { 0 }),
        (_, Some(Value::Bool(b))) => GoValue::Bool(*b),
        (_, Some(Value::I32(i))) => GoValue::Int(i64::from(*i), GoKind::Int32),
        (_, Some(Value::I64(i))) => GoValue::Int(*i, GoKind::Int64),
        (_, Some(Value::U32(u))) => GoValue::Uint(u64::from(*u), GoKind::Uint32),
        (_, Some(Value::U64(u))) => GoValue::Uint(*u, GoKind::Uint64),
        (_, Some(Value::F32(f))) => GoValue::Float(f64::from(*f), GoKind::Float32),
        (_, Some(Value::F64(f))) => GoValue::Float(*f, GoKind::Float64),
        (_, Some(Value::String(s))) => GoValue::str(s),
        (_, Some(Value::Bytes(b))) => bytes_value(b),
        (Kind::Bool, _) => GoValue::Bool(false),
        (Kind::Int32, _) => GoValue::Int(0, GoKind::Int32),
        (Kind::Int64, _) => GoValue::Int(0, GoKind::Int64),
        (Kind::Uint32, _) => GoValue::Uint(0, GoKind::Uint32),
        (Kind::Uint64, _) => GoValue::Uint(0, GoKind::Uint64),
        (Kind::Float, _) => GoValue::Float(0.0, GoKind::Float32),
        (Kind::Double, _) => GoValue::Float(0.0, GoKind::Float64),
        (Kind::String, _) => GoValue::str(""),
        (Kind::Bytes, _) => GoValue::List(List::nil(go_type_ref("[]uint8"))),
    }
}

fn bytes_value<'a>(b: &[u8]) -> GoValue<'a> {
    let items = b
        .iter()
        .map(|x| GoValue::Uint(u64::from(*x), GoKind::Uint8))
        .collect();
    GoValue::List(List::new(items, go_type_ref("[]uint8")))
}

/// What reading struct field `field` gives in Go (zero values for unset fields).
fn field_value<'a>(field: &'static FieldDescriptor, value: Option<&'a Value>) -> GoValue<'a> {
    let ty = go_type_ref(field.go_type);
    match field.label {
        Label::Repeated => match value {
            Some(Value::List(items)) => GoValue::List(List::new(
                items
                    .iter()
                    .map(|v| singular(field.kind, Some(v)))
                    .collect(),
                ty,
            )),
            _ => GoValue::List(List::nil(ty)),
        },
        Label::Map(_) => match value {
            Some(Value::Map(entries)) => {
                let map: BTreeMap<Key, GoValue<'a>> = entries
                    .iter()
                    .map(|(k, v)| {
                        let key = match k {
                            MapKey::Bool(b) => Key::Bool(*b),
                            MapKey::Int(i) => Key::Int(*i),
                            MapKey::Uint(u) => Key::Uint(*u),
                            MapKey::String(s) => Key::String(Arc::from(s.as_str())),
                        };
                        (key, singular(field.kind, Some(v)))
                    })
                    .collect();
                GoValue::Map(Map::new(map, ty))
            }
            _ => GoValue::Map(Map::nil(ty)),
        },
        Label::Singular => singular(field.kind, value),
    }
}

/// A `*T` for a generated message type, possibly nil.
struct MessageView<'a> {
    desc: &'static MessageDescriptor,
    msg: Option<&'a Message>,
}

impl<'a> MessageView<'a> {
    fn oneof_value(&self, oneof: usize) -> GoValue<'a> {
        let Some(msg) = self.msg else {
            return GoValue::Nil;
        };
        match msg.which_oneof(oneof) {
            Some(member) => match msg.get(member) {
                Some(value) => GoValue::Object(ObjRef::Shared(Arc::new(OneofView {
                    field: member,
                    value,
                }))),
                None => GoValue::Nil,
            },
            None => GoValue::Nil,
        }
    }

    /// `Get<Name>`: the field, a oneof member (zero unless it is the set member) or the oneof interface.
    fn getter(&self, name: &str) -> Option<GoValue<'a>> {
        if let Some(field) = self.desc.field_by_go_name(name) {
            return Some(field_value(field, self.msg.and_then(|m| m.get(field))));
        }
        self.desc
            .oneof_by_go_name(name)
            .map(|o| self.oneof_value(o))
    }

    fn duration_nanos(&self) -> i64 {
        let Some(msg) = self.msg else { return 0 };
        let seconds = match msg.get_by_name("seconds") {
            Some(Value::I64(s)) => *s,
            _ => 0,
        };
        seconds
            .saturating_mul(NANOS_PER_SECOND)
            .saturating_add(i64::from(msg.i32_field("nanos")))
    }
}

impl<'a> Object<'a> for MessageView<'a> {
    fn go_type(&self) -> TypeRef {
        go_type_ref(self.desc.go_type)
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        self.msg.map(|m| m as &dyn std::any::Any)
    }

    fn field(&self, name: &str) -> Option<GoValue<'a>> {
        let msg = self.msg?;
        if let Some(field) = self
            .desc
            .field_by_go_name(name)
            .filter(|f| f.oneof.is_none())
        {
            return Some(field_value(field, msg.get(field)));
        }
        self.desc
            .oneof_by_go_name(name)
            .map(|o| self.oneof_value(o))
    }

    fn call_method(
        &self,
        name: &str,
        args: &[GoValue<'a>],
    ) -> Option<Result<GoValue<'a>, FuncError>> {
        let result = if name == OTEL_SEMCONV_METHOD
            && self.desc == &super::descriptors_gen::MSG_ISTIO_MESH_V1ALPHA1_MESHCONFIG
        {
            let msg = self
                .msg
                .cloned()
                .and_then(super::config::MeshConfig::from_message);
            GoValue::Bool(msg.is_some_and(|m| m.has_otel_semantic_conventions()))
        } else if name == PROTO_JSON_METHOD {
            GoValue::string(self.msg.map_or_else(|| "{}".to_string(), message_json))
        } else if let Some(field) = name.strip_prefix("Get") {
            self.getter(field)?
        } else if name == "AsDuration" && self.desc.well_known == Some(WellKnown::Duration) {
            duration_value(self.duration_nanos())
        } else {
            return None;
        };
        if !args.is_empty() {
            return Some(Err(FuncError(format!(
                "wrong number of args for {name}: want 0 got {}",
                args.len()
            ))));
        }
        Some(Ok(result))
    }

    fn to_go_string(&self) -> Option<String> {
        self.msg.is_none().then(|| "<nil>".to_string())
    }

    fn is_true(&self) -> bool {
        self.msg.is_some()
    }
}

/// The wrapper struct a oneof interface field holds (e.g. `*v1alpha1.ProxyConfig_ServiceCluster`).
struct OneofView<'a> {
    field: &'static FieldDescriptor,
    value: &'a Value,
}

impl<'a> Object<'a> for OneofView<'a> {
    fn go_type(&self) -> TypeRef {
        go_type_ref(self.field.go_wrapper.unwrap_or(self.field.go_type))
    }

    fn field(&self, name: &str) -> Option<GoValue<'a>> {
        (name == self.field.go_name).then(|| field_value(self.field, Some(self.value)))
    }
}

/// A protobuf enum value: a named `int32` whose `String()` is the value name.
struct EnumView {
    desc: &'static EnumDescriptor,
    number: i32,
}

impl EnumView {
    fn name(&self) -> String {
        self.desc
            .name_of(self.number)
            .map_or_else(|| self.number.to_string(), str::to_string)
    }
}

impl<'a> Object<'a> for EnumView {
    fn go_type(&self) -> TypeRef {
        go_type_ref(self.desc.go_type)
    }

    fn call_method(
        &self,
        name: &str,
        args: &[GoValue<'a>],
    ) -> Option<Result<GoValue<'a>, FuncError>> {
        let value = match name {
            "String" => GoValue::string(self.name()),
            "Number" => GoValue::Int(i64::from(self.number), GoKind::Int32),
            _ => return None,
        };
        if !args.is_empty() {
            return Some(Err(FuncError(format!(
                "wrong number of args for {name}: want 0 got {}",
                args.len()
            ))));
        }
        Some(Ok(value))
    }

    fn to_go_string(&self) -> Option<String> {
        Some(self.name())
    }

    fn as_basic(&self) -> Option<GoValue<'a>> {
        Some(GoValue::Int(i64::from(self.number), GoKind::Int32))
    }
}

fn duration_value<'a>(nanos: i64) -> GoValue<'a> {
    GoValue::Object(ObjRef::Shared(Arc::new(DurationView(nanos))))
}

/// A Go `time.Duration` (from `AsDuration`).
struct DurationView(i64);

impl<'a> Object<'a> for DurationView {
    fn go_type(&self) -> TypeRef {
        go_type_ref("time.Duration")
    }

    fn call_method(
        &self,
        name: &str,
        args: &[GoValue<'a>],
    ) -> Option<Result<GoValue<'a>, FuncError>> {
        let value = match name {
            "String" => GoValue::string(duration_string(self.0)),
            "Seconds" => GoValue::float(self.0 as f64 / 1e9),
            "Milliseconds" => GoValue::Int(self.0 / 1_000_000, GoKind::Int64),
            "Nanoseconds" => GoValue::Int(self.0, GoKind::Int64),
            _ => return None,
        };
        if !args.is_empty() {
            return Some(Err(FuncError(format!(
                "wrong number of args for {name}: want 0 got {}",
                args.len()
            ))));
        }
        Some(Ok(value))
    }

    fn to_go_string(&self) -> Option<String> {
        Some(duration_string(self.0))
    }

    fn as_basic(&self) -> Option<GoValue<'a>> {
        Some(GoValue::Int(self.0, GoKind::Int64))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::mesh::apply::{apply_mesh_config_defaults, merge_proxy_config};
    use crate::mesh::defaults::default_proxy_config;

    fn obj<'a>(v: &GoValue<'a>) -> ObjRef<'a> {
        match v {
            GoValue::Object(o) => o.clone(),
            other => panic!("not an object: {other:?}"),
        }
    }

    fn call<'a>(v: &GoValue<'a>, name: &str) -> GoValue<'a> {
        obj(v).call_method(name, &[]).unwrap().unwrap()
    }

    fn field<'a>(v: &GoValue<'a>, name: &str) -> GoValue<'a> {
        obj(v).field(name).unwrap()
    }

    #[test]
    fn proxy_config_reads_like_go() {
        let pc = merge_proxy_config(
            "proxyMetadata: {B: x, A: z}\nholdApplicationUntilProxyStarts: true\nimage: {imageType: distroless}\ndrainDuration: 1.5s",
            &default_proxy_config(),
        )
        .unwrap();
        let v = message_value(pc.as_message());
        assert_eq!(obj(&v).go_type().to_string(), "*v1alpha1.ProxyConfig");
        let mode = field(&v, "InterceptionMode");
        assert_eq!(obj(&mode).to_go_string().as_deref(), Some("REDIRECT"));
        assert_eq!(
            obj(&mode).go_type().to_string(),
            "v1alpha1.ProxyConfig_InboundInterceptionMode"
        );
        assert!(matches!(
            obj(&mode).as_basic(),
            Some(GoValue::Int(0, GoKind::Int32))
        ));
        assert_eq!(call(&mode, "String").as_str(), Some("REDIRECT"));
        assert!(matches!(
            field(&v, "StatusPort"),
            GoValue::Int(15020, GoKind::Int32)
        ));
        assert_eq!(field(&v, "MeshId").as_str(), Some(""));
        let hold = field(&v, "HoldApplicationUntilProxyStarts");
        assert!(matches!(call(&hold, "GetValue"), GoValue::Bool(true)));
        let GoValue::Map(md) = field(&v, "ProxyMetadata") else {
            panic!()
        };
        assert_eq!(md.go_type().to_string(), "map[string]string");
        assert_eq!(md.get("A").unwrap().as_str(), Some("z"));
        assert_eq!(
            field(&field(&v, "Image"), "ImageType").as_str(),
            Some("distroless")
        );
        let drain = call(&field(&v, "DrainDuration"), "AsDuration");
        assert_eq!(obj(&drain).to_go_string().as_deref(), Some("1.5s"));
    }

    #[test]
    fn nil_messages_and_oneofs() {
        let pc = default_proxy_config();
        let v = message_value(pc.as_message());
        let tracing = call(&v, "GetTracing");
        assert!(!obj(&tracing).is_true());
        assert_eq!(obj(&tracing).go_type().to_string(), "*v1alpha1.Tracing");
        let tls = call(&tracing, "GetTlsSettings");
        assert!(!obj(&tls).is_true());
        assert_eq!(call(&tls, "GetCaCertificates").as_str(), Some(""));
        assert!(obj(&tracing).field("TlsSettings").is_none());
        let hold = field(&v, "HoldApplicationUntilProxyStarts");
        assert!(matches!(call(&hold, "GetValue"), GoValue::Bool(false)));
        assert!(matches!(field(&v, "ExtraStatTags"), GoValue::List(l) if l.is_nil()));

        let cluster = field(&v, "ClusterName");
        assert_eq!(
            obj(&cluster).go_type().to_string(),
            "*v1alpha1.ProxyConfig_ServiceCluster"
        );
        assert_eq!(
            field(&cluster, "ServiceCluster").as_str(),
            Some("istio-proxy")
        );
        assert_eq!(call(&v, "GetServiceCluster").as_str(), Some("istio-proxy"));
        assert_eq!(
            obj(&call(&v, "GetTracingServiceName"))
                .to_go_string()
                .as_deref(),
            Some("APP_LABEL_AND_NAMESPACE")
        );
        assert!(obj(&v).field("ServiceCluster").is_none());
        assert!(obj(&v).field("Bogus").is_none());
    }

    fn render(
        text: &str,
        pc: &crate::mesh::ProxyConfig,
        mesh: &crate::mesh::MeshConfig,
    ) -> Result<String, String> {
        let mut t = gotmpl::Templates::new();
        t.parse("t", text).map_err(|e| e.to_string())?;
        let mut data = BTreeMap::new();
        data.insert(Key::from("ProxyConfig"), pc.template_value());
        data.insert(Key::from("MeshConfig"), mesh.template_value());
        let mut out = String::new();
        t.execute("t", &GoValue::map(data), &mut out)
            .map_err(|e| e.to_string())?;
        Ok(out)
    }

    #[test]
    fn renders_istio_template_expressions() {
        let mesh = apply_mesh_config_defaults("defaultConfig:\n  proxyMetadata: {A: b}\n").unwrap();
        let pc = mesh.default_config().unwrap();
        let cases = [
            ("{{ .ProxyConfig.InterceptionMode }}", "REDIRECT"),
            ("{{ .ProxyConfig.InterceptionMode.String }}", "REDIRECT"),
            ("{{ eq .ProxyConfig.InterceptionMode.String \"REDIRECT\" }}", "true"),
            ("{{ or .ProxyConfig.HoldApplicationUntilProxyStarts.GetValue false }}", "false"),
            ("{{ if .ProxyConfig.ProxyMetadata }}{{ index .ProxyConfig.ProxyMetadata \"A\" }}{{ end }}", "b"),
            ("{{ if .ProxyConfig.GetTracing.GetTlsSettings }}tls{{ else }}none{{ end }}", "none"),
            ("[{{ .ProxyConfig.GetTracing.GetTlsSettings.GetCaCertificates }}]", "[]"),
            ("{{ .ProxyConfig.DiscoveryAddress }}", "istiod.istio-system.svc:15012"),
            ("{{ .ProxyConfig.StatusPort }} {{ .MeshConfig.ProxyListenPort }}", "15020 15001"),
            ("{{ .ProxyConfig.GetServiceCluster }}", "istio-proxy"),
            ("{{ .MeshConfig.TrustDomain }}", "cluster.local"),
            ("{{ len .MeshConfig.ExtensionProviders }}", "3"),
            ("{{ .MeshConfig.DefaultConfig.ProxyMetadata }}", "map[A:b]"),
            ("{{ .ProxyConfig.Concurrency }}", "<nil>"),
        ];
        for (text, want) in cases {
            assert_eq!(render(text, &pc, &mesh).as_deref(), Ok(want), "{text}");
        }
        let err = render("{{ .ProxyConfig.Tracing.TlsSettings }}", &pc, &mesh).unwrap_err();
        assert!(err.contains("TlsSettings"));
    }

    #[test]
    fn proto_to_json_reaches_the_message() {
        let pc = merge_proxy_config("drainDuration: 23s", &default_proxy_config()).unwrap();
        let v = message_value(pc.as_message());
        assert_eq!(
            proto_to_json(&v).as_deref(),
            Some(r#"{"drainDuration":"23s"}"#)
        );
        let tracing = call(&v, "GetTracing");
        assert_eq!(proto_to_json(&tracing).as_deref(), Some("{}"));
        let mesh = apply_mesh_config_defaults("").unwrap();
        let lb = field(&message_value(mesh.as_message()), "LocalityLbSetting");
        assert_eq!(proto_to_json(&lb).as_deref(), Some(r#"{"enabled":true}"#));
        assert_eq!(proto_to_json(&GoValue::str("x")), None);
        assert_eq!(
            otel_semantic_conventions(&message_value(mesh.as_message())),
            Some(false)
        );
        assert_eq!(otel_semantic_conventions(&v), None);
        assert!(obj(&v).call_method("ProtoToJSON", &[]).is_none());
    }

    #[test]
    fn mesh_config_reads_like_go() {
        let mesh = apply_mesh_config_defaults("defaultConfig:\n  proxyMetadata: {A: b}\n").unwrap();
        let v = message_value(mesh.as_message());
        assert_eq!(field(&v, "TrustDomain").as_str(), Some("cluster.local"));
        assert!(matches!(
            field(&v, "ProxyListenPort"),
            GoValue::Int(15001, GoKind::Int32)
        ));
        let dc = field(&v, "DefaultConfig");
        let GoValue::Map(md) = field(&dc, "ProxyMetadata") else {
            panic!()
        };
        assert_eq!(md.len(), 1);
        let GoValue::List(providers) = field(&v, "ExtensionProviders") else {
            panic!()
        };
        assert_eq!(
            providers.go_type().to_string(),
            "[]*v1alpha1.MeshConfig_ExtensionProvider"
        );
        let envoy = providers.get(2).unwrap();
        assert_eq!(
            obj(&field(&envoy, "Provider")).go_type().to_string(),
            "*v1alpha1.MeshConfig_ExtensionProvider_EnvoyFileAccessLog"
        );
        let log = call(&envoy, "GetEnvoyFileAccessLog");
        assert_eq!(field(&log, "Path").as_str(), Some("/dev/stdout"));
        assert!(matches!(
            call(&field(&v, "EnablePrometheusMerge"), "GetValue"),
            GoValue::Bool(true)
        ));
    }
}
