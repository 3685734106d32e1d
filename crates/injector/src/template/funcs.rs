//! Istio's template functions (`InjectionFuncmap` in `pkg/kube/inject/template.go`) as gotmpl functions.
//!
//! Templates get the builtins, then all of Sprig, then these, which replace Sprig's `env`, `indent`, `omit` and
//! `contains`. The logic lives in [`super::helpers`]; this module adapts template values to it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use gotmpl::value::{GoType, Key, Kind, Map, ObjRef, TypeRef};
use gotmpl::{Func, FuncError, FuncMap, Signature, Value};

use super::helpers;
use crate::mesh::{self, Message};

/// The process environment templates read through `env` (Istio reads istiod's own environment).
pub type TemplateEnv = Arc<HashMap<String, String>>;

fn sig(params: Vec<TypeRef>, result: TypeRef) -> Signature {
    Signature::new(params, result)
}

fn s() -> TypeRef {
    GoType::string()
}

fn any() -> TypeRef {
    GoType::interface()
}

fn ss_map() -> TypeRef {
    GoType::map_string_string()
}

fn str_arg<'v>(args: &'v [Value<'_>], i: usize) -> &'v str {
    args.get(i).and_then(Value::as_str).unwrap_or("")
}

/// The entries of a `map[string]string` argument (a nil map has none).
fn string_entries(v: &Value<'_>) -> Vec<(String, String)> {
    match v {
        Value::Map(m) => m
            .iter()
            .filter_map(|(k, v)| match k {
                Key::String(k) => Some((k.to_string(), v.as_str().unwrap_or("").to_string())),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn string_map_value<'a>(entries: BTreeMap<String, String>) -> Value<'a> {
    Value::Map(Map::new(
        entries
            .into_iter()
            .map(|(k, v)| (Key::String(k.into()), Value::string(v)))
            .collect(),
        GoType::map_string_string(),
    ))
}

fn marshal_or(v: &Value<'_>, fallback: &str) -> String {
    gotmpl::json::marshal(v).unwrap_or_else(|_| fallback.to_string())
}

/// The JSON a template value stands for (host JSON views are read in place; plain maps, lists and scalars are
/// converted directly; other values are marshalled with Go's rules and read back).
fn to_serde(v: &Value<'_>) -> Option<serde_json::Value> {
    match v {
        Value::Object(ObjRef::View(view)) => Some(view.data.clone()),
        Value::Map(m) if m.as_json().is_some() => {
            m.as_json().map(|m| serde_json::Value::Object(m.clone()))
        }
        _ => match plain_json(v, 0) {
            Some(j) => Some(j),
            None => serde_json::from_str(&gotmpl::json::marshal(v).ok()?).ok(),
        },
    }
}

/// `json.Marshal` of `v` read back as JSON, for the values whose Go encoding is obvious: nil, bools, integers,
/// integral `float64`s below 2^53 (written in decimal, they read back as integers), strings, and string-keyed
/// maps and lists of such values. `None` for anything else (other floats, whose text serde_json may read back
/// to a neighbouring float, structs, objects, pointers, `float32`, `[]byte`, named map and slice types,
/// non-string keys, very deep nesting): the caller then marshals for real.
fn plain_json(v: &Value<'_>, depth: usize) -> Option<serde_json::Value> {
    use serde_json::Value as J;
    if depth > 64 {
        return None;
    }
    Some(match v {
        Value::Nil => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i, _) => J::from(*i),
        Value::Uint(u, _) => J::from(*u),
        Value::Float(f, Kind::Float64) => {
            const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
            if f.fract() == 0.0 && f.abs() < EXACT && !(*f == 0.0 && f.is_sign_negative()) {
                #[allow(clippy::cast_possible_truncation)]
                J::from(*f as i64)
            } else {
                return None;
            }
        }
        Value::String(s) => J::String(s.to_string()),
        Value::List(l) => {
            // `[]byte` is base64 text; named types may marshal themselves.
            if l.go_type().elem().is_some_and(|e| e.kind() == Kind::Uint8)
                || matches!(**l.go_type(), GoType::Named(..))
            {
                return None;
            }
            if l.is_nil() {
                return Some(J::Null);
            }
            let mut items = Vec::with_capacity(l.len());
            for item in l.iter() {
                items.push(plain_json(&item, depth + 1)?);
            }
            J::Array(items)
        }
        Value::Map(m) => {
            // Go refuses maps whose key type is not a string kind (e.g. `map[interface {}]…`).
            if matches!(**m.go_type(), GoType::Named(..))
                || !m.go_type().key().is_some_and(|k| k.kind() == Kind::String)
            {
                return None;
            }
            if m.is_nil() {
                return Some(J::Null);
            }
            let mut out = serde_json::Map::new();
            for (k, item) in m.iter() {
                let Key::String(k) = k else { return None };
                out.insert(k.to_string(), plain_json(&item, depth + 1)?);
            }
            J::Object(out)
        }
        _ => return None,
    })
}

/// The JSON of each container in a `[]corev1.Container` argument.
fn containers<'a>(v: &Value<'a>) -> Vec<&'a serde_json::Value> {
    match v {
        Value::List(l) => match l.as_json() {
            Some(items) => items.iter().collect(),
            None => l
                .iter()
                .filter_map(|c| match c {
                    Value::Object(ObjRef::View(view)) => Some(view.data),
                    _ => None,
                })
                .collect(),
        },
        _ => Vec::new(),
    }
}

/// The protobuf message behind a mesh template value (`.ProxyConfig`, `.MeshConfig`).
fn message<'v>(v: &'v Value<'_>) -> Option<&'v Message> {
    match v {
        Value::Object(o) => o.downcast_ref::<Message>(),
        _ => None,
    }
}

/// Installs Istio's functions into `map` (after Sprig, replacing same-named functions).
pub fn register(map: &mut FuncMap, env: TemplateEnv) {
    map.insert(
        "annotation",
        Func::new(sig(vec![any(), s(), any()], s()), |a| {
            // The engine passes its ObjectMeta view; plain struct values (test data) work too.
            let annotations = match &a[0] {
                Value::Object(o) => o.field("Annotations"),
                Value::Struct(st) => st.field("Annotations").map(|f| f.value.clone()),
                _ => None,
            };
            let Some(annotations) = annotations else {
                return Err(FuncError::new(
                    "wrong type for value; expected v1.ObjectMeta",
                ));
            };
            let name = str_arg(a, 1);
            let found = match &annotations {
                Value::Map(m) => m.get(name),
                _ => None,
            };
            Ok(match found {
                Some(v) => v,
                None => gotmpl::fmt::sprint_value(&a[2..3]),
            })
        }),
    );
    map.insert(
        "isset",
        Func::new(sig(vec![ss_map(), s()], GoType::bool()), |a| {
            let set = matches!(&a[0], Value::Map(m) if m.get(str_arg(a, 1)).is_some());
            Ok(Value::Bool(set))
        }),
    );
    map.insert(
        "valueOrDefault",
        Func::new(sig(vec![any(), any()], any()), |a| {
            let empty = matches!(&a[0], Value::Nil) || a[0].as_str() == Some("");
            Ok(if empty { a[1].clone() } else { a[0].clone() })
        }),
    );
    map.insert(
        "toJSON",
        Func::new(sig(vec![ss_map()], s()), |a| {
            let nil = matches!(&a[0], Value::Nil) || matches!(&a[0], Value::Map(m) if m.is_nil());
            Ok(Value::string(if nil {
                "{}".to_string()
            } else {
                marshal_or(&a[0], "{}")
            }))
        }),
    );
    map.insert(
        "fromJSON",
        Func::new(sig(vec![s()], any()), |a| {
            Ok(
                match serde_json::from_str::<serde_json::Value>(str_arg(a, 0)) {
                    Ok(v) => Value::from_json_owned(v),
                    Err(_) => Value::str("{}"),
                },
            )
        }),
    );
    map.insert(
        "structToJSON",
        Func::new(sig(vec![any()], s()), |a| {
            Ok(Value::string(if matches!(a[0], Value::Nil) {
                "{}".to_string()
            } else {
                marshal_or(&a[0], "{}")
            }))
        }),
    );
    map.insert(
        "protoToJSON",
        Func::new(sig(vec![any()], s()), |a| {
            let text = match message(&a[0]) {
                Some(m) => match mesh::ProxyConfig::from_message(m.clone()) {
                    Some(pc) => Some(mesh::proxy_config_to_json_for_env(&pc)),
                    None => mesh::message_to_json(m),
                },
                None => None,
            };
            Ok(Value::string(text.unwrap_or_else(|| "{}".to_string())))
        }),
    );
    map.insert(
        "toYaml",
        Func::new(sig(vec![any()], s()), |a| {
            Ok(Value::string(match to_serde(&a[0]) {
                Some(j) => crate::yaml::to_string(&j),
                None => String::new(),
            }))
        }),
    );
    map.insert(
        "indent",
        Func::new(sig(vec![GoType::int(), s()], s()), |a| {
            let n = match a[0] {
                Value::Int(n, _) => usize::try_from(n).unwrap_or(0),
                _ => 0,
            };
            Ok(Value::string(helpers::indent(n, str_arg(a, 1))))
        }),
    );
    map.insert(
        "directory",
        Func::new(sig(vec![s()], s()), |a| {
            Ok(Value::string(helpers::directory(str_arg(a, 0))))
        }),
    );
    map.insert(
        "contains",
        Func::new(sig(vec![s(), s()], GoType::bool()), |a| {
            Ok(Value::Bool(str_arg(a, 1).contains(str_arg(a, 0))))
        }),
    );
    map.insert(
        "toLower",
        Func::new(sig(vec![s()], s()), |a| {
            Ok(Value::string(str_arg(a, 0).to_lowercase()))
        }),
    );
    map.insert(
        "appendMultusNetwork",
        Func::new(sig(vec![s(), s()], s()), |a| {
            Ok(Value::string(helpers::append_multus_network(
                str_arg(a, 0),
                str_arg(a, 1),
            )))
        }),
    );
    map.insert(
        "env",
        Func::new(sig(vec![s(), s()], s()), move |a| {
            let value = env.get(str_arg(a, 0)).filter(|v| !v.is_empty());
            Ok(Value::string(
                value.map_or_else(|| str_arg(a, 1).to_string(), Clone::clone),
            ))
        }),
    );
    map.insert(
        "omit",
        Func::new(sig(vec![ss_map()], ss_map()).variadic(s()), |a| {
            let keys: Vec<&str> = a[1..].iter().filter_map(Value::as_str).collect();
            let kept = string_entries(&a[0])
                .into_iter()
                .filter(|(k, _)| !keys.contains(&k.as_str()))
                .collect();
            Ok(string_map_value(kept))
        }),
    );
    map.insert(
        "strdict",
        Func::new(sig(vec![], ss_map()).variadic(s()), |a| {
            let mut out = BTreeMap::new();
            for pair in a.chunks(2) {
                let key = pair[0].as_str().unwrap_or("").to_string();
                out.insert(
                    key,
                    pair.get(1)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                );
            }
            Ok(string_map_value(out))
        }),
    );
    map.insert(
        "mergeMaps",
        Func::new(sig(vec![], ss_map()).variadic(ss_map()), |a| {
            if a.is_empty() {
                return Ok(Value::Map(Map::nil(GoType::map_string_string())));
            }
            Ok(string_map_value(
                a.iter().flat_map(string_entries).collect(),
            ))
        }),
    );
    map.insert(
        "toJsonMap",
        Func::new(sig(vec![], s()).variadic(ss_map()), |a| {
            if a.is_empty() {
                return Ok(Value::str("null"));
            }
            let merged = string_map_value(a.iter().flat_map(string_entries).collect());
            Ok(Value::string(marshal_or(&merged, "")))
        }),
    );
    map.insert(
        "omitNil",
        Func::new(sig(vec![any()], any()), |a| {
            Ok(match to_serde(&a[0]) {
                Some(j) => Value::from_json_owned(helpers::omit_nil(&j)),
                None => a[0].clone(),
            })
        }),
    );
    map.insert(
        "excludeInboundPort",
        Func::new(sig(vec![any(), s()], s()), |a| {
            let port = gotmpl::fmt::sprint(&a[0..1]);
            Ok(Value::string(helpers::exclude_inbound_port(
                port.trim(),
                str_arg(a, 1),
            )))
        }),
    );
    map.insert(
        "includeInboundPorts",
        Func::new(sig(vec![any()], s()), |a| {
            Ok(Value::string(helpers::inbound_ports(
                containers(&a[0]),
                false,
            )))
        }),
    );
    map.insert(
        "applicationPorts",
        Func::new(sig(vec![any()], s()), |a| {
            Ok(Value::string(helpers::inbound_ports(
                containers(&a[0]),
                true,
            )))
        }),
    );
    for name in ["kubevirtInterfaces", "excludeInterfaces"] {
        map.insert(name, Func::new(sig(vec![s()], s()), |a| Ok(a[0].clone())));
    }
    map.insert(
        "formatDuration",
        Func::new(sig(vec![any()], s()), |a| {
            let nanos = match &a[0] {
                Value::Object(o) => match o.as_basic() {
                    Some(Value::Int(n, Kind::Int64)) => n,
                    _ => 0,
                },
                _ => 0,
            };
            Ok(Value::string(mesh::golang::duration_string(nanos)))
        }),
    );
    map.insert(
        "otelResourceAttributes",
        Func::new(sig(vec![any(), ss_map(), ss_map(), s(), any()], s()), |a| {
            // The helper's gate, read on the message first: without the setting there is nothing to compute
            // and the mesh config need not be converted to JSON.
            if !message(&a[0]).is_some_and(mesh::has_otel_semantic_conventions) {
                return Ok(Value::str(""));
            }
            let mesh_json = message(&a[0])
                .and_then(mesh::message_to_json)
                .and_then(|t| serde_json::from_str(&t).ok());
            let as_map = |v: &Value<'_>| -> Option<serde_json::Map<String, serde_json::Value>> {
                to_serde(v).and_then(|j| j.as_object().cloned())
            };
            let cs = containers(&a[4]);
            Ok(Value::string(helpers::otel_resource_attributes(
                &mesh_json.unwrap_or(serde_json::Value::Null),
                as_map(&a[1]).as_ref(),
                as_map(&a[2]).as_ref(),
                str_arg(a, 3),
                &cs,
            )))
        }),
    );
}

/// The complete function map of an injection template: Sprig, then Istio's functions.
pub fn injection_funcs(env: TemplateEnv) -> FuncMap {
    let mut map = gotmpl::sprig::funcs();
    register(&mut map, env);
    map
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// What `to_serde` produced before the direct conversion: Go's JSON of the value, read back.
    fn marshalled(v: &Value<'_>) -> serde_json::Value {
        serde_json::from_str(&gotmpl::json::marshal(v).unwrap()).unwrap()
    }

    #[test]
    fn plain_json_is_go_json_read_back() {
        let json = serde_json::json!({
            "a": {"b": [1, -2, 3.0, 9007199254740991u64, "x\"y", true, null, {}, []]},
            "limits": {"cpu": "2000m", "memory": "1024Mi"},
            "n": 0, "neg": -7, "big": 1e300, "half": 0.5, "z": -0.0
        });
        let owned = Value::from_json_owned(json.clone());
        let cases = [
            owned,
            Value::from_json(&json["a"]),
            Value::Int(-3, Kind::Int32),
            Value::Uint(7, Kind::Uint16),
            Value::Float(12.0, Kind::Float64),
            Value::Bool(false),
            Value::str("s"),
            Value::Map(Map::nil(GoType::map_string_interface())),
        ];
        let mut converted = 0;
        for v in &cases {
            if let Some(direct) = plain_json(v, 0) {
                assert_eq!(direct, marshalled(v));
                converted += 1;
            }
        }
        // Maps holding non-integral floats go the marshalling way; the rest convert directly.
        assert_eq!(converted, cases.len() - 1);
        assert!(plain_json(&Value::Float(0.5, Kind::Float64), 0).is_none());
        // What `omitNil` hands to `toYaml`: an owned map, converted directly.
        let resources = serde_json::json!({"limits": {"cpu": "2", "memory": "1Gi"}, "n": [1, 2]});
        let owned = Value::from_json_owned(resources.clone());
        assert_eq!(plain_json(&owned, 0), Some(resources));
        assert!(plain_json(&Value::Float(1.0, Kind::Float32), 0).is_none());
        assert_eq!(
            to_serde(&Value::from_json_owned(json.clone())).unwrap(),
            marshalled(&Value::from_json_owned(json.clone()))
        );
    }
}
