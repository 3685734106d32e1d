//! Sprig's default functions (`defaults.go`): `default`, `empty`, `coalesce`, `all`, `any`, `ternary`.
//! Emptiness is Sprig's `empty` (see [`super::cast::is_empty`]). The JSON functions of the same Go file are in
//! `encoding`, `compact` with the lists and `deepCopy` with the dicts.

use super::cast::is_empty;
use super::util::{arg, bool_arg, def};
use crate::func::{FuncMap, Signature};
use crate::value::{GoType, Value};

/// Installs the default functions.
pub(crate) fn register(map: &mut FuncMap) {
    let iface = GoType::interface;
    def(
        map,
        "default",
        Signature::new(vec![iface()], iface()).variadic(iface()),
        |a| {
            let d = arg(a, 0)?;
            Ok(match a.get(1) {
                Some(given) if !is_empty(given) => given.clone(),
                _ => d.clone(),
            })
        },
    );
    def(
        map,
        "empty",
        Signature::new(vec![iface()], GoType::bool()),
        |a| Ok(Value::Bool(is_empty(arg(a, 0)?))),
    );
    def(
        map,
        "coalesce",
        Signature::new(vec![], iface()).variadic(iface()),
        |a| {
            Ok(a.iter()
                .find(|v| !is_empty(v))
                .cloned()
                .unwrap_or(Value::Nil))
        },
    );
    def(
        map,
        "all",
        Signature::new(vec![], GoType::bool()).variadic(iface()),
        |a| Ok(Value::Bool(a.iter().all(|v| !is_empty(v)))),
    );
    def(
        map,
        "any",
        Signature::new(vec![], GoType::bool()).variadic(iface()),
        |a| Ok(Value::Bool(a.iter().any(|v| !is_empty(v)))),
    );
    def(
        map,
        "ternary",
        Signature::new(vec![iface(), iface(), GoType::bool()], iface()),
        |a| {
            let pick = if bool_arg(a, 2)? { 0 } else { 1 };
            Ok(arg(a, pick)?.clone())
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: &[Value<'static>]) -> Value<'static> {
        let mut m = FuncMap::new();
        register(&mut m);
        match m.get(name).map(|f| f.call(args)) {
            Some(Ok(v)) => v,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn defaults_follow_sprig() {
        assert_eq!(call("default", &[Value::str("d")]).as_str(), Some("d"));
        assert_eq!(
            call("default", &[Value::str("d"), Value::str("")]).as_str(),
            Some("d")
        );
        assert_eq!(
            call("default", &[Value::str("d"), Value::str("x")]).as_str(),
            Some("x")
        );
        assert!(matches!(
            call("coalesce", &[Value::int(0), Value::Nil, Value::int(2)]),
            Value::Int(2, _)
        ));
        assert!(matches!(call("coalesce", &[]), Value::Nil));
        assert!(matches!(call("all", &[]), Value::Bool(true)));
        assert!(matches!(call("any", &[]), Value::Bool(false)));
        assert!(matches!(
            call("any", &[Value::str(""), Value::int(1)]),
            Value::Bool(true)
        ));
        assert_eq!(
            call(
                "ternary",
                &[Value::str("a"), Value::str("b"), Value::Bool(false)]
            )
            .as_str(),
            Some("b")
        );
    }
}
