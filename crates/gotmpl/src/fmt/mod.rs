//! Go's `fmt` package over [`Value`]s: `Sprintf`, `Sprint`, `Sprintln`, and the executor's printing of an
//! action's value (`text/template`'s `printValue`/`printableValue`).
//!
//! Output is byte-for-byte Go's, including the error forms (`%!d(string=hi)`, `%!(EXTRA int=1)`,
//! `%!v(MISSING)`, `%!(BADWIDTH)`, `%!(NOVERB)`, …), sorted map printing, struct field names under `%+v`, and
//! Go's float formatting. Pointers nested inside printed values print as addresses, as in Go; the addresses are
//! those of the Rust data and differ from run to run.

mod float;
mod format;
mod print;
mod quote;

use std::fmt;

use crate::value::{Kind, TypeRef, Value};
use print::Printer;

pub use float::{append_float, format_float};
pub(crate) use quote::append_quote;
pub use quote::{is_print, quote, quote_to_ascii};

/// Go's `fmt.Sprintf`.
pub fn sprintf(format: &str, args: &[Value<'_>]) -> String {
    let mut out = String::with_capacity(format.len() + 8 * args.len());
    write_sprintf(&mut out, format, args);
    out
}

/// Go's `fmt.Sprint`: operands printed with `%v`, a space between two operands when neither is a string.
pub fn sprint(args: &[Value<'_>]) -> String {
    if let [Value::String(s)] = args {
        return s.to_string();
    }
    let mut out = String::with_capacity(32);
    write_sprint(&mut out, args);
    out
}

/// [`sprint`] as a `string` value. A single string operand is returned as it is, without copying.
pub fn sprint_value<'a>(args: &[Value<'a>]) -> Value<'a> {
    match args {
        [v @ Value::String(_)] => v.clone(),
        [Value::Bool(b)] => Value::str(if *b { "true" } else { "false" }),
        _ => string_value(|out| write_sprint(out, args)),
    }
}

thread_local! {
    /// A buffer for text that ends up in an `Arc<str>`, so building it costs one allocation, not two.
    static SCRATCH: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// A `string` value holding the text `build` writes.
pub(crate) fn string_value<'a>(build: impl FnOnce(&mut String)) -> Value<'a> {
    let mut buf = SCRATCH.with(std::cell::Cell::take);
    buf.clear();
    build(&mut buf);
    let v = Value::string(buf.as_str());
    // Very large buffers are not kept for later calls.
    if buf.capacity() <= 1 << 16 {
        SCRATCH.with(|s| s.set(buf));
    }
    v
}

/// Go's `fmt.Sprintln`: operands printed with `%v`, separated by spaces, followed by a newline.
pub fn sprintln(args: &[Value<'_>]) -> String {
    let mut out = String::new();
    write_sprintln(&mut out, args);
    out
}

/// [`sprintf`] appending to `out`.
pub fn write_sprintf(out: &mut String, format: &str, args: &[Value<'_>]) {
    Printer::new(out).do_printf(format, args);
}

/// [`sprint`] appending to `out`.
pub fn write_sprint(out: &mut String, args: &[Value<'_>]) {
    match args {
        [v] => write_value(out, v),
        _ => Printer::new(out).do_print(args),
    }
}

/// [`sprintln`] appending to `out`.
pub fn write_sprintln(out: &mut String, args: &[Value<'_>]) {
    Printer::new(out).do_println(args);
}

/// Appends one value as `fmt.Sprint(v)` prints it (`%v`; the untyped nil prints `<nil>`).
pub fn write_value(out: &mut String, v: &Value<'_>) {
    match v {
        // The common cases, without the printer's machinery.
        Value::String(s) => out.push_str(s),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i, _) => push_int(out, *i),
        Value::Uint(u, _) => push_uint(out, *u),
        // Integral floats below 1e6 print as integers under %v (JSON numbers usually are).
        Value::Float(f, _)
            if f.fract() == 0.0 && f.abs() < 1e6 && !(*f == 0.0 && f.is_sign_negative()) =>
        {
            // The value is integral and small, so the conversion is exact.
            #[allow(clippy::cast_possible_truncation)]
            push_int(out, *f as i64);
        }
        _ => Printer::new(out).print_arg(v, 'v'),
    }
}

/// Appends the decimal digits of `u`.
fn push_uint(out: &mut String, mut u: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| char::from(b)));
}

/// Appends `i` in decimal.
fn push_int(out: &mut String, i: i64) {
    if i < 0 {
        out.push('-');
    }
    push_uint(out, i.unsigned_abs());
}

/// A value the template executor refuses to print: a func or chan (Go: `can't print X of type T`).
#[derive(Debug, Clone)]
pub struct Unprintable {
    /// The value's Go type.
    pub ty: TypeRef,
}

impl fmt::Display for Unprintable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "can't print value of type {}", self.ty)
    }
}

impl std::error::Error for Unprintable {}

/// What `{{.}}` writes for a value: Go's `printableValue` then `fmt.Fprint`. Pointers are followed to what they
/// point at (a nil pointer prints `<nil>`), the untyped nil prints `<no value>`, a host object's `String()` /
/// `Error()` is used, and funcs and chans are refused.
pub fn print_value(out: &mut String, v: &Value<'_>) -> Result<(), Unprintable> {
    let target = v.indirect();
    match target {
        Value::Nil => {
            // A pointer to a nil interface prints the interface; only the untyped nil has no value.
            out.push_str(if matches!(v, Value::Pointer(_)) {
                "<nil>"
            } else {
                "<no value>"
            });
            Ok(())
        }
        Value::Object(o) => {
            let ty = o.go_type();
            match ty.kind() {
                Kind::Func | Kind::Chan if o.to_go_string().is_none() => Err(Unprintable { ty }),
                Kind::Pointer => {
                    if let Some(s) = o.to_go_string() {
                        out.push_str(&s);
                    } else if !o.is_true() {
                        out.push_str("<nil>");
                    } else if o.as_basic().is_some() {
                        write_value(out, target);
                    } else {
                        // The pointer is followed: print the pointee without `&`.
                        Printer::new(out).print_pointee(o);
                    }
                    Ok(())
                }
                _ => {
                    write_value(out, target);
                    Ok(())
                }
            }
        }
        _ => {
            write_value(out, target);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests;
