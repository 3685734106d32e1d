//! JSON text exactly as Go's `encoding/json` writes it: HTML-safe string escaping, Go's float formatting, map keys
//! sorted, struct fields in declaration order. Templates marshal values with it (Sprig's `toJson`, Istio's
//! `toJSON`/`structToJSON`), and Istio puts such text into annotations and env values, so it must match byte for
//! byte.

use serde_json::{Number, Value};

use crate::value::{Key, Kind, Value as GoValue};

/// Writes `s` as a Go JSON string literal (with `<`, `>`, `&`, U+2028 and U+2029 escaped, as Go does by default).
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let esc: Option<&str> = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '<' => Some("\\u003c"),
            '>' => Some("\\u003e"),
            '&' => Some("\\u0026"),
            '\u{2028}' => Some("\\u2028"),
            '\u{2029}' => Some("\\u2029"),
            c if (c as u32) < 0x20 => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => out.push_str(&format!("\\u{:04x}", c as u32)),
        }
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Writes a number as Go writes a `float64` (or an integer-typed value when the number is an integer).
pub fn write_number(out: &mut String, n: &Number) {
    if let Some(i) = n.as_i64() {
        out.push_str(&i.to_string());
    } else if let Some(u) = n.as_u64() {
        out.push_str(&u.to_string());
    } else {
        write_float(out, n.as_f64().unwrap_or(0.0));
    }
}

/// Writes a `float64` as `encoding/json` does: shortest round-trip digits, plain notation for
/// 1e-6 <= |f| < 1e21, otherwise exponent notation with at least two exponent digits trimmed (`1e-07`→`1e-7`).
pub fn write_float(out: &mut String, f: f64) {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        // Rust's `{:e}` gives the shortest digits as `1.5e-7`; Go writes `1.5e-07` then trims to `1.5e-7`,
        // and always signs the exponent.
        let s = format!("{f:e}");
        match s.split_once('e') {
            Some((mant, exp)) if exp.starts_with('-') => {
                out.push_str(mant);
                out.push_str("e-");
                out.push_str(&exp[1..]);
            }
            Some((mant, exp)) => {
                out.push_str(mant);
                out.push_str("e+");
                out.push_str(exp);
            }
            None => out.push_str(&s),
        }
    } else if f == f.trunc() && abs < 1e21 {
        out.push_str(&format!("{f:.0}"));
    } else {
        out.push_str(&format!("{f}"));
    }
}

/// Writes an untyped JSON value as Go marshals the equivalent `interface{}`: objects with sorted keys.
pub fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            // serde_json's map iterates in byte order of keys, which is Go's sort order for map keys.
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// [`write_value`] into a new string.
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v);
    out
}

/// Writes JSON objects whose keys come in a fixed order (Go struct field order), skipping omitted fields.
pub struct ObjectWriter<'o> {
    out: &'o mut String,
    first: bool,
}

impl<'o> ObjectWriter<'o> {
    /// Starts an object.
    pub fn new(out: &'o mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    /// Writes the key of the next field and returns the buffer for its value.
    pub fn key(&mut self, key: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(self.out, key);
        self.out.push(':');
        self.out
    }

    /// Writes a field holding an untyped value.
    pub fn value(&mut self, key: &str, v: &Value) {
        let out = self.key(key);
        write_value(out, v);
    }

    /// Ends the object.
    pub fn finish(self) {
        self.out.push('}');
    }
}

/// Why a value cannot be marshalled (Go's `json: unsupported value` / `unsupported type` errors).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("json: {0}")]
pub struct MarshalError(String);

/// `json.Marshal` of a template value: the JSON text Go would produce, HTML-escaped.
pub fn marshal(v: &GoValue<'_>) -> Result<String, MarshalError> {
    let mut out = String::new();
    marshal_into(&mut out, v)?;
    Ok(out)
}

/// [`marshal`], appending to `out`.
pub fn marshal_into(out: &mut String, v: &GoValue<'_>) -> Result<(), MarshalError> {
    match v {
        GoValue::Nil => out.push_str("null"),
        GoValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        GoValue::Int(i, _) => out.push_str(&i.to_string()),
        GoValue::Uint(u, _) => out.push_str(&u.to_string()),
        GoValue::Float(f, kind) => {
            if !f.is_finite() {
                return Err(MarshalError(format!(
                    "unsupported value: {}",
                    crate::json::float_name(*f)
                )));
            }
            let f = if *kind == Kind::Float32 {
                f64::from(*f as f32)
            } else {
                *f
            };
            write_float(out, f);
        }
        GoValue::String(s) => write_str(out, s),
        GoValue::List(l) if l.is_nil() && l.go_type().kind() == Kind::Slice => out.push_str("null"),
        GoValue::List(l) => {
            if l.go_type().elem().is_some_and(|e| e.kind() == Kind::Uint8)
                && l.go_type().kind() == Kind::Slice
            {
                let bytes: Vec<u8> = l
                    .iter()
                    .map(|b| {
                        if let GoValue::Uint(u, _) = b {
                            u as u8
                        } else {
                            0
                        }
                    })
                    .collect();
                write_str(out, &base64_std(&bytes));
                return Ok(());
            }
            out.push('[');
            for (i, item) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                marshal_into(out, &item)?;
            }
            out.push(']');
        }
        GoValue::Map(m) if m.is_nil() => out.push_str("null"),
        GoValue::Map(m) => {
            let mut entries: Vec<(String, GoValue<'_>)> = Vec::with_capacity(m.len());
            for (k, item) in m.iter() {
                let key = match k {
                    Key::String(s) => s.to_string(),
                    Key::Int(i) => i.to_string(),
                    Key::Uint(u) => u.to_string(),
                    Key::Bool(_) | Key::Float(_) => {
                        return Err(MarshalError(format!("unsupported type: {}", m.go_type())));
                    }
                };
                entries.push((key, item));
            }
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (k, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                marshal_into(out, item)?;
            }
            out.push('}');
        }
        GoValue::Struct(s) => {
            let mut w = ObjectWriter::new(out);
            for f in s.fields.iter().filter(|f| f.is_exported()) {
                marshal_into(w.key(&f.name), &f.value)?;
            }
            w.finish();
        }
        GoValue::Pointer(p) => match &p.target {
            Some(t) => marshal_into(out, t)?,
            None => out.push_str("null"),
        },
        GoValue::Object(o) => match o.marshal_json() {
            Some(text) => out.push_str(&text),
            None => return Err(MarshalError(format!("unsupported type: {}", o.go_type()))),
        },
    }
    Ok(())
}

fn float_name(f: f64) -> &'static str {
    if f.is_nan() {
        "NaN"
    } else if f > 0.0 {
        "+Inf"
    } else {
        "-Inf"
    }
}

fn base64_std(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_escape_like_go() {
        let mut s = String::new();
        write_str(&mut s, "a<b>&\"\\\n\u{1}\u{8}é\u{2028}");
        assert_eq!(s, r#""a\u003cb\u003e\u0026\"\\\n\u0001\bé\u2028""#);
    }

    #[test]
    fn floats_format_like_go() {
        let f = |x: f64| {
            let mut s = String::new();
            write_float(&mut s, x);
            s
        };
        assert_eq!(f(1.0), "1");
        assert_eq!(f(0.5), "0.5");
        assert_eq!(f(1e21), "1e+21");
        assert_eq!(f(1e20), "100000000000000000000");
        assert_eq!(f(1.5e-7), "1.5e-7");
        assert_eq!(f(-0.000001), "-0.000001");
        assert_eq!(f(123456789.0), "123456789");
    }

    #[test]
    fn marshals_template_values() {
        use crate::value::{Field, GoType, List, Struct};
        use std::sync::Arc;
        let j = json!({"b": [1, "x<"], "a": null});
        assert_eq!(
            marshal(&GoValue::from_json(&j)).unwrap(),
            r#"{"a":null,"b":[1,"x\u003c"]}"#
        );
        let s = Struct {
            ty: Arc::new(GoType::Struct),
            fields: vec![
                Field {
                    name: "Z".into(),
                    ty: GoType::int(),
                    value: GoValue::int(1),
                },
                Field {
                    name: "a".into(),
                    ty: GoType::int(),
                    value: GoValue::int(2),
                },
                Field {
                    name: "B".into(),
                    ty: GoType::slice_of_string(),
                    value: GoValue::List(List::nil(GoType::slice_of_string())),
                },
            ],
        };
        assert_eq!(
            marshal(&GoValue::Struct(Arc::new(s))).unwrap(),
            r#"{"Z":1,"B":null}"#
        );
        assert!(marshal(&GoValue::float(f64::NAN)).is_err());
        let bytes = GoValue::List(List::new(
            vec![
                GoValue::Uint(104, Kind::Uint8),
                GoValue::Uint(105, Kind::Uint8),
            ],
            Arc::new(GoType::Slice(GoType::basic(Kind::Uint8))),
        ));
        assert_eq!(marshal(&bytes).unwrap(), r#""aGk=""#);
    }

    #[test]
    fn objects_sort_keys() {
        assert_eq!(
            to_string(&json!({"b": 1, "a": [true, null, "x"]})),
            r#"{"a":[true,null,"x"],"b":1}"#
        );
    }
}
