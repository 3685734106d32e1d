//! JSON text exactly as Go's `encoding/json` writes it: HTML-safe string escaping, Go's float formatting, map keys
//! sorted, struct fields in declaration order. Templates marshal values with it (Sprig's `toJson`, Istio's
//! `toJSON`/`structToJSON`), and Istio puts such text into annotations and env values, so it must match byte for
//! byte.

use std::fmt::Write as _;

use base64::Engine as _;
use serde_json::{Number, Value};

use crate::sprig::cast::byte_slice_bytes;
use crate::value::{Key, Kind, List, Map, ObjRef, Value as GoValue};

/// Writes `s` as a Go JSON string literal (with `<`, `>`, `&`, U+2028 and U+2029 escaped, as Go does by default).
pub fn write_str(out: &mut String, s: &str) {
    write_str_escaping(out, s, true);
}

/// [`write_str`]; `escape_html: false` leaves `<`, `>` and `&` as they are (`Encoder.SetEscapeHTML(false)`).
fn write_str_escaping(out: &mut String, s: &str, escape_html: bool) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let esc: &str = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            '\u{2028}' => "\\u2028",
            '\u{2029}' => "\\u2029",
            '<' | '>' | '&' if escape_html => "",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            let b = c as usize;
            out.push_str("\\u00");
            out.push(char::from(HEX[b >> 4]));
            out.push(char::from(HEX[b & 0xF]));
        } else {
            out.push_str(esc);
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
    out.push_str(&format_json_float(f, false));
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
    let opts = EncodeOptions {
        escape_html: true,
        pretty: false,
        host_marshal_only: true,
    };
    let text = encode(v, opts).map_err(|e| match e.strip_prefix("json: ") {
        Some(rest) => MarshalError(rest.to_string()),
        None => MarshalError(e),
    })?;
    out.push_str(&text);
    Ok(())
}

/// How to encode.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EncodeOptions {
    /// Escape `<`, `>` and `&` as `json.Marshal` does (`json.Encoder.SetEscapeHTML(false)` turns it off).
    pub escape_html: bool,
    /// Indent nested values with two spaces, as `json.MarshalIndent(v, "", "  ")`.
    pub pretty: bool,
    /// Host objects are encoded only through their own [`crate::value::Object::marshal_json`] (an object without
    /// one is an unsupported type), instead of from their fields or viewed data.
    pub host_marshal_only: bool,
}

/// Go nests at most this deep before reporting a cycle (its encoder starts checking for cycles there).
const MAX_DEPTH: usize = 1000;

/// Encodes `v` as Go's encoder would; the error is Go's message (`json: unsupported value: NaN`).
pub(crate) fn encode(v: &GoValue<'_>, opts: EncodeOptions) -> Result<String, String> {
    let mut out = String::new();
    Encoder {
        out: &mut out,
        opts,
    }
    .value(v, 0)?;
    Ok(out)
}

struct Encoder<'o> {
    out: &'o mut String,
    opts: EncodeOptions,
}

impl Encoder<'_> {
    fn newline(&mut self, depth: usize) {
        if self.opts.pretty {
            self.out.push('\n');
            for _ in 0..depth {
                self.out.push_str("  ");
            }
        }
    }

    fn value(&mut self, v: &GoValue<'_>, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            let ty = v.go_type().map_or_else(String::new, |t| t.to_string());
            return Err(format!(
                "json: unsupported value: encountered a cycle via {ty}"
            ));
        }
        match v {
            GoValue::Nil => self.out.push_str("null"),
            GoValue::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            GoValue::Int(i, _) => {
                let _ = write!(self.out, "{i}");
            }
            GoValue::Uint(u, _) => {
                let _ = write!(self.out, "{u}");
            }
            GoValue::Float(f, k) => self.float(*f, *k == Kind::Float32)?,
            GoValue::String(s) => self.string(s),
            GoValue::List(l) => self.list(l, depth)?,
            GoValue::Map(m) => self.map(m, depth)?,
            GoValue::Struct(s) => {
                let fields: Vec<(&str, &GoValue<'_>)> = s
                    .fields
                    .iter()
                    .filter(|f| f.is_exported())
                    .map(|f| (&*f.name, &f.value))
                    .collect();
                self.object(fields.into_iter(), depth)?;
            }
            GoValue::Pointer(p) => match &p.target {
                None => self.out.push_str("null"),
                Some(t) => self.value(t, depth + 1)?,
            },
            GoValue::Object(o) => self.object_value(o, depth)?,
        }
        Ok(())
    }

    fn object_value(&mut self, o: &ObjRef<'_>, depth: usize) -> Result<(), String> {
        if self.opts.host_marshal_only {
            return match o.marshal_json() {
                Some(text) => {
                    self.out.push_str(&text);
                    Ok(())
                }
                None => Err(format!("json: unsupported type: {}", o.go_type())),
            };
        }
        if let ObjRef::View(view) = o {
            self.json(view.data, depth);
            return Ok(());
        }
        if let Some(b) = o.as_basic() {
            return self.value(&b, depth);
        }
        if o.go_type().kind() == Kind::Pointer && !o.is_true() {
            self.out.push_str("null");
            return Ok(());
        }
        let fields = o.fields();
        let exported = fields
            .iter()
            .filter(|(n, _)| n.chars().next().is_some_and(char::is_uppercase))
            .map(|(n, v)| (&**n, v));
        self.object(exported, depth)
    }

    /// Host JSON data, encoded as Go encodes the `interface {}` tree it decodes to (numbers are float64).
    fn json(&mut self, j: &serde_json::Value, depth: usize) {
        match j {
            serde_json::Value::Null => self.out.push_str("null"),
            serde_json::Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            serde_json::Value::Number(n) => {
                let _ = self.float(n.as_f64().unwrap_or(0.0), false);
            }
            serde_json::Value::String(s) => self.string(s),
            serde_json::Value::Array(items) => {
                self.out.push('[');
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    self.json(item, depth + 1);
                }
                if !items.is_empty() {
                    self.newline(depth);
                }
                self.out.push(']');
            }
            serde_json::Value::Object(map) => {
                self.out.push('{');
                for (n, (k, item)) in map.iter().enumerate() {
                    if n > 0 {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    self.string(k);
                    self.out.push_str(if self.opts.pretty { ": " } else { ":" });
                    self.json(item, depth + 1);
                }
                if !map.is_empty() {
                    self.newline(depth);
                }
                self.out.push('}');
            }
        }
    }

    fn float(&mut self, f: f64, is32: bool) -> Result<(), String> {
        if !f.is_finite() {
            let text = if f.is_nan() {
                "NaN"
            } else if f > 0.0 {
                "+Inf"
            } else {
                "-Inf"
            };
            return Err(format!("json: unsupported value: {text}"));
        }
        self.out.push_str(&format_json_float(f, is32));
        Ok(())
    }

    fn string(&mut self, s: &str) {
        write_str_escaping(self.out, s, self.opts.escape_html);
    }

    fn list(&mut self, l: &List<'_>, depth: usize) -> Result<(), String> {
        let ty = l.go_type();
        if l.is_nil() && ty.kind() == Kind::Slice {
            self.out.push_str("null");
            return Ok(());
        }
        // Go encodes slices of a uint8-kinded element as base64 text.
        if ty.kind() == Kind::Slice && ty.elem().is_some_and(|e| e.kind() == Kind::Uint8) {
            let bytes = byte_slice_bytes(l);
            self.out.push('"');
            self.out
                .push_str(&base64::engine::general_purpose::STANDARD.encode(bytes));
            self.out.push('"');
            return Ok(());
        }
        self.out.push('[');
        for (n, item) in l.iter().enumerate() {
            if n > 0 {
                self.out.push(',');
            }
            self.newline(depth + 1);
            self.value(&item, depth + 1)?;
        }
        if !l.is_empty() {
            self.newline(depth);
        }
        self.out.push(']');
        Ok(())
    }

    fn map(&mut self, m: &Map<'_>, depth: usize) -> Result<(), String> {
        if m.is_nil() {
            self.out.push_str("null");
            return Ok(());
        }
        let mut entries: Vec<(String, GoValue<'_>)> = Vec::with_capacity(m.len());
        for (k, v) in m.iter() {
            let key = match k {
                Key::String(s) => s.to_string(),
                Key::Int(i) => i.to_string(),
                Key::Uint(u) => u.to_string(),
                Key::Bool(_) | Key::Float(_) => {
                    return Err(format!("json: unsupported type: {}", m.go_type()));
                }
            };
            entries.push((key, v));
        }
        entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        self.object(entries.iter().map(|(k, v)| (k.as_str(), v)), depth)
    }

    fn object<'k, 'v, 'a: 'v>(
        &mut self,
        fields: impl Iterator<Item = (&'k str, &'v GoValue<'a>)>,
        depth: usize,
    ) -> Result<(), String> {
        self.out.push('{');
        let mut any = false;
        for (n, (k, v)) in fields.enumerate() {
            if n > 0 {
                self.out.push(',');
            }
            any = true;
            self.newline(depth + 1);
            self.string(k);
            self.out.push_str(if self.opts.pretty { ": " } else { ":" });
            self.value(v, depth + 1)?;
        }
        if any {
            self.newline(depth);
        }
        self.out.push('}');
        Ok(())
    }
}

/// Go's JSON float format: shortest round-trip digits, exponent form below 1e-6 and from 1e21 (`1e+21`, `1e-7`).
pub(crate) fn format_json_float(f: f64, is32: bool) -> String {
    let abs = f.abs();
    let exp_form = abs != 0.0
        && if is32 {
            (abs as f32) < 1e-6 || (abs as f32) >= 1e21
        } else {
            !(1e-6..1e21).contains(&abs)
        };
    let mut s = match (exp_form, is32) {
        (true, true) => format!("{:e}", f as f32),
        (true, false) => format!("{f:e}"),
        (false, true) => format!("{}", f as f32),
        (false, false) => format!("{f}"),
    };
    if exp_form {
        if let Some(pos) = s.find('e') {
            if !s[pos + 1..].starts_with('-') {
                s.insert(pos + 1, '+');
            }
        }
    }
    s
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
