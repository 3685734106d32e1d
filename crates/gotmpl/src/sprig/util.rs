//! Helpers shared by the Sprig modules: Go's `unicode` predicates and simple case mappings, Go runtime panic
//! texts, and shorthands for declaring functions and reading their (already converted) arguments.

use std::sync::Arc;

use unicode_general_category::{get_general_category, GeneralCategory as Gc};

use crate::func::{Func, FuncError, FuncMap, FuncResult, Signature};
use crate::value::{GoType, Kind, TypeRef, Value};

/// Go's `unicode.IsUpper` (category Lu).
pub(crate) fn is_upper(c: char) -> bool {
    get_general_category(c) == Gc::UppercaseLetter
}

/// Go's `unicode.IsLower` (category Ll).
pub(crate) fn is_lower(c: char) -> bool {
    get_general_category(c) == Gc::LowercaseLetter
}

/// Go's `unicode.IsTitle` (category Lt).
pub(crate) fn is_title(c: char) -> bool {
    get_general_category(c) == Gc::TitlecaseLetter
}

/// Go's `unicode.IsLetter` (category L).
pub(crate) fn is_letter(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::UppercaseLetter
            | Gc::LowercaseLetter
            | Gc::TitlecaseLetter
            | Gc::ModifierLetter
            | Gc::OtherLetter
    )
}

/// Go's `unicode.IsNumber` (category N).
pub(crate) fn is_number(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::DecimalNumber | Gc::LetterNumber | Gc::OtherNumber
    )
}

/// Go's `unicode.IsDigit` (category Nd).
pub(crate) fn is_digit(c: char) -> bool {
    get_general_category(c) == Gc::DecimalNumber
}

/// Go's `unicode.IsPunct` (category P).
pub(crate) fn is_punct(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::ConnectorPunctuation
            | Gc::DashPunctuation
            | Gc::OpenPunctuation
            | Gc::ClosePunctuation
            | Gc::InitialPunctuation
            | Gc::FinalPunctuation
            | Gc::OtherPunctuation
    )
}

/// Go's `unicode.IsSpace` (the Unicode White_Space property, as Rust's `char::is_whitespace`).
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Go's `unicode.ToUpper`: the simple (one-to-one) mapping; characters whose upper case is several characters
/// are left as they are.
pub(crate) fn to_upper(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Go's `unicode.ToLower`: the simple (one-to-one) mapping.
pub(crate) fn to_lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == '\u{130}' {
        return 'i';
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Go's `unicode.ToTitle`: upper case, except the Latin digraphs, which have their own title-case forms.
pub(crate) fn to_title(c: char) -> char {
    match c {
        '\u{1C4}'..='\u{1C6}' => '\u{1C5}',
        '\u{1C7}'..='\u{1C9}' => '\u{1C8}',
        '\u{1CA}'..='\u{1CC}' => '\u{1CB}',
        '\u{1F1}'..='\u{1F3}' => '\u{1F2}',
        _ => to_upper(c),
    }
}

/// Text from bytes that Go would keep as a raw (possibly invalid UTF-8) string; invalid sequences become U+FFFD.
pub(crate) fn bytes_to_string(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// `s[lo:hi]` on bytes, as Go slices strings; a cut inside a UTF-8 sequence is replaced by U+FFFD.
pub(crate) fn byte_slice(s: &str, lo: usize, hi: usize) -> String {
    match s.get(lo..hi) {
        Some(t) => t.to_owned(),
        None => bytes_to_string(s.as_bytes()[lo..hi].to_vec()),
    }
}

/// Go's string slice expression `s[lo:hi]` (absent bounds are `0` and `len(s)`), with Go's runtime panic text when
/// a bound is out of range. Cuts inside a UTF-8 sequence give U+FFFD.
pub(crate) fn go_slice(s: &str, lo: Option<i64>, hi: Option<i64>) -> Result<String, FuncError> {
    let len = s.len() as i64;
    let h = hi.unwrap_or(len);
    if h < 0 {
        return Err(runtime_error(format!("slice bounds out of range [:{h}]")));
    }
    if h > len {
        return Err(runtime_error(format!(
            "slice bounds out of range [:{h}] with length {len}"
        )));
    }
    let l = lo.unwrap_or(0);
    if l < 0 {
        return Err(runtime_error(format!("slice bounds out of range [{l}:]")));
    }
    if l > h {
        return Err(runtime_error(format!(
            "slice bounds out of range [{l}:{h}]"
        )));
    }
    Ok(byte_slice(s, l as usize, h as usize))
}

/// A Go runtime panic, as the executor reports it: `runtime error: MSG`.
pub(crate) fn runtime_error(msg: impl std::fmt::Display) -> FuncError {
    FuncError::new(format!("runtime error: {msg}"))
}

/// `[][]interface {}`.
pub(crate) fn slice_of_slice_of_interface() -> TypeRef {
    Arc::new(GoType::Slice(GoType::slice_of_interface()))
}

/// Declares `name` with signature `sig`.
pub(crate) fn def<F>(map: &mut FuncMap, name: &str, sig: Signature, f: F)
where
    F: for<'a> Fn(&[Value<'a>]) -> FuncResult<'a> + Send + Sync + 'static,
{
    map.insert(name, Func::new(sig, f));
}

/// The argument at `i` (the executor supplies every declared parameter; a missing one is reported, not a panic).
pub(crate) fn arg<'v, 'a>(args: &'v [Value<'a>], i: usize) -> Result<&'v Value<'a>, FuncError> {
    args.get(i)
        .ok_or_else(|| FuncError::new(format!("missing argument {}", i + 1)))
}

/// A `string` parameter.
pub(crate) fn str_arg<'v>(args: &'v [Value<'_>], i: usize) -> Result<&'v str, FuncError> {
    match arg(args, i)? {
        Value::String(s) => Ok(s),
        other => Err(FuncError::new(format!(
            "wrong type for value; expected string; got {}",
            type_name(other)
        ))),
    }
}

/// An `int` parameter.
pub(crate) fn int_arg(args: &[Value<'_>], i: usize) -> Result<i64, FuncError> {
    match arg(args, i)? {
        Value::Int(n, _) => Ok(*n),
        Value::Uint(n, _) => i64::try_from(*n).map_err(|_| FuncError::new("integer out of range")),
        other => Err(FuncError::new(format!(
            "wrong type for value; expected int; got {}",
            type_name(other)
        ))),
    }
}

/// A `bool` parameter.
pub(crate) fn bool_arg(args: &[Value<'_>], i: usize) -> Result<bool, FuncError> {
    match arg(args, i)? {
        Value::Bool(b) => Ok(*b),
        other => Err(FuncError::new(format!(
            "wrong type for value; expected bool; got {}",
            type_name(other)
        ))),
    }
}

/// `%T` of a value, `<nil>` for the nil interface.
pub(crate) fn type_name(v: &Value<'_>) -> String {
    v.go_type()
        .map_or_else(|| "<nil>".to_owned(), |t| t.to_string())
}

/// A `string` result.
pub(crate) fn string<'a>(s: impl Into<Arc<str>>) -> Value<'a> {
    Value::string(s)
}

/// An `int` result.
pub(crate) fn int<'a>(i: i64) -> Value<'a> {
    Value::Int(i, Kind::Int)
}

/// An `int64` result.
pub(crate) fn int64<'a>(i: i64) -> Value<'a> {
    Value::Int(i, Kind::Int64)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn unicode_predicates_follow_go_categories() {
        assert!(is_punct('!') && is_punct('_') && !is_punct('$') && !is_punct('+'));
        assert!(is_upper('É') && !is_upper('Ⓐ'));
        assert_eq!(to_upper('ß'), 'ß');
        assert_eq!(to_title('ǆ'), 'ǅ');
        assert_eq!(to_lower('İ'), 'i');
        assert!(is_number('²') && !is_digit('²'));
    }

    #[test]
    fn slice_errors_match_go() {
        let err = |lo, hi| go_slice("hello", lo, hi).unwrap_err().0;
        assert_eq!(
            err(Some(4), Some(2)),
            "runtime error: slice bounds out of range [4:2]"
        );
        assert_eq!(
            err(None, Some(9)),
            "runtime error: slice bounds out of range [:9] with length 5"
        );
        assert_eq!(
            err(Some(7), None),
            "runtime error: slice bounds out of range [7:5]"
        );
        assert_eq!(
            err(None, Some(-1)),
            "runtime error: slice bounds out of range [:-1]"
        );
        assert_eq!(
            go_slice("héllo", Some(0), Some(3)).ok().as_deref(),
            Some("hé")
        );
    }
}
