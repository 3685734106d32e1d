//! Runs the corpus cases that reduce to Go's `fmt` directly, without the template executor: templates made of
//! text and actions that are exactly `{{printf "…" args}}`, `{{print args}}`, `{{println args}}` or a bare operand,
//! where operands are dot, a field chain on dot (exported struct fields and string map keys, through pointers),
//! or constants. fmt.yaml cases and exec.yaml printing cases of that shape are checked; the rest is counted as not
//! applicable.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use gotmpl::fmt::{print_value, sprint, sprintf, sprintln};
use gotmpl::{Kind, Value};
use support::model::Model;
use support::yaml::scalar_text;
use yaml_rust2::Yaml;

/// Requirements this harness can meet (the data model represents pointers).
const SUPPORTED_REQUIRES: &[&str] = &["pointers"];

enum Piece {
    Text(String),
    Action(Vec<Token>),
}

#[derive(Debug)]
enum Token {
    Word(String),
    Str(String),
    Char(i64),
}

/// Splits a template into text and actions, applying `{{- ` / ` -}}` trim markers. `None` when the template uses
/// anything beyond that (comments, unbalanced delimiters).
fn split_template(t: &str) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut rest = t;
    let mut trim_next = false;
    loop {
        let Some(open) = rest.find("{{") else {
            let text = if trim_next {
                rest.trim_start_matches(is_space)
            } else {
                rest
            };
            pieces.push(Piece::Text(text.to_string()));
            return Some(pieces);
        };
        let mut text = &rest[..open];
        if trim_next {
            text = text.trim_start_matches(is_space);
        }
        let mut inner = &rest[open + 2..];
        if inner.starts_with('-') && inner[1..].starts_with(is_space) {
            text = text.trim_end_matches(is_space);
            inner = &inner[2..];
        }
        pieces.push(Piece::Text(text.to_string()));
        let (body, after) = split_action(inner)?;
        let mut body = body;
        trim_next = false;
        if body.ends_with('-') && body[..body.len() - 1].ends_with(is_space) {
            body = &body[..body.len() - 1];
            trim_next = true;
        }
        if body.trim_start().starts_with("/*") {
            return None;
        }
        pieces.push(Piece::Action(tokenize(body)?));
        rest = after;
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// The action body up to the closing `}}` (outside quotes) and the text after it.
fn split_action(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        match quote {
            Some(q) => {
                if b[i] == b'\\' && q != b'`' {
                    i += 1;
                } else if b[i] == q {
                    quote = None;
                }
            }
            None => {
                if matches!(b[i], b'"' | b'`' | b'\'') {
                    quote = Some(b[i]);
                } else if s[i..].starts_with("}}") {
                    return Some((&s[..i], &s[i + 2..]));
                }
            }
        }
        i += 1;
    }
    None
}

fn tokenize(body: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if is_space(c) {
            chars.next();
            continue;
        }
        if c == '"' || c == '`' || c == '\'' {
            chars.next();
            let mut end = None;
            while let Some((i, d)) = chars.next() {
                if d == '\\' && c != '`' {
                    chars.next();
                } else if d == c {
                    end = Some(i);
                    break;
                }
            }
            let lit = &body[start..=end?];
            tokens.push(match c {
                '"' => Token::Str(unquote(&lit[1..lit.len() - 1])?),
                '`' => Token::Str(lit[1..lit.len() - 1].to_string()),
                _ => {
                    let s = unquote(&lit[1..lit.len() - 1])?;
                    let mut cs = s.chars();
                    let ch = cs.next()?;
                    if cs.next().is_some() {
                        return None;
                    }
                    // A single escaped byte such as '\xFF' is that byte's value.
                    Token::Char(i64::from(u32::from(ch)))
                }
            });
            continue;
        }
        let mut end = body.len();
        while let Some(&(i, d)) = chars.peek() {
            if is_space(d) {
                end = i;
                break;
            }
            chars.next();
        }
        let word = &body[start..end];
        if word.contains(['(', ')', '|', '$', '=']) {
            return None;
        }
        tokens.push(Token::Word(word.to_string()));
    }
    Some(tokens)
}

/// Go string-literal escapes.
fn unquote(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        let hex = |chars: &mut std::str::Chars<'_>, n: usize| -> Option<u32> {
            let digits: String = chars.take(n).collect();
            u32::from_str_radix(&digits, 16).ok()
        };
        match e {
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0C'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0B'),
            '\\' | '"' | '\'' => out.push(e),
            'x' => out.push(char::from_u32(hex(&mut chars, 2)?)?),
            'u' => out.push(char::from_u32(hex(&mut chars, 4)?)?),
            'U' => out.push(char::from_u32(hex(&mut chars, 8)?)?),
            '0'..='7' => {
                let rest: String = chars.by_ref().take(2).collect();
                let v = u32::from_str_radix(&format!("{e}{rest}"), 8).ok()?;
                out.push(char::from_u32(v)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A Go template number constant as an `interface{}` argument: `int` when integral, else `float64`.
fn number(word: &str) -> Option<Value<'static>> {
    let (neg, body) = match word.as_bytes().first()? {
        b'-' => (true, &word[1..]),
        b'+' => (false, &word[1..]),
        _ => (false, word),
    };
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let clean = body.replace('_', "");
    let lower = clean.to_ascii_lowercase();
    let int = if let Some(h) = lower.strip_prefix("0x") {
        if h.contains(['.', 'p']) {
            return hex_float(h).map(|f| Value::float(if neg { -f } else { f }));
        }
        i128::from_str_radix(h, 16).ok()
    } else if let Some(b) = lower.strip_prefix("0b") {
        i128::from_str_radix(b, 2).ok()
    } else if let Some(o) = lower.strip_prefix("0o") {
        i128::from_str_radix(o, 8).ok()
    } else if lower.len() > 1 && lower.starts_with('0') && lower.bytes().all(|c| c.is_ascii_digit())
    {
        i128::from_str_radix(&lower[1..], 8).ok()
    } else if lower.bytes().all(|c| c.is_ascii_digit()) {
        lower.parse::<i128>().ok()
    } else {
        let f: f64 = lower.parse().ok()?;
        return Some(Value::float(if neg { -f } else { f }));
    };
    let int = int?;
    let int = if neg { -int } else { int };
    i64::try_from(int).ok().map(Value::int)
}

fn hex_float(h: &str) -> Option<f64> {
    let (mant, exp) = h.split_once('p').unwrap_or((h, "0"));
    let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
    let mut v = 0f64;
    for c in ip.chars() {
        v = v * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in fp.chars() {
        v += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    let exp: i32 = exp.parse().ok()?;
    Some(v * 2f64.powi(exp))
}

/// `.`, `.A.B` (exported struct fields, string map keys, through pointers and interfaces), a constant, or
/// `None` when the operand is outside this harness's grammar.
fn operand(tok: &Token, dot: &Value<'static>) -> Option<Value<'static>> {
    match tok {
        Token::Str(s) => Some(Value::string(s.as_str())),
        Token::Char(c) => Some(Value::int(*c)),
        Token::Word(w) => match w.as_str() {
            "nil" => Some(Value::Nil),
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            "." => Some(dot.clone()),
            w if w.starts_with('.') && !w[1..].starts_with(|c: char| c.is_ascii_digit()) => {
                let mut v = dot.clone();
                for name in w[1..].split('.') {
                    v = field(&v, name)?;
                }
                Some(v)
            }
            w => number(w),
        },
    }
}

fn field(v: &Value<'static>, name: &str) -> Option<Value<'static>> {
    match v.indirect() {
        // A missing map entry or nil data yields "no value"; chaining on it stays there.
        Value::Nil => Some(Value::Nil),
        Value::Struct(s) => {
            let f = s.field(name)?;
            f.is_exported().then(|| f.value.clone())
        }
        Value::Map(m) if m.go_type().key().is_some_and(|k| k.kind() == Kind::String) => {
            Some(m.get(name).unwrap_or(Value::Nil))
        }
        _ => None,
    }
}

/// Executes the reduced template; `None` when it is outside the grammar.
fn run(pieces: &[Piece], dot: &Value<'static>) -> Option<String> {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Action(tokens) => {
                let (head, rest) = tokens.split_first()?;
                let args = |toks: &[Token]| -> Option<Vec<Value<'static>>> {
                    toks.iter().map(|t| operand(t, dot)).collect()
                };
                match head {
                    Token::Word(w) if w == "printf" => {
                        let (Token::Str(format), rest) = rest.split_first()? else {
                            return None;
                        };
                        out.push_str(&sprintf(format, &args(rest)?));
                    }
                    Token::Word(w) if w == "print" => out.push_str(&sprint(&args(rest)?)),
                    Token::Word(w) if w == "println" => out.push_str(&sprintln(&args(rest)?)),
                    _ if rest.is_empty() => {
                        let v = operand(head, dot)?;
                        // A bare `nil` is an error in Go; not handled here.
                        if matches!(head, Token::Word(w) if w == "nil") {
                            return None;
                        }
                        print_value(&mut out, &v).ok()?;
                    }
                    _ => return None,
                }
            }
        }
    }
    Some(out)
}

struct Tally {
    passed: usize,
    failed: Vec<String>,
    not_applicable: usize,
}

fn check_file(name: &str, tally: &mut Tally) {
    let file = support::load_corpus_file(name).unwrap();
    let model = Model::new(&file);
    for case in file["cases"].as_vec().unwrap() {
        let case_name = scalar_text(&case["name"]).unwrap_or_default();
        let requires_ok = case["requires"].as_vec().is_none_or(|r| {
            r.iter()
                .all(|x| x.as_str().is_some_and(|x| SUPPORTED_REQUIRES.contains(&x)))
        });
        let plain = [
            "helpers", "setup", "after", "options", "delims", "execute", "error",
        ]
        .iter()
        .all(|k| matches!(case[*k], Yaml::BadValue));
        let expected = scalar_text(&case["expected"]);
        let template = scalar_text(&case["template"]).unwrap_or_default();
        let (Some(expected), true, true) = (expected, requires_ok, plain) else {
            tally.not_applicable += 1;
            continue;
        };
        let data = model.value(&case["data"]).unwrap();
        match split_template(&template).and_then(|p| run(&p, &data)) {
            None => tally.not_applicable += 1,
            Some(got) if got == expected => tally.passed += 1,
            Some(got) => tally.failed.push(format!(
                "{name}: {case_name}: {template:?}: got {got:?}, want {expected:?}"
            )),
        }
    }
}

#[test]
fn fmt_yaml_and_exec_printing_cases() {
    let mut total = Tally {
        passed: 0,
        failed: Vec::new(),
        not_applicable: 0,
    };
    for name in ["fmt.yaml", "exec.yaml"] {
        let mut tally = Tally {
            passed: 0,
            failed: Vec::new(),
            not_applicable: 0,
        };
        check_file(name, &mut tally);
        println!(
            "fmt direct ({name}): {} passed, {} failed, {} not applicable",
            tally.passed,
            tally.failed.len(),
            tally.not_applicable
        );
        total.passed += tally.passed;
        total.not_applicable += tally.not_applicable;
        total.failed.extend(tally.failed);
    }
    for f in &total.failed {
        println!("FAIL {f}");
    }
    println!(
        "fmt direct: {} passed, {} failed, {} not applicable",
        total.passed,
        total.failed.len(),
        total.not_applicable
    );
    assert!(
        total.failed.is_empty(),
        "{} fmt cases failed",
        total.failed.len()
    );
    assert!(total.passed > 500, "only {} cases ran", total.passed);
}
