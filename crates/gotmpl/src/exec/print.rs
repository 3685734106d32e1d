//! Printing values for actions and the `print` family: the bridge from the executor to Go's `fmt` rules.

use crate::value::{Key, Value};
use std::fmt::Write;

fn is_string(v: &Value<'_>) -> bool {
    matches!(v, Value::String(_))
}

fn write_float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("NaN");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "+Inf" } else { "-Inf" });
    } else {
        let e = format!("{f:e}");
        let exp: i32 = e
            .split('e')
            .nth(1)
            .and_then(|x| x.parse().ok())
            .unwrap_or(0);
        if !(-4..21).contains(&exp) {
            let (m, _) = e.split_once('e').unwrap_or((&e, ""));
            let sign = if exp < 0 { '-' } else { '+' };
            let _ = write!(out, "{m}e{sign}{:02}", exp.abs());
        } else {
            let _ = write!(out, "{f}");
        }
    }
}

fn write_key(out: &mut String, k: &Key) {
    match k {
        Key::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Key::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Key::Uint(u) => {
            let _ = write!(out, "{u}");
        }
        Key::Float(f) => write_float(out, *f),
        Key::String(s) => out.push_str(s),
    }
}

fn write_value(out: &mut String, v: &Value<'_>, top: bool) {
    match v {
        Value::Nil => out.push_str("<nil>"),
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Int(i, _) => {
            let _ = write!(out, "{i}");
        }
        Value::Uint(u, _) => {
            let _ = write!(out, "{u}");
        }
        Value::Float(f, _) => write_float(out, *f),
        Value::String(s) => out.push_str(s),
        Value::List(l) => {
            out.push('[');
            for (i, e) in l.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_value(out, &e, false);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push_str("map[");
            for (i, (k, e)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_key(out, &k);
                out.push(':');
                write_value(out, &e, false);
            }
            out.push(']');
        }
        Value::Struct(s) => {
            out.push('{');
            for (i, f) in s.fields.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_value(out, &f.value, false);
            }
            out.push('}');
        }
        Value::Pointer(p) => match &p.target {
            None => out.push_str("<nil>"),
            Some(t) if top => write_value(out, t, false),
            Some(t) => {
                out.push('&');
                write_value(out, t, false);
            }
        },
        Value::Object(o) => match o.to_go_string() {
            Some(s) => out.push_str(&s),
            None => match o.as_basic() {
                Some(b) => write_value(out, &b, false),
                None => {
                    out.push('{');
                    for (i, (_, f)) in o.fields().iter().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        write_value(out, f, false);
                    }
                    out.push('}');
                }
            },
        },
    }
}

/// `fmt.Fprint(out, v)` for one value.
pub(crate) fn fprint(out: &mut String, v: &Value<'_>) {
    write_value(out, v, true);
}

/// `fmt.Sprint(args...)`: spaces between operands when neither is a string.
pub(crate) fn sprint(args: &[Value<'_>]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !is_string(a) && !is_string(&args[i - 1]) {
            out.push(' ');
        }
        write_value(&mut out, a, true);
    }
    out
}

/// `fmt.Sprintln(args...)`: spaces between all operands and a final newline.
pub(crate) fn sprintln(args: &[Value<'_>]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        write_value(&mut out, a, true);
    }
    out.push('\n');
    out
}

/// `fmt.Sprintf(format, args...)`.
pub(crate) fn sprintf(format: &str, args: &[Value<'_>]) -> String {
    let mut out = String::new();
    let mut it = format.chars();
    let mut n = 0;
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('%') => out.push('%'),
            Some(verb) => match args.get(n) {
                Some(a) => {
                    n += 1;
                    match (verb, a) {
                        ('q', Value::String(s)) => out.push_str(&crate::parse::quote::quote(s)),
                        _ => write_value(&mut out, a, true),
                    }
                }
                None => {
                    let _ = write!(out, "%!{verb}(MISSING)");
                }
            },
            None => out.push_str("%!(NOVERB)"),
        }
    }
    out
}
