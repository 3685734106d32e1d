//! Numeric constants: Go's `parse.Tree.newNumber` with the `strconv.ParseInt`/`ParseUint`/`ParseFloat` (base 0,
//! Go literal syntax) rules it relies on.

use std::sync::Arc;

use super::lex::ItemType;
use super::node::{NumberNode, Pos};
use super::quote::{quote, unquote_char};

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let b = if !b.is_empty() && (b[0] == b'-' || b[0] == b'+') {
        &b[1..]
    } else {
        b
    };
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1].eq_ignore_ascii_case(&b'x');
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && c.to_ascii_lowercase().is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// `strconv.ParseUint(s, 0, 64)`.
fn parse_uint(s: &str) -> Option<u64> {
    if s.is_empty() || s.starts_with(['+', '-']) {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let (base, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d, true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d, true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d, true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..], true)
    } else {
        (10, lower.as_str(), false)
    };
    if s.contains('_') && !underscore_ok(s) {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if clean.is_empty() {
        // "0x" alone is invalid; "0" followed by only underscores too.
        return if !prefixed && lower == "0" {
            Some(0)
        } else {
            None
        };
    }
    u64::from_str_radix(&clean, base).ok()
}

/// `strconv.ParseInt(s, 0, 64)`.
fn parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint(body)?;
    if neg {
        if u > (i64::MAX as u64) + 1 {
            return None;
        }
        Some((u as i64).wrapping_neg())
    } else {
        i64::try_from(u).ok()
    }
}

/// `strconv.ParseFloat(s, 64)` for the literal forms the lexer produces (decimal and hexadecimal, with
/// underscores). Out-of-range values are errors, as in Go.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    if s.contains('_') && !underscore_ok(s) {
        return None;
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match clean.as_bytes().first() {
        Some(b'-') => (true, &clean[1..]),
        Some(b'+') => (false, &clean[1..]),
        _ => (false, clean.as_str()),
    };
    let lower = body.to_ascii_lowercase();
    let v = if let Some(hex) = lower.strip_prefix("0x") {
        parse_hex_float(hex)?
    } else {
        if lower.is_empty()
            || !lower
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'+' | b'-'))
        {
            return None;
        }
        let v: f64 = lower.parse().ok()?;
        if v.is_infinite() {
            return None;
        }
        v
    };
    Some(if neg { -v } else { v })
}

fn parse_hex_float(s: &str) -> Option<f64> {
    let (mant, exp) = match s.find('p') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int_part, frac_part) = match mant.find('.') {
        Some(i) => (&mant[..i], &mant[i + 1..]),
        None => (mant, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if frac_part.contains('.') {
        return None;
    }
    // A hexadecimal mantissa needs a 'p' exponent in Go's ParseFloat.
    let exp: i64 = match exp {
        Some(e) => e.parse().ok()?,
        None => return None,
    };
    let mut v = 0f64;
    for c in int_part.chars().chain(frac_part.chars()) {
        v = v * 16.0 + f64::from(c.to_digit(16)?);
    }
    let shift = exp - 4 * frac_part.len() as i64;
    let r = v * 2f64.powi(i32::try_from(shift).ok()?);
    if r.is_infinite() {
        return None;
    }
    Some(r)
}

fn simplify_complex(n: &mut NumberNode) {
    n.is_float = n.complex128.1 == 0.0;
    if n.is_float {
        n.float64 = n.complex128.0;
        let f = n.float64;
        n.is_int =
            f.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f);
        if n.is_int {
            n.int64 = f as i64;
        }
        n.is_uint = f.fract() == 0.0 && (0.0..1.844_674_407_370_955_2e19).contains(&f);
        if n.is_uint {
            n.uint64 = f as u64;
        }
    }
}

fn parse_complex(text: &str) -> Option<(f64, f64)> {
    let body = text.strip_suffix('i')?;
    // Split at the sign that starts the imaginary part (not one following an exponent marker).
    let bytes = body.as_bytes();
    let mut split = None;
    for i in (1..bytes.len()).rev() {
        if (bytes[i] == b'+' || bytes[i] == b'-')
            && !matches!(bytes[i - 1].to_ascii_lowercase(), b'e' | b'p')
        {
            split = Some(i);
            break;
        }
    }
    let i = split?;
    Some((parse_float(&body[..i])?, parse_float(&body[i..])?))
}

/// Builds a number node from a number, character-constant or complex token (Go's `newNumber`).
/// The error is Go's message.
pub(crate) fn new_number(pos: Pos, text: &str, typ: ItemType) -> Result<NumberNode, String> {
    let mut n = NumberNode {
        pos,
        is_int: false,
        is_uint: false,
        is_float: false,
        is_complex: false,
        int64: 0,
        uint64: 0,
        float64: 0.0,
        complex128: (0.0, 0.0),
        text: Arc::from(text),
    };
    match typ {
        ItemType::CharConstant => {
            let q = text.chars().next().unwrap_or('\'');
            let (r, tail) = unquote_char(&text[q.len_utf8()..], q).ok_or("invalid syntax")?;
            if tail != "'" {
                return Err(format!("malformed character constant: {text}"));
            }
            n.int64 = i64::from(u32::from(r));
            n.is_int = true;
            n.uint64 = u64::from(u32::from(r));
            n.is_uint = true;
            n.float64 = f64::from(u32::from(r));
            n.is_float = true;
            return Ok(n);
        }
        ItemType::Complex => {
            let c = parse_complex(text).ok_or_else(|| "expected integer".to_string())?;
            n.complex128 = c;
            n.is_complex = true;
            simplify_complex(&mut n);
            return Ok(n);
        }
        _ => {}
    }
    if let Some(imag) = text.strip_suffix('i') {
        if let Some(f) = parse_float(imag) {
            n.is_complex = true;
            n.complex128 = (0.0, f);
            simplify_complex(&mut n);
            return Ok(n);
        }
    }
    let u = parse_uint(text);
    if let Some(u) = u {
        n.is_uint = true;
        n.uint64 = u;
    }
    if let Some(i) = parse_int(text) {
        n.is_int = true;
        n.int64 = i;
        if i == 0 {
            n.is_uint = true;
            n.uint64 = u.unwrap_or(0);
        }
    }
    if n.is_int {
        n.is_float = true;
        n.float64 = n.int64 as f64;
    } else if n.is_uint {
        n.is_float = true;
        n.float64 = n.uint64 as f64;
    } else if let Some(f) = parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", quote(text)));
        }
        n.is_float = true;
        n.float64 = f;
        if f.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
            n.is_int = true;
            n.int64 = f as i64;
        }
        if f.fract() == 0.0 && (0.0..1.844_674_407_370_955_2e19).contains(&f) {
            n.is_uint = true;
            n.uint64 = f as u64;
        }
    }
    if !n.is_int && !n.is_uint && !n.is_float {
        return Err(format!("illegal number syntax: {}", quote(text)));
    }
    Ok(n)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_literals() {
        let n = new_number(0, "0x1_F", ItemType::Number).unwrap();
        assert!(n.is_int && n.int64 == 31);
        let n = new_number(0, "0o17", ItemType::Number).unwrap();
        assert_eq!(n.int64, 15);
        let n = new_number(0, "017", ItemType::Number).unwrap();
        assert_eq!(n.int64, 15);
        let n = new_number(0, "1e3", ItemType::Number).unwrap();
        assert!(n.is_int && n.int64 == 1000 && n.is_float);
        let n = new_number(0, "0x1p-2", ItemType::Number).unwrap();
        assert_eq!(n.float64, 0.25);
        let n = new_number(0, "-1", ItemType::Number).unwrap();
        assert!(n.is_int && !n.is_uint);
        let n = new_number(0, "'a'", ItemType::CharConstant).unwrap();
        assert_eq!(n.int64, 97);
        let n = new_number(0, "1+2i", ItemType::Complex).unwrap();
        assert_eq!(n.complex128, (1.0, 2.0));
        assert!(new_number(0, "9999999999999999999999", ItemType::Number).is_err());
        assert!(new_number(0, "0x", ItemType::Number).is_err());
    }
}
