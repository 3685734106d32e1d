//! Go's `reflect.DeepEqual` over [`Value`]s, as Sprig's `deepEqual`, `has`, `without`, `uniq` use it.

use std::sync::Arc;

use super::{Kind, List, Map, ObjRef, Value};

/// Go's `reflect.DeepEqual(a, b)`: the dynamic types must be identical (`[]int` and `[]interface {}` differ, as
/// do `int` and `int64`), a nil slice or map differs from an empty one, maps are compared by key, floats with `==`
/// (so NaN is unequal to itself), pointers are equal when they point at deeply equal values, and the untyped nil
/// equals only itself. Host objects compare by identity, by their underlying basic value, or field by field.
pub fn deep_equal(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Nil, _) | (_, Value::Nil) => false,
        _ => a.go_type() == b.go_type() && equal_same_type(a, b),
    }
}

/// Deep equality of two values already known to have the same type.
fn equal_same_type(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x, _), Value::Int(y, _)) => x == y,
        (Value::Uint(x, _), Value::Uint(y, _)) => x == y,
        (Value::Float(x, _), Value::Float(y, _)) => x == y,
        (Value::String(x), Value::String(y)) => **x == **y,
        (Value::List(x), Value::List(y)) => lists_equal(x, y),
        (Value::Map(x), Value::Map(y)) => maps_equal(x, y),
        (Value::Struct(x), Value::Struct(y)) => {
            std::ptr::addr_eq(Arc::as_ptr(x), Arc::as_ptr(y))
                || (x.fields.len() == y.fields.len()
                    && x.fields
                        .iter()
                        .zip(&y.fields)
                        .all(|(f, g)| f.name == g.name && deep_equal(&f.value, &g.value)))
        }
        (Value::Pointer(x), Value::Pointer(y)) => match (&x.target, &y.target) {
            (None, None) => true,
            (Some(p), Some(q)) => {
                std::ptr::addr_eq(Arc::as_ptr(p), Arc::as_ptr(q)) || deep_equal(p, q)
            }
            _ => false,
        },
        (Value::Object(x), Value::Object(y)) => objects_equal(x, y),
        _ => false,
    }
}

fn lists_equal(x: &List<'_>, y: &List<'_>) -> bool {
    if x.go_type().kind() == Kind::Slice && x.is_nil() != y.is_nil() {
        return false;
    }
    x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| deep_equal(&a, &b))
}

fn maps_equal(x: &Map<'_>, y: &Map<'_>) -> bool {
    if x.is_nil() != y.is_nil() || x.len() != y.len() {
        return false;
    }
    x.iter()
        .all(|(k, v)| y.get_key(&k).is_some_and(|w| deep_equal(&v, &w)))
}

fn objects_equal(x: &ObjRef<'_>, y: &ObjRef<'_>) -> bool {
    match (x, y) {
        (ObjRef::Shared(a), ObjRef::Shared(b))
            if std::ptr::addr_eq(Arc::as_ptr(a), Arc::as_ptr(b)) =>
        {
            return true
        }
        (ObjRef::Borrowed(a), ObjRef::Borrowed(b)) if std::ptr::addr_eq(*a, *b) => return true,
        (ObjRef::View(a), ObjRef::View(b)) => return a.data == b.data,
        _ => {}
    }
    match (x.as_basic(), y.as_basic()) {
        (Some(a), Some(b)) => return deep_equal(&a, &b),
        (None, None) => {}
        _ => return false,
    }
    if x.is_true() != y.is_true() {
        return false;
    }
    let (fx, fy) = (x.fields(), y.fields());
    match x.go_type().kind() {
        // Func, chan and unsafe pointer values: only identical ones (handled above) or two nils are equal.
        Kind::Func | Kind::Chan | Kind::UnsafePointer => !x.is_true(),
        _ => {
            fx.len() == fy.len()
                && fx
                    .iter()
                    .zip(&fy)
                    .all(|((n, a), (m, b))| n == m && deep_equal(a, b))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::value::{Field, GoType, Key, Pointer, Struct};

    fn ints(v: &[i64]) -> Value<'static> {
        Value::List(List::new(
            v.iter().map(|&i| Value::int(i)).collect(),
            Arc::new(GoType::Slice(GoType::int())),
        ))
    }

    #[test]
    fn types_must_match() {
        assert!(deep_equal(&Value::int(1), &Value::int(1)));
        assert!(!deep_equal(&Value::int(1), &Value::Int(1, Kind::Int64)));
        assert!(!deep_equal(&Value::int(1), &Value::float(1.0)));
        assert!(deep_equal(&ints(&[1, 2]), &ints(&[1, 2])));
        assert!(!deep_equal(
            &ints(&[1, 2]),
            &Value::list(vec![Value::int(1), Value::int(2)])
        ));
        assert!(deep_equal(&Value::Nil, &Value::Nil));
        assert!(!deep_equal(&Value::Nil, &Value::list(vec![])));
    }

    #[test]
    fn nil_and_empty_differ() {
        let nil = Value::List(List::nil(Arc::new(GoType::Slice(GoType::int()))));
        assert!(!deep_equal(&nil, &ints(&[])));
        assert!(deep_equal(&nil, &nil.clone()));
        let nil_map = Value::Map(Map::nil(GoType::map_string_interface()));
        let empty_map = Value::map(BTreeMap::new());
        assert!(!deep_equal(&nil_map, &empty_map));
    }

    #[test]
    fn floats_and_maps() {
        assert!(!deep_equal(
            &Value::float(f64::NAN),
            &Value::float(f64::NAN)
        ));
        assert!(deep_equal(&Value::float(0.0), &Value::float(-0.0)));
        let mk = |v: i64| {
            let mut m = BTreeMap::new();
            m.insert(Key::from("a"), Value::int(v));
            m.insert(Key::from("b"), Value::list(vec![Value::Nil]));
            Value::map(m)
        };
        assert!(deep_equal(&mk(1), &mk(1)));
        assert!(!deep_equal(&mk(1), &mk(2)));
        let json = serde_json::json!({"a": 1.0});
        let mut m = BTreeMap::new();
        m.insert(Key::from("a"), Value::float(1.0));
        assert!(deep_equal(&Value::from_json(&json), &Value::map(m)));
    }

    #[test]
    fn structs_and_pointers() {
        let mk = |v: &str| {
            Value::Struct(Arc::new(Struct {
                ty: Arc::new(GoType::Named("T".into(), Arc::new(GoType::Struct))),
                fields: vec![Field {
                    name: "A".into(),
                    ty: GoType::string(),
                    value: Value::string(v),
                }],
            }))
        };
        assert!(deep_equal(&mk("x"), &mk("x")));
        assert!(!deep_equal(&mk("x"), &mk("y")));
        let p = |v: &str| Value::Pointer(Pointer::to(mk(v)));
        assert!(deep_equal(&p("x"), &p("x")));
        assert!(!deep_equal(&p("x"), &p("y")));
        let nil = Value::Pointer(Pointer::nil(Arc::new(GoType::Pointer(GoType::int()))));
        assert!(deep_equal(&nil, &nil.clone()));
        assert!(!deep_equal(
            &nil,
            &Value::Pointer(Pointer::to(Value::int(1)))
        ));
    }
}
