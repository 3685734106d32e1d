//! The value conversions Sprig is built on, with Go's semantics: spf13/cast v1.10 `ToInt64`/`ToInt`/`ToFloat64`
//! (used by Sprig's `int`, `int64`, `float64`, arithmetic, `max`/`min`, …), Sprig's `strval` and `strslice`, its
//! `empty` test, and the `reflect` helpers its list functions use (kind names, slice access, the runtime panic
//! messages Go reports when a function is handed `nil`).
//!
//! Every Sprig module uses these so that one Go rule is implemented once.

use std::borrow::Cow;

use super::parse;
use crate::func::FuncError;
use crate::value::{GoType, Kind, List, Value};

/// The message of the panic Go raises when Sprig calls `reflect.TypeOf(nil).Kind()` (most list functions given
/// `nil`); the executor reports it as `error calling NAME: runtime error: …`.
pub const NIL_DEREFERENCE: &str =
    "runtime error: invalid memory address or nil pointer dereference";

/// A function error carrying [`NIL_DEREFERENCE`].
pub fn nil_dereference() -> FuncError {
    FuncError::new(NIL_DEREFERENCE)
}

/// Follows pointers to the pointed-at value (spf13/cast's `indirect`); `None` for a nil pointer, which cast
/// treats as nil.
pub fn indirect<'v, 'a>(v: &'v Value<'a>) -> Option<&'v Value<'a>> {
    match v.indirect() {
        Value::Pointer(_) => None,
        other => Some(other),
    }
}

/// A number as spf13/cast's `toNumber` sees it before converting to the target type.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Num {
    Int(i64),
    Uint(u64),
    Float(f64),
}

/// The numeric value of `v` when cast converts it without parsing: integers, floats, bools (1/0), nil (0), and
/// named basic types (cast's `resolveAlias`). `None` for strings and everything else.
fn numeric(v: &Value<'_>) -> Option<Num> {
    match indirect(v) {
        None | Some(Value::Nil) => Some(Num::Int(0)),
        Some(Value::Bool(b)) => Some(Num::Int(i64::from(*b))),
        Some(Value::Int(i, _)) => Some(Num::Int(*i)),
        Some(Value::Uint(u, _)) => Some(Num::Uint(*u)),
        Some(Value::Float(f, _)) => Some(Num::Float(*f)),
        Some(Value::Object(o)) => o.as_basic().and_then(|b| numeric(&b)),
        _ => None,
    }
}

/// The string cast would parse: a string value, or a named string type's underlying value.
fn numeric_text<'v>(v: &'v Value<'_>) -> Option<Cow<'v, str>> {
    match indirect(v)? {
        Value::String(s) => Some(Cow::Borrowed(&**s)),
        Value::Object(o) => match o.as_basic() {
            Some(Value::String(s)) => Some(Cow::Owned(s.to_string())),
            _ => None,
        },
        _ => None,
    }
}

/// spf13/cast's `trimDecimal`: `"4.9"` → `"4"`, `"-.5"` → `"-0"`; other text is returned unchanged.
fn trim_decimal(s: &str) -> Cow<'_, str> {
    let Some(dot) = s.find('.') else {
        return Cow::Borrowed(s);
    };
    let (int_part, frac) = s.split_at(dot);
    let digits = int_part.strip_prefix(['+', '-']).unwrap_or(int_part);
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !frac[1..].bytes().all(|b| b.is_ascii_digit())
    {
        return Cow::Borrowed(s);
    }
    match int_part {
        "" => Cow::Borrowed("0"),
        "-" => Cow::Borrowed("-0"),
        "+" => Cow::Borrowed("+0"),
        _ => Cow::Borrowed(int_part),
    }
}

/// spf13/cast `ToInt64E`: numbers converted as Go's `int64(x)` (floats truncate), bools 1/0, nil 0, strings parsed
/// with `strconv.ParseInt(trimDecimal(s), 0, 0)` (`""` is 0). `None` when cast reports an error.
pub fn to_int64_checked(v: &Value<'_>) -> Option<i64> {
    if let Some(n) = numeric(v) {
        return Some(match n {
            Num::Int(i) => i,
            Num::Uint(u) => u as i64,
            Num::Float(f) => float_to_int64(f),
        });
    }
    let s = numeric_text(v)?;
    if s.is_empty() {
        return Some(0);
    }
    parse::parse_int(&trim_decimal(&s), 0, 64).ok()
}

/// Go's `int64(f)` conversion as amd64 performs it: truncation toward zero, and `math.MinInt64` for NaN and
/// values out of range (Rust's `as` would saturate instead).
pub fn float_to_int64(f: f64) -> i64 {
    if f.is_nan() || !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
        return i64::MIN;
    }
    f as i64
}

/// spf13/cast `ToInt64`: [`to_int64_checked`] with errors giving 0.
pub fn to_int64(v: &Value<'_>) -> i64 {
    to_int64_checked(v).unwrap_or(0)
}

/// spf13/cast `ToInt` (Go's `int` is 64-bit).
pub fn to_int(v: &Value<'_>) -> i64 {
    to_int64(v)
}

/// spf13/cast `ToFloat64E`: numbers converted, bools 1/0, nil 0, strings parsed with `strconv.ParseFloat(s, 64)`
/// (`""` is 0). `None` when cast reports an error.
pub fn to_float64_checked(v: &Value<'_>) -> Option<f64> {
    if let Some(n) = numeric(v) {
        return Some(match n {
            Num::Int(i) => i as f64,
            Num::Uint(u) => u as f64,
            Num::Float(f) => f,
        });
    }
    let s = numeric_text(v)?;
    if s.is_empty() {
        return Some(0.0);
    }
    parse::parse_float(&s).ok()
}

/// spf13/cast `ToFloat64`: [`to_float64_checked`] with errors giving 0.
pub fn to_float64(v: &Value<'_>) -> f64 {
    to_float64_checked(v).unwrap_or(0.0)
}

/// Whether `ty` is exactly Go's `[]byte` (`[]uint8`), which `strval` and `encoding/json` treat as bytes.
pub fn is_byte_slice_type(ty: &GoType) -> bool {
    matches!(ty, GoType::Slice(e) if matches!(**e, GoType::Basic(Kind::Uint8)))
}

/// The bytes of a `[]byte` value.
pub fn byte_slice_bytes(l: &List<'_>) -> Vec<u8> {
    l.iter()
        .map(|b| match b {
            Value::Uint(u, _) => u as u8,
            Value::Int(i, _) => i as u8,
            _ => 0,
        })
        .collect()
}

/// The bytes of a `[]byte` value as text (invalid UTF-8 is replaced, which Go would keep as raw bytes).
pub fn byte_slice_text(l: &List<'_>) -> String {
    super::util::bytes_to_string(byte_slice_bytes(l))
}

/// Sprig's `strval`: strings as they are, `[]byte` as text, everything else printed with `%v` (which uses a
/// value's `Error()`/`String()` method, as `strval` does).
pub fn strval<'v>(v: &'v Value<'_>) -> Cow<'v, str> {
    match v {
        Value::String(s) => Cow::Borrowed(&**s),
        Value::List(l) if is_byte_slice_type(l.go_type()) => Cow::Owned(byte_slice_text(l)),
        _ => Cow::Owned(sprint_v(v)),
    }
}

/// `fmt.Sprintf("%v", v)`.
pub fn sprint_v(v: &Value<'_>) -> String {
    crate::fmt::sprint(std::slice::from_ref(v))
}

/// Sprig's `strslice` (`toStrings`, `join`, `sortAlpha`): `[]string` as is; other slices and arrays element by
/// element through `strval`, skipping nil elements; nil gives `[]`; anything else a one-element list.
pub fn str_slice(v: &Value<'_>) -> Vec<String> {
    match v {
        Value::Nil => Vec::new(),
        Value::List(l) => l
            .iter()
            .filter(|e| !matches!(e, Value::Nil))
            .map(|e| strval(&e).into_owned())
            .collect(),
        other => vec![strval(other).into_owned()],
    }
}

/// Sprig's `empty`: nil, false, zero numbers, empty strings/slices/maps and nil pointers are empty; structs never.
pub fn is_empty(v: &Value<'_>) -> bool {
    match v {
        Value::Nil => true,
        Value::Bool(b) => !b,
        Value::Int(i, _) => *i == 0,
        Value::Uint(u, _) => *u == 0,
        Value::Float(f, _) => *f == 0.0,
        Value::String(s) => s.is_empty(),
        Value::List(l) => l.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::Struct(_) => false,
        Value::Pointer(p) => p.is_nil(),
        Value::Object(o) => match o.go_type().kind() {
            Kind::Pointer => !o.is_true(),
            Kind::Struct => false,
            _ => o.as_basic().is_some_and(|b| is_empty(&b)),
        },
    }
}

/// The `reflect.Kind` name Sprig prints in its errors (`Cannot push on type string`); `None` for nil, where Go
/// panics instead (see [`nil_dereference`]).
pub fn kind_name(v: &Value<'_>) -> Option<&'static str> {
    match v {
        Value::Nil => None,
        other => Some(other.kind().name()),
    }
}

/// A `[]string` value.
pub fn string_list<'a>(items: Vec<String>) -> Value<'a> {
    Value::List(List::new(
        items.into_iter().map(Value::string).collect(),
        GoType::slice_of_string(),
    ))
}

/// A `[]interface {}` value; `None` items make Go's nil slice.
pub fn interface_list<'a>(items: Option<Vec<Value<'a>>>) -> Value<'a> {
    match items {
        Some(items) => Value::list(items),
        None => Value::List(List::nil(GoType::slice_of_interface())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Pointer;

    fn s(text: &str) -> Value<'_> {
        Value::str(text)
    }

    #[test]
    fn ints_follow_cast() {
        assert_eq!(to_int64(&s("42")), 42);
        assert_eq!(to_int64(&s("4.9")), 4);
        assert_eq!(to_int64(&s("-.5")), 0);
        assert_eq!(to_int64(&s("0x1A")), 26);
        assert_eq!(to_int64(&s("010")), 8);
        assert_eq!(to_int64(&s("1_000")), 1000);
        assert_eq!(to_int64(&s("")), 0);
        assert_eq!(to_int64(&s("abc")), 0);
        assert_eq!(to_int64(&s("1.2.3")), 0);
        assert_eq!(to_int64(&s("9223372036854775808")), 0);
        assert_eq!(to_int64(&Value::Nil), 0);
        assert_eq!(to_int64(&Value::Bool(true)), 1);
        assert_eq!(to_int64(&Value::float(-4.9)), -4);
        assert_eq!(to_int64(&Value::float(1e30)), i64::MIN);
        assert_eq!(to_int64(&Value::float(f64::NAN)), i64::MIN);
        assert_eq!(to_int64(&Value::Uint(7, Kind::Uint)), 7);
        assert_eq!(to_int64(&Value::list(vec![])), 0);
        let p = Value::Pointer(Pointer::to(Value::int(5)));
        assert_eq!(to_int64(&p), 5);
    }

    #[test]
    fn floats_follow_cast() {
        assert_eq!(to_float64(&s("1.5")), 1.5);
        assert_eq!(to_float64(&s("1e3")), 1000.0);
        assert_eq!(to_float64(&s("x")), 0.0);
        assert!(to_float64(&s("NaN")).is_nan());
        assert_eq!(to_float64(&Value::int(2)), 2.0);
        assert_eq!(to_float64_checked(&s("1e400")), None);
    }

    #[test]
    fn emptiness_follows_sprig() {
        assert!(is_empty(&Value::Nil));
        assert!(is_empty(&Value::int(0)));
        assert!(is_empty(&Value::float(0.0)));
        assert!(is_empty(&s("")));
        assert!(is_empty(&Value::list(vec![])));
        assert!(!is_empty(&Value::list(vec![Value::int(0)])));
        assert!(!is_empty(&Value::Pointer(Pointer::to(Value::int(0)))));
        assert!(is_empty(&Value::Bool(false)));
    }

    #[test]
    fn byte_slices_are_text() {
        let bytes = Value::List(List::new(
            vec![Value::Uint(104, Kind::Uint8), Value::Uint(105, Kind::Uint8)],
            std::sync::Arc::new(GoType::Slice(GoType::basic(Kind::Uint8))),
        ));
        assert_eq!(strval(&bytes), "hi");
        assert_eq!(strval(&s("x")), "x");
    }
}
