//! Shared by the benches: Istio's `sidecar` injection template (from the Istio conformance settings,
//! `templates.sidecar` of the injector config) and a realistic hello-pod context for it.
//!
//! The Istio helper functions the template calls (`annotation`, `isset`, `toYaml`, …) live in the injector
//! crate; these are small BENCH-ONLY stand-ins so the template runs. They are not product code.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use criterion::Criterion;
use gotmpl::value::{Object, TypeRef};
use gotmpl::{Func, FuncError, FuncMap, GoType, Kind, Signature, Templates, Value};

pub fn istio_dir() -> PathBuf {
    match std::env::var_os("ISTIO_CONFORMANCE_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/istio"),
    }
}

pub fn sidecar_template() -> String {
    let path = istio_dir().join("settings/default/config");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let docs =
        yaml_rust2::YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("config: {e}"));
    docs[0]["templates"]["sidecar"]
        .as_str()
        .unwrap_or_else(|| panic!("no templates.sidecar"))
        .to_string()
}

/// BENCH-ONLY: a protobuf-like message with Go getters (`GetX` returns field `X`, nil-safe), `String()` and a
/// basic value.
struct Proto {
    ty: &'static str,
    fields: Vec<(&'static str, Value<'static>)>,
    nil: bool,
    string: Option<&'static str>,
}

impl Proto {
    fn nil(ty: &'static str) -> Value<'static> {
        Value::object(Arc::new(Proto {
            ty,
            fields: vec![],
            nil: true,
            string: None,
        }))
    }
}

impl Object<'static> for Proto {
    fn go_type(&self) -> TypeRef {
        Arc::new(GoType::Pointer(Arc::new(GoType::Named(
            self.ty.into(),
            Arc::new(GoType::Struct),
        ))))
    }

    fn field(&self, name: &str) -> Option<Value<'static>> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }

    fn call_method(
        &self,
        name: &str,
        _args: &[Value<'static>],
    ) -> Option<Result<Value<'static>, FuncError>> {
        if name == "String" {
            return self.string.map(|s| Ok(Value::str(s)));
        }
        if name == "GetValue" {
            return Some(Ok(self.field("Value").unwrap_or(Value::Bool(false))));
        }
        let field = name.strip_prefix("Get")?;
        Some(Ok(self
            .field(field)
            .unwrap_or_else(|| Proto::nil("v1alpha1.Message"))))
    }

    fn to_go_string(&self) -> Option<String> {
        self.string.map(str::to_string)
    }

    fn is_true(&self) -> bool {
        !self.nil
    }
}

fn interception_mode() -> Value<'static> {
    Value::object(Arc::new(Proto {
        ty: "v1alpha1.ProxyConfig_InboundInterceptionMode",
        fields: vec![],
        nil: false,
        string: Some("REDIRECT"),
    }))
}

pub fn json(text: &str) -> &'static serde_json::Value {
    Box::leak(Box::new(
        serde_json::from_str(text).unwrap_or_else(|e| panic!("json: {e}")),
    ))
}

/// The host data of the hello pod, as JSON (Go's `encoding/json` view of it).
pub struct Inputs {
    pub values: &'static serde_json::Value,
    pub object_meta: &'static serde_json::Value,
    pub spec: &'static serde_json::Value,
    pub type_meta: &'static serde_json::Value,
    pub deployment_meta: &'static serde_json::Value,
    pub mesh: &'static serde_json::Value,
    pub proxy_metadata: &'static serde_json::Value,
}

pub fn inputs() -> Inputs {
    let values_text = std::fs::read_to_string(istio_dir().join("settings/default/values"))
        .unwrap_or_else(|e| panic!("values: {e}"));
    Inputs {
        values: json(&values_text),
        object_meta: json(
            r#"{"Name":"hello","Namespace":"default","Labels":{"app":"hello","version":"v1"},
            "Annotations":{"kubectl.kubernetes.io/default-container":"hello"}}"#,
        ),
        spec: json(
            r#"{"ServiceAccountName":"default","Containers":[{"Name":"hello","Image":"fake.docker.io/google-samples/hello-go-gke:1.0",
            "Ports":[{"Name":"http","ContainerPort":80,"Protocol":"TCP"}]}]}"#,
        ),
        type_meta: json(r#"{"Kind":"Pod","APIVersion":"v1"}"#),
        deployment_meta: json(r#"{"Name":"hello","Namespace":"default"}"#),
        mesh: json(
            r#"{"ProxyListenPort":15001,"ProxyInboundListenPort":15006,"TrustDomain":"cluster.local"}"#,
        ),
        proxy_metadata: json(r#"{}"#),
    }
}

pub fn context() -> Value<'static> {
    let Inputs {
        values,
        object_meta,
        spec,
        type_meta,
        deployment_meta,
        mesh,
        proxy_metadata,
    } = inputs();
    let proxy_config = Value::object(Arc::new(Proto {
        ty: "v1alpha1.ProxyConfig",
        fields: vec![
            (
                "ProxyMetadata",
                Value::from_json_typed(proxy_metadata, &GoType::map_string_string()),
            ),
            ("InterceptionMode", interception_mode()),
            (
                "HoldApplicationUntilProxyStarts",
                Proto::nil("wrappers.BoolValue"),
            ),
            (
                "DiscoveryAddress",
                Value::str("istiod.istio-system.svc:15012"),
            ),
        ],
        nil: false,
        string: None,
    }));
    let fields = vec![
        ("TypeMeta", Value::from_json(type_meta)),
        ("DeploymentMeta", Value::from_json(deployment_meta)),
        ("ObjectMeta", Value::from_json(object_meta)),
        ("Spec", Value::from_json(spec)),
        ("ProxyConfig", proxy_config),
        ("MeshConfig", Value::from_json(mesh)),
        ("Values", Value::from_json(values)),
        ("Revision", Value::str("default")),
        ("ProxyImage", Value::str("docker.io/istio/proxyv2:latest")),
        (
            "ProxyInitImage",
            Value::str("docker.io/istio/proxyv2:latest"),
        ),
        ("ProxyUID", Value::Int(1337, Kind::Int64)),
        ("ProxyGID", Value::Int(1337, Kind::Int64)),
        ("NativeSidecars", Value::Bool(false)),
        ("CompliancePolicy", Value::str("")),
        ("InboundTrafficPolicyMode", Value::str("")),
    ];
    // The injector hands the template a Go struct (`SidecarTemplateData`); a host object models it.
    Value::object(Arc::new(Proto {
        ty: "inject.SidecarTemplateData",
        fields,
        nil: false,
        string: None,
    }))
}

/// BENCH-ONLY stand-ins for the Istio helpers the sidecar template calls.
pub fn bench_istio_funcs() -> FuncMap {
    let any = GoType::interface;
    let s = GoType::string;
    let mut f = FuncMap::new();
    f.insert(
        "annotation",
        Func::new(Signature::new(vec![any(), s(), any()], s()), |a| {
            if let Value::Map(meta) = &a[0] {
                if let Some(Value::Map(ann)) = meta.get("Annotations") {
                    if let Some(v) = ann.get(a[1].as_str().unwrap_or("")) {
                        return Ok(v);
                    }
                }
            }
            Ok(gotmpl::fmt::sprint_value(&a[2..3]))
        }),
    );
    f.insert(
        "valueOrDefault",
        Func::new(Signature::new(vec![any(), any()], any()), |a| {
            Ok(if a[0].is_true() {
                a[0].clone()
            } else {
                a[1].clone()
            })
        }),
    );
    f.insert(
        "isset",
        Func::new(Signature::new(vec![any(), s()], GoType::bool()), |a| {
            Ok(Value::Bool(match &a[0] {
                Value::Map(m) => m.get(a[1].as_str().unwrap_or("")).is_some(),
                _ => false,
            }))
        }),
    );
    for name in ["structToJSON", "protoToJSON", "toYaml"] {
        f.insert(
            name,
            Func::new(Signature::new(vec![any()], s()), |a| {
                Ok(gotmpl::fmt::sprint_value(a))
            }),
        );
    }
    f.insert(
        "omitNil",
        Func::new(Signature::new(vec![any()], any()), |a| Ok(a[0].clone())),
    );
    f.insert(
        "appendMultusNetwork",
        Func::new(Signature::new(vec![s(), s()], s()), |a| Ok(a[1].clone())),
    );
    f.insert(
        "otelResourceAttributes",
        Func::new(Signature::new(vec![], s()).variadic(any()), |_| {
            Ok(Value::str(""))
        }),
    );
    f.insert(
        "excludeInboundPort",
        Func::new(Signature::new(vec![any(), s()], s()), |a| Ok(a[1].clone())),
    );
    f.insert(
        "includeInboundPorts",
        Func::new(Signature::new(vec![any()], s()), |_| Ok(Value::str("*"))),
    );
    for name in ["kubevirtInterfaces", "excludeInterfaces"] {
        f.insert(
            name,
            Func::new(Signature::new(vec![s()], s()), |a| Ok(a[0].clone())),
        );
    }
    f.insert(
        "toLower",
        Func::new(Signature::new(vec![s()], s()), |a| {
            Ok(Value::string(a[0].as_str().unwrap_or("").to_lowercase()))
        }),
    );
    f.insert(
        "directory",
        Func::new(Signature::new(vec![s()], s()), |a| {
            let p = a[0].as_str().unwrap_or("");
            Ok(Value::string(match p.rfind('/') {
                Some(0) => "/".to_string(),
                Some(i) => p[..i].to_string(),
                None => ".".to_string(),
            }))
        }),
    );
    f.insert(
        "fromJSON",
        Func::new(Signature::new(vec![s()], any()), |_| Ok(Value::Nil)),
    );
    f
}

/// This thread's on-CPU time in nanoseconds (Linux `/proc/thread-self/schedstat`).
pub fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// The `sidecar` bench: parse once, then time `Templates::execute` (named `name` in criterion's report).
pub fn bench_sidecar(c: &mut Criterion, name: &str) {
    let text = sidecar_template();
    let mut funcs = gotmpl::sprig::funcs();
    funcs.extend(&bench_istio_funcs());
    let mut t = Templates::with_funcs(&funcs);
    t.parse("sidecar", &text)
        .unwrap_or_else(|e| panic!("parse: {e}"));
    let data = context();
    let mut out = String::with_capacity(16 * 1024);
    t.execute("sidecar", &data, &mut out)
        .unwrap_or_else(|e| panic!("execute: {e}"));
    if std::env::var_os("SIDECAR_BENCH_PRINT").is_some() {
        println!("{out}");
    }
    // On a shared machine wall-clock numbers include time spent descheduled; report on-CPU time as well.
    if let Some(start) = thread_cpu_ns() {
        const N: u64 = 2000;
        for _ in 0..N {
            out.clear();
            let r = t.execute("sidecar", &data, &mut out);
            std::hint::black_box(&r);
        }
        if let Some(end) = thread_cpu_ns() {
            println!(
                "{name}: {:.2} µs on-CPU per execution (mean of {N})",
                (end - start) as f64 / N as f64 / 1000.0
            );
        }
    }
    c.bench_function(name, |b| {
        b.iter(|| {
            out.clear();
            let r = t.execute("sidecar", &data, &mut out);
            std::hint::black_box(&r);
        })
    });
}
