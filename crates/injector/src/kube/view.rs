//! Kubernetes objects as Go templates see them: JSON data read through the generated type schema, answering Go
//! field names (`.ObjectMeta.Annotations`, `.Spec.Containers`, `.ReadinessProbe.HTTPGet`) with Go's zero values
//! for absent fields. Nothing is copied: a view is the schema entry plus a reference into the pod JSON.

use std::sync::{Arc, LazyLock};

use gotmpl::value::{
    GoType as TmplType, JsonType, JsonView, Kind, List, Map, ObjRef, Pointer, TypeRef,
};
use gotmpl::Value as Tmpl;
use serde_json::Value;

use super::schema::{GoType, IntKind, Shape, StructDef};

static EMPTY_OBJECT: LazyLock<Value> = LazyLock::new(|| Value::Object(Default::default()));

/// A template value for `data` seen as the struct `def` (a non-pointer struct value).
pub fn struct_view<'a>(def: &'static StructDef, data: &'a Value) -> Tmpl<'a> {
    Tmpl::Object(ObjRef::View(JsonView { ty: def, data }))
}

fn int_kind(k: IntKind) -> Kind {
    match k {
        IntKind::I8 => Kind::Int8,
        IntKind::I16 => Kind::Int16,
        IntKind::I32 => Kind::Int32,
        IntKind::I64 => Kind::Int64,
        IntKind::U8 => Kind::Uint8,
        IntKind::U16 => Kind::Uint16,
        IntKind::U32 => Kind::Uint32,
        IntKind::U64 => Kind::Uint64,
    }
}

/// The template type of a schema type (for `%T`, typed nils and map/slice element decoding).
fn tmpl_type(ty: &'static GoType) -> TypeRef {
    match ty.shape {
        Shape::Bool => TmplType::bool(),
        Shape::String | Shape::Time => TmplType::string(),
        Shape::Int(k) => TmplType::basic(int_kind(k)),
        Shape::Quantity | Shape::IntOrString | Shape::Raw => TmplType::interface(),
        Shape::Struct(_) => Arc::new(TmplType::Named(
            ty.go_type.into(),
            Arc::new(TmplType::Struct),
        )),
        Shape::Pointer(inner) => Arc::new(TmplType::Pointer(tmpl_type(inner))),
        Shape::Slice(e) => Arc::new(TmplType::Slice(tmpl_type(e))),
        Shape::Map(e) => Arc::new(TmplType::Map(TmplType::string(), tmpl_type(e))),
    }
}

/// Converts the JSON of a field of schema type `ty` (absent = `None`) to its template value.
pub fn field_value<'a>(ty: &'static GoType, data: Option<&'a Value>) -> Tmpl<'a> {
    let data = data.filter(|d| !d.is_null());
    match ty.shape {
        Shape::Pointer(inner) => match data {
            None => Tmpl::Pointer(Pointer::nil(tmpl_type(ty))),
            Some(d) => field_value(inner, Some(d)),
        },
        Shape::Struct(_) => match ty.struct_def() {
            Some(def) => struct_view(def, data.unwrap_or(&EMPTY_OBJECT)),
            None => Tmpl::Nil,
        },
        Shape::Bool => Tmpl::Bool(data.and_then(Value::as_bool).unwrap_or(false)),
        Shape::String | Shape::Time => Tmpl::str(data.and_then(Value::as_str).unwrap_or("")),
        Shape::Int(k) if k.is_unsigned() => {
            Tmpl::Uint(data.and_then(Value::as_u64).unwrap_or(0), int_kind(k))
        }
        Shape::Int(k) => Tmpl::Int(data.and_then(Value::as_i64).unwrap_or(0), int_kind(k)),
        Shape::Quantity | Shape::IntOrString | Shape::Raw => match data {
            None if matches!(ty.shape, Shape::Quantity) => Tmpl::str("0"),
            None if matches!(ty.shape, Shape::IntOrString) => Tmpl::int(0),
            None => Tmpl::Nil,
            Some(Value::Number(n)) if n.is_i64() => Tmpl::int(n.as_i64().unwrap_or(0)),
            Some(d) => Tmpl::from_json(d),
        },
        Shape::Slice(elem) => {
            let list_ty = tmpl_type(ty);
            match data.and_then(Value::as_array) {
                None => Tmpl::List(List::nil(list_ty)),
                Some(items) if elem_needs_view(elem) => Tmpl::List(List::new(
                    items.iter().map(|i| field_value(elem, Some(i))).collect(),
                    list_ty,
                )),
                Some(items) => Tmpl::List(List::json(items, list_ty)),
            }
        }
        Shape::Map(elem) => {
            let map_ty = tmpl_type(ty);
            match data.and_then(Value::as_object) {
                None => Tmpl::Map(Map::nil(map_ty)),
                Some(m) if elem_needs_view(elem) => Tmpl::Map(Map::new(
                    m.iter()
                        .map(|(k, v)| (k.as_str().into(), field_value(elem, Some(v))))
                        .collect(),
                    map_ty,
                )),
                Some(m) => Tmpl::Map(Map::json(m, map_ty)),
            }
        }
    }
}

/// Whether elements of this type need schema-driven conversion rather than plain typed JSON decoding.
fn elem_needs_view(elem: &'static GoType) -> bool {
    matches!(
        elem.strip_pointers().shape,
        Shape::Struct(_) | Shape::Quantity | Shape::IntOrString | Shape::Raw
    )
}

impl JsonType for StructDef {
    fn go_type(&self) -> TypeRef {
        Arc::new(TmplType::Named(
            self.go_type.into(),
            Arc::new(TmplType::Struct),
        ))
    }

    fn field<'a>(&'static self, data: &'a Value, name: &str) -> Option<Tmpl<'a>> {
        let f = self.field_by_go_name(name)?;
        Some(field_value(f.ty, data.get(f.json_name)))
    }

    fn fields<'a>(&'static self, data: &'a Value) -> Vec<(Arc<str>, Tmpl<'a>)> {
        self.fields
            .iter()
            .map(|f| {
                (
                    Arc::from(f.go_name),
                    field_value(f.ty, data.get(f.json_name)),
                )
            })
            .collect()
    }

    fn marshal_json(&'static self, data: &Value) -> Option<String> {
        super::marshal::marshal_struct(self, data).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::schema::struct_by_name;
    use serde_json::json;

    fn render(text: &str, data: &Tmpl<'_>) -> String {
        let mut t = gotmpl::Templates::new();
        t.parse("t", text).unwrap();
        let mut out = String::new();
        t.execute("t", data, &mut out).unwrap();
        out
    }

    #[test]
    fn go_names_and_zero_values() {
        let pod = json!({"metadata": {"name": "p", "annotations": {"a": "1"}},
            "spec": {"containers": [{"name": "app", "ports": [{"containerPort": 80}],
                "readinessProbe": {"httpGet": {"port": 8080}}}]}});
        let v = struct_view(struct_by_name("corev1.Pod").unwrap(), &pod);
        assert_eq!(render("{{.ObjectMeta.Name}} {{index .ObjectMeta.Annotations \"a\"}} {{len .ObjectMeta.Labels}}", &v), "p 1 0");
        assert_eq!(
            render("{{range .Spec.Containers}}{{.Name}}:{{(index .Ports 0).ContainerPort}}:{{.ReadinessProbe.HTTPGet.Port}}{{end}}", &v),
            "app:80:8080"
        );
        assert_eq!(
            render(
                "{{if .Spec.SecurityContext}}y{{else}}n{{end}}{{.Spec.HostNetwork}}",
                &v
            ),
            "nfalse"
        );
    }
}
