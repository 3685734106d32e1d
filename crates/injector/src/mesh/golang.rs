//! Go standard-library behaviours that leak into mesh config handling: `time.ParseDuration` and
//! `Duration.String`, `encoding/json` string and float encoding, `strconv.Quote`, and
//! `hashicorp/go-multierror` error formatting.

use std::fmt::Write as _;

/// Nanoseconds per second.
pub const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// Go's `time.quote`: ASCII printable characters kept (with `"` and `\` escaped), everything else as `\xNN`.
fn time_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if (c as u32) >= 0x80 || c < ' ' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "\\x{b:02x}");
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

fn unit_nanos(unit: &str) -> Option<u64> {
    Some(match unit {
        "ns" => 1,
        "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        _ => return None,
    })
}

/// Go's `time.ParseDuration`, returning nanoseconds, with Go's error messages.
pub fn parse_duration(orig: &str) -> Result<i64, String> {
    const LIMIT: u64 = 1 << 63;
    let invalid = || format!("time: invalid duration {}", time_quote(orig));
    let mut s = orig.as_bytes();
    let mut neg = false;
    if let Some(&c) = s.first() {
        if c == b'-' || c == b'+' {
            neg = c == b'-';
            s = &s[1..];
        }
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // Leading integer.
        let mut v: u64 = 0;
        let mut i = 0;
        while i < s.len() && s[i].is_ascii_digit() {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(s[i] - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
            i += 1;
        }
        let pre = i > 0;
        s = &s[i..];
        // Fraction.
        let mut f: u64 = 0;
        let mut scale: f64 = 1.0;
        let mut post = false;
        if s.first() == Some(&b'.') {
            s = &s[1..];
            let mut j = 0;
            let mut overflow = false;
            while j < s.len() && s[j].is_ascii_digit() {
                if !overflow {
                    if f > (LIMIT - 1) / 10 {
                        overflow = true;
                    } else {
                        let y = f * 10 + u64::from(s[j] - b'0');
                        if y > LIMIT {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                j += 1;
            }
            post = j > 0;
            s = &s[j..];
        }
        if !pre && !post {
            return Err(invalid());
        }
        let mut k = 0;
        while k < s.len() && !(s[k] == b'.' || s[k].is_ascii_digit()) {
            k += 1;
        }
        if k == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                time_quote(orig)
            ));
        }
        let unit_str = String::from_utf8_lossy(&s[..k]).into_owned();
        s = &s[k..];
        let Some(unit) = unit_nanos(&unit_str) else {
            return Err(format!(
                "time: unknown unit {} in duration {}",
                time_quote(&unit_str),
                time_quote(orig)
            ));
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        total += v;
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((total as i64).wrapping_neg());
    }
    if total > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(total as i64)
}

/// Go's `time.Duration.String` (e.g. `1h0m0s`, `1.5s`, `1ms`, `0s`).
pub fn duration_string(nanos: i64) -> String {
    let neg = nanos < 0;
    let mut u = nanos.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        if u == 0 {
            return "0s".to_string();
        }
        let (unit, prec) = if u < 1_000 {
            ("ns", 0)
        } else if u < 1_000_000 {
            ("\u{b5}s", 3)
        } else {
            ("ms", 6)
        };
        out.push_str(&fmt_frac(u, prec));
        out.push_str(unit);
    } else {
        let frac = fmt_frac(u % 60_000_000_000, 9);
        u /= 60_000_000_000;
        let mut s = format!("{frac}s");
        if u > 0 {
            let m = u % 60;
            u /= 60;
            s = format!("{m}m{s}");
            if u > 0 {
                s = format!("{u}h{s}");
            }
        }
        out = s;
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

/// Formats `v / 10^prec` with trailing fractional zeros (and a bare dot) removed.
fn fmt_frac(v: u64, prec: u32) -> String {
    let div = 10u64.pow(prec);
    let int = v / div;
    let frac = v % div;
    if frac == 0 {
        return int.to_string();
    }
    let digits = format!("{frac:0width$}", width = prec as usize);
    format!("{int}.{}", digits.trim_end_matches('0'))
}

/// Appends `s` as a JSON string the way Go's `encoding/json` does (HTML-safe escaping).
pub use gotmpl::json::write_str as write_json_string;

/// Go's `encoding/json` formatting of a finite float64 (`bits == 64`) or float32 (`bits == 32`).
pub fn json_float(f: f64, bits: u32) -> String {
    if bits != 32 {
        let mut out = String::new();
        gotmpl::json::write_float(&mut out, f);
        return out;
    }
    let abs = f.abs();
    let exp = abs != 0.0 && !(1e-6..1e21).contains(&(abs as f32));
    let text = if exp {
        format!("{:e}", f as f32)
    } else {
        format!("{}", f as f32)
    };
    if !exp {
        return text;
    }
    match text.split_once('e') {
        Some((mantissa, e)) if !e.starts_with('-') => format!("{mantissa}e+{e}"),
        _ => text,
    }
}

/// The JSON number Go's `json.Marshal(float64)` prints for `f`, parsed back (integral values below 1e21
/// become integers); non-finite values give `null`.
pub fn go_float_value(f: f64) -> serde_json::Value {
    if !f.is_finite() {
        return serde_json::Value::Null;
    }
    serde_json::from_str(&json_float(f, 64)).unwrap_or(serde_json::Value::Null)
}

/// What a round trip through Go's `map[string]any` (`yaml.Unmarshal` then `yaml.Marshal`, or `json.Unmarshal`)
/// does to a JSON value: every number passes through float64.
pub fn json_via_float64(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value as Json;
    match v {
        Json::Number(n) => n.as_f64().map_or(Json::Null, go_float_value),
        Json::Array(items) => Json::Array(items.iter().map(json_via_float64).collect()),
        Json::Object(obj) => Json::Object(
            obj.iter()
                .map(|(k, v)| (k.clone(), json_via_float64(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Go's `strconv.Quote` (as used by `%q`) for the characters that occur in config values.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Go `error` value as built by `errors.New`/`fmt.Errorf` and `hashicorp/go-multierror`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoError {
    /// A plain error with its message.
    Plain(String),
    /// A `*multierror.Error` holding the messages of its (flattened) errors.
    Multi(Vec<String>),
}

impl GoError {
    /// A plain error.
    pub fn new(msg: impl Into<String>) -> GoError {
        GoError::Plain(msg.into())
    }

    /// `multierror.Append(self, other)`: flattens multierrors into one list.
    pub fn append(base: Option<GoError>, other: GoError) -> GoError {
        let mut list = match base {
            None => Vec::new(),
            Some(GoError::Plain(m)) => vec![m],
            Some(GoError::Multi(v)) => v,
        };
        match other {
            GoError::Plain(m) => list.push(m),
            GoError::Multi(v) => list.extend(v),
        }
        GoError::Multi(list)
    }

    /// The `appendError` helper of Istio's validation: keeps a single error as is, else `multierror.Append`.
    pub fn join(base: Option<GoError>, other: Option<GoError>) -> Option<GoError> {
        match (base, other) {
            (None, o) => o,
            (b, None) => b,
            (b, Some(o)) => Some(GoError::append(b, o)),
        }
    }

    /// `multierror.Prefix(err, prefix)`: prefixes every wrapped error (or the plain message).
    pub fn prefix(self, prefix: &str) -> GoError {
        match self {
            GoError::Plain(m) => GoError::Plain(format!("{prefix} {m}")),
            GoError::Multi(v) => {
                GoError::Multi(v.into_iter().map(|m| format!("{prefix} {m}")).collect())
            }
        }
    }
}

impl std::fmt::Display for GoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GoError::Plain(m) => f.write_str(m),
            GoError::Multi(v) if v.len() == 1 => write!(f, "1 error occurred:\n\t* {}\n\n", v[0]),
            GoError::Multi(v) => {
                write!(f, "{} errors occurred:\n\t", v.len())?;
                for (i, m) in v.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n\t")?;
                    }
                    write!(f, "* {m}")?;
                }
                f.write_str("\n\n")
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn parse_durations_like_go() {
        assert_eq!(parse_duration("23s"), Ok(23 * NANOS_PER_SECOND));
        assert_eq!(parse_duration("1.5s"), Ok(1_500_000_000));
        assert_eq!(parse_duration("1h2m"), Ok(3_720 * NANOS_PER_SECOND));
        assert_eq!(parse_duration("-1.5h"), Ok(-5_400 * NANOS_PER_SECOND));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("1\u{b5}s"), Ok(1_000));
        assert_eq!(
            parse_duration(""),
            Err("time: invalid duration \"\"".to_string())
        );
        assert_eq!(
            parse_duration("abc"),
            Err("time: invalid duration \"abc\"".to_string())
        );
        assert_eq!(
            parse_duration("10"),
            Err("time: missing unit in duration \"10\"".to_string())
        );
        assert_eq!(
            parse_duration("1x"),
            Err("time: unknown unit \"x\" in duration \"1x\"".to_string())
        );
        assert_eq!(
            parse_duration("9999999999h"),
            Err("time: invalid duration \"9999999999h\"".to_string())
        );
    }

    #[test]
    fn duration_strings_like_go() {
        assert_eq!(duration_string(0), "0s");
        assert_eq!(duration_string(3_600 * NANOS_PER_SECOND), "1h0m0s");
        assert_eq!(duration_string(1_000_000), "1ms");
        assert_eq!(duration_string(1_500_000_000), "1.5s");
        assert_eq!(duration_string(-150 * NANOS_PER_SECOND), "-2m30s");
        assert_eq!(duration_string(1_500), "1.5\u{b5}s");
    }

    #[test]
    fn json_encoding_like_go() {
        let mut s = String::new();
        write_json_string(&mut s, "a<b>&\"\\\n\u{1}\u{2028}é");
        assert_eq!(s, r#""a\u003cb\u003e\u0026\"\\\n\u0001\u2028é""#);
        assert_eq!(json_float(1.0, 64), "1");
        assert_eq!(json_float(1.5, 64), "1.5");
        assert_eq!(json_float(1e21, 64), "1e+21");
        assert_eq!(json_float(1.5e-7, 64), "1.5e-7");
        assert_eq!(json_float(0.1, 32), "0.1");
        assert_eq!(json_float(-0.0, 64), "-0");
    }

    #[test]
    fn multierror_formatting() {
        let one = GoError::append(None, GoError::new("a"));
        assert_eq!(one.to_string(), "1 error occurred:\n\t* a\n\n");
        let two = GoError::append(Some(one), GoError::new("b")).prefix("p:");
        assert_eq!(
            two.to_string(),
            "2 errors occurred:\n\t* p: a\n\t* p: b\n\n"
        );
        assert_eq!(GoError::new("x").prefix("p:").to_string(), "p: x");
    }
}
