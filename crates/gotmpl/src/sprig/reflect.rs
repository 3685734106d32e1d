//! Sprig reflection functions: `typeOf` (Go's `%T`), `typeIs`, `typeIsLike`, `kindOf`
//! (`reflect.Value.Kind().String()`), `kindIs` and `deepEqual` (`reflect.DeepEqual`).

use crate::func::{Func, FuncMap, Signature};
use crate::value::{deep_equal, GoType, Value};

/// Go's `fmt.Sprintf("%T", v)`: the dynamic type, `<nil>` for the nil interface.
pub(crate) fn type_of(v: &Value<'_>) -> String {
    v.go_type()
        .map_or_else(|| "<nil>".to_string(), |t| t.to_string())
}

/// `reflect.ValueOf(v).Kind().String()`.
pub(crate) fn kind_of(v: &Value<'_>) -> &'static str {
    v.kind().name()
}

fn arg<'v, 'a>(args: &'v [Value<'a>], i: usize) -> &'v Value<'a> {
    args.get(i).unwrap_or(&Value::Nil)
}

fn text<'v>(args: &'v [Value<'_>], i: usize) -> &'v str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

/// Registers the reflection functions.
pub(crate) fn register(map: &mut FuncMap) {
    let one = || Signature::new(vec![GoType::interface()], GoType::string());
    let test = || Signature::new(vec![GoType::string(), GoType::interface()], GoType::bool());
    map.insert(
        "typeOf",
        Func::new(one(), |args| Ok(Value::string(type_of(arg(args, 0))))),
    );
    map.insert(
        "kindOf",
        Func::new(one(), |args| Ok(Value::str(kind_of(arg(args, 0))))),
    );
    map.insert(
        "typeIs",
        Func::new(test(), |args| {
            Ok(Value::Bool(text(args, 0) == type_of(arg(args, 1))))
        }),
    );
    map.insert(
        "typeIsLike",
        Func::new(test(), |args| {
            let (target, t) = (text(args, 0), type_of(arg(args, 1)));
            Ok(Value::Bool(
                target == t || t.strip_prefix('*') == Some(target),
            ))
        }),
    );
    map.insert(
        "deepEqual",
        Func::new(
            Signature::new(vec![GoType::interface(); 2], GoType::bool()),
            |args| Ok(Value::Bool(deep_equal(arg(args, 0), arg(args, 1)))),
        ),
    );
    map.insert(
        "kindIs",
        Func::new(test(), |args| {
            Ok(Value::Bool(text(args, 0) == kind_of(arg(args, 1))))
        }),
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::value::{Kind, List, Pointer};

    fn call<'a>(name: &str, args: &[Value<'a>]) -> Value<'a> {
        let mut m = FuncMap::new();
        register(&mut m);
        m.get(name).unwrap().call(args).unwrap()
    }

    #[test]
    fn type_and_kind_names() {
        assert_eq!(call("typeOf", &[Value::int(1)]).as_str(), Some("int"));
        assert_eq!(call("typeOf", &[Value::Nil]).as_str(), Some("<nil>"));
        assert_eq!(call("kindOf", &[Value::Nil]).as_str(), Some("invalid"));
        let l = Value::List(List::new(vec![], GoType::slice_of_string()));
        assert_eq!(
            call("typeOf", std::slice::from_ref(&l)).as_str(),
            Some("[]string")
        );
        assert_eq!(call("kindOf", &[l]).as_str(), Some("slice"));
        assert_eq!(
            call("kindOf", &[Value::Float(1.0, Kind::Float64)]).as_str(),
            Some("float64")
        );
    }

    #[test]
    fn predicates() {
        let p = Value::Pointer(Pointer::to(Value::str("foo")));
        assert!(matches!(
            call("typeIsLike", &[Value::str("string"), p.clone()]),
            Value::Bool(true)
        ));
        assert!(matches!(
            call("typeIs", &[Value::str("string"), p.clone()]),
            Value::Bool(false)
        ));
        assert!(matches!(
            call("kindIs", &[Value::str("ptr"), p]),
            Value::Bool(true)
        ));
        assert!(matches!(
            call("kindIs", &[Value::str("string"), Value::int(1)]),
            Value::Bool(false)
        ));
    }
}
