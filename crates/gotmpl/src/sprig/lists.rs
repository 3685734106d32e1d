//! Sprig's list functions (`list.go`): `list`/`tuple`, `append`/`push`, `prepend`, `first`, `rest`, `last`,
//! `initial`, `reverse`, `compact`, `uniq`, `without`, `has`, `slice`, `concat`, `chunk`, and their `must*`
//! variants.
//!
//! In Go the plain variants panic where the `must*` ones return an error; the template engine reports both the
//! same way (`error calling NAME: MSG`), so each pair shares one implementation here. Results are
//! `[]interface {}` as in Sprig, except `slice`, which keeps the input's slice type.

use super::cast::{interface_list, is_empty, kind_name, nil_dereference, to_int};
use super::util::{arg, def, int_arg, runtime_error, slice_of_slice_of_interface};
use crate::func::{FuncError, FuncMap, FuncResult, Signature};
use crate::value::{deep_equal, GoType, List, Value};

/// The list argument as Sprig's `reflect.TypeOf(list).Kind()` switch sees it: a slice or array, or the error
/// `Cannot {what} type KIND` (`nil` makes Go dereference a nil type).
fn list_arg<'v, 'a>(
    v: &'v Value<'a>,
    message: impl FnOnce(&str) -> String,
) -> Result<&'v List<'a>, FuncError> {
    match v {
        Value::List(l) => Ok(l),
        Value::Nil => Err(nil_dereference()),
        other => Err(FuncError::new(message(
            kind_name(other).unwrap_or("invalid"),
        ))),
    }
}

fn on_type(what: &'static str) -> impl FnOnce(&str) -> String {
    move |kind| format!("Cannot {what} on type {kind}")
}

/// Registers `name` and `must_name` with one implementation.
fn def_pair<F>(map: &mut FuncMap, names: &[&str], sig: Signature, must_sig: Signature, f: F)
where
    F: for<'a> Fn(&[Value<'a>]) -> FuncResult<'a> + Send + Sync + Clone + 'static,
{
    for (n, name) in names.iter().enumerate() {
        let s = if name.starts_with("must") {
            must_sig.clone()
        } else {
            sig.clone()
        };
        if n + 1 == names.len() {
            def(map, name, s, f);
            return;
        }
        def(map, name, s, f.clone());
    }
}

fn sig(params: usize, result: crate::value::TypeRef) -> (Signature, Signature) {
    let plain = Signature::new(vec![GoType::interface(); params], result);
    (plain.clone(), plain.with_error())
}

/// Installs the list functions.
pub(crate) fn register(map: &mut FuncMap) {
    let slice = GoType::slice_of_interface;
    let iface = GoType::interface;
    for name in ["list", "tuple"] {
        def(
            map,
            name,
            Signature::new(vec![], slice()).variadic(iface()),
            |a| Ok(Value::list(a.to_vec())),
        );
    }
    let (s, m) = sig(2, slice());
    def_pair(
        map,
        &["append", "push", "mustAppend", "mustPush"],
        s,
        m,
        |a| {
            let l = list_arg(arg(a, 0)?, on_type("push"))?;
            let mut items: Vec<Value<'_>> = l.iter().collect();
            items.push(arg(a, 1)?.clone());
            Ok(Value::list(items))
        },
    );
    let (s, m) = sig(2, slice());
    def_pair(map, &["prepend", "mustPrepend"], s, m, |a| {
        let l = list_arg(arg(a, 0)?, on_type("prepend"))?;
        let mut items = Vec::with_capacity(l.len() + 1);
        items.push(arg(a, 1)?.clone());
        items.extend(l.iter());
        Ok(Value::list(items))
    });
    let chunk_sig = Signature::new(vec![GoType::int(), iface()], slice_of_slice_of_interface());
    def_pair(
        map,
        &["chunk", "mustChunk"],
        chunk_sig.clone(),
        chunk_sig.with_error(),
        |a| {
            let l = list_arg(arg(a, 1)?, |k| format!("Cannot chunk type {k}"))?;
            chunk(int_arg(a, 0)?, l)
        },
    );
    let (s, m) = sig(1, iface());
    def_pair(map, &["first", "mustFirst"], s, m, |a| {
        let l = list_arg(arg(a, 0)?, |k| format!("Cannot find first on type {k}"))?;
        Ok(l.get(0).unwrap_or(Value::Nil))
    });
    let (s, m) = sig(1, iface());
    def_pair(map, &["last", "mustLast"], s, m, |a| {
        let l = list_arg(arg(a, 0)?, |k| format!("Cannot find last on type {k}"))?;
        Ok(l.len()
            .checked_sub(1)
            .and_then(|i| l.get(i))
            .unwrap_or(Value::Nil))
    });
    let (s, m) = sig(1, slice());
    def_pair(map, &["rest", "mustRest"], s, m, |a| {
        let l = list_arg(arg(a, 0)?, |k| format!("Cannot find rest on type {k}"))?;
        Ok(interface_list(
            (!l.is_empty()).then(|| l.iter().skip(1).collect()),
        ))
    });
    let (s, m) = sig(1, slice());
    def_pair(map, &["initial", "mustInitial"], s, m, |a| {
        let l = list_arg(arg(a, 0)?, |k| format!("Cannot find initial on type {k}"))?;
        Ok(interface_list(
            (!l.is_empty()).then(|| l.iter().take(l.len() - 1).collect()),
        ))
    });
    let (s, m) = sig(1, slice());
    def_pair(map, &["reverse", "mustReverse"], s, m, |a| {
        let l = list_arg(arg(a, 0)?, |k| format!("Cannot find reverse on type {k}"))?;
        let mut items: Vec<Value<'_>> = l.iter().collect();
        items.reverse();
        Ok(Value::list(items))
    });
    let (s, m) = sig(1, slice());
    def_pair(map, &["compact", "mustCompact"], s, m, |a| {
        let l = list_arg(arg(a, 0)?, on_type("compact"))?;
        Ok(Value::list(l.iter().filter(|v| !is_empty(v)).collect()))
    });
    let (s, m) = sig(1, slice());
    def_pair(map, &["uniq", "mustUniq"], s, m, |a| {
        let l = list_arg(arg(a, 0)?, |k| format!("Cannot find uniq on type {k}"))?;
        let mut out: Vec<Value<'_>> = Vec::new();
        for v in l.iter() {
            if !out.iter().any(|o| deep_equal(&v, o)) {
                out.push(v);
            }
        }
        Ok(Value::list(out))
    });
    let without_sig = Signature::new(vec![iface()], slice()).variadic(iface());
    def_pair(
        map,
        &["without", "mustWithout"],
        without_sig.clone(),
        without_sig.with_error(),
        |a| {
            let l = list_arg(arg(a, 0)?, |k| format!("Cannot find without on type {k}"))?;
            let omit = &a[1..];
            Ok(Value::list(
                l.iter()
                    .filter(|v| !omit.iter().any(|o| deep_equal(v, o)))
                    .collect(),
            ))
        },
    );
    let (s, m) = sig(2, GoType::bool());
    def_pair(map, &["has", "mustHas"], s, m, |a| {
        let needle = arg(a, 0)?;
        let l = match arg(a, 1)? {
            Value::Nil => return Ok(Value::Bool(false)),
            other => list_arg(other, |k| format!("Cannot find has on type {k}"))?,
        };
        Ok(Value::Bool(l.iter().any(|v| deep_equal(needle, &v))))
    });
    let slice_sig = Signature::new(vec![iface()], iface()).variadic(iface());
    def_pair(
        map,
        &["slice", "mustSlice"],
        slice_sig.clone(),
        slice_sig.with_error(),
        |a| {
            let l = list_arg(arg(a, 0)?, |k| {
                format!("list should be type of slice or array but {k}")
            })?;
            sub_slice(l, &a[1..])
        },
    );
    def(
        map,
        "concat",
        Signature::new(vec![], iface()).variadic(iface()),
        |a| {
            let mut items: Option<Vec<Value<'_>>> = None;
            for v in a {
                let l = list_arg(v, |k| format!("Cannot concat type {k} as list"))?;
                if !l.is_empty() {
                    items.get_or_insert_with(Vec::new).extend(l.iter());
                }
            }
            Ok(interface_list(items))
        },
    );
}

/// Sprig's `mustChunk`, including the float arithmetic it sizes chunks with.
fn chunk<'a>(size: i64, l: &List<'a>) -> FuncResult<'a> {
    let len = l.len() as i64;
    let count = ((len - 1) as f64 / size as f64).floor() + 1.0;
    if !count.is_finite() || count < 0.0 || count > len as f64 + 1.0 {
        return Err(runtime_error("makeslice: len out of range"));
    }
    let count = count as i64;
    let mut chunks = Vec::with_capacity(count as usize);
    for i in 0..count {
        let mut clen = size;
        if i == count - 1 {
            clen = (len as f64 % size as f64).floor() as i64;
            if clen == 0 {
                clen = size;
            }
        }
        if clen < 0 {
            return Err(runtime_error("makeslice: len out of range"));
        }
        let mut items = Vec::with_capacity(clen.min(len) as usize);
        for j in 0..clen {
            let ix = i * size + j;
            match usize::try_from(ix).ok().and_then(|ix| l.get(ix)) {
                Some(v) => items.push(v),
                None if ix < 0 => {
                    return Err(runtime_error(format!("index out of range [{ix}]")));
                }
                None => {
                    return Err(runtime_error(format!(
                        "index out of range [{ix}] with length {len}"
                    )))
                }
            }
        }
        chunks.push(Value::list(items));
    }
    Ok(Value::List(List::new(
        chunks,
        slice_of_slice_of_interface(),
    )))
}

/// Sprig's `mustSlice`: `list[start:end]` keeping the slice type; an empty list gives nil.
fn sub_slice<'a>(l: &List<'a>, indices: &[Value<'a>]) -> FuncResult<'a> {
    let len = l.len();
    if len == 0 {
        return Ok(Value::Nil);
    }
    let start = indices.first().map_or(0, to_int);
    let end = if indices.len() < 2 {
        len as i64
    } else {
        to_int(&indices[1])
    };
    if matches!(l.go_type().kind(), crate::value::Kind::Array) {
        return Err(FuncError::new(
            "reflect.Value.Slice: slice of unaddressable array",
        ));
    }
    if start < 0 || end < start || end > len as i64 {
        return Err(FuncError::new(
            "reflect.Value.Slice: slice index out of bounds",
        ));
    }
    Ok(Value::List(l.slice(start as usize, end as usize)))
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

    fn ints(v: &[i64]) -> Value<'static> {
        Value::list(v.iter().map(|i| Value::int(*i)).collect())
    }

    fn as_ints(v: &Value<'_>) -> Vec<i64> {
        match v {
            Value::List(l) => l
                .iter()
                .map(|e| match e {
                    Value::Int(i, _) => i,
                    _ => -1,
                })
                .collect(),
            _ => panic!("not a list: {v:?}"),
        }
    }

    #[test]
    fn list_functions() {
        let l = ints(&[1, 2, 3]);
        let r = |name: &str, args: &[Value<'static>]| match call(name, args) {
            Ok(v) => v,
            Err(e) => panic!("{name}: {e}"),
        };
        assert_eq!(
            as_ints(&r("append", &[l.clone(), Value::int(4)])),
            [1, 2, 3, 4]
        );
        assert_eq!(
            as_ints(&r("prepend", &[l.clone(), Value::int(0)])),
            [0, 1, 2, 3]
        );
        assert_eq!(as_ints(&r("rest", std::slice::from_ref(&l))), [2, 3]);
        assert_eq!(as_ints(&r("initial", std::slice::from_ref(&l))), [1, 2]);
        assert_eq!(as_ints(&r("reverse", std::slice::from_ref(&l))), [3, 2, 1]);
        assert_eq!(as_ints(&r("uniq", &[ints(&[1, 1, 2, 1])])), [1, 2]);
        assert_eq!(as_ints(&r("without", &[l.clone(), Value::int(2)])), [1, 3]);
        assert_eq!(as_ints(&r("slice", &[l.clone(), Value::int(1)])), [2, 3]);
        assert!(matches!(
            r("has", &[Value::int(2), l.clone()]),
            Value::Bool(true)
        ));
        assert!(matches!(
            r("has", &[Value::int(2), Value::Nil]),
            Value::Bool(false)
        ));
        assert!(matches!(r("first", &[ints(&[])]), Value::Nil));
        assert!(matches!(r("rest", &[ints(&[])]), Value::List(l) if l.is_nil()));
        let chunks = r("chunk", &[Value::int(2), ints(&[1, 2, 3, 4, 5])]);
        let Value::List(c) = chunks else { panic!() };
        assert_eq!(c.len(), 3);
        assert_eq!(as_ints(&c.get(2).unwrap_or(Value::Nil)), [5]);
    }

    #[test]
    fn list_errors_match_sprig() {
        let err = |name: &str, args: &[Value<'static>]| call(name, args).err().map(|e| e.0);
        assert_eq!(
            err("first", &[Value::str("abc")]).as_deref(),
            Some("Cannot find first on type string")
        );
        assert_eq!(
            err("mustAppend", &[Value::str("abc"), Value::str("d")]).as_deref(),
            Some("Cannot push on type string")
        );
        assert_eq!(
            err("reverse", &[Value::Nil]).as_deref(),
            Some(super::super::cast::NIL_DEREFERENCE)
        );
        assert_eq!(
            err("concat", &[ints(&[1]), Value::int(2)]).as_deref(),
            Some("Cannot concat type int as list")
        );
    }
}
