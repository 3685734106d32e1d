//! Legacy `github.com/golang/protobuf/jsonpb.Marshaler{}` (compact, lowerCamelCase names), as Istio's
//! `protomarshal.ToJSON`: fields in declaration order with a oneof at its first member's slot, unpopulated
//! fields omitted, enums by name, 64-bit integers quoted, Durations as `"1.500s"`, wrappers bare, map keys
//! sorted and strings escaped like `encoding/json`.

use std::fmt::Write as _;

use super::descriptor::{FieldDescriptor, Kind, Label, WellKnown};
use super::golang::{json_float, write_json_string, NANOS_PER_SECOND};
use super::message::{Message, Value};

const MAX_DURATION_SECONDS: i64 = 315_576_000_000;

/// Marshals a message to compact proto-JSON.
pub fn marshal(msg: &Message) -> Result<String, String> {
    let mut out = String::with_capacity(64);
    write_message(&mut out, msg)?;
    Ok(out)
}

fn write_message(out: &mut String, msg: &Message) -> Result<(), String> {
    let desc = msg.descriptor();
    if let Some(wk) = desc.well_known {
        return write_well_known(out, msg, wk);
    }
    out.push('{');
    let mut first = true;
    let fields = desc.fields;
    let mut i = 0;
    while i < fields.len() {
        let mut field = &fields[i];
        if let Some(oneof) = field.oneof {
            // Same walk as jsonpb: jump over as many slots as the oneof has members.
            let members = fields.iter().filter(|f| f.oneof == Some(oneof)).count();
            i += members;
            match msg.which_oneof(oneof) {
                Some(set) => field = set,
                None => continue,
            }
        } else {
            i += 1;
        }
        let Some(value) = msg.get(field) else {
            continue;
        };
        if !first {
            out.push(',');
        }
        first = false;
        out.push('"');
        out.push_str(field.json_name);
        out.push_str("\":");
        write_field_value(out, field, value)?;
    }
    out.push('}');
    Ok(())
}

fn write_field_value(
    out: &mut String,
    field: &FieldDescriptor,
    value: &Value,
) -> Result<(), String> {
    match (field.label, value) {
        (Label::Repeated, Value::List(items)) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_singular(out, field.kind, item)?;
            }
            out.push(']');
            Ok(())
        }
        (Label::Map(_), Value::Map(entries)) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(out, &k.to_string());
                out.push(':');
                write_singular(out, field.kind, v)?;
            }
            out.push('}');
            Ok(())
        }
        _ => write_singular(out, field.kind, value),
    }
}

fn write_float(out: &mut String, f: f64, bits: u32) {
    if f.is_nan() {
        out.push_str("\"NaN\"");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 {
            "\"Infinity\""
        } else {
            "\"-Infinity\""
        });
    } else {
        out.push_str(&json_float(f, bits));
    }
}

fn write_singular(out: &mut String, kind: Kind, value: &Value) -> Result<(), String> {
    match value {
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::I32(v) => {
            let _ = write!(out, "{v}");
        }
        Value::U32(v) => {
            let _ = write!(out, "{v}");
        }
        Value::I64(v) => {
            let _ = write!(out, "\"{v}\"");
        }
        Value::U64(v) => {
            let _ = write!(out, "\"{v}\"");
        }
        Value::F32(f) => write_float(out, f64::from(*f), 32),
        Value::F64(f) => write_float(out, *f, 64),
        Value::String(s) => write_json_string(out, s),
        Value::Bytes(b) => write_json_string(out, &encode_base64(b)),
        Value::Enum(n) => match kind {
            Kind::Enum(e) if e.full_name == "google.protobuf.NullValue" => out.push_str("null"),
            Kind::Enum(e) => match e.name_of(*n) {
                Some(name) => {
                    out.push('"');
                    out.push_str(name);
                    out.push('"');
                }
                None => {
                    let _ = write!(out, "{n}");
                }
            },
            _ => {
                let _ = write!(out, "{n}");
            }
        },
        Value::Message(m) => write_message(out, m)?,
        Value::List(_) | Value::Map(_) => return Err("unexpected nested collection".to_string()),
    }
    Ok(())
}

fn write_well_known(out: &mut String, msg: &Message, wk: WellKnown) -> Result<(), String> {
    let desc = msg.descriptor();
    let field = |n: u32| desc.fields.iter().find(|f| f.number == n);
    match wk {
        _ if wk.is_wrapper() => {
            let Some(f) = field(1) else { return Ok(()) };
            let zero = Value::zero(f.kind);
            match msg.get(f).or(zero.as_ref()) {
                Some(v) => write_singular(out, f.kind, v),
                None => Ok(()),
            }
        }
        WellKnown::Duration => {
            let s = match field(1).and_then(|f| msg.get(f)) {
                Some(Value::I64(s)) => *s,
                _ => 0,
            };
            let ns = match field(2).and_then(|f| msg.get(f)) {
                Some(Value::I32(n)) => i64::from(*n),
                _ => 0,
            };
            if !(-MAX_DURATION_SECONDS..=MAX_DURATION_SECONDS).contains(&s) {
                return Err(format!("seconds out of range {s}"));
            }
            if ns <= -NANOS_PER_SECOND || ns >= NANOS_PER_SECOND {
                return Err(format!(
                    "ns out of range (-{NANOS_PER_SECOND}, {NANOS_PER_SECOND})"
                ));
            }
            if (s > 0 && ns < 0) || (s < 0 && ns > 0) {
                return Err("signs of seconds and nanos do not match".to_string());
            }
            let sign = if s < 0 || ns < 0 { "-" } else { "" };
            let mut text = format!("{sign}{}.{:09}", s.unsigned_abs(), ns.unsigned_abs());
            for suffix in ["000", "000", ".000"] {
                if let Some(t) = text.strip_suffix(suffix) {
                    text.truncate(t.len());
                }
            }
            let _ = write!(out, "\"{text}s\"");
            Ok(())
        }
        WellKnown::Struct | WellKnown::ListValue => match field(1) {
            Some(f) => match msg.get(f) {
                Some(v) => write_field_value(out, f, v),
                None => {
                    out.push_str(if wk == WellKnown::Struct { "{}" } else { "[]" });
                    Ok(())
                }
            },
            None => Ok(()),
        },
        WellKnown::Value => {
            let Some((f, v)) = msg.populated().next() else {
                return Err("nil Value".to_string());
            };
            write_field_value(out, f, v)
        }
        other => Err(format!("unsupported well-known type {other:?}")),
    }
}

fn encode_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::mesh::descriptors_gen::MSG_ISTIO_MESH_V1ALPHA1_PROXYCONFIG as PC;
    use crate::mesh::jsonpb_in::apply_json;
    use serde_json::json;

    fn roundtrip(v: serde_json::Value) -> String {
        let mut m = Message::new(&PC);
        apply_json(&mut m, &v).unwrap();
        marshal(&m).unwrap()
    }

    #[test]
    fn writes_declaration_order_and_go_formats() {
        assert_eq!(
            roundtrip(
                json!({"statusPort": 1, "drainDuration": "1.5s", "configPath": "<x>", "serviceCluster": ""})
            ),
            r#"{"configPath":"\u003cx\u003e","serviceCluster":"","drainDuration":"1.500s","statusPort":1}"#
        );
        assert_eq!(
            roundtrip(
                json!({"terminationDrainDuration": "-0.000001s", "concurrency": 0, "proxyMetadata": {"b": "1", "a": "2"}})
            ),
            r#"{"concurrency":0,"proxyMetadata":{"a":"2","b":"1"},"terminationDrainDuration":"-0.000001s"}"#
        );
        assert_eq!(roundtrip(json!({"tracing": {}})), r#"{"tracing":{}}"#);
        assert_eq!(
            roundtrip(json!({"interceptionMode": "TPROXY"})),
            r#"{"interceptionMode":"TPROXY"}"#
        );
    }

    #[test]
    fn base64_encoding() {
        assert_eq!(encode_base64(b"ab"), "YWI=");
        assert_eq!(encode_base64(b"abc"), "YWJj");
    }
}
