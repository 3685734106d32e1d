//! `json.Marshal` of a typed Kubernetes value: the typed round-trip of [`super::normalize`], written with struct
//! fields in Go's declaration order (not sorted), as Istio's `structToJSON` and the `proxy.istio.io/overrides`
//! annotation show it.

use serde_json::Value;

use gotmpl::json::{write_str, write_value, ObjectWriter};

use super::normalize::{normalize, normalize_struct, NormalizeError};
use super::schema::{GoType, Shape, StructDef};

/// Go's JSON text for `data` decoded as the struct `def`.
pub fn marshal_struct(def: &'static StructDef, data: &Value) -> Result<String, NormalizeError> {
    let normalized = normalize_struct(data, def)?;
    let mut out = String::new();
    write_struct(&mut out, def, &normalized);
    Ok(out)
}

/// Go's JSON text for `data` decoded as the type `ty`.
pub fn marshal(ty: &'static GoType, data: &Value) -> Result<String, NormalizeError> {
    let normalized = normalize(data, ty)?;
    let mut out = String::new();
    write_typed(&mut out, ty, &normalized);
    Ok(out)
}

/// Writes an already normalized struct in declaration order.
fn write_struct(out: &mut String, def: &'static StructDef, data: &Value) {
    let mut w = ObjectWriter::new(out);
    for f in def.fields_in_decl_order() {
        if let Some(v) = data.get(f.json_name) {
            write_typed(w.key(f.json_name), f.ty, v);
        }
    }
    w.finish();
}

/// Writes an already normalized value of type `ty`.
fn write_typed(out: &mut String, ty: &'static GoType, v: &Value) {
    match (ty.shape, v) {
        (Shape::Pointer(inner), _) => write_typed(out, inner, v),
        (Shape::Struct(_), Value::Object(_)) => match ty.struct_def() {
            Some(def) => write_struct(out, def, v),
            None => write_value(out, v),
        },
        (Shape::Slice(elem), Value::Array(items)) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_typed(out, elem, item);
            }
            out.push(']');
        }
        (Shape::Map(elem), Value::Object(m)) => {
            out.push('{');
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write_typed(out, elem, item);
            }
            out.push('}');
        }
        _ => write_value(out, v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::schema::struct_by_name;
    use serde_json::json;

    #[test]
    fn fields_come_in_declaration_order() {
        let port = struct_by_name("corev1.ContainerPort").unwrap();
        assert_eq!(
            marshal_struct(port, &json!({"containerPort": 80, "name": "http"})).unwrap(),
            r#"{"name":"http","containerPort":80}"#
        );
        let c = struct_by_name("corev1.Container").unwrap();
        assert_eq!(
            marshal_struct(
                c,
                &json!({"image": "auto", "name": "istio-proxy", "bogus": 1})
            )
            .unwrap(),
            r#"{"name":"istio-proxy","image":"auto","resources":{}}"#
        );
    }
}
