//! Builds [`Value`]s from the corpus data model (`README.md`, section "Data model"): YAML mappings whose first key
//! is a tag (`int`, `string`, `slice`, `map`, `struct`, `ptr`, `ref`, …) followed by modifiers (`type`, `decl`,
//! `cap`, `methods`). Scalars are read as text and typed from the tag, never from how YAML would resolve them.
//!
//! The loader knows nothing about cases or harnesses. Go-only values (`go:` funcs, channels, unsafe pointers,
//! library types, complex numbers) become opaque host objects carrying their Go type, so fixtures that contain
//! them still load; the cases that touch them carry a `requires` entry.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use gotmpl::value::{Field, Key, List, Map, Object, Pointer, Str, Struct, TypeRef};
use gotmpl::{GoType, Kind, Value};
use yaml_rust2::Yaml;

use super::yaml::scalar_text;

/// Interface type names the corpus uses in `decl`/`type` (besides `interface {}`).
const INTERFACE_NAMES: &[&str] = &["error", "Stringer", "fmt.Stringer", "I"];

/// Maximum nesting of `ref`s, guarding against fixtures that refer to themselves.
const MAX_REF_DEPTH: usize = 32;

/// Builds values for one corpus file, resolving `{ref: NAME}` against its `fixtures`.
///
/// A fixture is built once and shared by every reference to it (pointer identity is kept).
pub struct Model<'y> {
    fixtures: Option<&'y yaml_rust2::yaml::Hash>,
    cache: RefCell<HashMap<String, Value<'static>>>,
    depth: RefCell<usize>,
}

impl<'y> Model<'y> {
    /// A model for the corpus file `file` (its top-level mapping, whose `fixtures` it uses).
    pub fn new(file: &'y Yaml) -> Self {
        Model {
            fixtures: file["fixtures"].as_hash(),
            cache: RefCell::new(HashMap::new()),
            depth: RefCell::new(0),
        }
    }

    /// A model without fixtures (any `ref` fails).
    pub fn without_fixtures() -> Self {
        Model {
            fixtures: None,
            cache: RefCell::new(HashMap::new()),
            depth: RefCell::new(0),
        }
    }

    /// The fixture called `name`.
    pub fn fixture(&self, name: &str) -> Result<Value<'static>, String> {
        if let Some(v) = self.cache.borrow().get(name) {
            return Ok(v.clone());
        }
        let node = self
            .fixtures
            .and_then(|f| f.get(&Yaml::String(name.to_string())))
            .ok_or_else(|| format!("unknown fixture {name:?}"))?;
        {
            let mut depth = self.depth.borrow_mut();
            if *depth >= MAX_REF_DEPTH {
                return Err(format!("fixture {name:?}: references nest too deeply"));
            }
            *depth += 1;
        }
        let built = self.value(node);
        *self.depth.borrow_mut() -= 1;
        let v = built.map_err(|e| format!("fixture {name:?}: {e}"))?;
        self.cache.borrow_mut().insert(name.to_string(), v.clone());
        Ok(v)
    }

    /// The value a tagged data node describes. A missing node (`data` absent) is the untyped nil.
    pub fn value(&self, node: &Yaml) -> Result<Value<'static>, String> {
        let map = match node {
            Yaml::BadValue | Yaml::Null => return Ok(Value::Nil),
            Yaml::Hash(h) => h,
            other => {
                return Err(format!(
                    "data value must be a tagged mapping, got {other:?}"
                ))
            }
        };
        let (tag_node, body) = map.front().ok_or("empty data mapping")?;
        let tag = tag_node
            .as_str()
            .ok_or_else(|| format!("bad tag {tag_node:?}"))?;
        let type_mod = match node["type"] {
            Yaml::BadValue => None,
            ref t => Some(scalar_text(t).ok_or_else(|| format!("bad type {t:?}"))?),
        };
        let explicit_type = type_mod.as_deref().map(parse_type).transpose()?;
        self.tagged(tag, body, node, explicit_type)
            .map_err(|e| format!("{tag}: {e}"))
    }

    fn tagged(
        &self,
        tag: &str,
        body: &Yaml,
        node: &Yaml,
        ty: Option<TypeRef>,
    ) -> Result<Value<'static>, String> {
        if let Some(kind) = basic_kind(tag) {
            return scalar(kind, body);
        }
        match tag {
            "nil" => Ok(Value::Nil),
            "complex128" | "complex64" => {
                let kind = if tag == "complex64" {
                    Kind::Complex64
                } else {
                    Kind::Complex128
                };
                Ok(opaque(Arc::new(GoType::Basic(kind)), false))
            }
            "slice" => self.list(body, ty, true),
            "array" => self.list(body, ty, false),
            "map" => self.map(body, ty),
            "struct" => self.structure(body),
            "ptr" => self.pointer(body, ty),
            "ref" => {
                let name = body.as_str().ok_or("ref needs a fixture name")?;
                self.fixture(name)
            }
            "go" => {
                let what = scalar_text(body).ok_or("go needs a type")?;
                let is_nil = matches!(node["isnil"], Yaml::Boolean(true));
                let ty = match (what.as_str(), ty) {
                    ("func", Some(t)) => t,
                    ("func", None) => Arc::new(GoType::Func("func()".into())),
                    ("chan", t) => t.unwrap_or_else(|| Arc::new(GoType::Chan("chan int".into()))),
                    _ => match scalar_text(&node["gotype"]) {
                        Some(gotype) => parse_type(&gotype)?,
                        None => parse_type(&what)?,
                    },
                };
                Ok(opaque(ty, is_nil))
            }
            other => Err(format!("unknown tag {other:?}")),
        }
    }

    fn list(
        &self,
        body: &Yaml,
        ty: Option<TypeRef>,
        is_slice: bool,
    ) -> Result<Value<'static>, String> {
        let items = match body {
            Yaml::Null => None,
            Yaml::Array(items) => Some(
                items
                    .iter()
                    .map(|i| self.value(i))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            other => return Err(format!("expected a list, got {other:?}")),
        };
        let len = items.as_ref().map_or(0, Vec::len);
        let ty = match ty {
            Some(t) if matches!(t.kind(), Kind::Slice | Kind::Array) => t,
            // A user-named slice type (`S`): its underlying type is a slice of the elements' common type.
            Some(t) => match &*t {
                GoType::Named(name, _) => {
                    let elem = common_type(items.as_deref().unwrap_or_default());
                    let under = if is_slice {
                        GoType::Slice(elem)
                    } else {
                        GoType::Array(len, elem)
                    };
                    Arc::new(GoType::Named(name.clone(), Arc::new(under)))
                }
                _ => return Err(format!("type {t} is not a slice or array type")),
            },
            None if is_slice => GoType::slice_of_interface(),
            None => Arc::new(GoType::Array(len, GoType::interface())),
        };
        Ok(Value::List(match items {
            None => List::nil(ty),
            Some(items) => List::new(items, ty),
        }))
    }

    fn map(&self, body: &Yaml, ty: Option<TypeRef>) -> Result<Value<'static>, String> {
        let mut entries = BTreeMap::new();
        let default_ty = match body {
            Yaml::Null => {
                let ty = ty.unwrap_or_else(GoType::map_string_interface);
                return Ok(Value::Map(Map::nil(ty)));
            }
            Yaml::Hash(h) => {
                for (k, v) in h {
                    let k = scalar_text(k).ok_or_else(|| format!("bad map key {k:?}"))?;
                    entries.insert(Key::String(k.into()), self.value(v)?);
                }
                GoType::map_string_interface()
            }
            Yaml::Array(pairs) => {
                for pair in pairs {
                    let (k, v) = match pair.as_vec().map(Vec::as_slice) {
                        Some([k, v]) => (k, v),
                        _ => return Err(format!("map entry must be [key, value], got {pair:?}")),
                    };
                    let key = self.value(k)?;
                    let key = Key::from_value(&key)
                        .ok_or_else(|| format!("unsupported map key {key:?}"))?;
                    entries.insert(key, self.value(v)?);
                }
                Arc::new(GoType::Map(GoType::interface(), GoType::interface()))
            }
            other => return Err(format!("expected a mapping or pairs, got {other:?}")),
        };
        let ty = ty.unwrap_or(default_ty);
        if ty.kind() != Kind::Map {
            return Err(format!("type {ty} is not a map type"));
        }
        Ok(Value::Map(Map::new(entries, ty)))
    }

    fn structure(&self, body: &Yaml) -> Result<Value<'static>, String> {
        let name = scalar_text(&body["TypeName"]).unwrap_or_default();
        let ty = struct_type(&name);
        let mut fields = Vec::new();
        match &body["fields"] {
            Yaml::BadValue | Yaml::Null => {}
            Yaml::Hash(h) => {
                for (k, v) in h {
                    let fname = scalar_text(k).ok_or_else(|| format!("bad field name {k:?}"))?;
                    let value = self.value(v).map_err(|e| format!("field {fname}: {e}"))?;
                    let decl = match scalar_text(&v["decl"]) {
                        Some(d) => parse_decl(&d)?,
                        None => value.go_type().unwrap_or_else(GoType::interface),
                    };
                    fields.push(Field {
                        name: fname.into(),
                        ty: decl,
                        value,
                    });
                }
            }
            other => return Err(format!("fields must be a mapping, got {other:?}")),
        }
        Ok(Value::Struct(Arc::new(Struct { ty, fields })))
    }

    fn pointer(&self, body: &Yaml, ty: Option<TypeRef>) -> Result<Value<'static>, String> {
        match body {
            Yaml::Null => {
                let ty = ty.ok_or("a nil pointer needs a type")?;
                if ty.kind() != Kind::Pointer {
                    return Err(format!("type {ty} is not a pointer type"));
                }
                Ok(Value::Pointer(Pointer::nil(ty)))
            }
            _ => {
                let target = self.value(body)?;
                let mut p = Pointer::to(target);
                if let Some(t) = ty {
                    p.ty = t;
                }
                Ok(Value::Pointer(p))
            }
        }
    }
}

/// Builds one value without fixtures.
pub fn value(node: &Yaml) -> Result<Value<'static>, String> {
    Model::without_fixtures().value(node)
}

fn basic_kind(tag: &str) -> Option<Kind> {
    Some(match tag {
        "bool" => Kind::Bool,
        "int" => Kind::Int,
        "int8" => Kind::Int8,
        "int16" => Kind::Int16,
        "int32" => Kind::Int32,
        "int64" => Kind::Int64,
        "uint" => Kind::Uint,
        "uint8" => Kind::Uint8,
        "uint16" => Kind::Uint16,
        "uint32" => Kind::Uint32,
        "uint64" => Kind::Uint64,
        "uintptr" => Kind::Uintptr,
        "float" | "float64" => Kind::Float64,
        "float32" => Kind::Float32,
        "string" => Kind::String,
        _ => return None,
    })
}

/// A scalar of `kind` from the node's text.
fn scalar(kind: Kind, body: &Yaml) -> Result<Value<'static>, String> {
    let text = scalar_text(body).ok_or_else(|| format!("expected a scalar, got {body:?}"))?;
    let bad = |e: &dyn std::fmt::Display| format!("bad {kind} {text:?}: {e}");
    Ok(match kind {
        Kind::Bool => match text.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(bad(&"not true/false")),
        },
        Kind::String => Value::String(Str::Owned(text.as_str().into())),
        k if k.is_signed_int() => {
            let i: i64 = text.parse().map_err(|e| bad(&e))?;
            let fits = match k {
                Kind::Int8 => i8::try_from(i).is_ok(),
                Kind::Int16 => i16::try_from(i).is_ok(),
                Kind::Int32 => i32::try_from(i).is_ok(),
                _ => true,
            };
            if !fits {
                return Err(bad(&"out of range"));
            }
            Value::Int(i, k)
        }
        k if k.is_unsigned_int() => {
            let u: u64 = text.parse().map_err(|e| bad(&e))?;
            let fits = match k {
                Kind::Uint8 => u8::try_from(u).is_ok(),
                Kind::Uint16 => u16::try_from(u).is_ok(),
                Kind::Uint32 => u32::try_from(u).is_ok(),
                _ => true,
            };
            if !fits {
                return Err(bad(&"out of range"));
            }
            Value::Uint(u, k)
        }
        k => {
            let f = match text.as_str() {
                ".nan" | ".NaN" | ".NAN" => f64::NAN,
                ".inf" | "+.inf" | ".Inf" | "+.Inf" | ".INF" => f64::INFINITY,
                "-.inf" | "-.Inf" | "-.INF" => f64::NEG_INFINITY,
                t if k == Kind::Float32 => f64::from(t.parse::<f32>().map_err(|e| bad(&e))?),
                t => t.parse::<f64>().map_err(|e| bad(&e))?,
            };
            Value::Float(f, k)
        }
    })
}

/// The type of a struct with `TypeName` `name` (anonymous when empty).
pub fn struct_type(name: &str) -> TypeRef {
    if name.is_empty() {
        Arc::new(GoType::Struct)
    } else {
        Arc::new(GoType::Named(name.into(), Arc::new(GoType::Struct)))
    }
}

/// The common dynamic type of `items`, or `interface {}` when they differ or there are none.
fn common_type(items: &[Value<'_>]) -> TypeRef {
    let mut types = items.iter().map(Value::go_type);
    match types.next() {
        Some(Some(first)) if types.all(|t| t.as_ref() == Some(&first)) => first,
        _ => GoType::interface(),
    }
}

/// A field's declared type (`decl`): interface names become interface types.
fn parse_decl(text: &str) -> Result<TypeRef, String> {
    parse_type(text)
}

/// Parses a Go type as the corpus writes it (`[]int`, `map[string]int`, `*V`, `[3]int`, `map[int]string`,
/// `interface {}`, `func(string) string`, `*sprig.fixtureTO`). Unknown named types are taken as named structs,
/// except the interface names the corpus uses (`error`, `Stringer`, `I`).
pub fn parse_type(text: &str) -> Result<TypeRef, String> {
    let (ty, rest) = parse_prefix(text.trim())?;
    if rest.trim().is_empty() {
        Ok(ty)
    } else {
        Err(format!("trailing text {rest:?} in type {text:?}"))
    }
}

fn parse_prefix(s: &str) -> Result<(TypeRef, &str), String> {
    if let Some(rest) = s.strip_prefix('*') {
        let (elem, rest) = parse_prefix(rest)?;
        return Ok((Arc::new(GoType::Pointer(elem)), rest));
    }
    if let Some(rest) = s.strip_prefix("[]") {
        let (elem, rest) = parse_prefix(rest)?;
        return Ok((Arc::new(GoType::Slice(elem)), rest));
    }
    if let Some(rest) = s.strip_prefix('[') {
        let close = rest
            .find(']')
            .ok_or_else(|| format!("unclosed [ in {s:?}"))?;
        let n: usize = rest[..close]
            .trim()
            .parse()
            .map_err(|e| format!("bad array length in {s:?}: {e}"))?;
        let (elem, rest) = parse_prefix(&rest[close + 1..])?;
        return Ok((Arc::new(GoType::Array(n, elem)), rest));
    }
    if let Some(rest) = s.strip_prefix("map[") {
        let (key, rest) = parse_prefix(rest)?;
        let rest = rest
            .strip_prefix(']')
            .ok_or_else(|| format!("expected ] after map key in {s:?}"))?;
        let (val, rest) = parse_prefix(rest)?;
        return Ok((Arc::new(GoType::Map(key, val)), rest));
    }
    for empty in ["interface {}", "interface{}"] {
        if let Some(rest) = s.strip_prefix(empty) {
            return Ok((GoType::interface(), rest));
        }
    }
    if s.starts_with("func(") || s.starts_with("func (") {
        return Ok((Arc::new(GoType::Func(s.into())), ""));
    }
    if s.starts_with("chan ") || s.starts_with("<-chan ") {
        return Ok((Arc::new(GoType::Chan(s.into())), ""));
    }
    // A (possibly package-qualified, possibly generic) type name.
    let mut end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(s.len());
    if s[end..].starts_with('[') {
        let mut depth = 0usize;
        for (i, c) in s[end..].char_indices() {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        end += i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    let name = &s[..end];
    if name.is_empty() {
        return Err(format!("expected a type at {s:?}"));
    }
    Ok((named_type(name), &s[end..]))
}

fn named_type(name: &str) -> TypeRef {
    let basic = match name {
        "any" => return GoType::interface(),
        "byte" => Kind::Uint8,
        "rune" => Kind::Int32,
        "unsafe.Pointer" => return Arc::new(GoType::Basic(Kind::UnsafePointer)),
        "complex128" => Kind::Complex128,
        "complex64" => Kind::Complex64,
        n if INTERFACE_NAMES.contains(&n) => return Arc::new(GoType::NamedInterface(n.into())),
        n if n.contains('[') => return Arc::new(GoType::Func(n.into())),
        n => match basic_kind(n) {
            Some(k) if n != "float" => k,
            _ => return struct_type(n),
        },
    };
    GoType::basic(basic)
}

/// A Go-only value: only its type (and nil-ness) is known.
struct Opaque {
    ty: TypeRef,
    is_nil: bool,
}

impl Object<'static> for Opaque {
    fn go_type(&self) -> TypeRef {
        self.ty.clone()
    }

    fn is_true(&self) -> bool {
        !self.is_nil
    }
}

fn opaque(ty: TypeRef, is_nil: bool) -> Value<'static> {
    Value::object(Arc::new(Opaque { ty, is_nil }))
}
