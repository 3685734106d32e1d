//! The typed round-trip Kubernetes' JSON serializer performs: `json.Unmarshal` (sigs.k8s.io/json, case-sensitive
//! field names) of a document into its Go type, then `json.Marshal` back.
//!
//! Effects reproduced: unknown fields are dropped; `omitempty`/`omitzero` fields holding empty/zero values are
//! dropped; non-pointer structs always appear; `null` resets a value to its type's zero; quantities are
//! canonicalised; times are printed in UTC at second precision; integers are range-checked. A document Go would
//! refuse is an error carrying Go's message.
//!
//! Known gap: number literals arrive as parsed `serde_json` numbers, so the original spelling of a float (e.g.
//! `1e3`) is lost: error messages print such numbers in Rust's notation, and a quantity written as a bare JSON
//! float is parsed from that notation.

use std::fmt;

use serde_json::{Map, Number, Value};

use super::quantity::Quantity;
use super::schema::{self, FieldDef, GoType, IntKind, Shape, StructDef};
use super::time::parse_rfc3339;

/// A document Go's decoder would reject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizeError {
    /// Go's error message (e.g. `json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.
    /// ports.containerPort of type int32`).
    pub message: String,
    /// Where the bad value sits, e.g. `spec.containers[0].ports[1].containerPort` (empty for the root).
    pub path: String,
}

impl fmt::Display for NormalizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NormalizeError {}

/// Normalises a value of the given Go type.
pub fn normalize(value: &Value, ty: &'static GoType) -> Result<Value, NormalizeError> {
    convert(value, ty).map_err(Failure::finish)
}

/// Normalises a value of the given struct type.
pub fn normalize_struct(value: &Value, def: &'static StructDef) -> Result<Value, NormalizeError> {
    match value {
        Value::Object(obj) => decode_struct(obj, def).map_err(Failure::finish),
        Value::Null => Ok(def.zero_value()),
        other => Err(Failure::type_error(other, def.go_type).finish()),
    }
}

/// Normalises a Kubernetes object whose `apiVersion`/`kind` name a root kind of the schema; `Ok(None)` when the
/// value is not an object or its kind is not in the schema.
pub fn normalize_object(value: &Value) -> Result<Option<Value>, NormalizeError> {
    let Some(obj) = value.as_object() else {
        return Ok(None);
    };
    let api_version = obj.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    match schema::root(api_version, kind) {
        Some(def) => decode_struct(obj, def).map(Some).map_err(Failure::finish),
        None => Ok(None),
    }
}

/// A path segment, innermost first while an error unwinds.
enum Seg {
    Field(&'static str),
    Index(usize),
    Key(String),
}

/// An error on its way up: the leaf problem plus the context collected while unwinding.
struct Failure {
    kind: FailureKind,
    /// Innermost struct whose field was being decoded (Go's `errorContext.Struct`).
    go_struct: Option<&'static str>,
    /// Go's field stack, innermost first.
    go_fields: Vec<&'static str>,
    segs: Vec<Seg>,
}

enum FailureKind {
    /// `UnmarshalTypeError`: what was found (`string`, `number 1.5`, ...) and the Go type wanted.
    Type {
        found: String,
        go_type: &'static str,
    },
    /// Any other error (from a type's own `UnmarshalJSON`), reported verbatim without context.
    Other(String),
}

impl Failure {
    fn new(kind: FailureKind) -> Failure {
        Failure {
            kind,
            go_struct: None,
            go_fields: Vec::new(),
            segs: Vec::new(),
        }
    }

    fn type_error(found: &Value, go_type: &'static str) -> Failure {
        Failure::new(FailureKind::Type {
            found: json_kind(found).to_string(),
            go_type,
        })
    }

    fn number_error(n: &Number, go_type: &'static str) -> Failure {
        Failure::new(FailureKind::Type {
            found: format!("number {n}"),
            go_type,
        })
    }

    fn in_field(mut self, def: &'static StructDef, field: &'static FieldDef) -> Failure {
        if self.go_struct.is_none() {
            self.go_struct = Some(short_name(def.go_type));
        }
        self.go_fields.push(field.json_name);
        self.go_fields.extend(field.via.iter().rev());
        self.segs.push(Seg::Field(field.json_name));
        self
    }

    fn at(mut self, seg: Seg) -> Failure {
        self.segs.push(seg);
        self
    }

    fn finish(self) -> NormalizeError {
        let mut path = String::new();
        for seg in self.segs.iter().rev() {
            match seg {
                Seg::Field(f) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(f);
                }
                Seg::Index(i) => path.push_str(&format!("[{i}]")),
                Seg::Key(k) => path.push_str(&format!("[{k:?}]")),
            }
        }
        let message = match self.kind {
            FailureKind::Other(m) => m,
            FailureKind::Type { found, go_type } => {
                if self.go_struct.is_some() || !self.go_fields.is_empty() {
                    let fields: Vec<&str> = self.go_fields.iter().rev().copied().collect();
                    format!(
                        "json: cannot unmarshal {found} into Go struct field {}.{} of type {go_type}",
                        self.go_struct.unwrap_or(""),
                        fields.join(".")
                    )
                } else {
                    format!("json: cannot unmarshal {found} into Go value of type {go_type}")
                }
            }
        };
        NormalizeError { message, path }
    }
}

/// `reflect.Type.Name()` from `reflect.Type.String()`: `v1.PodSpec` → `PodSpec`.
fn short_name(go_type: &'static str) -> &'static str {
    go_type.rsplit('.').next().unwrap_or(go_type)
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn convert(v: &Value, ty: &'static GoType) -> Result<Value, Failure> {
    if v.is_null() {
        return Ok(ty.zero_value());
    }
    match ty.shape {
        Shape::Bool => match v {
            Value::Bool(_) => Ok(v.clone()),
            _ => Err(Failure::type_error(v, ty.go_type)),
        },
        Shape::String => match v {
            Value::String(_) => Ok(v.clone()),
            _ => Err(Failure::type_error(v, ty.go_type)),
        },
        Shape::Int(kind) => convert_int(v, kind, ty.go_type),
        Shape::Quantity => {
            let parsed = match v {
                Value::String(s) => Quantity::parse(s.trim()),
                other => Quantity::from_json_raw(&other.to_string()),
            };
            parsed
                .map(|q| Value::String(q.canonical()))
                .map_err(|e| Failure::new(FailureKind::Other(e.to_string())))
        }
        Shape::IntOrString => match v {
            Value::String(_) => Ok(v.clone()),
            _ => convert_int(v, IntKind::I32, "int32"),
        },
        Shape::Time => match v {
            Value::String(s) => match parse_rfc3339(s) {
                Ok(t) if t.is_zero() => Ok(Value::Null),
                Ok(t) => Ok(Value::String(t.to_rfc3339())),
                Err(m) => Err(Failure::new(FailureKind::Other(m))),
            },
            _ => Err(Failure::type_error(v, "string")),
        },
        Shape::Raw => Ok(v.clone()),
        Shape::Struct(_) => match (v, ty.struct_def()) {
            (Value::Object(obj), Some(def)) => decode_struct(obj, def),
            _ => Err(Failure::type_error(v, ty.go_type)),
        },
        Shape::Pointer(inner) => convert(v, inner),
        Shape::Slice(elem) => match v {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| convert(item, elem).map_err(|e| e.at(Seg::Index(i))))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            _ => Err(Failure::type_error(v, ty.go_type)),
        },
        Shape::Map(elem) => match v {
            Value::Object(obj) => {
                let mut out = Map::new();
                for (k, item) in obj {
                    let c = convert(item, elem).map_err(|e| e.at(Seg::Key(k.clone())))?;
                    out.insert(k.clone(), c);
                }
                Ok(Value::Object(out))
            }
            _ => Err(Failure::type_error(v, ty.go_type)),
        },
    }
}

/// A JSON number into a Go integer: `strconv.ParseInt`/`ParseUint` of the literal, then a range check.
fn convert_int(v: &Value, kind: IntKind, go_type: &'static str) -> Result<Value, Failure> {
    let Value::Number(n) = v else {
        return Err(Failure::type_error(v, go_type));
    };
    let (lo, hi) = kind.range();
    let as_int = n
        .as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from));
    match as_int {
        Some(i) if i >= lo && i <= hi => Ok(Value::Number(n.clone())),
        _ => Err(Failure::number_error(n, go_type)),
    }
}

fn decode_struct(obj: &Map<String, Value>, def: &'static StructDef) -> Result<Value, Failure> {
    let mut out = Map::new();
    for f in def.fields {
        let value = match obj.get(f.json_name) {
            Some(v) => convert(v, f.ty).map_err(|e| e.in_field(def, f))?,
            None if f.omit_zero || (f.omit_empty && f.ty.omitempty_applies()) => continue,
            None => f.ty.zero_value(),
        };
        if (f.omit_empty && is_empty(&value, f.ty)) || (f.omit_zero && is_zero(&value, f.ty)) {
            continue;
        }
        out.insert(f.json_name.to_string(), value);
    }
    Ok(Value::Object(out))
}

/// Go's `isEmptyValue` on the marshalled value: false, 0, "", nil pointer, empty or nil slice/map. Structs
/// (including `Quantity`, `IntOrString`, `Time`) are never empty.
fn is_empty(v: &Value, ty: &GoType) -> bool {
    match ty.shape {
        Shape::Bool => v == &Value::Bool(false),
        Shape::String => v.as_str() == Some(""),
        Shape::Int(_) => is_number_zero(v),
        Shape::Pointer(_) => v.is_null(),
        Shape::Slice(_) => v.is_null() || v.as_array().is_some_and(Vec::is_empty),
        Shape::Map(_) => v.is_null() || v.as_object().is_some_and(Map::is_empty),
        Shape::Struct(_) | Shape::Quantity | Shape::IntOrString | Shape::Time | Shape::Raw => false,
    }
}

/// `omitzero`: the type's `IsZero` method or its Go zero value. Nil (not empty) slices and maps only; for plain
/// structs the marshalled value is compared with the zero struct's.
fn is_zero(v: &Value, ty: &GoType) -> bool {
    match ty.shape {
        Shape::Bool | Shape::String | Shape::Int(_) => is_empty(v, ty),
        Shape::Pointer(_) | Shape::Slice(_) | Shape::Map(_) | Shape::Time | Shape::Raw => {
            v.is_null()
        }
        Shape::Quantity => v.as_str() == Some("0"),
        Shape::IntOrString => is_number_zero(v),
        Shape::Struct(_) => *v == ty.zero_value(),
    }
}

fn is_number_zero(v: &Value) -> bool {
    v.as_i64() == Some(0) || v.as_u64() == Some(0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
