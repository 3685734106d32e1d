//! The predefined template functions: Go's `text/template` `funcs.go` (`and`, `or`, `not`, `len`, `index`,
//! `slice`, `print`, `printf`, `println`, `html`, `js`, `urlquery`, `call`, and the comparisons `eq`, `ne`,
//! `lt`, `le`, `gt`, `ge` with Go's basic-kind rules).

use std::sync::{Arc, LazyLock};

use crate::exec::print;
use crate::func::Signature;
use crate::parse::quote::is_print;
#[cfg(test)]
use crate::value::List;
use crate::value::{GoType, Key, Kind, Str, Value};

/// A predefined function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// `and`: the first false argument, or the last one.
    And,
    /// `or`: the first true argument, or the last one.
    Or,
    /// `not`.
    Not,
    /// `len`.
    Len,
    /// `index`.
    Index,
    /// `slice`.
    Slice,
    /// `print` (`fmt.Sprint`).
    Print,
    /// `printf` (`fmt.Sprintf`).
    Printf,
    /// `println` (`fmt.Sprintln`).
    Println,
    /// `html`.
    Html,
    /// `js`.
    Js,
    /// `urlquery`.
    Urlquery,
    /// `call`: calls a function value (functions are not values here, so it reports Go's error for a
    /// non-function).
    Call,
    /// `eq`.
    Eq,
    /// `ne`.
    Ne,
    /// `lt`.
    Lt,
    /// `le`.
    Le,
    /// `gt`.
    Gt,
    /// `ge`.
    Ge,
}

const ALL: [(&str, Builtin); 19] = [
    ("and", Builtin::And),
    ("or", Builtin::Or),
    ("not", Builtin::Not),
    ("len", Builtin::Len),
    ("index", Builtin::Index),
    ("slice", Builtin::Slice),
    ("print", Builtin::Print),
    ("printf", Builtin::Printf),
    ("println", Builtin::Println),
    ("html", Builtin::Html),
    ("js", Builtin::Js),
    ("urlquery", Builtin::Urlquery),
    ("call", Builtin::Call),
    ("eq", Builtin::Eq),
    ("ne", Builtin::Ne),
    ("lt", Builtin::Lt),
    ("le", Builtin::Le),
    ("gt", Builtin::Gt),
    ("ge", Builtin::Ge),
];

struct Sigs {
    one_variadic: Signature,
    variadic: Signature,
    one: Signature,
    two: Signature,
    printf: Signature,
}

static SIGS: LazyLock<Sigs> = LazyLock::new(|| {
    let any = GoType::interface;
    Sigs {
        one_variadic: Signature::new(vec![any()], any()).variadic(any()),
        variadic: Signature::new(vec![], GoType::string()).variadic(any()),
        one: Signature::new(vec![any()], any()),
        two: Signature::new(vec![any(), any()], GoType::bool()),
        printf: Signature::new(vec![GoType::string()], GoType::string()).variadic(any()),
    }
});

impl Builtin {
    /// The builtin called `name`.
    pub fn from_name(name: &str) -> Option<Builtin> {
        ALL.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
    }

    /// Every builtin's name.
    pub fn names() -> impl Iterator<Item = &'static str> {
        ALL.iter().map(|(n, _)| *n)
    }

    /// The Go signature, as far as argument counting and conversion need it.
    pub fn signature(self) -> &'static Signature {
        let s = &*SIGS;
        match self {
            Builtin::And
            | Builtin::Or
            | Builtin::Index
            | Builtin::Slice
            | Builtin::Call
            | Builtin::Eq => &s.one_variadic,
            Builtin::Print | Builtin::Println | Builtin::Html | Builtin::Js | Builtin::Urlquery => {
                &s.variadic
            }
            Builtin::Not | Builtin::Len => &s.one,
            Builtin::Ne | Builtin::Lt | Builtin::Le | Builtin::Gt | Builtin::Ge => &s.two,
            Builtin::Printf => &s.printf,
        }
    }
}

/// Calls a builtin (other than `and`, `or` and `call`, which the executor handles) with evaluated arguments.
/// The error is the message Go's function returns.
pub(crate) fn call<'a>(b: Builtin, args: &[Value<'a>]) -> Result<Value<'a>, String> {
    let nil = Value::Nil;
    let arg = |i: usize| args.get(i).unwrap_or(&nil);
    match b {
        Builtin::And | Builtin::Or => Ok(arg(args.len().saturating_sub(1)).clone()),
        Builtin::Not => Ok(Value::Bool(!arg(0).is_true())),
        Builtin::Len => length(arg(0)).map(|n| Value::int(n as i64)),
        Builtin::Index => index(arg(0), args.get(1..).unwrap_or(&[])),
        Builtin::Slice => slice(arg(0), args.get(1..).unwrap_or(&[])),
        Builtin::Print => Ok(crate::fmt::sprint_value(args)),
        Builtin::Println => Ok(crate::fmt::string_value(|out| {
            crate::fmt::write_sprintln(out, args)
        })),
        Builtin::Printf => {
            let format = arg(0);
            let format = format.as_str().unwrap_or("");
            Ok(crate::fmt::string_value(|out| {
                crate::fmt::write_sprintf(out, format, args.get(1..).unwrap_or(&[]))
            }))
        }
        Builtin::Html => Ok(Value::string(html_escape(&eval_args(args)))),
        Builtin::Js => Ok(Value::string(js_escape(&eval_args(args)))),
        Builtin::Urlquery => Ok(Value::string(query_escape(&eval_args(args)))),
        Builtin::Call => Err(call_error("", args.first())),
        Builtin::Eq => eq(arg(0), args.get(1..).unwrap_or(&[])).map(Value::Bool),
        Builtin::Ne => eq(arg(0), args.get(1..2).unwrap_or(&[])).map(|b| Value::Bool(!b)),
        Builtin::Lt => lt(arg(0), arg(1)).map(Value::Bool),
        Builtin::Le => le(arg(0), arg(1)).map(Value::Bool),
        Builtin::Gt => le(arg(0), arg(1)).map(|b| Value::Bool(!b)),
        Builtin::Ge => lt(arg(0), arg(1)).map(|b| Value::Bool(!b)),
    }
}

/// Go's `call` on a value that is not a function (function values do not exist here).
pub(crate) fn call_error(name: &str, f: Option<&Value<'_>>) -> String {
    match f {
        None | Some(Value::Nil) => "call of nil".to_string(),
        Some(v) => {
            let t = v.go_type().map(|t| t.to_string()).unwrap_or_default();
            format!("non-function {name} of type {t}")
        }
    }
}

fn type_string(v: &Value<'_>) -> String {
    v.go_type()
        .map(|t| t.to_string())
        .unwrap_or_else(|| "<nil>".into())
}

/// Go's `length` of a nil interface value found in a container (as opposed to an invalid value).
pub(crate) const LEN_OF_NIL_INTERFACE: &str = "len of nil pointer";

/// Go's `length`.
fn length(v: &Value<'_>) -> Result<usize, String> {
    let item = v.indirect();
    match item {
        Value::Pointer(_) => Err("len of nil pointer".into()),
        // An invalid value: Go's reflect panics, and the panic text becomes the error.
        Value::Nil => Err("reflect: call of reflect.Value.Type on zero Value".into()),
        Value::List(l) => Ok(l.len()),
        Value::Map(m) => Ok(m.len()),
        Value::String(s) => Ok(s.len()),
        other => Err(format!("len of type {}", type_string(other))),
    }
}

/// Go's `indexArg`.
fn index_arg(index: &Value<'_>, cap: usize) -> Result<usize, String> {
    let x: i64 = match index.indirect() {
        Value::Int(i, _) => *i,
        Value::Uint(u, _) => *u as i64,
        Value::Nil => return Err("cannot index slice/array with nil".into()),
        other => {
            return Err(format!(
                "cannot index slice/array with type {}",
                type_string(other)
            ))
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

/// Go's `prepareArg` for a map key.
fn prepare_key(index: &Value<'_>, key_type: &crate::value::TypeRef) -> Result<Key, String> {
    let int_like = |k: Kind| k.is_signed_int() || k.is_unsigned_int();
    match index {
        Value::Nil => {
            return Err(format!("value is nil; should be of type {key_type}"));
        }
        v if key_type.is_interface() => {
            return Key::from_value(v).ok_or_else(|| "unhashable map key".to_string());
        }
        v if v.go_type().is_some_and(|t| t == *key_type) => {}
        v if int_like(v.kind()) && int_like(key_type.kind()) => {
            // Convertible integers: converted to the key's kind (wrapping like Go's conversion).
            let kk = key_type.kind();
            return Ok(match v {
                Value::Int(i, _) if kk.is_signed_int() => Key::Int(*i),
                Value::Int(i, _) => Key::Uint(*i as u64),
                Value::Uint(u, _) if kk.is_unsigned_int() => Key::Uint(*u),
                Value::Uint(u, _) => Key::Int(*u as i64),
                _ => return Err("internal error: integer key".into()),
            });
        }
        v => {
            return Err(format!(
                "value has type {}; should be {key_type}",
                type_string(v)
            ))
        }
    }
    Key::from_value(index).ok_or_else(|| "unhashable map key".to_string())
}

/// Go's `index`.
fn index<'a>(item: &Value<'a>, indexes: &[Value<'a>]) -> Result<Value<'a>, String> {
    if let Value::Nil = item {
        return Err("index of untyped nil".into());
    }
    // The common `index MAP "key"` on a string-keyed map, without copying the map value.
    if let ([Value::String(s)], Value::Map(m)) = (indexes, item.indirect()) {
        if let Some(kt) = m.go_type().key() {
            if kt.is_interface() || matches!(**kt, GoType::Basic(Kind::String)) {
                return Ok(match m.get(s) {
                    Some(v) => v,
                    None => Value::zero(m.go_type().elem().unwrap_or(&GoType::interface())),
                });
            }
        }
    }
    let mut item = item.clone();
    for ix in indexes {
        let cur = item.indirect().clone();
        item = match &cur {
            Value::Nil | Value::Pointer(_) => return Err("index of nil pointer".into()),
            Value::List(l) => {
                let x = index_arg(ix, l.len())?;
                match l.get(x) {
                    Some(v) => v,
                    None => {
                        let what = if l.go_type().kind() == Kind::Array {
                            "array"
                        } else {
                            "slice"
                        };
                        return Err(format!("reflect: {what} index out of range"));
                    }
                }
            }
            Value::String(s) => {
                let x = index_arg(ix, s.len())?;
                match s.as_bytes().get(x) {
                    Some(b) => Value::Uint(u64::from(*b), Kind::Uint8),
                    None => return Err("reflect: string index out of range".into()),
                }
            }
            Value::Map(m) => {
                if let (Value::String(s), Some(kt)) = (ix, m.go_type().key()) {
                    // A plain string key needs no conversion: look it up in place.
                    if kt.is_interface() || matches!(**kt, GoType::Basic(Kind::String)) {
                        item = match m.get(s) {
                            Some(v) => v,
                            None => Value::zero(m.go_type().elem().unwrap_or(&GoType::interface())),
                        };
                        continue;
                    }
                }
                let key_ty = m.go_type().key().cloned().unwrap_or_else(GoType::string);
                let key = prepare_key(ix, &key_ty)?;
                match m.get_key(&key) {
                    Some(v) => v,
                    None => {
                        let elem = m
                            .go_type()
                            .elem()
                            .cloned()
                            .unwrap_or_else(GoType::interface);
                        Value::zero(&elem)
                    }
                }
            }
            other => return Err(format!("can't index item of type {}", type_string(other))),
        };
    }
    Ok(item)
}

/// Go's `slice`.
fn slice<'a>(item: &Value<'a>, indexes: &[Value<'a>]) -> Result<Value<'a>, String> {
    if let Value::Nil = item {
        return Err("slice of untyped nil".into());
    }
    let item = item.indirect();
    if let Value::Pointer(_) = item {
        return Err("slice of nil pointer".into());
    }
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let (len, cap) = match item {
        Value::String(s) => {
            if indexes.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            (s.len(), s.len())
        }
        Value::List(l) => (l.len(), l.len()),
        other => return Err(format!("can't slice item of type {}", type_string(other))),
    };
    let mut idx = [0, len, 0];
    for (i, ix) in indexes.iter().enumerate() {
        idx[i] = index_arg(ix, cap)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    Ok(match item {
        Value::String(s) => {
            let bytes = &s.as_bytes()[idx[0]..idx[1]];
            match (s, std::str::from_utf8(bytes)) {
                (Str::Borrowed(b), Ok(_)) => Value::String(Str::Borrowed(&b[idx[0]..idx[1]])),
                (_, Ok(t)) => Value::string(t),
                (_, Err(_)) => Value::string(String::from_utf8_lossy(bytes).into_owned()),
            }
        }
        Value::List(l) => Value::List(l.slice(idx[0], idx[1])),
        _ => Value::Nil,
    })
}

/// The comparison class of a value (Go's `basicKind`); host objects of named basic types compare as their
/// underlying value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BasicKind {
    Invalid,
    Bool,
    Int,
    Float,
    String,
    Uint,
}

fn basic<'a>(v: &Value<'a>) -> (BasicKind, Option<Value<'a>>) {
    let k = match v {
        Value::Bool(_) => BasicKind::Bool,
        Value::Int(..) => BasicKind::Int,
        Value::Uint(..) => BasicKind::Uint,
        Value::Float(..) => BasicKind::Float,
        Value::String(_) => BasicKind::String,
        Value::Object(o) => {
            if let Some(b) = o.as_basic() {
                let (k, _) = basic(&b);
                return (k, Some(b));
            }
            BasicKind::Invalid
        }
        _ => BasicKind::Invalid,
    };
    (k, None)
}

fn as_i(v: &Value<'_>) -> i64 {
    match v {
        Value::Int(i, _) => *i,
        _ => 0,
    }
}

fn as_u(v: &Value<'_>) -> u64 {
    match v {
        Value::Uint(u, _) => *u,
        _ => 0,
    }
}

fn as_f(v: &Value<'_>) -> f64 {
    match v {
        Value::Float(f, _) => *f,
        _ => 0.0,
    }
}

fn is_nil(v: &Value<'_>) -> bool {
    match v {
        Value::Nil => true,
        Value::List(l) => l.is_nil() && l.go_type().kind() == Kind::Slice,
        Value::Map(m) => m.is_nil(),
        Value::Pointer(p) => p.is_nil(),
        _ => false,
    }
}

fn reflect_kind(v: &Value<'_>) -> Kind {
    v.kind()
}

fn comparable(v: &Value<'_>) -> bool {
    match v {
        Value::List(l) => l.go_type().kind() == Kind::Array && l.iter().all(|e| comparable(&e)),
        Value::Map(_) => false,
        Value::Struct(s) => s.fields.iter().all(|f| comparable(&f.value)),
        Value::Object(o) => !matches!(o.go_type().kind(), Kind::Slice | Kind::Map | Kind::Func),
        _ => true,
    }
}

/// Go's `==` on two comparable values of the same kind.
fn equal<'a>(a: &Value<'a>, b: &Value<'a>) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x, _), Value::Int(y, _)) => x == y,
        (Value::Uint(x, _), Value::Uint(y, _)) => x == y,
        (Value::Float(x, _), Value::Float(y, _)) => x == y,
        (Value::String(x), Value::String(y)) => **x == **y,
        (Value::List(x), Value::List(y)) => {
            x.go_type() == y.go_type()
                && x.len() == y.len()
                && x.iter().zip(y.iter()).all(|(p, q)| equal(&p, &q))
        }
        (Value::Struct(x), Value::Struct(y)) => {
            x.ty == y.ty
                && x.fields.len() == y.fields.len()
                && x.fields
                    .iter()
                    .zip(y.fields.iter())
                    .all(|(p, q)| equal(&p.value, &q.value))
        }
        (Value::Pointer(x), Value::Pointer(y)) => match (&x.target, &y.target) {
            (None, None) => x.ty == y.ty,
            (Some(p), Some(q)) => Arc::ptr_eq(p, q),
            _ => false,
        },
        (Value::Object(x), Value::Object(y)) => match (x.as_basic(), y.as_basic()) {
            (Some(p), Some(q)) => equal(&p, &q),
            _ => false,
        },
        _ => false,
    }
}

/// Go's `eq`: `arg1 == arg2 || arg1 == arg3 || ...`.
pub(crate) fn eq<'a>(arg1: &Value<'a>, rest: &[Value<'a>]) -> Result<bool, String> {
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let (k1, b1) = basic(arg1);
    let a1 = b1.as_ref().map_or(arg1, |b| b);
    for arg in rest {
        let (k2, b2) = basic(arg);
        let a2 = b2.as_ref().map_or(arg, |b| b);
        let truth = if k1 != k2 {
            match (k1, k2) {
                (BasicKind::Int, BasicKind::Uint) => as_i(a1) >= 0 && as_i(a1) as u64 == as_u(a2),
                (BasicKind::Uint, BasicKind::Int) => as_i(a2) >= 0 && as_u(a1) == as_i(a2) as u64,
                _ => {
                    if !matches!(arg1, Value::Nil) && !matches!(arg, Value::Nil) {
                        return Err(format!(
                            "incompatible types for comparison: {} and {}",
                            type_string(arg1),
                            type_string(arg)
                        ));
                    }
                    false
                }
            }
        } else {
            match k1 {
                BasicKind::Bool
                | BasicKind::Int
                | BasicKind::Uint
                | BasicKind::Float
                | BasicKind::String => equal(a1, a2),
                BasicKind::Invalid => {
                    let (r1, r2) = (reflect_kind(arg1), reflect_kind(arg));
                    if r1 != r2 && r1 != Kind::Invalid && r2 != Kind::Invalid {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            print::sprintf("%s", std::slice::from_ref(arg1)),
                            type_string(arg1),
                            type_string(arg),
                            print::sprint(std::slice::from_ref(arg))
                        ));
                    }
                    if is_nil(arg1) || is_nil(arg) {
                        is_nil(arg) == is_nil(arg1)
                    } else {
                        if !comparable(arg) {
                            return Err(format!(
                                "non-comparable type {}: {}",
                                print::sprintf("%s", std::slice::from_ref(arg)),
                                type_string(arg)
                            ));
                        }
                        equal(arg1, arg)
                    }
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Go's `lt`.
pub(crate) fn lt<'a>(arg1: &Value<'a>, arg2: &Value<'a>) -> Result<bool, String> {
    let (k1, b1) = basic(arg1);
    if k1 == BasicKind::Invalid {
        return Err("invalid type for comparison".into());
    }
    let (k2, b2) = basic(arg2);
    if k2 == BasicKind::Invalid {
        return Err("invalid type for comparison".into());
    }
    let a1 = b1.as_ref().map_or(arg1, |b| b);
    let a2 = b2.as_ref().map_or(arg2, |b| b);
    if k1 != k2 {
        return match (k1, k2) {
            (BasicKind::Int, BasicKind::Uint) => Ok(as_i(a1) < 0 || (as_i(a1) as u64) < as_u(a2)),
            (BasicKind::Uint, BasicKind::Int) => Ok(as_i(a2) >= 0 && as_u(a1) < as_i(a2) as u64),
            _ => Err(format!(
                "incompatible types for comparison: {} and {}",
                type_string(arg1),
                type_string(arg2)
            )),
        };
    }
    Ok(match k1 {
        BasicKind::Bool | BasicKind::Invalid => return Err("invalid type for comparison".into()),
        BasicKind::Float => as_f(a1) < as_f(a2),
        BasicKind::Int => as_i(a1) < as_i(a2),
        BasicKind::Uint => as_u(a1) < as_u(a2),
        BasicKind::String => a1.as_str().unwrap_or("") < a2.as_str().unwrap_or(""),
    })
}

/// Go's `le`.
pub(crate) fn le<'a>(arg1: &Value<'a>, arg2: &Value<'a>) -> Result<bool, String> {
    if lt(arg1, arg2)? {
        return Ok(true);
    }
    eq(arg1, std::slice::from_ref(arg2))
}

/// Go's `evalArgs` for `html`, `js` and `urlquery`: a lone string as is, otherwise `fmt.Sprint` of the
/// arguments with invalid values shown as `<no value>`.
fn eval_args(args: &[Value<'_>]) -> String {
    if let [Value::String(s)] = args {
        return s.to_string();
    }
    let shown: Vec<Value<'_>> = args
        .iter()
        .map(|a| match a {
            Value::Nil => Value::str("<no value>"),
            Value::Pointer(p) if !p.is_nil() => a.indirect().clone(),
            _ => a.clone(),
        })
        .collect();
    print::sprint(&shown)
}

/// Go's `HTMLEscapeString`.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Go's `JSEscapeString`.
pub fn js_escape(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u00{:02X}", c as u32);
            }
            c if (c as u32) < 0x80 => out.push(c),
            c if is_print(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
        }
    }
    out
}

/// Go's `url.QueryEscape`.
pub fn query_escape(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// A list value of `[]interface {}` type (used by tests).
#[cfg(test)]
fn list<'a>(items: Vec<Value<'a>>) -> Value<'a> {
    Value::List(List::new(items, GoType::slice_of_interface()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn compares_like_go() {
        assert!(eq(&Value::int(1), &[Value::Uint(1, Kind::Uint8)]).unwrap());
        assert!(eq(&Value::int(1), &[Value::int(2), Value::int(1)]).unwrap());
        assert_eq!(
            eq(&Value::int(1), &[Value::float(1.0)]).unwrap_err(),
            "incompatible types for comparison: int and float64"
        );
        assert!(lt(&Value::int(-1), &Value::Uint(0, Kind::Uint)).unwrap());
        assert!(le(&Value::str("a"), &Value::str("a")).unwrap());
        assert!(eq(&Value::Nil, &[Value::int(1)]).is_ok());
        assert!(eq(&list(vec![]), &[list(vec![])]).is_err());
    }

    #[test]
    fn escapes_like_go() {
        assert_eq!(
            html_escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;"
        );
        assert_eq!(js_escape("a='b'\n"), "a\\u003D\\'b\\'\\u000A");
        assert_eq!(query_escape("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
    }
}
