//! The typed round-trip Kubernetes' JSON serializer performs: `json.Unmarshal` (sigs.k8s.io/json, case-sensitive
//! field names) of a document into its Go type, then `json.Marshal` back.
//!
//! Effects reproduced: unknown fields are dropped; `omitempty`/`omitzero` fields holding empty/zero values are
//! dropped; non-pointer structs always appear; `null` resets a value to its type's zero; quantities are
//! canonicalised; times are printed in UTC at second precision; integers are range-checked. A document Go would
//! refuse is an error carrying Go's message.
//!
//! Normalisation works in place (no string is copied unless it changes); the `&Value` entry points clone first.
//!
//! Known gaps: number literals arrive as parsed `serde_json` numbers, so the original spelling of a float (e.g.
//! `1e3`) is lost: error messages print such numbers in Rust's notation, and a quantity written as a bare JSON
//! float is parsed from that notation. When several fields are mistyped, Go reports the first in document order,
//! we the first in sorted key order.

use std::fmt;

use serde_json::{Map, Number, Value};

use super::quantity::Quantity;
use super::schema::{self, GoType, IntKind, Shape, StructDef};
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
    let mut v = value.clone();
    normalize_in_place(&mut v, ty)?;
    Ok(v)
}

/// Normalises a value of the given Go type in place; on error the value is left partly normalised.
pub fn normalize_in_place(value: &mut Value, ty: &'static GoType) -> Result<(), NormalizeError> {
    Decoder::default().run(|d| d.convert(value, ty))
}

/// Normalises a value of the given struct type.
pub fn normalize_struct(value: &Value, def: &'static StructDef) -> Result<Value, NormalizeError> {
    let mut v = value.clone();
    normalize_struct_in_place(&mut v, def)?;
    Ok(v)
}

/// Normalises a value of the given struct type in place; on error the value is left partly normalised.
pub fn normalize_struct_in_place(
    value: &mut Value,
    def: &'static StructDef,
) -> Result<(), NormalizeError> {
    Decoder::default().run(|d| match value {
        Value::Object(obj) => d.decode_struct(obj, def),
        Value::Null => {
            *value = def.zero_value();
            Ok(())
        }
        other => {
            d.type_error(json_kind(other).to_string(), def.go_type);
            Ok(())
        }
    })
}

/// Normalises a Kubernetes object whose `kind` names a root kind of the schema, resolved by kind alone whatever
/// the `apiVersion` (kube-inject registers its kinds unversioned); `Ok(None)` when the value is not an object or
/// its kind is unknown. Use [`normalize_struct`] with [`schema::root`] for an exact (apiVersion, kind) match.
pub fn normalize_object(value: &Value) -> Result<Option<Value>, NormalizeError> {
    let Some(def) = object_root(value) else {
        return Ok(None);
    };
    let mut v = value.clone();
    normalize_struct_in_place(&mut v, def)?;
    Ok(Some(v))
}

/// [`normalize_object`] in place: `Ok(false)` (value untouched) when the kind is not in the schema.
pub fn normalize_object_in_place(value: &mut Value) -> Result<bool, NormalizeError> {
    match object_root(value) {
        Some(def) => normalize_struct_in_place(value, def).map(|()| true),
        None => Ok(false),
    }
}

fn object_root(value: &Value) -> Option<&'static StructDef> {
    let kind = value.as_object()?.get("kind")?.as_str()?;
    schema::root_by_kind(kind)
}

/// A step of the readable error path while descending; map keys are filled in only when an error unwinds.
#[derive(Clone)]
enum Seg {
    Field(&'static str),
    Index(usize),
    Key(Option<String>),
}

/// An error with its path steps, map keys still to be filled in by the enclosing map loops.
struct Pending {
    message: String,
    segs: Vec<Seg>,
}

impl Pending {
    fn finish(self) -> NormalizeError {
        let mut path = String::new();
        for seg in &self.segs {
            match seg {
                Seg::Field(f) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(f);
                }
                Seg::Index(i) => path.push_str(&format!("[{i}]")),
                Seg::Key(k) => path.push_str(&format!("[{:?}]", k.as_deref().unwrap_or(""))),
            }
        }
        NormalizeError {
            message: self.message,
            path,
        }
    }
}

/// Decoding state: Go's error context (innermost struct, field stack) and the first recorded type error.
///
/// Like Go's decoder, a type mismatch is recorded and decoding goes on (the first one recorded is reported), while
/// an error from a type's own `UnmarshalJSON` (`Quantity`, `Time`, `IntOrString`) aborts at once and wins.
#[derive(Default)]
struct Decoder {
    /// The innermost struct's `reflect.Type.String()` (shortened only for messages).
    go_struct: Option<&'static str>,
    go_fields: Vec<&'static str>,
    segs: Vec<Seg>,
    saved: Option<Pending>,
}

/// An aborting error.
struct Fatal(Pending);

impl Decoder {
    fn run(mut self, f: impl FnOnce(&mut Self) -> Result<(), Fatal>) -> Result<(), NormalizeError> {
        f(&mut self).map_err(|Fatal(p)| p.finish())?;
        match self.saved {
            Some(p) => Err(p.finish()),
            None => Ok(()),
        }
    }

    /// Go's `UnmarshalTypeError` message in the current context.
    fn type_message(&self, found: &str, go_type: &str) -> String {
        match self.go_struct {
            Some(st) => format!(
                "json: cannot unmarshal {found} into Go struct field {}.{} of type {go_type}",
                short_name(st),
                self.go_fields.join(".")
            ),
            None => format!("json: cannot unmarshal {found} into Go value of type {go_type}"),
        }
    }

    /// Records a type mismatch (the first one is reported) and lets decoding continue.
    fn type_error(&mut self, found: String, go_type: &'static str) {
        if self.saved.is_none() {
            let message = self.type_message(&found, go_type);
            self.saved = Some(Pending {
                message,
                segs: self.segs.clone(),
            });
        }
    }

    /// A type mismatch raised inside a type's own `UnmarshalJSON`: aborts, with Go's context added.
    fn fatal_type(&self, found: &str, go_type: &str) -> Fatal {
        Fatal(Pending {
            message: self.type_message(found, go_type),
            segs: self.segs.clone(),
        })
    }

    /// Any other `UnmarshalJSON` error: aborts, reported verbatim.
    fn fatal(&self, message: String) -> Fatal {
        Fatal(Pending {
            message,
            segs: self.segs.clone(),
        })
    }

    /// Records a plain type mismatch; the slot gets its zero value, as in Go.
    fn mismatch(&mut self, v: &mut Value, ty: &'static GoType) {
        self.type_error(json_kind(v).to_string(), ty.go_type);
        *v = ty.zero_value();
    }

    fn convert(&mut self, v: &mut Value, ty: &'static GoType) -> Result<(), Fatal> {
        if v.is_null() {
            if !matches!(
                ty.shape,
                Shape::Pointer(_) | Shape::Slice(_) | Shape::Map(_) | Shape::Raw | Shape::Time
            ) {
                *v = ty.zero_value();
            }
            return Ok(());
        }
        match ty.shape {
            Shape::Bool if v.is_boolean() => {}
            Shape::String if v.is_string() => {}
            Shape::Bool | Shape::String => self.mismatch(v, ty),
            Shape::Int(kind) => {
                if let Err(found) = int_check(v, kind) {
                    self.type_error(found, ty.go_type);
                    *v = ty.zero_value();
                }
            }
            Shape::Quantity => {
                let parsed = match &*v {
                    Value::String(s) => Quantity::parse(s.trim()),
                    other => Quantity::from_json_raw(&other.to_string()),
                };
                match parsed {
                    Ok(q) => {
                        let canonical = q.canonical();
                        if v.as_str() != Some(canonical.as_str()) {
                            *v = Value::String(canonical);
                        }
                    }
                    Err(e) => return Err(self.fatal(e.to_string())),
                }
            }
            Shape::IntOrString => {
                if !v.is_string() {
                    if let Err(found) = int_check(v, IntKind::I32) {
                        return Err(self.fatal_type(&found, "int32"));
                    }
                }
            }
            Shape::Time => match &*v {
                Value::String(s) => match parse_rfc3339(s) {
                    Ok(t) if t.is_zero() => *v = Value::Null,
                    Ok(t) => {
                        let formatted = t.to_rfc3339();
                        if *s != formatted {
                            *v = Value::String(formatted);
                        }
                    }
                    Err(m) => return Err(self.fatal(m)),
                },
                _ => return Err(self.fatal_type(json_kind(v), "string")),
            },
            Shape::Raw => {}
            Shape::Struct(_) => match (v, ty.struct_def()) {
                (Value::Object(obj), Some(def)) => self.decode_struct(obj, def)?,
                (v, _) => self.mismatch(v, ty),
            },
            Shape::Pointer(inner) => self.convert(v, inner)?,
            Shape::Slice(elem) => match v {
                Value::Array(items) => {
                    for (i, item) in items.iter_mut().enumerate() {
                        self.segs.push(Seg::Index(i));
                        let r = self.convert(item, elem);
                        self.segs.pop();
                        r?;
                    }
                }
                v => self.mismatch(v, ty),
            },
            Shape::Map(elem) => match v {
                Value::Object(obj) => {
                    let depth = self.segs.len();
                    for (k, item) in obj.iter_mut() {
                        let had_saved = self.saved.is_some();
                        self.segs.push(Seg::Key(None));
                        let r = self.convert(item, elem);
                        self.segs.pop();
                        if !had_saved {
                            if let Some(seg) =
                                self.saved.as_mut().and_then(|p| p.segs.get_mut(depth))
                            {
                                *seg = Seg::Key(Some(k.clone()));
                            }
                        }
                        if let Err(Fatal(mut p)) = r {
                            if let Some(seg) = p.segs.get_mut(depth) {
                                *seg = Seg::Key(Some(k.clone()));
                            }
                            return Err(Fatal(p));
                        }
                    }
                }
                v => self.mismatch(v, ty),
            },
        }
        Ok(())
    }

    fn decode_struct(
        &mut self,
        obj: &mut Map<String, Value>,
        def: &'static StructDef,
    ) -> Result<(), Fatal> {
        // One pass over the present keys: convert the known ones; unknown ones and those Go would omit are
        // removed afterwards (rare, so a plain iteration beats `retain`). `present` marks the kept fields.
        let mut present = 0u128;
        let mut doomed: Vec<String> = Vec::new();
        // Keys come in sorted order, as do the fields: each search starts after the previous key's place (a key
        // not found there is looked up in all fields, in case the map is not sorted).
        let mut from = 0;
        for (key, v) in obj.iter_mut() {
            let found = match def.field_scan(from, key) {
                None if from > 0 => def.field_scan(0, key),
                r => r,
            };
            let Some(i) = found else {
                doomed.push(key.clone());
                continue;
            };
            from = i + 1;
            let f = &def.fields[i];
            // A pointer is nil only when the input is null: a pointer to a zero `Time` marshals as null too.
            let nil_pointer = f.ty.is_pointer() && v.is_null();
            let saved_struct = self.go_struct.replace(def.go_type);
            let depth = self.go_fields.len();
            self.go_fields.extend(f.via.iter());
            self.go_fields.push(f.json_name);
            self.segs.push(Seg::Field(f.json_name));
            let r = self.convert(v, f.ty);
            self.segs.pop();
            self.go_fields.truncate(depth);
            self.go_struct = saved_struct;
            r?;
            let keep = if f.ty.is_pointer() {
                !((f.omit_empty || f.omit_zero) && nil_pointer)
            } else {
                !((f.omit_empty && is_empty(v, f.ty)) || (f.omit_zero && is_zero(v, f.ty)))
            };
            if !keep {
                doomed.push(key.clone());
            } else if i < 128 {
                present |= 1 << i;
            }
        }
        for key in &doomed {
            obj.remove(key);
        }
        // Fields Go always emits get their zero value when absent. (A field dropped above is never one of them:
        // only fields `omitempty`/`omitzero` can omit are dropped.)
        for (i, f) in def.fields.iter().enumerate() {
            if f.omit_zero || (f.omit_empty && f.ty.omitempty_applies()) {
                continue;
            }
            let here = if i < 128 {
                present & (1 << i) != 0
            } else {
                obj.contains_key(f.json_name)
            };
            if !here {
                obj.insert(f.json_name.to_string(), f.ty.zero_value());
            }
        }
        Ok(())
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

/// Whether a JSON value decodes into a Go integer of this kind (`strconv.ParseInt`/`ParseUint` of the literal,
/// then a range check); otherwise what Go's error says was found.
fn int_check(v: &Value, kind: IntKind) -> Result<(), String> {
    let Value::Number(n) = v else {
        return Err(json_kind(v).to_string());
    };
    let (lo, hi) = kind.range();
    let as_int = n
        .as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from));
    match as_int {
        Some(i) if i >= lo && i <= hi => Ok(()),
        _ => Err(number_text(n)),
    }
}

fn number_text(n: &Number) -> String {
    format!("number {n}")
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
