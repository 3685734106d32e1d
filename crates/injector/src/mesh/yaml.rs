//! YAML to JSON conversion as `sigs.k8s.io/yaml.YAMLToJSON` does it (go-yaml v2 scalar resolution: YAML 1.1
//! booleans such as `yes`/`on`, `~` nulls, base-prefixed and octal integers, non-string keys stringified),
//! producing the JSON value Istio's `protomarshal.ApplyYAML` hands to jsonpb.
//!
//! Not reproduced: `<<` merge keys (kept as ordinary keys) and go-yaml's exact syntax error texts.

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::golang::json_float;

/// Converts the first YAML document of `text` to JSON (`Value::Null` for an empty document).
pub fn yaml_to_json(text: &str) -> Result<Value, String> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, false)
        .map_err(|e| format!("error converting YAML to JSON: yaml: {e}"))?;
    if let Some(err) = builder.error {
        return Err(format!("error converting YAML to JSON: {err}"));
    }
    Ok(builder.result.unwrap_or(Value::Null))
}

enum Frame {
    Seq(Vec<Value>, usize),
    Map(Map<String, Value>, Option<String>, usize),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: Vec<(usize, Value)>,
    result: Option<Value>,
    error: Option<String>,
}

impl Builder {
    fn push_value(&mut self, value: Value, anchor: usize) {
        if anchor > 0 {
            self.anchors.push((anchor, value.clone()));
        }
        match self.stack.last_mut() {
            None => {
                if self.result.is_none() {
                    self.result = Some(value);
                }
            }
            Some(Frame::Seq(items, _)) => items.push(value),
            Some(Frame::Map(map, key, _)) => match key.take() {
                Some(k) => {
                    map.insert(k, value);
                }
                None => match key_string(&value) {
                    Ok(k) => *key = Some(k),
                    Err(e) => {
                        if self.error.is_none() {
                            self.error = Some(e);
                        }
                        *key = Some(String::new());
                    }
                },
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, _mark: Marker) {
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let value = resolve_scalar(&text, style, tag.as_ref());
                self.push_value(value, anchor);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Seq(Vec::new(), anchor)),
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Map(Map::new(), None, anchor)),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let (value, anchor) = match frame {
                        Frame::Seq(items, a) => (Value::Array(items), a),
                        Frame::Map(map, _, a) => (Value::Object(map), a),
                    };
                    self.push_value(value, anchor);
                }
            }
            Event::Alias(id) => {
                let value = self
                    .anchors
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == id)
                    .map(|(_, v)| v.clone())
                    .unwrap_or(Value::Null);
                self.push_value(value, 0);
            }
            _ => {}
        }
    }
}

/// Map keys become strings the way sigs.k8s.io/yaml converts them.
fn key_string(key: &Value) -> Result<String, String> {
    match key {
        Value::String(s) => Ok(s.clone()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                Ok(format_float_g32(f))
            } else {
                Ok(n.to_string())
            }
        }
        Value::Null => Err("unsupported map key of type: <nil>".to_string()),
        _ => Err("yaml: invalid map key".to_string()),
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 32)` for the simple cases keys take.
fn format_float_g32(f: f64) -> String {
    if f.is_nan() {
        return ".nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_string();
    }
    let v = f as f32;
    let exp = if v == 0.0 {
        0
    } else {
        v.abs().log10().floor() as i32
    };
    if !(-4..21).contains(&exp) {
        let s = format!("{v:e}");
        match s.split_once('e') {
            Some((m, e)) => {
                let (sign, digits) = e.strip_prefix('-').map_or(("+", e), |d| ("-", d));
                format!("{m}e{sign}{digits:0>2}")
            }
            None => s,
        }
    } else {
        format!("{v}")
    }
}

fn is_yaml_float(s: &str) -> bool {
    // ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    } else {
        if !digits(&mut i) {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseInt(s, 0, 64)` / `ParseUint` base detection (underscores already removed).
fn parse_go_int(s: &str) -> Option<Value> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) =
        if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, d)
        } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (2, d)
        } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (8, d)
        } else if body.len() > 1 && body.starts_with('0') {
            (8, &body[1..])
        } else {
            (10, body)
        };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if neg {
        if magnitude <= 1u64 << 63 {
            return Some(Value::Number(Number::from(
                (magnitude as i64).wrapping_neg(),
            )));
        }
        return None;
    }
    Some(Value::Number(Number::from(magnitude)))
}

/// The JSON number Go's `json.Marshal(float64)` would print, parsed back (integral values become integers).
pub fn go_float_value(f: f64) -> Value {
    if !f.is_finite() {
        return Value::Null;
    }
    let text = json_float(f, 64);
    serde_json::from_str::<Value>(&text).unwrap_or(Value::Null)
}

fn resolve_scalar(text: &str, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        let suffix = tag.suffix.as_str();
        if tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:" {
            if suffix == "str" || suffix == "binary" {
                return Value::String(text.to_string());
            }
        } else if !tag.handle.is_empty() || !suffix.is_empty() {
            return Value::String(text.to_string());
        }
    }
    if style != TScalarStyle::Plain {
        return Value::String(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Value::Bool(false)
        }
        // Infinities and NaN cannot be represented in JSON; sigs.k8s.io/yaml fails on them.
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Value::String(text.to_string()),
        _ => {}
    }
    match text.as_bytes()[0] {
        b'.' => {
            if let Ok(f) = text.parse::<f64>() {
                return go_float_value(f);
            }
        }
        b'0'..=b'9' | b'+' | b'-' => {
            let plain = text.replace('_', "");
            if let Some(v) = parse_go_int(&plain) {
                return v;
            }
            if is_yaml_float(&plain) {
                if let Ok(f) = plain.parse::<f64>() {
                    return go_float_value(f);
                }
            }
        }
        _ => {}
    }
    Value::String(text.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resolves_scalars_like_go_yaml_v2() {
        let v = yaml_to_json(
            "a: yes\nb: 'yes'\nc: 0777\nd: 1.0\ne: 1.5\nf: ~\ng: 0x10\nh: 1_000\ni: 12s\nj: -3\n1: x\ntrue: y\n",
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"a": true, "b": "yes", "c": 511, "d": 1, "e": 1.5, "f": null, "g": 16, "h": 1000,
                   "i": "12s", "j": -3, "1": "x", "true": true})
        );
    }

    #[test]
    fn handles_nesting_anchors_and_empty_documents() {
        let v = yaml_to_json("a: &x\n  b: [1, two]\nc: *x\n").unwrap();
        assert_eq!(v, json!({"a": {"b": [1, "two"]}, "c": {"b": [1, "two"]}}));
        assert_eq!(yaml_to_json("").unwrap(), Value::Null);
        assert!(yaml_to_json("a: [").is_err());
    }
}
