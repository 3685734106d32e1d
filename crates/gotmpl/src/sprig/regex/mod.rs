//! Sprig regular expression functions (`regexMatch`, `regexFind`, `regexFindAll`, `regexReplaceAll`,
//! `regexReplaceAllLiteral`, `regexSplit`, `regexQuoteMeta` and their `must*` variants) with Go `regexp`
//! (RE2) semantics: Go's syntax is checked and translated to the `regex` crate's dialect, and Go's match
//! iteration, `$` expansion and split rules are reproduced.

mod matching;
mod syntax;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use regex::Regex;

use matching::{all_matches, expand, quote_meta, replace_all, split};
use syntax::translate;

use crate::func::{Func, FuncError, FuncMap, FuncResult, Signature};
use crate::value::{GoType, List, Value};

/// A compiled Go regular expression.
struct GoRegex {
    re: Regex,
    /// Go's name of each capture group (index 0 is the whole match); names may repeat.
    names: Vec<Option<String>>,
    /// Whether the Go expression text was empty (`Split` treats that specially).
    empty_expr: bool,
}

const CACHE_LIMIT: usize = 256;

static CACHE: LazyLock<Mutex<HashMap<String, Arc<GoRegex>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// Compiles a Go regular expression (cached); the error is Go's `regexp.Compile` message.
fn compile(expr: &str) -> Result<Arc<GoRegex>, String> {
    if let Ok(cache) = CACHE.lock() {
        if let Some(re) = cache.get(expr) {
            return Ok(re.clone());
        }
    }
    let (translated, names) = translate(expr).map_err(|e| e.to_string())?;
    let re = Regex::new(&translated).map_err(|e| match e {
        regex::Error::CompiledTooBig(_) => {
            format!("error parsing regexp: expression too large: `{expr}`")
        }
        other => format!("error parsing regexp: {other}"),
    })?;
    let compiled = Arc::new(GoRegex {
        re,
        names,
        empty_expr: expr.is_empty(),
    });
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(expr.to_string(), compiled.clone());
    }
    Ok(compiled)
}

/// The panic text of Go's `regexp.MustCompile`, which the template engine reports as the call's error.
fn must_compile(expr: &str) -> Result<Arc<GoRegex>, FuncError> {
    compile(expr).map_err(|e| FuncError::new(format!("regexp: Compile({}): {e}", go_quote(expr))))
}

/// Go's `quote` in `regexp`: backquoted when `strconv.CanBackquote`, else `strconv.Quote`.
fn go_quote(s: &str) -> String {
    let can_backquote = !s
        .chars()
        .any(|c| c == '`' || c == '\u{FEFF}' || (c.is_control() && c != '\t'));
    if can_backquote {
        return format!("`{s}`");
    }
    crate::fmt::quote(s)
}

fn str_arg<'v>(args: &'v [Value<'_>], i: usize) -> &'v str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

fn int_arg(args: &[Value<'_>], i: usize) -> i64 {
    match args.get(i) {
        Some(Value::Int(n, _)) => *n,
        Some(Value::Uint(n, _)) => i64::try_from(*n).unwrap_or(i64::MAX),
        _ => 0,
    }
}

fn strings<'a>(items: Option<Vec<&str>>) -> Value<'a> {
    match items {
        None => Value::List(List::nil(GoType::slice_of_string())),
        Some(items) => Value::List(List::new(
            items.into_iter().map(Value::string).collect(),
            GoType::slice_of_string(),
        )),
    }
}

fn find_all<'a>(re: &GoRegex, s: &str, n: i64) -> Value<'a> {
    let mut found = Vec::new();
    all_matches(&re.re, s, n, |a, b| found.push(&s[a..b]));
    strings(if found.is_empty() { None } else { Some(found) })
}

fn find<'a>(re: &GoRegex, s: &str) -> Value<'a> {
    Value::string(re.re.find(s).map_or("", |m| m.as_str()))
}

fn replace_expand<'a>(re: &GoRegex, s: &str, repl: &str) -> Value<'a> {
    Value::string(replace_all(&re.re, s, |out, caps| {
        expand(&re.names, out, repl, caps)
    }))
}

fn replace_literal<'a>(re: &GoRegex, s: &str, repl: &str) -> Value<'a> {
    Value::string(replace_all(&re.re, s, |out, _| out.push_str(repl)))
}

fn sig(n_str: usize, with_int: bool, result: crate::value::TypeRef) -> Signature {
    let mut params = vec![GoType::string(); n_str];
    if with_int {
        params.push(GoType::int());
    }
    Signature::new(params, result)
}

/// Registers the regex functions.
pub(crate) fn register(map: &mut FuncMap) {
    type Op = for<'a> fn(&GoRegex, &[Value<'a>]) -> Value<'a>;
    // (name, string params, int param, result type, operation); each gets a panicking and a must* variant.
    let ops: [(&str, usize, bool, crate::value::TypeRef, Op); 5] = [
        (
            "regexFindAll",
            2,
            true,
            GoType::slice_of_string(),
            |re, a| find_all(re, str_arg(a, 1), int_arg(a, 2)),
        ),
        ("regexFind", 2, false, GoType::string(), |re, a| {
            find(re, str_arg(a, 1))
        }),
        ("regexReplaceAll", 3, false, GoType::string(), |re, a| {
            replace_expand(re, str_arg(a, 1), str_arg(a, 2))
        }),
        (
            "regexReplaceAllLiteral",
            3,
            false,
            GoType::string(),
            |re, a| replace_literal(re, str_arg(a, 1), str_arg(a, 2)),
        ),
        ("regexSplit", 2, true, GoType::slice_of_string(), |re, a| {
            strings(split(re, str_arg(a, 1), int_arg(a, 2)))
        }),
    ];
    for (name, n_str, with_int, result, op) in ops {
        map.insert(
            name,
            Func::new(sig(n_str, with_int, result.clone()), move |args| {
                let re = must_compile(str_arg(args, 0))?;
                Ok(op(&re, args))
            }),
        );
        let must = format!("must{}", &name[..1].to_uppercase()) + &name[1..];
        map.insert(
            must,
            Func::new(sig(n_str, with_int, result).with_error(), move |args| {
                let re = compile(str_arg(args, 0)).map_err(FuncError::new)?;
                Ok(op(&re, args))
            }),
        );
    }
    map.insert(
        "regexMatch",
        Func::new(sig(2, false, GoType::bool()), |args| {
            Ok(Value::Bool(
                compile(str_arg(args, 0)).is_ok_and(|re| re.re.is_match(str_arg(args, 1))),
            ))
        }),
    );
    map.insert(
        "mustRegexMatch",
        Func::new(
            sig(2, false, GoType::bool()).with_error(),
            |args| -> FuncResult<'_> {
                let re = compile(str_arg(args, 0)).map_err(FuncError::new)?;
                Ok(Value::Bool(re.re.is_match(str_arg(args, 1))))
            },
        ),
    );
    map.insert(
        "regexQuoteMeta",
        Func::new(sig(1, false, GoType::string()), |args| {
            Ok(Value::string(quote_meta(str_arg(args, 0))))
        }),
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn call<'a>(name: &str, args: &[Value<'a>]) -> FuncResult<'a> {
        let mut m = FuncMap::new();
        register(&mut m);
        m.get(name).unwrap().call(args)
    }

    fn s(v: &str) -> Value<'_> {
        Value::str(v)
    }

    fn text(v: FuncResult<'_>) -> String {
        match v.unwrap() {
            Value::String(s) => s.to_string(),
            Value::List(l) => format!(
                "[{}]",
                l.iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            Value::Bool(b) => b.to_string(),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn match_and_find() {
        assert_eq!(text(call("regexMatch", &[s("^[a-z]+$"), s("abc")])), "true");
        assert_eq!(text(call("regexMatch", &[s("("), s("x")])), "false");
        assert_eq!(text(call("regexFind", &[s("[0-9]+"), s("ab12cd34")])), "12");
        assert_eq!(text(call("regexFind", &[s("(?i)ABC"), s("xabcx")])), "abc");
        assert_eq!(text(call("regexMatch", &[s("^a.c$"), s("a\nc")])), "false");
        assert_eq!(
            text(call("regexMatch", &[s("(?s)^a.c$"), s("a\nc")])),
            "true"
        );
    }

    #[test]
    fn perl_classes_are_ascii() {
        assert_eq!(text(call("regexMatch", &[s(r"^\d$"), s("٣")])), "false");
        assert_eq!(text(call("regexMatch", &[s(r"^\w+$"), s("é")])), "false");
        assert_eq!(
            text(call("regexMatch", &[s(r"^[\d.]+$"), s("1.5")])),
            "true"
        );
        assert_eq!(text(call("regexMatch", &[s(r"^[[]$"), s("[")])), "true");
        assert_eq!(
            text(call("regexMatch", &[s(r"^a{,2}$"), s("a{,2}")])),
            "true"
        );
        assert_eq!(
            text(call("regexMatch", &[s(r"\Qa.b\E"), s("xa.bx")])),
            "true"
        );
        assert_eq!(text(call("regexFind", &[s("(?:)a(?)"), s("xa")])), "a");
        assert_eq!(text(call("regexFind", &[s("(?i:A)"), s("xa")])), "a");
    }

    #[test]
    fn find_all_follows_go() {
        let v = Value::int;
        assert_eq!(
            text(call("regexFindAll", &[s("[0-9]+"), s("a1b22c333"), v(-1)])),
            "[1 22 333]"
        );
        assert_eq!(
            text(call("regexFindAll", &[s("[0-9]+"), s("a1b22c333"), v(2)])),
            "[1 22]"
        );
        assert_eq!(
            text(call("regexFindAll", &[s("a*"), s("baaac"), v(-1)])),
            "[ aaa ]"
        );
        let none = call("regexFindAll", &[s("z"), s("abc"), v(-1)]).unwrap();
        assert!(matches!(none, Value::List(l) if l.is_nil()));
    }

    #[test]
    fn replace_expands_like_go() {
        assert_eq!(
            text(call(
                "regexReplaceAll",
                &[s("a(x*)b"), s("-ab-axxb-"), s("${1}W")]
            )),
            "-W-xxW-"
        );
        assert_eq!(
            text(call(
                "regexReplaceAll",
                &[s("a(x*)b"), s("-ab-axxb-"), s("$1W")]
            )),
            "---"
        );
        assert_eq!(
            text(call(
                "regexReplaceAll",
                &[s("a(?P<n>x*)b"), s("axb"), s("[$n$$]")]
            )),
            "[x$]"
        );
        assert_eq!(
            text(call(
                "regexReplaceAllLiteral",
                &[s("a(x*)b"), s("-ab-axxb-"), s("${1}")]
            )),
            "-${1}-${1}-"
        );
        assert_eq!(
            text(call("regexReplaceAll", &[s("x*"), s("abc"), s("-")])),
            "-a-b-c-"
        );
        assert_eq!(
            text(call(
                "regexReplaceAll",
                &[s(r"\s+"), s("a  b \t c"), s(" ")]
            )),
            "a b c"
        );
    }

    #[test]
    fn split_follows_go() {
        let v = Value::int;
        assert_eq!(
            text(call("regexSplit", &[s("z+"), s("pizza"), v(-1)])),
            "[pi a]"
        );
        assert_eq!(
            text(call("regexSplit", &[s("z+"), s("pizza"), v(1)])),
            "[pizza]"
        );
        assert_eq!(
            text(call("regexSplit", &[s(""), s("abc"), v(-1)])),
            "[a b c]"
        );
        assert_eq!(text(call("regexSplit", &[s("a"), s(""), v(-1)])), "[]");
        assert_eq!(
            text(call("regexSplit", &[s(","), s("a,b,c"), v(2)])),
            "[a b,c]"
        );
    }

    #[test]
    fn errors_use_go_messages() {
        let e = call("mustRegexMatch", &[s("("), s("x")]).unwrap_err();
        assert_eq!(e.0, "error parsing regexp: missing closing ): `(`");
        let e = call("regexFind", &[s("a)"), s("x")]).unwrap_err();
        assert_eq!(
            e.0,
            "regexp: Compile(`a)`): error parsing regexp: unexpected ): `a)`"
        );
        let e = call("mustRegexFind", &[s("[a"), s("x")]).unwrap_err();
        assert_eq!(e.0, "error parsing regexp: missing closing ]: `[a`");
        let e = call("mustRegexFind", &[s("*a"), s("x")]).unwrap_err();
        assert_eq!(
            e.0,
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        let e = call("mustRegexFind", &[s("a**"), s("x")]).unwrap_err();
        assert_eq!(
            e.0,
            "error parsing regexp: invalid nested repetition operator: `**`"
        );
        let e = call("mustRegexFind", &[s(r"\q"), s("x")]).unwrap_err();
        assert_eq!(e.0, "error parsing regexp: invalid escape sequence: `\\q`");
        let e = call("mustRegexFind", &[s("[z-a]"), s("x")]).unwrap_err();
        assert_eq!(
            e.0,
            "error parsing regexp: invalid character class range: `z-a`"
        );
        let e = call("mustRegexFind", &[s("a{2,1}"), s("x")]).unwrap_err();
        assert_eq!(e.0, "error parsing regexp: invalid repeat count: `{2,1}`");
    }

    #[test]
    fn quote_meta_escapes_specials() {
        assert_eq!(
            text(call("regexQuoteMeta", &[s("1.5+[x]")])),
            r"1\.5\+\[x\]"
        );
    }
}
