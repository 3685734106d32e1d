//! Go's `strconv.ParseInt`, `strconv.ParseUint` and `strconv.ParseFloat`, which Sprig and spf13/cast use to read
//! numbers from strings: base prefixes (`0x`, `0o`, `0b`, a leading `0` for octal), underscores between digits,
//! `inf`/`nan`, hexadecimal floats, and range errors.

use std::fmt;

/// Why a number could not be parsed, as Go's `strconv.NumError` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumError {
    /// `invalid syntax`.
    Syntax,
    /// `value out of range`.
    Range,
}

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumError::Syntax => "invalid syntax",
            NumError::Range => "value out of range",
        })
    }
}

fn lower(b: u8) -> u8 {
    b | 0x20
}

/// Go's `underscoreOK`: underscores only between digits, or between a base prefix and a digit.
fn underscore_ok(s: &[u8]) -> bool {
    let mut saw = b'^';
    let mut i = 0;
    let s = match s.first() {
        Some(b'+' | b'-') => &s[1..],
        _ => s,
    };
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(lower(s[1]), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = lower(s[1]) == b'x';
    }
    while i < s.len() {
        let c = s[i];
        i += 1;
        if c.is_ascii_digit() || (hex && (b'a'..=b'f').contains(&lower(c))) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

/// Go's `strconv.ParseUint(s, base, bits)`; `base` 0 reads the base from the prefix. `bits` is 1..=64.
pub fn parse_uint(s: &str, base: u32, bits: u32) -> Result<u64, NumError> {
    let s0 = s.as_bytes();
    let mut s = s0;
    if s.is_empty() {
        return Err(NumError::Syntax);
    }
    let base0 = base == 0;
    let mut base = base;
    if base0 {
        base = 10;
        if s[0] == b'0' {
            if s.len() >= 3 && matches!(lower(s[1]), b'b' | b'o' | b'x') {
                base = match lower(s[1]) {
                    b'b' => 2,
                    b'o' => 8,
                    _ => 16,
                };
                s = &s[2..];
            } else {
                base = 8;
                s = &s[1..];
            }
        }
    } else if !(2..=36).contains(&base) {
        return Err(NumError::Syntax);
    }
    let max: u64 = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    let mut overflow = false;
    for &c in s {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u32::from(c - b'0'),
            _ if lower(c).is_ascii_lowercase() => u32::from(lower(c) - b'a') + 10,
            _ => return Err(NumError::Syntax),
        };
        if d >= base {
            return Err(NumError::Syntax);
        }
        if overflow {
            continue;
        }
        match n
            .checked_mul(u64::from(base))
            .and_then(|m| m.checked_add(u64::from(d)))
        {
            Some(v) if v <= max => n = v,
            _ => overflow = true,
        }
    }
    if underscores && !underscore_ok(s0) {
        return Err(NumError::Syntax);
    }
    if overflow {
        return Err(NumError::Range);
    }
    Ok(n)
}

/// Go's `strconv.ParseInt(s, base, bits)`; `base` 0 reads the base from the prefix. `bits` is 1..=64.
pub fn parse_int(s: &str, base: u32, bits: u32) -> Result<i64, NumError> {
    if s.is_empty() {
        return Err(NumError::Syntax);
    }
    let (neg, digits) = match s.as_bytes()[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let un = parse_uint(digits, base, bits)?;
    let bits = bits.clamp(1, 64);
    let cutoff = 1u64 << (bits - 1);
    if !neg && un >= cutoff {
        return Err(NumError::Range);
    }
    if neg && un > cutoff {
        return Err(NumError::Range);
    }
    Ok(if neg {
        (un as i64).wrapping_neg()
    } else {
        un as i64
    })
}

/// Go's `strconv.Atoi`: base 10, no prefix, no underscores.
pub fn atoi(s: &str) -> Result<i64, NumError> {
    parse_int(s, 10, 64)
}

fn prefix_len_ignore_case(s: &[u8], word: &[u8]) -> usize {
    s.iter()
        .zip(word)
        .take_while(|(a, b)| lower(**a) == **b)
        .count()
}

/// Go's `special`: `inf`, `infinity` (optionally signed) and `nan`, matched case-insensitively.
fn special(s: &[u8]) -> Option<f64> {
    let (sign, rest, signed) = match s.first()? {
        b'+' => (1.0, &s[1..], true),
        b'-' => (-1.0, &s[1..], true),
        _ => (1.0, s, false),
    };
    match rest.first().map(|b| lower(*b)) {
        Some(b'i') => {
            let n = prefix_len_ignore_case(rest, b"infinity");
            ((n == 3 || n == 8) && n == rest.len()).then_some(sign * f64::INFINITY)
        }
        Some(b'n') if !signed => {
            (prefix_len_ignore_case(rest, b"nan") == 3 && rest.len() == 3).then_some(f64::NAN)
        }
        _ => None,
    }
}

/// Go's `strconv.ParseFloat(s, 64)`.
pub fn parse_float(s: &str) -> Result<f64, NumError> {
    parse_float_bits(s, 64)
}

/// Go's `strconv.ParseFloat(s, bits)` for `bits` 32 or 64 (32 rounds to `float32` precision).
pub fn parse_float_bits(s: &str, bits: u32) -> Result<f64, NumError> {
    let b = s.as_bytes();
    if let Some(f) = special(b) {
        return Ok(f);
    }
    let (neg, body) = match b.first() {
        Some(b'+') => (false, &b[1..]),
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    let value = if body.len() >= 2 && body[0] == b'0' && lower(body[1]) == b'x' {
        parse_hex_float(&body[2..])?
    } else {
        parse_dec_float(body)?
    };
    if b.contains(&b'_') && !underscore_ok(b) {
        return Err(NumError::Syntax);
    }
    let value = if bits == 32 {
        let f = value as f32;
        if f.is_infinite() {
            return Err(NumError::Range);
        }
        f64::from(f)
    } else {
        value
    };
    if value.is_infinite() {
        return Err(NumError::Range);
    }
    Ok(if neg { -value } else { value })
}

/// A decimal float body (no sign): digits, optional fraction, optional exponent; underscores checked by the caller.
fn parse_dec_float(body: &[u8]) -> Result<f64, NumError> {
    let mut clean = String::with_capacity(body.len());
    let mut i = 0;
    let mut digits = 0;
    while i < body.len() && (body[i].is_ascii_digit() || body[i] == b'_') {
        if body[i] != b'_' {
            clean.push(char::from(body[i]));
            digits += 1;
        }
        i += 1;
    }
    if i < body.len() && body[i] == b'.' {
        clean.push('.');
        i += 1;
        while i < body.len() && (body[i].is_ascii_digit() || body[i] == b'_') {
            if body[i] != b'_' {
                clean.push(char::from(body[i]));
                digits += 1;
            }
            i += 1;
        }
    }
    if digits == 0 {
        return Err(NumError::Syntax);
    }
    if i < body.len() && lower(body[i]) == b'e' {
        clean.push('e');
        i += 1;
        if i < body.len() && (body[i] == b'+' || body[i] == b'-') {
            clean.push(char::from(body[i]));
            i += 1;
        }
        let start = i;
        while i < body.len() && (body[i].is_ascii_digit() || body[i] == b'_') {
            if body[i] != b'_' {
                clean.push(char::from(body[i]));
            }
            i += 1;
        }
        if i == start {
            return Err(NumError::Syntax);
        }
    }
    if i != body.len() {
        return Err(NumError::Syntax);
    }
    clean.parse::<f64>().map_err(|_| NumError::Syntax)
}

/// A hexadecimal float body after `0x`: hex digits, optional fraction, mandatory `p` exponent.
fn parse_hex_float(body: &[u8]) -> Result<f64, NumError> {
    let mut mant = 0.0f64;
    let mut exp: i64 = 0;
    let mut digits = 0;
    let mut i = 0;
    let mut seen_dot = false;
    while i < body.len() {
        let c = body[i];
        match c {
            b'_' => {}
            b'.' if !seen_dot => seen_dot = true,
            _ => {
                let Some(d) = char::from(c).to_digit(16) else {
                    break;
                };
                mant = mant * 16.0 + f64::from(d);
                digits += 1;
                if seen_dot {
                    exp -= 4;
                }
            }
        }
        i += 1;
    }
    if digits == 0 || i >= body.len() || lower(body[i]) != b'p' {
        return Err(NumError::Syntax);
    }
    i += 1;
    let neg = match body.get(i) {
        Some(b'+') => {
            i += 1;
            false
        }
        Some(b'-') => {
            i += 1;
            true
        }
        _ => false,
    };
    let start = i;
    let mut e: i64 = 0;
    while i < body.len() && (body[i].is_ascii_digit() || body[i] == b'_') {
        if body[i] != b'_' {
            e = (e * 10 + i64::from(body[i] - b'0')).min(100_000);
        }
        i += 1;
    }
    if i == start || i != body.len() {
        return Err(NumError::Syntax);
    }
    exp += if neg { -e } else { e };
    let exp = i32::try_from(exp.clamp(-100_000, 100_000)).unwrap_or(0);
    Ok(mant * 2f64.powi(exp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_follow_go_base_prefixes() {
        assert_eq!(parse_int("0x1A", 0, 64), Ok(26));
        assert_eq!(parse_int("010", 0, 64), Ok(8));
        assert_eq!(parse_int("0b11", 0, 64), Ok(3));
        assert_eq!(parse_int("0o17", 0, 64), Ok(15));
        assert_eq!(parse_int("1_000", 0, 64), Ok(1000));
        assert_eq!(parse_int("1__000", 0, 64), Err(NumError::Syntax));
        assert_eq!(parse_int("1_000", 10, 64), Err(NumError::Syntax));
        assert_eq!(parse_int("-0x10", 0, 64), Ok(-16));
        assert_eq!(parse_int("0", 0, 64), Ok(0));
        assert_eq!(parse_int("0x", 0, 64), Err(NumError::Syntax));
        assert_eq!(parse_int("", 0, 64), Err(NumError::Syntax));
    }

    #[test]
    fn int_range_limits() {
        assert_eq!(
            parse_int("9223372036854775807", 0, 64),
            Ok(9_223_372_036_854_775_807)
        );
        assert_eq!(
            parse_int("9223372036854775808", 0, 64),
            Err(NumError::Range)
        );
        assert_eq!(parse_int("-9223372036854775808", 0, 64), Ok(i64::MIN));
        assert_eq!(parse_int("0777", 8, 64), Ok(511));
        assert_eq!(parse_int("8", 8, 64), Err(NumError::Syntax));
        assert_eq!(atoi("-7"), Ok(-7));
        assert_eq!(atoi(" 4"), Err(NumError::Syntax));
    }

    #[test]
    fn floats_follow_go() {
        assert_eq!(parse_float("1_000.5"), Ok(1000.5));
        assert_eq!(parse_float("0x1p3"), Ok(8.0));
        assert_eq!(parse_float("0x_1p3"), Ok(8.0));
        assert_eq!(parse_float("0x1.8p1"), Ok(3.0));
        assert_eq!(parse_float("0x10"), Err(NumError::Syntax));
        assert_eq!(parse_float("+nan"), Err(NumError::Syntax));
        assert!(parse_float("nan").is_ok_and(f64::is_nan));
        assert_eq!(parse_float("+infinity"), Ok(f64::INFINITY));
        assert_eq!(parse_float("-Inf"), Ok(f64::NEG_INFINITY));
        assert_eq!(parse_float("infinit"), Err(NumError::Syntax));
        assert_eq!(parse_float("1e400"), Err(NumError::Range));
        assert_eq!(parse_float("1e-400"), Ok(0.0));
        assert_eq!(parse_float(".5"), Ok(0.5));
        assert_eq!(parse_float("5."), Ok(5.0));
        assert_eq!(parse_float("1e"), Err(NumError::Syntax));
        assert_eq!(parse_float("_1"), Err(NumError::Syntax));
        assert_eq!(parse_float("."), Err(NumError::Syntax));
    }
}
