//! `metav1.Time` JSON: `UnmarshalJSON` (Go's `time.Parse(time.RFC3339, s)`, including its leniencies and its
//! error messages) and `MarshalJSON` (`t.UTC().Format(time.RFC3339)`, `null` for the zero time).

use std::fmt::Write as _;

const LAYOUT: &str = "2006-01-02T15:04:05Z07:00";

/// A UTC instant broken into the civil fields RFC 3339 formatting prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcTime {
    /// Proleptic Gregorian year (may be zero or negative, as Go allows).
    pub year: i64,
    /// 1..=12
    pub month: u32,
    /// 1..=31
    pub day: u32,
    /// 0..=23
    pub hour: u32,
    /// 0..=59
    pub minute: u32,
    /// 0..=59
    pub second: u32,
    /// 0..=999_999_999
    pub nanos: u32,
}

impl UtcTime {
    /// Go's `Time.IsZero`: January 1, year 1, 00:00:00 UTC exactly.
    pub fn is_zero(&self) -> bool {
        (
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.nanos,
        ) == (1, 1, 1, 0, 0, 0, 0)
    }

    /// `Format(time.RFC3339)` of the UTC time (seconds precision).
    pub fn to_rfc3339(&self) -> String {
        let mut s = String::with_capacity(20);
        if self.year < 0 {
            let _ = write!(s, "-{:04}", -self.year);
        } else {
            let _ = write!(s, "{:04}", self.year);
        }
        let _ = write!(
            s,
            "-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.month, self.day, self.hour, self.minute, self.second
        );
        s
    }
}

/// Go's `time` package quoting used in parse errors.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if !c.is_ascii() || (c as u32) < 0x20 {
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

fn elem_error(value: &str, rest: &str, layout_elem: &str) -> String {
    format!(
        "parsing time {} as {}: cannot parse {} as {}",
        quote(value),
        quote(LAYOUT),
        quote(rest),
        quote(layout_elem)
    )
}

fn msg_error(value: &str, msg: &str) -> String {
    format!("parsing time {}{}", quote(value), msg)
}

/// Go's `getnum`: one or two leading digits (exactly two when `fixed`).
fn getnum(s: &str, fixed: bool) -> Option<(u32, &str)> {
    let b = s.as_bytes();
    let d0 = *b.first().filter(|c| c.is_ascii_digit())?;
    match b.get(1).filter(|c| c.is_ascii_digit()) {
        Some(&d1) => Some((u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'), &s[2..])),
        None if fixed => None,
        None => Some((u32::from(d0 - b'0'), &s[1..])),
    }
}

/// The 4-digit year field (`stdLongYear`): Go requires a leading digit, and `atoi` then rejects any non-digit.
fn parse_year(s: &str) -> Option<i64> {
    if !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in(month: u32, year: i64) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `time.Parse(time.RFC3339, value)` converted to UTC; errors carry Go's message.
pub fn parse_rfc3339(value: &str) -> Result<UtcTime, String> {
    let mut rest = value;
    // 2006
    if rest.len() < 4 || !rest.is_char_boundary(4) {
        return Err(elem_error(value, rest, "2006"));
    }
    let year = parse_year(&rest[..4]).ok_or_else(|| elem_error(value, rest, "2006"))?;
    rest = &rest[4..];
    rest = literal(value, rest, "-")?;
    let (month, r) = getnum(rest, true).ok_or_else(|| elem_error(value, rest, "01"))?;
    if !(1..=12).contains(&month) {
        return Err(msg_error(value, ": month out of range"));
    }
    rest = literal(value, r, "-")?;
    let (day, r) = getnum(rest, true).ok_or_else(|| elem_error(value, rest, "02"))?;
    rest = literal(value, r, "T")?;
    let (hour, r) = getnum(rest, false).ok_or_else(|| elem_error(value, rest, "15"))?;
    if hour >= 24 {
        return Err(msg_error(value, ": hour out of range"));
    }
    rest = literal(value, r, ":")?;
    let (minute, r) = getnum(rest, true).ok_or_else(|| elem_error(value, rest, "04"))?;
    if minute >= 60 {
        return Err(msg_error(value, ": minute out of range"));
    }
    rest = literal(value, r, ":")?;
    let (second, r) = getnum(rest, true).ok_or_else(|| elem_error(value, rest, "05"))?;
    if second >= 60 {
        return Err(msg_error(value, ": second out of range"));
    }
    rest = r;
    let mut nanos = 0u32;
    let b = rest.as_bytes();
    if b.len() >= 2 && (b[0] == b'.' || b[0] == b',') && b[1].is_ascii_digit() {
        let n = 1 + b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        let mut scale = 100_000_000u32;
        for &c in &b[1..n.min(10)] {
            nanos += u32::from(c - b'0') * scale;
            scale /= 10;
        }
        rest = &rest[n..];
    }
    // Z07:00
    let offset: i64;
    if let Some(r) = rest.strip_prefix('Z') {
        offset = 0;
        rest = r;
    } else {
        let b = rest.as_bytes();
        if b.len() < 6 || b[3] != b':' || !rest.is_char_boundary(6) {
            return Err(elem_error(value, rest, "Z07:00"));
        }
        // As in Go: the minutes are read only if the hours parsed; range errors (the later one winning) take
        // precedence over a parse failure, which takes precedence over a bad sign.
        let hh = getnum(&rest[1..3], true).map(|(v, _)| v);
        let mm = hh.and_then(|_| getnum(&rest[4..6], true).map(|(v, _)| v));
        if mm.is_some_and(|m| m > 60) {
            return Err(msg_error(value, ": time zone offset minute out of range"));
        }
        if hh.is_some_and(|h| h > 24) {
            return Err(msg_error(value, ": time zone offset hour out of range"));
        }
        let (Some(hh), Some(mm)) = (hh, mm) else {
            return Err(elem_error(value, rest, "Z07:00"));
        };
        let magnitude = i64::from(hh * 60 + mm) * 60;
        offset = match b[0] {
            b'+' => magnitude,
            b'-' => -magnitude,
            _ => return Err(elem_error(value, rest, "Z07:00")),
        };
        rest = &rest[6..];
    }
    if !rest.is_empty() {
        return Err(msg_error(value, &format!(": extra text: {}", quote(rest))));
    }
    if day < 1 || day > days_in(month, year) {
        return Err(msg_error(value, ": day out of range"));
    }
    let secs = days_from_civil(year, month, day) * 86_400
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second)
        - offset;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400);
    Ok(UtcTime {
        year: y,
        month: m,
        day: d,
        hour: (sod / 3600) as u32,
        minute: (sod % 3600 / 60) as u32,
        second: (sod % 60) as u32,
        nanos,
    })
}

fn literal<'a>(value: &str, rest: &'a str, lit: &str) -> Result<&'a str, String> {
    rest.strip_prefix(lit)
        .ok_or_else(|| elem_error(value, rest, lit))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn fmt(s: &str) -> Result<String, String> {
        parse_rfc3339(s).map(|t| t.to_rfc3339())
    }

    #[test]
    fn converts_to_utc_and_drops_fraction() {
        assert_eq!(
            fmt("2020-01-02T03:04:05.123+02:00").unwrap(),
            "2020-01-02T01:04:05Z"
        );
        assert_eq!(
            fmt("2020-01-01T00:00:00.999999999-23:59").unwrap(),
            "2020-01-01T23:59:00Z"
        );
        assert_eq!(
            fmt("2020-01-01T00:00:00+24:00").unwrap(),
            "2019-12-31T00:00:00Z"
        );
        assert_eq!(
            fmt("0000-01-01T00:30:00+01:00").unwrap(),
            "-0001-12-31T23:30:00Z"
        );
        assert_eq!(
            fmt("2024-02-29T12:00:00,5Z").unwrap(),
            "2024-02-29T12:00:00Z"
        );
        assert_eq!(
            fmt("2020-03-01T00:00:00+00:00").unwrap(),
            "2020-03-01T00:00:00Z"
        );
        assert_eq!(fmt("1970-01-01T00:00:00Z").unwrap(), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn zero_time() {
        assert!(parse_rfc3339("0001-01-01T00:00:00Z").unwrap().is_zero());
        assert!(parse_rfc3339("0001-01-01T01:00:00+01:00")
            .unwrap()
            .is_zero());
        assert!(!parse_rfc3339("0001-01-01T00:00:00.5Z").unwrap().is_zero());
    }

    #[test]
    fn go_error_messages() {
        let cases = [
            (
                "2020-02-30T00:00:00Z",
                r#"parsing time "2020-02-30T00:00:00Z": day out of range"#,
            ),
            (
                "2020-01-01 00:00:00Z",
                r#"parsing time "2020-01-01 00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 00:00:00Z" as "T""#,
            ),
            (
                "2020-01-01T25:00:00Z",
                r#"parsing time "2020-01-01T25:00:00Z": hour out of range"#,
            ),
            (
                "2020-01-01T00:00:00",
                r#"parsing time "2020-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00""#,
            ),
            (
                "2020-1-01T00:00:00Z",
                r#"parsing time "2020-1-01T00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-01T00:00:00Z" as "01""#,
            ),
            (
                "2020-01-01T00:00:00+0100",
                r#"parsing time "2020-01-01T00:00:00+0100" as "2006-01-02T15:04:05Z07:00": cannot parse "+0100" as "Z07:00""#,
            ),
            (
                "2020-01-01T00:00:60Z",
                r#"parsing time "2020-01-01T00:00:60Z": second out of range"#,
            ),
            (
                "2020-01-01T00:00:00Zjunk",
                r#"parsing time "2020-01-01T00:00:00Zjunk": extra text: "junk""#,
            ),
            (
                "",
                r#"parsing time "" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "2006""#,
            ),
        ];
        for (input, want) in cases {
            assert_eq!(fmt(input).unwrap_err(), want, "{input}");
        }
    }
}
