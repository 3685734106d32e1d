//! Plain-scalar resolution with the YAML 1.1 rules of go-yaml v2's `resolve` (as used by
//! `sigs.k8s.io/yaml`): which untagged plain scalars are null, booleans, integers, floats,
//! or timestamps, and which stay strings.
//!
//! The same function decides, on the way out, whether a string may be written plain
//! (`encoder.stringv`: a string is quoted when it would resolve to anything but a string, or
//! looks like a YAML 1.1 base-60 float).

/// What a plain scalar resolves to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Resolved {
    /// `~`, `null`, `Null`, `NULL` or the empty scalar.
    Null,
    /// One of the YAML 1.1 boolean spellings go-yaml v2 accepts.
    Bool(bool),
    /// An integer that fits `i64` (Go `int`).
    Int(i64),
    /// A non-negative integer above `i64::MAX` that fits `u64`.
    Uint(u64),
    /// A float, including `.inf`/`-.inf`/`.nan`.
    Float(f64),
    /// A timestamp; go-yaml v2 hands it back as the original string when decoding into
    /// `interface{}`.
    Timestamp,
    /// Anything else: a string.
    Str,
}

/// Resolves an untagged plain scalar the way go-yaml v2's `resolve("", s)` does.
pub(crate) fn resolve_plain(s: &str) -> Resolved {
    let bytes = s.as_bytes();
    let hint = match bytes.first() {
        None => return Resolved::Null,
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => return Resolved::Str,
    };
    if let Some(r) = lookup_word(s) {
        return r;
    }
    match hint {
        b'.' => match parse_yaml_float(s) {
            Some(f) => Resolved::Float(f),
            None => Resolved::Str,
        },
        b'D' | b'S' => resolve_number_or_timestamp(s, true),
        _ => Resolved::Str,
    }
}

/// Resolves a scalar explicitly tagged `!!int`, `!!float`, `!!timestamp` etc.: like
/// [`resolve_plain`] but timestamps are only recognised when `timestamps` is set.
pub(crate) fn resolve_number_or_timestamp(s: &str, timestamps: bool) -> Resolved {
    if let Some(r) = lookup_word(s) {
        return r;
    }
    match s.as_bytes().first() {
        Some(b'.') => {
            return match parse_yaml_float(s) {
                Some(f) => Resolved::Float(f),
                None => Resolved::Str,
            }
        }
        Some(b'+' | b'-' | b'0'..=b'9') => {}
        _ => return Resolved::Str,
    }
    if timestamps && is_timestamp(s) {
        return Resolved::Timestamp;
    }
    let plain: std::borrow::Cow<'_, str> = if s.contains('_') {
        s.replace('_', "").into()
    } else {
        s.into()
    };
    if let Some(i) = parse_go_int(&plain) {
        return Resolved::Int(i);
    }
    if let Some(u) = parse_go_uint(&plain) {
        return Resolved::Uint(u);
    }
    if let Some(f) = parse_yaml_float(&plain) {
        return Resolved::Float(f);
    }
    // go-yaml v2 strips a "0b" prefix by hand and parses the rest with an explicit base 2,
    // which lets a sign follow the prefix ("0b-101" is -5).
    if let Some(rest) = plain.strip_prefix("0b") {
        if let Some(i) = parse_signed_radix(rest, 2) {
            return Resolved::Int(i);
        }
        if let Some(u) = parse_unsigned_radix(rest, 2) {
            return Resolved::Uint(u);
        }
    } else if let Some(rest) = plain.strip_prefix("-0b") {
        let mut neg = String::with_capacity(rest.len() + 1);
        neg.push('-');
        neg.push_str(rest);
        if let Some(i) = parse_signed_radix(&neg, 2) {
            return Resolved::Int(i);
        }
    }
    Resolved::Str
}

fn lookup_word(s: &str) -> Option<Resolved> {
    Some(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Resolved::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Resolved::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Resolved::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Resolved::Float(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// Go's `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`/`0o`/`0b` or a leading `0`
/// (octal) prefix.
fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let u = parse_go_uint(digits)?;
    if neg {
        if u <= i64::MAX as u64 + 1 {
            Some((u as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else {
        i64::try_from(u).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` (no sign accepted).
fn parse_go_uint(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let (radix, digits) = if b[0] == b'0' {
        if b.len() >= 3 {
            match b[1].to_ascii_lowercase() {
                b'b' => (2, &s[2..]),
                b'o' => (8, &s[2..]),
                b'x' => (16, &s[2..]),
                _ => (8, &s[1..]),
            }
        } else {
            (8, &s[1..])
        }
    } else {
        (10, s)
    };
    let mut n: u64 = 0;
    for c in digits.bytes() {
        let d = (c as char).to_digit(radix)?;
        n = n.checked_mul(u64::from(radix))?.checked_add(u64::from(d))?;
    }
    Some(n)
}

/// Go's `strconv.ParseInt(s, radix, 64)` for an explicit radix.
fn parse_signed_radix(s: &str, radix: u32) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let u = parse_unsigned_radix(digits, radix)?;
    if neg {
        if u <= i64::MAX as u64 + 1 {
            Some((u as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else {
        i64::try_from(u).ok()
    }
}

/// Go's `strconv.ParseUint(s, radix, 64)` for an explicit radix.
fn parse_unsigned_radix(s: &str, radix: u32) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for c in s.bytes() {
        let d = (c as char).to_digit(radix)?;
        n = n.checked_mul(u64::from(radix))?.checked_add(u64::from(d))?;
    }
    Some(n)
}

/// go-yaml v2's float syntax `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` followed
/// by `strconv.ParseFloat`, which rejects values that overflow to infinity.
fn parse_yaml_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == int_start {
        // `\.[0-9]+`
        if b.get(i) != Some(&b'.') {
            return None;
        }
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == frac_start {
            return None;
        }
    } else if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    if f.is_infinite() {
        None
    } else {
        Some(f)
    }
}

/// go-yaml v2's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
/// Such strings are quoted on output although they resolve to strings.
pub(crate) fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    if !s.contains(':') {
        return false;
    }
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    i += 1;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        // `[0-5]?[0-9]`: one digit, or two digits with the first in 0-5.
        match (b.get(i), b.get(i + 1)) {
            (Some(b'0'..=b'5'), Some(d2)) if d2.is_ascii_digit() => i += 2,
            (Some(d), _) if d.is_ascii_digit() => i += 1,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// Whether go-yaml v2 would parse `s` as a timestamp: Go's `time.Parse` with one of the
/// layouts `2006-1-2T15:4:5.999999999Z07:00` (also with a lower-case `t`),
/// `2006-1-2 15:4:5.999999999` or `2006-1-2`.
pub(crate) fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    // Quick check: exactly four leading digits followed by '-'.
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits != 4 || b.get(4) != Some(&b'-') {
        return false;
    }
    let year = b[..4]
        .iter()
        .fold(0i32, |acc, d| acc * 10 + i32::from(d - b'0'));
    let Some((month, rest)) = getnum(&b[5..], false) else {
        return false;
    };
    if !(1..=12).contains(&month) {
        return false;
    }
    let Some(rest) = rest.strip_prefix(b"-") else {
        return false;
    };
    let Some((day, rest)) = getnum(rest, false) else {
        return false;
    };
    if day < 1 || day > days_in(month, year) {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    match rest[0] {
        b'T' | b't' => time_part(&rest[1..], true),
        b' ' => {
            // Go's layout matching treats a run of spaces as one separator.
            let trimmed = trim_spaces(rest);
            time_part(trimmed, false)
        }
        _ => false,
    }
}

fn trim_spaces(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| **c == b' ').count();
    &b[n..]
}

fn time_part(b: &[u8], with_zone: bool) -> bool {
    let Some((hour, rest)) = getnum(b, false) else {
        return false;
    };
    if hour >= 24 {
        return false;
    }
    let Some(rest) = rest.strip_prefix(b":") else {
        return false;
    };
    let Some((min, rest)) = getnum(rest, false) else {
        return false;
    };
    if min >= 60 {
        return false;
    }
    let Some(rest) = rest.strip_prefix(b":") else {
        return false;
    };
    let Some((sec, mut rest)) = getnum(rest, false) else {
        return false;
    };
    if sec >= 60 {
        return false;
    }
    if rest.len() >= 2 && (rest[0] == b'.' || rest[0] == b',') && rest[1].is_ascii_digit() {
        let n = 1 + rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        rest = &rest[n..];
    }
    if !with_zone {
        return rest.is_empty();
    }
    if rest.first() == Some(&b'Z') {
        return rest.len() == 1;
    }
    if rest.len() != 6 || rest[3] != b':' || !matches!(rest[0], b'+' | b'-') {
        return false;
    }
    match (getnum(&rest[1..3], true), getnum(&rest[4..6], true)) {
        (Some((h, _)), Some((m, _))) => h <= 24 && m <= 60,
        _ => false,
    }
}

/// Go's `getnum`: one or two leading digits (exactly two when `fixed`).
fn getnum(b: &[u8], fixed: bool) -> Option<(u32, &[u8])> {
    let d0 = *b.first().filter(|c| c.is_ascii_digit())?;
    match b.get(1) {
        Some(d1) if d1.is_ascii_digit() => {
            Some((u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'), &b[2..]))
        }
        _ if fixed => None,
        _ => Some((u32::from(d0 - b'0'), &b[1..])),
    }
}

fn days_in(month: u32, year: i32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(resolve_plain("yes"), Resolved::Bool(true));
        assert_eq!(resolve_plain("Off"), Resolved::Bool(false));
        assert_eq!(resolve_plain("oFF"), Resolved::Str);
        assert_eq!(resolve_plain("~"), Resolved::Null);
        assert_eq!(resolve_plain(""), Resolved::Null);
        // go-yaml's resolver never looks at '<': the merge key is recognised by the decoder.
        assert_eq!(resolve_plain("<<"), Resolved::Str);
    }

    #[test]
    fn numbers() {
        assert_eq!(resolve_plain("0x1F"), Resolved::Int(31));
        assert_eq!(resolve_plain("-0x1F"), Resolved::Int(-31));
        assert_eq!(resolve_plain("017"), Resolved::Int(15));
        assert_eq!(resolve_plain("0o17"), Resolved::Int(15));
        assert_eq!(resolve_plain("1_000"), Resolved::Int(1000));
        assert_eq!(resolve_plain("08"), Resolved::Float(8.0));
        assert_eq!(resolve_plain("0b-101"), Resolved::Int(-5));
        assert_eq!(
            resolve_plain("18446744073709551615"),
            Resolved::Uint(u64::MAX)
        );
        assert_eq!(
            resolve_plain("-9223372036854775808"),
            Resolved::Int(i64::MIN)
        );
        assert_eq!(resolve_plain("1e400"), Resolved::Str);
        assert_eq!(resolve_plain(".5"), Resolved::Float(0.5));
        assert_eq!(resolve_plain("0x"), Resolved::Str);
        assert_eq!(resolve_plain("1.2.3"), Resolved::Str);
    }

    #[test]
    fn timestamps_and_base60() {
        assert_eq!(resolve_plain("2001-12-14"), Resolved::Timestamp);
        assert_eq!(resolve_plain("2001-2-30"), Resolved::Str);
        assert_eq!(
            resolve_plain("2001-12-14t21:59:43.10Z"),
            Resolved::Timestamp
        );
        assert_eq!(resolve_plain("2001-12-14 21:59:43.10"), Resolved::Timestamp);
        assert_eq!(
            resolve_plain("2001-12-14T21:59:43+05:00"),
            Resolved::Timestamp
        );
        assert_eq!(resolve_plain("2001-12-14 21:59:43 -5"), Resolved::Str);
        assert!(is_base60_float("190:20:30.15"));
        assert!(is_base60_float("1:20"));
        assert!(is_base60_float("8080:50"));
        assert!(!is_base60_float("8080:80"));
        assert!(!is_base60_float("1:2:"));
        assert!(!is_base60_float("a:1"));
    }
}
