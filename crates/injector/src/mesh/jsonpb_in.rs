//! Legacy `github.com/golang/protobuf/jsonpb.Unmarshaler` over a parsed JSON value, as Istio's
//! `protomarshal.ApplyJSON` uses it: fields are matched by proto name or JSON name (JSON name wins), each
//! present field replaces the current value (messages, lists and maps wholesale), `null` is skipped, and
//! type errors carry `encoding/json`'s messages.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::descriptor::{FieldDescriptor, Kind, Label, MessageDescriptor, WellKnown};
use super::golang::{json_float, parse_duration, quote, write_json_string, NANOS_PER_SECOND};
use super::message::{MapKey, Message, Value};

/// The JSON kind name `encoding/json` reports in an `UnmarshalTypeError`.
fn json_kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "bool",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn type_error(v: &Json, go_type: &str) -> String {
    format!(
        "json: cannot unmarshal {} into Go value of type {go_type}",
        json_kind(v)
    )
}

/// The literal text Go's decoder would have seen for a number.
fn number_text(n: &serde_json::Number) -> String {
    if n.is_f64() {
        n.as_f64().map(|f| json_float(f, 64)).unwrap_or_default()
    } else {
        n.to_string()
    }
}

/// Go's `trimQuote` followed by `json.Unmarshal`: a quoted value is re-read as raw JSON text (the text
/// between the quotes of its Go-encoded form).
fn unquote_number(v: &Json) -> Result<Json, String> {
    let Json::String(s) = v else {
        return Ok(v.clone());
    };
    let mut raw = String::with_capacity(s.len() + 2);
    write_json_string(&mut raw, s);
    let text = &raw[1..raw.len() - 1];
    serde_json::from_str::<Json>(text).map_err(|_| go_syntax_error(text))
}

/// The message of Go's JSON scanner for invalid input (the cases quoted numbers produce).
fn go_syntax_error(text: &str) -> String {
    let t = text.trim_start_matches([' ', '\t', '\n', '\r']);
    let mut chars = t.chars().peekable();
    let Some(&first) = chars.peek() else {
        return "unexpected end of JSON input".to_string();
    };
    let after_value = |rest: &str| -> String {
        match rest
            .trim_start_matches([' ', '\t', '\n', '\r'])
            .chars()
            .next()
        {
            Some(c) => format!("invalid character {} after top-level value", go_char(c)),
            None => "unexpected end of JSON input".to_string(),
        }
    };
    if first == '-' || first.is_ascii_digit() {
        // Go's number states; the end of input is seen as a space.
        let b: Vec<char> = t.chars().collect();
        let at = |i: usize| b.get(i).copied().unwrap_or(' ');
        let mut i = 0;
        if at(i) == '-' {
            i += 1;
            if !at(i).is_ascii_digit() {
                return format!("invalid character {} in numeric literal", go_char(at(i)));
            }
        }
        if at(i) == '0' {
            i += 1;
        } else {
            while at(i).is_ascii_digit() {
                i += 1;
            }
        }
        if at(i) == '.' {
            i += 1;
            if !at(i).is_ascii_digit() {
                return format!(
                    "invalid character {} after decimal point in numeric literal",
                    go_char(at(i))
                );
            }
            while at(i).is_ascii_digit() {
                i += 1;
            }
        }
        if at(i) == 'e' || at(i) == 'E' {
            i += 1;
            if at(i) == '+' || at(i) == '-' {
                i += 1;
            }
            if !at(i).is_ascii_digit() {
                return format!(
                    "invalid character {} in exponent of numeric literal",
                    go_char(at(i))
                );
            }
            while at(i).is_ascii_digit() {
                i += 1;
            }
        }
        let rest: String = b[i.min(b.len())..].iter().collect();
        return after_value(&rest);
    }
    if !matches!(first, '{' | '[' | '"' | 't' | 'f' | 'n') {
        return format!(
            "invalid character {} looking for beginning of value",
            go_char(first)
        );
    }
    // The longest valid prefix, then the first non-space character after it.
    match t
        .char_indices()
        .map(|(i, _)| i)
        .rev()
        .find(|i| *i > 0 && serde_json::from_str::<Json>(&t[..*i]).is_ok())
    {
        Some(i) => after_value(&t[i..]),
        None => format!(
            "invalid character {} looking for beginning of value",
            go_char(first)
        ),
    }
}

/// Go's `quoteChar` (used in JSON syntax errors).
fn go_char(c: char) -> String {
    match c {
        '\'' => "'\\''".to_string(),
        '"' => "'\"'".to_string(),
        c => {
            let q = quote(&c.to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

fn parse_int(v: &Json, go_type: &str, min: i128, max: i128) -> Result<i128, String> {
    let v = unquote_number(v)?;
    match &v {
        Json::Null => Ok(0),
        Json::Number(n) => {
            // Go sees the text `json.Marshal` wrote: integral floats below 1e21 have no fraction.
            let parsed = number_text(n).parse::<i128>().ok();
            match parsed {
                Some(i) if (min..=max).contains(&i) => Ok(i),
                _ => Err(format!(
                    "json: cannot unmarshal number {} into Go value of type {go_type}",
                    number_text(n)
                )),
            }
        }
        other => Err(type_error(other, go_type)),
    }
}

fn parse_float(v: &Json, bits: u32) -> Result<f64, String> {
    if let Json::String(s) = v {
        match s.as_str() {
            "NaN" => return Ok(f64::NAN),
            "Infinity" => return Ok(f64::INFINITY),
            "-Infinity" => return Ok(f64::NEG_INFINITY),
            _ => {}
        }
    }
    let go_type = if bits == 32 { "float32" } else { "float64" };
    let v = unquote_number(v)?;
    match &v {
        Json::Null => Ok(0.0),
        Json::Number(n) => {
            let f = n.as_f64().unwrap_or(f64::INFINITY);
            if bits == 32 && f.is_finite() && (f as f32).is_infinite() {
                return Err(format!(
                    "json: cannot unmarshal number {} into Go value of type {go_type}",
                    number_text(n)
                ));
            }
            Ok(f)
        }
        other => Err(type_error(other, go_type)),
    }
}

/// Decodes one singular value of `kind` (Go's `unmarshalSingularValue`).
fn singular(v: &Json, kind: Kind, allow_unknown: bool) -> Result<Value, String> {
    Ok(match kind {
        Kind::Bool => match v {
            Json::Bool(b) => Value::Bool(*b),
            Json::Null => Value::Bool(false),
            other => return Err(type_error(other, "bool")),
        },
        Kind::Int32 => Value::I32(parse_int(v, "int32", i32::MIN.into(), i32::MAX.into())? as i32),
        Kind::Int64 => Value::I64(parse_int(v, "int64", i64::MIN.into(), i64::MAX.into())? as i64),
        Kind::Uint32 => Value::U32(parse_int(v, "uint32", 0, u32::MAX.into())? as u32),
        Kind::Uint64 => Value::U64(parse_int(v, "uint64", 0, u64::MAX.into())? as u64),
        Kind::Float => Value::F32(parse_float(v, 32)? as f32),
        Kind::Double => Value::F64(parse_float(v, 64)?),
        Kind::String => match v {
            Json::String(s) => Value::String(s.clone()),
            Json::Null => Value::String(String::new()),
            other => return Err(type_error(other, "string")),
        },
        Kind::Bytes => match v {
            Json::String(s) => Value::Bytes(decode_base64(s)?),
            Json::Null => Value::Bytes(Vec::new()),
            other => return Err(type_error(other, "[]uint8")),
        },
        Kind::Enum(e) => match v {
            Json::String(s) => match e.number_of(s) {
                Some(n) => Value::Enum(n),
                None => {
                    let raw = serde_json::to_string(s).unwrap_or_default();
                    return Err(format!(
                        "unknown value {} for enum {}",
                        quote(&raw),
                        e.full_name
                    ));
                }
            },
            other => Value::Enum(parse_int(
                other,
                "protoreflect.EnumNumber",
                i32::MIN.into(),
                i32::MAX.into(),
            )? as i32),
        },
        Kind::Message(m) => {
            let mut msg = Message::new(m);
            unmarshal_message(&mut msg, v, allow_unknown)?;
            Value::Message(Box::new(msg))
        }
    })
}

/// Standard base64 (with padding) as `encoding/json` decodes `[]byte`.
fn decode_base64(s: &str) -> Result<Vec<u8>, String> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes: Vec<u8> = s.bytes().filter(|b| *b != b'\r' && *b != b'\n').collect();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    let mut padding = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'=' {
            padding += 1;
            continue;
        }
        let Some(pos) = ALPHABET
            .iter()
            .position(|a| a == b)
            .filter(|_| padding == 0)
        else {
            return Err(format!("illegal base64 data at input byte {i}"));
        };
        acc = (acc << 6) | pos as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    if !bytes.len().is_multiple_of(4) {
        return Err(format!("illegal base64 data at input byte {}", bytes.len()));
    }
    Ok(out)
}

/// Decodes a field value (list, map or singular), as Go's `unmarshalValue`.
fn field_value(field: &FieldDescriptor, v: &Json, allow_unknown: bool) -> Result<Value, String> {
    match field.label {
        Label::Repeated => {
            let Json::Array(items) = v else {
                return Err(type_error(v, "[]json.RawMessage"));
            };
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(singular(item, field.kind, allow_unknown)?);
            }
            Ok(Value::List(out))
        }
        Label::Map(key_kind) => {
            let Json::Object(obj) = v else {
                return Err(type_error(v, "map[string]json.RawMessage"));
            };
            let mut out = BTreeMap::new();
            for (k, item) in obj {
                let key = match key_kind {
                    Kind::String => MapKey::String(k.clone()),
                    other => {
                        let raw: Json = serde_json::from_str(k).unwrap_or(Json::String(k.clone()));
                        match singular(&raw, other, allow_unknown)? {
                            Value::Bool(b) => MapKey::Bool(b),
                            Value::I32(i) => MapKey::Int(i.into()),
                            Value::I64(i) => MapKey::Int(i),
                            Value::U32(u) => MapKey::Uint(u.into()),
                            Value::U64(u) => MapKey::Uint(u),
                            _ => MapKey::String(k.clone()),
                        }
                    }
                };
                out.insert(key, singular(item, field.kind, allow_unknown)?);
            }
            Ok(Value::Map(out))
        }
        Label::Singular => singular(v, field.kind, allow_unknown),
    }
}

/// Go's `unmarshalMessage`: merges the JSON value into `msg`.
pub fn unmarshal_message(msg: &mut Message, v: &Json, allow_unknown: bool) -> Result<(), String> {
    let desc = msg.descriptor();
    if v.is_null() && desc.well_known != Some(WellKnown::Value) {
        return Ok(());
    }
    if let Some(wk) = desc.well_known {
        return unmarshal_well_known(msg, desc, wk, v, allow_unknown);
    }
    let Json::Object(obj) = v else {
        return Err(type_error(v, "map[string]json.RawMessage"));
    };
    let mut consumed = 0usize;
    for field in desc.fields {
        let by_name = obj.get(field.name);
        let by_json = if field.json_name != field.name {
            obj.get(field.json_name)
        } else {
            None
        };
        consumed += usize::from(by_name.is_some()) + usize::from(by_json.is_some());
        let Some(raw) = by_json.or(by_name) else {
            continue;
        };
        if raw.is_null() && !is_singular_value_type(field) {
            continue;
        }
        let value = field_value(field, raw, allow_unknown)?;
        msg.set(field, value);
    }
    if !allow_unknown && consumed < obj.len() {
        if let Some(name) = obj.keys().find(|k| {
            !desc
                .fields
                .iter()
                .any(|f| f.name == k.as_str() || f.json_name == k.as_str())
        }) {
            return Err(format!(
                "unknown field {} in {}",
                quote(name),
                desc.full_name
            ));
        }
    }
    Ok(())
}

fn is_singular_value_type(field: &FieldDescriptor) -> bool {
    matches!(field.label, Label::Singular)
        && matches!(field.kind, Kind::Message(m) if m.well_known == Some(WellKnown::Value))
}

fn unmarshal_well_known(
    msg: &mut Message,
    desc: &'static MessageDescriptor,
    wk: WellKnown,
    v: &Json,
    allow_unknown: bool,
) -> Result<(), String> {
    let field = |n: u32| desc.fields.iter().find(|f| f.number == n);
    match wk {
        _ if wk.is_wrapper() => {
            if let Some(f) = field(1) {
                let value = singular(v, f.kind, allow_unknown)?;
                msg.set(f, value);
            }
            Ok(())
        }
        WellKnown::Duration => {
            let Json::String(s) = v else {
                return Err(type_error(v, "string"));
            };
            let nanos = parse_duration(s).map_err(|e| format!("bad Duration: {e}"))?;
            if let (Some(sf), Some(nf)) = (field(1), field(2)) {
                msg.set(sf, Value::I64(nanos / NANOS_PER_SECOND));
                msg.set(nf, Value::I32((nanos % NANOS_PER_SECOND) as i32));
            }
            Ok(())
        }
        WellKnown::Struct => {
            let Json::Object(obj) = v else {
                return Err(format!(
                    "bad StructValue: {}",
                    type_error(v, "map[string]json.RawMessage")
                ));
            };
            let Some(f) = field(1) else { return Ok(()) };
            let Kind::Message(value_desc) = f.kind else {
                return Ok(());
            };
            let mut map = match msg.take(f) {
                Some(Value::Map(m)) => m,
                _ => BTreeMap::new(),
            };
            for (k, item) in obj {
                let mut value = Message::new(value_desc);
                unmarshal_message(&mut value, item, allow_unknown)
                    .map_err(|e| format!("bad value in StructValue for key {}: {e}", quote(k)))?;
                map.insert(MapKey::String(k.clone()), Value::Message(Box::new(value)));
            }
            msg.set(f, Value::Map(map));
            Ok(())
        }
        WellKnown::ListValue => {
            let Json::Array(items) = v else {
                return Err(format!(
                    "bad ListValue: {}",
                    type_error(v, "[]json.RawMessage")
                ));
            };
            let Some(f) = field(1) else { return Ok(()) };
            let Kind::Message(value_desc) = f.kind else {
                return Ok(());
            };
            let mut list = match msg.take(f) {
                Some(Value::List(l)) => l,
                _ => Vec::new(),
            };
            for item in items {
                let mut value = Message::new(value_desc);
                unmarshal_message(&mut value, item, allow_unknown)?;
                list.push(Value::Message(Box::new(value)));
            }
            msg.set(f, Value::List(list));
            Ok(())
        }
        WellKnown::Value => {
            let (number, value) = match v {
                Json::Null => (1, Value::Enum(0)),
                Json::Bool(b) => (4, Value::Bool(*b)),
                Json::String(s) => (3, Value::String(s.clone())),
                Json::Number(n) => (2, Value::F64(n.as_f64().unwrap_or(0.0))),
                Json::Array(_) | Json::Object(_) => {
                    let number = if v.is_array() { 6 } else { 5 };
                    let Some(f) = field(number) else {
                        return Ok(());
                    };
                    let Kind::Message(inner_desc) = f.kind else {
                        return Ok(());
                    };
                    let mut inner = match msg.take(f) {
                        Some(Value::Message(m)) => *m,
                        _ => Message::new(inner_desc),
                    };
                    unmarshal_message(&mut inner, v, allow_unknown)?;
                    msg.set(f, Value::Message(Box::new(inner)));
                    return Ok(());
                }
            };
            if let Some(f) = field(number) {
                msg.set(f, value);
            }
            Ok(())
        }
        other => Err(format!(
            "unsupported well-known type {other:?} in {}",
            desc.full_name
        )),
    }
}

/// Istio's `protomarshal.ApplyJSON`: strict unmarshal first, and on any error a retry that ignores unknown
/// fields. Returns the error of the lenient attempt.
///
/// Like Go, the retry runs on the partially updated message; every present field is replaced again, so the
/// outcome equals a lenient decode of the original. On error the message is left partially updated.
pub fn apply_json(msg: &mut Message, v: &Json) -> Result<(), String> {
    match unmarshal_message(msg, v, false) {
        Ok(()) => Ok(()),
        Err(_) => unmarshal_message(msg, v, true),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::mesh::descriptors_gen::MSG_ISTIO_MESH_V1ALPHA1_PROXYCONFIG as PC;
    use serde_json::json;

    fn apply(v: Json) -> Result<Message, String> {
        let mut m = Message::new(&PC);
        apply_json(&mut m, &v).map(|()| m)
    }

    #[test]
    fn accepts_both_names_and_quoted_numbers() {
        let m =
            apply(json!({"proxy_admin_port": "15001", "statusPort": 1, "status_port": 2})).unwrap();
        assert_eq!(m.i32_field("proxy_admin_port"), 15001);
        assert_eq!(m.i32_field("status_port"), 1);
    }

    #[test]
    fn integral_floats_are_integers() {
        let m = apply(json!({"statusPort": 1000.0})).unwrap();
        assert_eq!(m.i32_field("status_port"), 1000);
        assert_eq!(
            apply(json!({"statusPort": 1e21})).unwrap_err(),
            "json: cannot unmarshal number 1e+21 into Go value of type int32"
        );
    }

    #[test]
    fn reports_go_type_errors() {
        assert_eq!(
            apply(json!({"statusPort": true})).unwrap_err(),
            "json: cannot unmarshal bool into Go value of type int32"
        );
        assert_eq!(
            apply(json!({"statusPort": 1.5})).unwrap_err(),
            "json: cannot unmarshal number 1.5 into Go value of type int32"
        );
        assert_eq!(
            apply(json!({"statusPort": "abc"})).unwrap_err(),
            "invalid character 'a' looking for beginning of value"
        );
        assert_eq!(
            apply(json!({"drainDuration": "abc"})).unwrap_err(),
            "bad Duration: time: invalid duration \"abc\""
        );
        assert_eq!(
            apply(json!({"interceptionMode": "FOO"})).unwrap_err(),
            "unknown value \"\\\"FOO\\\"\" for enum istio.mesh.v1alpha1.ProxyConfig.InboundInterceptionMode"
        );
        assert_eq!(
            apply(json!({"tracing": "x"})).unwrap_err(),
            "json: cannot unmarshal string into Go value of type map[string]json.RawMessage"
        );
    }

    #[test]
    fn quoted_number_syntax_errors_match_go() {
        let cases = [
            ("12 3", "invalid character '3' after top-level value"),
            ("-", "invalid character ' ' in numeric literal"),
            (
                "1.",
                "invalid character ' ' after decimal point in numeric literal",
            ),
            (
                "1e+",
                "invalid character ' ' in exponent of numeric literal",
            ),
            (
                "\"5\"",
                "invalid character '\\\\' looking for beginning of value",
            ),
            ("", "unexpected end of JSON input"),
        ];
        for (text, want) in cases {
            assert_eq!(
                apply(json!({"statusPort": text})).unwrap_err(),
                want,
                "{text:?}"
            );
        }
        assert_eq!(
            apply(json!({"statusPort": " 15 "}))
                .unwrap()
                .i32_field("status_port"),
            15
        );
    }

    #[test]
    fn unknown_fields_are_ignored_after_strict_failure() {
        let mut m = Message::new(&PC);
        assert!(unmarshal_message(&mut m, &json!({"bogus": 1}), false)
            .unwrap_err()
            .contains("unknown field \"bogus\" in istio.mesh.v1alpha1.ProxyConfig"));
        let m = apply(json!({"bogus": 1, "meshId": "m"})).unwrap();
        assert_eq!(m.string_field("mesh_id"), "m");
    }

    #[test]
    fn oneof_later_member_wins_and_null_is_skipped() {
        let m = apply(json!({"serviceCluster": "a", "tracingServiceName": "CANONICAL_NAME_ONLY", "meshId": null}))
            .unwrap();
        assert_eq!(m.string_field("service_cluster"), "");
        assert_eq!(
            m.enum_name("tracing_service_name"),
            Some("CANONICAL_NAME_ONLY")
        );
    }
}
