//! Go's `time.ParseInLocation`.

use std::sync::Arc;

use super::layout::{next_std_chunk, Std, TzShape, TzStyle, DAYS, MONTHS};
use super::{days_from_civil, days_in, is_leap, Location, Time};

// ---------------------------------------------------------------------------------------------------------
// Parsing.

/// Go's `time.ParseError` message.
fn parse_error(layout: &str, value: &str, elem: &str, value_elem: &str, message: &str) -> String {
    if message.is_empty() {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            time_quote(value),
            time_quote(layout),
            time_quote(value_elem),
            time_quote(elem)
        )
    } else {
        format!("parsing time {}{message}", time_quote(value))
    }
}

/// The `time` package's own quoting: non-ASCII and control bytes as `\x` escapes.
pub(super) fn time_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if (c as u32) >= 0x80 || c < ' ' {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{byte:02x}"));
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

fn is_digit(s: &str, i: usize) -> bool {
    s.as_bytes().get(i).is_some_and(u8::is_ascii_digit)
}

fn getnum(s: &str, fixed: bool) -> Option<(i64, &str)> {
    if !is_digit(s, 0) {
        return None;
    }
    let b = s.as_bytes();
    if !is_digit(s, 1) {
        if fixed {
            return None;
        }
        return Some((i64::from(b[0] - b'0'), &s[1..]));
    }
    Some((
        i64::from(b[0] - b'0') * 10 + i64::from(b[1] - b'0'),
        &s[2..],
    ))
}

fn getnum3(s: &str, fixed: bool) -> Option<(i64, &str)> {
    let mut n = 0;
    let mut i = 0;
    while i < 3 && is_digit(s, i) {
        n = n * 10 + i64::from(s.as_bytes()[i] - b'0');
        i += 1;
    }
    if i == 0 || (fixed && i != 3) {
        return None;
    }
    Some((n, &s[i..]))
}

fn skip<'v>(mut value: &'v str, mut prefix: &str) -> Result<&'v str, &'v str> {
    while !prefix.is_empty() {
        if prefix.starts_with(' ') {
            if !value.is_empty() && !value.starts_with(' ') {
                return Err(value);
            }
            prefix = prefix.trim_start_matches(' ');
            value = value.trim_start_matches(' ');
            continue;
        }
        let pc = prefix.as_bytes()[0];
        if value.as_bytes().first() != Some(&pc) {
            return Err(value);
        }
        // Advance by one byte on both sides; both are at the same (ASCII or equal) byte.
        let n = prefix.chars().next().map_or(1, char::len_utf8);
        if !value.starts_with(&prefix[..n]) {
            return Err(value);
        }
        prefix = &prefix[n..];
        value = &value[n..];
    }
    Ok(value)
}

fn lookup_name<'v>(tab: &[&str], val: &'v str, short: bool) -> Option<(usize, &'v str)> {
    for (i, full) in tab.iter().enumerate() {
        let v = if short { &full[..3] } else { full };
        if val.len() >= v.len()
            && val.as_bytes()[..v.len()]
                .iter()
                .zip(v.as_bytes())
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
        {
            return Some((i, &val[v.len()..]));
        }
    }
    None
}

pub(super) fn leading_int(s: &str) -> Option<(u64, &str)> {
    let mut x: u64 = 0;
    let mut i = 0;
    for &c in s.as_bytes() {
        if !c.is_ascii_digit() {
            break;
        }
        if x > (1 << 63) / 10 {
            return None;
        }
        x = x * 10 + u64::from(c - b'0');
        if x > 1 << 63 {
            return None;
        }
        i += 1;
    }
    Some((x, &s[i..]))
}

fn parse_nanoseconds(value: &str, nbytes: usize) -> Result<(i64, &'static str), ()> {
    if !matches!(value.as_bytes().first(), Some(b'.' | b',')) {
        return Err(());
    }
    let nbytes = nbytes.min(10);
    let digits = value.get(1..nbytes).ok_or(())?;
    let (n, rem) = leading_int(digits).ok_or(())?;
    if !rem.is_empty() || digits.is_empty() {
        return Err(());
    }
    let mut ns = n as i64;
    for _ in 0..(10 - nbytes) {
        ns *= 10;
    }
    Ok((ns, ""))
}

fn parse_time_zone(value: &str) -> Option<usize> {
    let b = value.as_bytes();
    if b.len() < 3 {
        return None;
    }
    if value.starts_with("ChST") || value.starts_with("MeST") {
        return Some(4);
    }
    if let Some(rest) = value.strip_prefix("GMT") {
        return Some(3 + parse_signed_offset(rest));
    }
    if b[0] == b'+' || b[0] == b'-' {
        let n = parse_signed_offset(value);
        return (n > 0).then_some(n);
    }
    let upper = b
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    match upper {
        5 if b[4] == b'T' => Some(5),
        4 if b[3] == b'T' || value.starts_with("WITA") => Some(4),
        3 => Some(3),
        _ => None,
    }
}

fn parse_signed_offset(value: &str) -> usize {
    let Some(&sign) = value.as_bytes().first() else {
        return 0;
    };
    if sign != b'-' && sign != b'+' {
        return 0;
    }
    match leading_int(&value[1..]) {
        Some((x, rem)) if rem.len() != value.len() - 1 && x <= 23 => value.len() - rem.len(),
        _ => 0,
    }
}

/// Go's `time.ParseInLocation`.
pub(crate) fn parse_in_location(
    layout: &str,
    value: &str,
    loc: Arc<Location>,
) -> Result<Time, String> {
    let (alayout, avalue) = (layout, value);
    let (mut layout, mut value) = (layout, value);
    let mut range_err = "";
    let (mut am, mut pm) = (false, false);
    let (mut year, mut month, mut day, mut yday) = (0i64, -1i64, -1i64, -1i64);
    let (mut hour, mut min, mut sec, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    let mut z: Option<Arc<Location>> = None;
    let mut zone_offset: Option<i64> = None;
    let mut zone_name = String::new();
    loop {
        let (prefix, std, suffix) = next_std_chunk(layout);
        let stdstr = &layout[prefix.len()..layout.len() - suffix.len()];
        value = skip(value, prefix).map_err(|v| parse_error(alayout, avalue, prefix, v, ""))?;
        let Some(std) = std else {
            if !value.is_empty() {
                return Err(parse_error(
                    alayout,
                    avalue,
                    "",
                    value,
                    &format!(": extra text: {}", time_quote(value)),
                ));
            }
            break;
        };
        layout = suffix;
        let hold = value;
        let mut ok = true;
        match std {
            Std::Year => match value.get(..2).and_then(|p| {
                p.parse::<i64>()
                    .ok()
                    .filter(|_| p.bytes().all(|c| c.is_ascii_digit()))
            }) {
                Some(y) => {
                    year = if y >= 69 { y + 1900 } else { y + 2000 };
                    value = &value[2..];
                }
                None => ok = false,
            },
            Std::LongYear => match value.get(..4).filter(|p| is_digit(p, 0)).and_then(atoi) {
                Some(y) => {
                    year = y;
                    value = &value[4..];
                }
                None => ok = false,
            },
            Std::Month | Std::LongMonth => match lookup_name(&MONTHS, value, std == Std::Month) {
                Some((m, rest)) => {
                    month = m as i64 + 1;
                    value = rest;
                }
                None => ok = false,
            },
            Std::NumMonth | Std::ZeroMonth => match getnum(value, std == Std::ZeroMonth) {
                Some((m, rest)) => {
                    month = m;
                    value = rest;
                    if !(1..=12).contains(&m) {
                        range_err = "month";
                    }
                }
                None => ok = false,
            },
            Std::WeekDay | Std::LongWeekDay => match lookup_name(&DAYS, value, std == Std::WeekDay)
            {
                Some((_, rest)) => value = rest,
                None => ok = false,
            },
            Std::Day | Std::UnderDay | Std::ZeroDay => {
                if std == Std::UnderDay && value.starts_with(' ') {
                    value = &value[1..];
                }
                match getnum(value, std == Std::ZeroDay) {
                    Some((d, rest)) => {
                        day = d;
                        value = rest;
                    }
                    None => ok = false,
                }
            }
            Std::UnderYearDay | Std::ZeroYearDay => {
                for _ in 0..2 {
                    if std == Std::UnderYearDay && value.starts_with(' ') {
                        value = &value[1..];
                    }
                }
                match getnum3(value, std == Std::ZeroYearDay) {
                    Some((d, rest)) => {
                        yday = d;
                        value = rest;
                    }
                    None => ok = false,
                }
            }
            Std::Hour => match getnum(value, false) {
                Some((h, rest)) => {
                    hour = h;
                    value = rest;
                    if h >= 24 {
                        range_err = "hour";
                    }
                }
                None => ok = false,
            },
            Std::Hour12 | Std::ZeroHour12 => match getnum(value, std == Std::ZeroHour12) {
                Some((h, rest)) => {
                    hour = h;
                    value = rest;
                    if h > 12 {
                        range_err = "hour";
                    }
                }
                None => ok = false,
            },
            Std::Minute | Std::ZeroMinute => match getnum(value, std == Std::ZeroMinute) {
                Some((m, rest)) => {
                    min = m;
                    value = rest;
                    if m >= 60 {
                        range_err = "minute";
                    }
                }
                None => ok = false,
            },
            Std::Second | Std::ZeroSecond => match getnum(value, std == Std::ZeroSecond) {
                Some((s, rest)) => {
                    sec = s;
                    value = rest;
                    if s >= 60 {
                        range_err = "second";
                    } else if value.len() >= 2
                        && matches!(value.as_bytes()[0], b'.' | b',')
                        && is_digit(value, 1)
                    {
                        let (_, next, _) = next_std_chunk(layout);
                        if !matches!(next, Some(Std::Frac { .. })) {
                            let mut n = 2;
                            while is_digit(value, n) {
                                n += 1;
                            }
                            match parse_nanoseconds(value, n) {
                                Ok((ns, r)) => {
                                    nsec = ns;
                                    range_err = r;
                                }
                                Err(()) => ok = false,
                            }
                            value = &value[n..];
                        }
                    }
                }
                None => ok = false,
            },
            Std::PM | Std::Pm => match value.get(..2) {
                Some(p) => {
                    let (pm_s, am_s) = if std == Std::PM {
                        ("PM", "AM")
                    } else {
                        ("pm", "am")
                    };
                    if p == pm_s {
                        pm = true;
                    } else if p == am_s {
                        am = true;
                    } else {
                        ok = false;
                    }
                    value = &value[2..];
                }
                None => ok = false,
            },
            Std::Tz(style) => {
                if matches!(style, TzStyle::Iso(_)) && value.starts_with('Z') {
                    value = &value[1..];
                    z = Some(Location::utc());
                } else {
                    let shape = match style {
                        TzStyle::Iso(s) | TzStyle::Num(s) => s,
                    };
                    match parse_numeric_zone(value, shape) {
                        Some((off, rest, r)) => {
                            zone_offset = Some(off);
                            value = rest;
                            if !r.is_empty() {
                                range_err = r;
                            }
                        }
                        None => ok = false,
                    }
                }
            }
            Std::TzName => {
                if value.starts_with("UTC") {
                    z = Some(Location::utc());
                    value = &value[3..];
                } else {
                    match parse_time_zone(value) {
                        Some(n) => {
                            zone_name = value[..n].to_string();
                            value = &value[n..];
                        }
                        None => ok = false,
                    }
                }
            }
            Std::Frac {
                trim: false,
                digits,
                ..
            } => {
                let ndigit = 1 + digits;
                if value.len() < ndigit {
                    ok = false;
                } else {
                    match parse_nanoseconds(value, ndigit) {
                        Ok((ns, r)) => {
                            nsec = ns;
                            range_err = r;
                            value = &value[ndigit..];
                        }
                        Err(()) => ok = false,
                    }
                }
            }
            Std::Frac { trim: true, .. } => {
                let b = value.as_bytes();
                if b.len() >= 2 && matches!(b[0], b'.' | b',') && b[1].is_ascii_digit() {
                    let mut i = 0;
                    while i + 1 < b.len() && b[i + 1].is_ascii_digit() {
                        i += 1;
                    }
                    match parse_nanoseconds(value, 1 + i) {
                        Ok((ns, r)) => {
                            nsec = ns;
                            range_err = r;
                        }
                        Err(()) => ok = false,
                    }
                    value = &value[1 + i..];
                }
            }
        }
        if !range_err.is_empty() {
            return Err(parse_error(
                alayout,
                avalue,
                stdstr,
                value,
                &format!(": {range_err} out of range"),
            ));
        }
        if !ok {
            return Err(parse_error(alayout, avalue, stdstr, hold, ""));
        }
    }
    if pm && hour < 12 {
        hour += 12;
    } else if am && hour == 12 {
        hour = 0;
    }
    if yday >= 0 {
        let (mut m, mut d) = (0i64, 0i64);
        if is_leap(year) {
            if yday == 31 + 29 {
                m = 2;
                d = 29;
            } else if yday > 31 + 29 {
                yday -= 1;
            }
        }
        if !(1..=365).contains(&yday) {
            return Err(parse_error(
                alayout,
                avalue,
                "",
                value,
                ": day-of-year out of range",
            ));
        }
        if m == 0 {
            m = (yday - 1) / 31 + 1;
            let before = |m: i64| days_from_civil(2001, m, 1) - days_from_civil(2001, 1, 1);
            if m < 12 && before(m + 1) < yday {
                m += 1;
            }
            d = yday - before(m);
        }
        if month >= 0 && month != m {
            return Err(parse_error(
                alayout,
                avalue,
                "",
                value,
                ": day-of-year does not match month",
            ));
        }
        month = m;
        if day >= 0 && day != d {
            return Err(parse_error(
                alayout,
                avalue,
                "",
                value,
                ": day-of-year does not match day",
            ));
        }
        day = d;
    } else {
        if month < 0 {
            month = 1;
        }
        if day < 0 {
            day = 1;
        }
    }
    if day < 1 || day > days_in(month, year) {
        return Err(parse_error(
            alayout,
            avalue,
            "",
            value,
            ": day out of range",
        ));
    }
    if let Some(z) = z {
        return Ok(Time::date(year, month, day, hour, min, sec, nsec, z));
    }
    if let Some(off) = zone_offset {
        let mut t = Time::date(year, month, day, hour, min, sec, nsec, Location::utc());
        t.sec -= off;
        let local = Location::local();
        let info = local.lookup(t.sec);
        if i64::from(info.offset) == off && (zone_name.is_empty() || info.name == zone_name) {
            t.loc = local.clone();
            return Ok(t);
        }
        t.loc = Location::fixed(&zone_name, off as i32);
        return Ok(t);
    }
    if !zone_name.is_empty() {
        let mut t = Time::date(year, month, day, hour, min, sec, nsec, Location::utc());
        let local = Location::local();
        if let Some(off) = local.offset_of_name(&zone_name, t.sec) {
            t.sec -= i64::from(off);
            t.loc = local.clone();
            return Ok(t);
        }
        let mut offset = 0i64;
        if zone_name.len() > 3 && zone_name.starts_with("GMT") {
            offset = atoi(&zone_name[3..]).unwrap_or(0) * 3600;
        }
        // Go keeps the clock reading as UTC here and only labels it with the zone.
        t.loc = Location::fixed(&zone_name, offset as i32);
        return Ok(t);
    }
    Ok(Time::date(year, month, day, hour, min, sec, nsec, loc))
}

fn atoi(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (x, rem) = leading_int(digits)?;
    if !rem.is_empty() {
        return None;
    }
    let x = x as i64;
    Some(if neg { -x } else { x })
}

/// A numeric zone offset of the given shape: (offset seconds east, rest, range error).
fn parse_numeric_zone(value: &str, shape: TzShape) -> Option<(i64, &str, &'static str)> {
    let b = value.as_bytes();
    let needed = match shape {
        TzShape::Hh => 3,
        TzShape::HhMm => 5,
        TzShape::ColonHhMm => 6,
        TzShape::HhMmSs => 7,
        TzShape::ColonHhMmSs => 9,
    };
    // Every position is a sign, digit or colon: anything non-ASCII fails (and keeps slicing on char
    // boundaries).
    if b.len() < needed || !b[..needed].is_ascii() {
        return None;
    }
    let (sign, hh, mm, ss, rest) = match shape {
        TzShape::ColonHhMm => {
            if b.len() < 6 || b[3] != b':' {
                return None;
            }
            (b[0], &value[1..3], &value[4..6], "00", &value[6..])
        }
        TzShape::Hh => {
            if b.len() < 3 {
                return None;
            }
            (b[0], &value[1..3], "00", "00", &value[3..])
        }
        TzShape::ColonHhMmSs => {
            if b.len() < 9 || b[3] != b':' || b[6] != b':' {
                return None;
            }
            (b[0], &value[1..3], &value[4..6], &value[7..9], &value[9..])
        }
        TzShape::HhMmSs => {
            if b.len() < 7 {
                return None;
            }
            (b[0], &value[1..3], &value[3..5], &value[5..7], &value[7..])
        }
        TzShape::HhMm => {
            if b.len() < 5 {
                return None;
            }
            (b[0], &value[1..3], &value[3..5], "00", &value[5..])
        }
    };
    let num = |s: &str| getnum(s, true).map(|(n, _)| n);
    let (h, m, s) = (num(hh)?, num(mm)?, num(ss)?);
    let mut range = "";
    if h > 24 {
        range = "time zone offset hour";
    }
    if m > 60 {
        range = "time zone offset minute";
    }
    if s > 60 {
        range = "time zone offset second";
    }
    let off = (h * 60 + m) * 60 + s;
    match sign {
        b'+' => Some((off, rest, range)),
        b'-' => Some((-off, rest, range)),
        _ => None,
    }
}
