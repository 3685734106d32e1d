//! Sprig's dictionary functions (`dict.go`): `dict`, `get`, `set`, `unset`, `hasKey`, `pluck`, `keys`, `pick`,
//! `omit`, `values`, `merge`/`mergeOverwrite` (dario.cat/mergo v1.0.2 `Merge`/`MergeWithOverwrite` semantics),
//! `deepCopy` (mitchellh/copystructure) and `dig`.
//!
//! Go maps are references: `set`, `unset` and the merges modify the map they are given, which every other
//! reference to it sees (see [`Map::insert`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::cast::{self, strval};
use super::util::{arg, def, str_arg, type_name};
use crate::func::{FuncError, FuncMap, FuncResult, Signature};
use crate::value::{GoType, Key, Kind, List, Map, Pointer, Struct, Value};

fn map_t() -> crate::value::TypeRef {
    GoType::map_string_interface()
}

/// A `map[string]interface {}` parameter.
fn map_arg<'v, 'a>(args: &'v [Value<'a>], i: usize) -> Result<&'v Map<'a>, FuncError> {
    match arg(args, i)? {
        Value::Map(m) => Ok(m),
        other => Err(FuncError::new(format!(
            "wrong type for value; expected map[string]interface {{}}; got {}",
            type_name(other)
        ))),
    }
}

fn key(s: &str) -> Key {
    Key::String(Arc::from(s))
}

fn new_map<'a>(entries: BTreeMap<Key, Value<'a>>) -> Value<'a> {
    Value::Map(Map::new(entries, map_t()))
}

fn write_error(e: crate::value::MapWriteError) -> FuncError {
    FuncError::new(e.to_string())
}

/// Installs the dictionary functions.
pub(crate) fn register(map: &mut FuncMap) {
    let iface = GoType::interface;
    let s = GoType::string;
    def(
        map,
        "dict",
        Signature::new(vec![], map_t()).variadic(iface()),
        |a| {
            let mut entries = BTreeMap::new();
            for pair in a.chunks(2) {
                let k = key(&strval(&pair[0]));
                entries.insert(k, pair.get(1).cloned().unwrap_or(Value::str("")));
            }
            Ok(new_map(entries))
        },
    );
    def(
        map,
        "get",
        Signature::new(vec![map_t(), s()], iface()),
        |a| Ok(map_arg(a, 0)?.get(str_arg(a, 1)?).unwrap_or(Value::str(""))),
    );
    def(
        map,
        "set",
        Signature::new(vec![map_t(), s(), iface()], map_t()),
        |a| {
            let m = map_arg(a, 0)?;
            m.insert(key(str_arg(a, 1)?), arg(a, 2)?.clone())
                .map_err(write_error)?;
            Ok(Value::Map(m.clone()))
        },
    );
    def(
        map,
        "unset",
        Signature::new(vec![map_t(), s()], map_t()),
        |a| {
            let m = map_arg(a, 0)?;
            m.remove(&key(str_arg(a, 1)?)).map_err(write_error)?;
            Ok(Value::Map(m.clone()))
        },
    );
    def(
        map,
        "hasKey",
        Signature::new(vec![map_t(), s()], GoType::bool()),
        |a| {
            Ok(Value::Bool(
                map_arg(a, 0)?.contains_key(&key(str_arg(a, 1)?)),
            ))
        },
    );
    def(
        map,
        "pluck",
        Signature::new(vec![s()], GoType::slice_of_interface()).variadic(map_t()),
        |a| {
            let k = str_arg(a, 0)?;
            let mut out = Vec::new();
            for i in 1..a.len() {
                if let Some(v) = map_arg(a, i)?.get(k) {
                    out.push(v);
                }
            }
            Ok(Value::list(out))
        },
    );
    def(
        map,
        "keys",
        Signature::new(vec![], GoType::slice_of_string()).variadic(map_t()),
        |a| {
            let mut out = Vec::new();
            for i in 0..a.len() {
                out.extend(map_arg(a, i)?.iter().map(|(k, _)| key_text(&k)));
            }
            Ok(cast::string_list(out))
        },
    );
    def(
        map,
        "pick",
        Signature::new(vec![map_t()], map_t()).variadic(s()),
        |a| {
            let m = map_arg(a, 0)?;
            let mut entries = BTreeMap::new();
            for i in 1..a.len() {
                let k = key(str_arg(a, i)?);
                if let Some(v) = m.get_key(&k) {
                    entries.insert(k, v);
                }
            }
            Ok(new_map(entries))
        },
    );
    def(
        map,
        "omit",
        Signature::new(vec![map_t()], map_t()).variadic(s()),
        |a| {
            let m = map_arg(a, 0)?;
            let omit = (1..a.len())
                .map(|i| str_arg(a, i))
                .collect::<Result<Vec<_>, _>>()?;
            let entries = m
                .iter()
                .filter(|(k, _)| !matches!(k, Key::String(s) if omit.contains(&&**s)))
                .collect();
            Ok(new_map(entries))
        },
    );
    def(
        map,
        "values",
        Signature::new(vec![map_t()], GoType::slice_of_interface()),
        |a| Ok(Value::list(map_arg(a, 0)?.iter().map(|(_, v)| v).collect())),
    );
    let merge_sig = || Signature::new(vec![map_t()], iface()).variadic(map_t());
    for (name, overwrite, must) in [
        ("merge", false, false),
        ("mustMerge", false, true),
        ("mergeOverwrite", true, false),
        ("mustMergeOverwrite", true, true),
    ] {
        let sig = if must {
            merge_sig().with_error()
        } else {
            merge_sig()
        };
        def(map, name, sig, move |a| merge(a, overwrite));
    }
    def(
        map,
        "deepCopy",
        Signature::new(vec![iface()], iface()),
        |a| checked_deep_copy(arg(a, 0)?),
    );
    def(
        map,
        "mustDeepCopy",
        Signature::new(vec![iface()], iface()).with_error(),
        |a| checked_deep_copy(arg(a, 0)?),
    );
    def(
        map,
        "dig",
        Signature::new(vec![], iface())
            .variadic(iface())
            .with_error(),
        dig,
    );
}

/// A map key as the string Sprig's `keys` returns (maps passed to it always have string keys).
fn key_text(k: &Key) -> String {
    match k {
        Key::String(s) => s.to_string(),
        other => cast::sprint_v(&other.to_value(&GoType::interface())),
    }
}

/// Sprig's `merge`/`mergeOverwrite`: merges each source into the destination in place and returns it.
fn merge<'a>(args: &[Value<'a>], overwrite: bool) -> FuncResult<'a> {
    let mut dst = map_arg(args, 0)?.clone();
    for i in 1..args.len() {
        let src = map_arg(args, i)?;
        if dst.is_nil() && !src.is_nil() {
            // mergo replaces a nil destination with a new map (through the pointer Sprig passes).
            dst = Map::new(BTreeMap::new(), dst.go_type().clone());
        }
        merge_maps(&dst, src, overwrite, 0)?;
    }
    Ok(Value::Map(dst))
}

/// How deep `merge` follows nested maps before giving up (Go has no limit and crashes on a cyclic map).
const MAX_MERGE_DEPTH: usize = 100;

/// mergo's `emptyValue` check (pointers and interfaces dereferenced).
fn mergo_empty(v: &Value<'_>) -> bool {
    match v {
        Value::Pointer(p) => match &p.target {
            None => true,
            Some(t) => mergo_empty(t),
        },
        Value::Struct(_) => false,
        other => cast::is_empty(other),
    }
}

/// mergo `deepMerge` for two maps: keys missing or empty in `dst` are taken from `src` (all keys with
/// `overwrite`), nested maps are merged into in place, slices replace only when overwriting.
fn merge_maps<'a>(
    dst: &Map<'a>,
    src: &Map<'a>,
    overwrite: bool,
    depth: usize,
) -> Result<(), FuncError> {
    if depth > MAX_MERGE_DEPTH {
        return Err(FuncError::new("merge: maps nested too deeply (cyclic?)"));
    }
    if dst.is_nil() {
        // A nil map inside another cannot be replaced through reflection: mergo leaves it.
        return Ok(());
    }
    let elem_is_interface = src.go_type().elem().is_none_or(|t| t.is_interface());
    let keys: Vec<Key> = src.iter().map(|(k, _)| k).collect();
    for k in keys {
        let Some(s) = src.get_key(&k) else { continue };
        let d = dst.get_key(&k);
        let is_nil_elem = match &s {
            Value::Nil => true,
            Value::List(l) if !elem_is_interface => l.is_nil(),
            Value::Map(m) if !elem_is_interface => m.is_nil(),
            Value::Pointer(p) if !elem_is_interface => p.is_nil(),
            _ => false,
        };
        if is_nil_elem {
            if overwrite {
                dst.insert(k, s).map_err(write_error)?;
            }
            continue;
        }
        match &s {
            Value::Map(sm) => {
                if let Some(Value::Map(dm)) = &d {
                    merge_maps(dm, sm, overwrite, depth + 1)?;
                }
            }
            Value::List(sl) if sl.go_type().kind() == Kind::Slice => {
                let mut dst_slice = match &d {
                    None | Some(Value::Nil) => {
                        Value::List(List::new(Vec::new(), sl.go_type().clone()))
                    }
                    Some(v) => v.clone(),
                };
                if overwrite || dst.is_empty() {
                    dst_slice = s.clone();
                }
                dst.insert(k.clone(), dst_slice).map_err(write_error)?;
            }
            _ => {}
        }
        if let Some(dv) = &d {
            if !mergo_empty(dv) {
                let src_is_slice =
                    matches!(&s, Value::List(l) if l.go_type().kind() == Kind::Slice);
                if src_is_slice || (matches!(s, Value::Map(_)) && matches!(dv, Value::Map(_))) {
                    continue;
                }
            }
        }
        let pointer_elem = !elem_is_interface && matches!(s, Value::Pointer(_));
        if (overwrite && !pointer_elem) || d.as_ref().is_none_or(mergo_empty) {
            dst.insert(k, s).map_err(write_error)?;
        }
    }
    Ok(())
}

/// `deepCopy`/`mustDeepCopy`: copystructure fails on the nil interface with reflect's panic text.
fn checked_deep_copy<'a>(v: &Value<'a>) -> FuncResult<'a> {
    match v {
        Value::Nil => Err(FuncError::new(
            "reflect: call of reflect.Value.Type on zero Value",
        )),
        other => deep_copy(other, 0),
    }
}

/// How deep `deepCopy` follows nested values. Go has no limit (and crashes on a cyclic map); deeper values are
/// reported as an error here rather than risking the stack.
const MAX_COPY_DEPTH: usize = 100;

/// mitchellh/copystructure `Copy`: maps, slices, structs and pointers are copied recursively; nil stays nil.
fn deep_copy<'a>(v: &Value<'a>, depth: usize) -> FuncResult<'a> {
    if depth > MAX_COPY_DEPTH {
        return Err(FuncError::new(
            "deepCopy: value nested too deeply (cyclic?)",
        ));
    }
    Ok(match v {
        Value::Map(m) if m.is_nil() => v.clone(),
        Value::Map(m) => Value::Map(Map::new(
            m.iter()
                .map(|(k, e)| Ok((k, deep_copy(&e, depth + 1)?)))
                .collect::<Result<_, FuncError>>()?,
            m.go_type().clone(),
        )),
        Value::List(l) if l.is_nil() => v.clone(),
        Value::List(l) => Value::List(List::new(
            l.iter()
                .map(|e| deep_copy(&e, depth + 1))
                .collect::<Result<_, _>>()?,
            l.go_type().clone(),
        )),
        Value::Struct(s) => {
            let mut copy = Struct::clone(s);
            for f in &mut copy.fields {
                f.value = deep_copy(&f.value, depth + 1)?;
            }
            Value::Struct(Arc::new(copy))
        }
        Value::Pointer(p) => match &p.target {
            None => v.clone(),
            Some(t) => Value::Pointer(Pointer {
                target: Some(Arc::new(deep_copy(t, depth + 1)?)),
                ty: p.ty.clone(),
            }),
        },
        other => other.clone(),
    })
}

/// Go's panic text for a failed type assertion `x.(T)` on an `interface {}`.
fn assertion_error(v: &Value<'_>, want: &str) -> FuncError {
    let have = match v {
        Value::Nil => "nil".to_owned(),
        other => type_name(other),
    };
    FuncError::new(format!(
        "interface conversion: interface {{}} is {have}, not {want}"
    ))
}

/// `v.(map[string]interface {})`.
fn assert_map<'v, 'a>(v: &'v Value<'a>) -> Result<&'v Map<'a>, FuncError> {
    match v {
        Value::Map(m) if **m.go_type() == *GoType::map_string_interface() => Ok(m),
        other => Err(assertion_error(other, "map[string]interface {}")),
    }
}

/// Sprig's `dig KEY... DEFAULT DICT`: follows the keys through nested `map[string]interface {}` values.
fn dig<'a>(args: &[Value<'a>]) -> FuncResult<'a> {
    if args.len() < 3 {
        return Err(FuncError::new("dig needs at least three arguments"));
    }
    let (keys, rest) = args.split_at(args.len() - 2);
    let default = &rest[0];
    let mut current = assert_map(&rest[1])?.clone();
    let keys = keys
        .iter()
        .map(|k| match k {
            Value::String(s) => Ok(&**s),
            other => Err(assertion_error(other, "string")),
        })
        .collect::<Result<Vec<&str>, _>>()?;
    for (n, k) in keys.iter().enumerate() {
        let Some(step) = current.get(k) else {
            return Ok(default.clone());
        };
        if n + 1 == keys.len() {
            return Ok(step);
        }
        current = assert_map(&step)?.clone();
    }
    Ok(default.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funcs() -> FuncMap {
        let mut m = FuncMap::new();
        register(&mut m);
        m
    }

    fn call<'a>(name: &str, args: &[Value<'a>]) -> FuncResult<'a> {
        match funcs().get(name) {
            Some(f) => f.call(args),
            None => panic!("no {name}"),
        }
    }

    fn dict<'a>(pairs: &[(&str, Value<'a>)]) -> Value<'a> {
        new_map(pairs.iter().map(|(k, v)| (key(k), v.clone())).collect())
    }

    fn get<'a>(m: &Value<'a>, k: &str) -> Option<Value<'a>> {
        match m {
            Value::Map(m) => m.get(k),
            _ => None,
        }
    }

    #[test]
    fn set_and_unset_modify_in_place() {
        let d = dict(&[("a", Value::int(1))]);
        assert!(call("set", &[d.clone(), Value::str("b"), Value::int(2)]).is_ok());
        assert!(matches!(get(&d, "b"), Some(Value::Int(2, _))));
        assert!(call("unset", &[d.clone(), Value::str("a")]).is_ok());
        assert!(get(&d, "a").is_none());
        let nil = Value::Map(Map::nil(map_t()));
        assert_eq!(
            call("set", &[nil, Value::str("x"), Value::Nil])
                .err()
                .map(|e| e.0),
            Some("assignment to entry in nil map".to_owned())
        );
    }

    #[test]
    fn merge_follows_mergo() {
        let inner = dict(&[("x", Value::int(1))]);
        let dst = dict(&[
            ("a", Value::int(1)),
            ("b", inner.clone()),
            ("e", Value::str("")),
        ]);
        let src = dict(&[
            ("a", Value::int(2)),
            ("b", dict(&[("y", Value::int(2))])),
            ("c", Value::int(3)),
            ("e", Value::str("filled")),
        ]);
        assert!(call("merge", &[dst.clone(), src.clone()]).is_ok());
        assert!(matches!(get(&dst, "a"), Some(Value::Int(1, _))));
        assert!(matches!(get(&dst, "c"), Some(Value::Int(3, _))));
        assert_eq!(
            get(&dst, "e")
                .and_then(|v| v.as_str().map(str::to_owned))
                .as_deref(),
            Some("filled")
        );
        // The nested map was merged into in place.
        assert!(matches!(get(&inner, "y"), Some(Value::Int(2, _))));
        assert!(call("mergeOverwrite", &[dst.clone(), src]).is_ok());
        assert!(matches!(get(&dst, "a"), Some(Value::Int(2, _))));
    }

    #[test]
    fn cyclic_maps_do_not_recurse_forever() {
        let d = dict(&[("k", Value::str("v"))]);
        assert!(call("set", &[d.clone(), Value::str("self"), d.clone()]).is_ok());
        assert!(call("deepCopy", std::slice::from_ref(&d)).is_err());
        assert!(call("merge", &[d.clone(), d.clone()]).is_err());
        // Break the cycle so the test does not leak.
        assert!(call("unset", &[d, Value::str("self")]).is_ok());
    }

    #[test]
    fn dig_follows_maps() {
        let d = dict(&[("a", dict(&[("b", Value::str("v"))]))]);
        let r = call(
            "dig",
            &[Value::str("a"), Value::str("b"), Value::str("d"), d.clone()],
        );
        assert_eq!(
            r.ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .as_deref(),
            Some("v")
        );
        let r = call(
            "dig",
            &[Value::str("a"), Value::str("z"), Value::str("d"), d.clone()],
        );
        assert_eq!(
            r.ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .as_deref(),
            Some("d")
        );
        let r = call(
            "dig",
            &[
                Value::str("a"),
                Value::str("b"),
                Value::str("c"),
                Value::str("d"),
                d,
            ],
        );
        assert_eq!(
            r.err().map(|e| e.0).as_deref(),
            Some("interface conversion: interface {} is string, not map[string]interface {}")
        );
    }

    #[test]
    fn deep_copy_is_independent() {
        let d = dict(&[("k", Value::str("v"))]);
        let c = deep_copy(&d, 0).unwrap_or(Value::Nil);
        assert!(call("set", &[c.clone(), Value::str("k"), Value::str("w")]).is_ok());
        assert_eq!(
            get(&d, "k")
                .and_then(|v| v.as_str().map(str::to_owned))
                .as_deref(),
            Some("v")
        );
    }
}
