//! Go's time layouts: the layout element scanner (`nextStdChunk`) and `Time.Format`.

use super::{days_from_civil, Time};

impl Time {
    /// Go's `Time.Format`.
    pub(crate) fn format(&self, layout: &str) -> String {
        let (name, offset) = self.zone();
        let (year, month, day, hour, min, sec, days) = self.civil();
        let yday = days - days_from_civil(year, 1, 1) + 1;
        let weekday = (days + 4).rem_euclid(7) as usize;
        let mut b = String::with_capacity(layout.len() + 10);
        let mut layout = layout;
        while !layout.is_empty() {
            let (prefix, std, suffix) = next_std_chunk(layout);
            b.push_str(prefix);
            let Some(std) = std else { break };
            layout = suffix;
            match std {
                Std::Year => append_int(&mut b, year.abs() % 100, 2),
                Std::LongYear => append_int(&mut b, year, 4),
                Std::Month => b.push_str(&MONTHS[(month - 1) as usize][..3]),
                Std::LongMonth => b.push_str(MONTHS[(month - 1) as usize]),
                Std::NumMonth => append_int(&mut b, month, 0),
                Std::ZeroMonth => append_int(&mut b, month, 2),
                Std::WeekDay => b.push_str(&DAYS[weekday][..3]),
                Std::LongWeekDay => b.push_str(DAYS[weekday]),
                Std::Day => append_int(&mut b, day, 0),
                Std::UnderDay => {
                    if day < 10 {
                        b.push(' ');
                    }
                    append_int(&mut b, day, 0);
                }
                Std::ZeroDay => append_int(&mut b, day, 2),
                Std::UnderYearDay => {
                    if yday < 100 {
                        b.push(' ');
                        if yday < 10 {
                            b.push(' ');
                        }
                    }
                    append_int(&mut b, yday, 0);
                }
                Std::ZeroYearDay => append_int(&mut b, yday, 3),
                Std::Hour => append_int(&mut b, hour, 2),
                Std::Hour12 | Std::ZeroHour12 => {
                    let hr = if hour % 12 == 0 { 12 } else { hour % 12 };
                    append_int(&mut b, hr, if std == Std::Hour12 { 0 } else { 2 });
                }
                Std::Minute => append_int(&mut b, min, 0),
                Std::ZeroMinute => append_int(&mut b, min, 2),
                Std::Second => append_int(&mut b, sec, 0),
                Std::ZeroSecond => append_int(&mut b, sec, 2),
                Std::PM => b.push_str(if hour >= 12 { "PM" } else { "AM" }),
                Std::Pm => b.push_str(if hour >= 12 { "pm" } else { "am" }),
                Std::Tz(tz) => format_offset(&mut b, tz, offset),
                Std::TzName => {
                    if name.is_empty() {
                        let zone = offset / 60;
                        b.push(if zone < 0 { '-' } else { '+' });
                        append_int(&mut b, i64::from(zone.abs() / 60), 2);
                        append_int(&mut b, i64::from(zone.abs() % 60), 2);
                    } else {
                        b.push_str(name);
                    }
                }
                Std::Frac { trim, digits, sep } => {
                    append_nano(&mut b, self.nsec, trim, digits, sep)
                }
            }
        }
        b
    }
}

pub(super) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub(super) const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Go's `appendInt`: zero-padded to `width`.
fn append_int(b: &mut String, x: i64, width: usize) {
    if x < 0 {
        b.push('-');
    }
    b.push_str(&format!("{:0width$}", x.unsigned_abs()));
}

fn append_nano(b: &mut String, nsec: u32, trim: bool, digits: usize, sep: char) {
    if trim && (digits == 0 || nsec == 0) {
        return;
    }
    let all = format!("{nsec:09}");
    let mut frac = &all[..digits.min(9)];
    if trim {
        frac = frac.trim_end_matches('0');
        if frac.is_empty() {
            return;
        }
    }
    b.push(sep);
    b.push_str(frac);
}

/// Numeric zone layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TzStyle {
    /// Whether UTC prints as `Z` (the ISO 8601 forms).
    Iso(TzShape),
    Num(TzShape),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TzShape {
    /// `-0700`
    HhMm,
    /// `-070000`
    HhMmSs,
    /// `-07`
    Hh,
    /// `-07:00`
    ColonHhMm,
    /// `-07:00:00`
    ColonHhMmSs,
}

fn format_offset(b: &mut String, tz: TzStyle, offset: i32) {
    let shape = match tz {
        TzStyle::Iso(s) if offset == 0 => {
            let _ = s;
            b.push('Z');
            return;
        }
        TzStyle::Iso(s) | TzStyle::Num(s) => s,
    };
    let zone = offset / 60;
    b.push(if zone < 0 { '-' } else { '+' });
    let (zone, abs) = (zone.abs(), offset.abs());
    append_int(b, i64::from(zone / 60), 2);
    if matches!(shape, TzShape::ColonHhMm | TzShape::ColonHhMmSs) {
        b.push(':');
    }
    if shape != TzShape::Hh {
        append_int(b, i64::from(zone % 60), 2);
    }
    if matches!(shape, TzShape::HhMmSs | TzShape::ColonHhMmSs) {
        if shape == TzShape::ColonHhMmSs {
            b.push(':');
        }
        append_int(b, i64::from(abs % 60), 2);
    }
}

/// A layout element (Go's `std*` codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Std {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    TzName,
    Tz(TzStyle),
    Frac {
        trim: bool,
        digits: usize,
        sep: char,
    },
}

fn starts_lower(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
}

/// Go's `nextStdChunk`: the text before the first layout element, the element, and the rest.
pub(super) fn next_std_chunk(layout: &str) -> (&str, Option<Std>, &str) {
    let b = layout.as_bytes();
    let at = |i: usize, s: &str| layout.get(i..).is_some_and(|r| r.starts_with(s));
    for i in 0..b.len() {
        let hit = |std: Std, len: usize| Some((&layout[..i], Some(std), &layout[i + len..]));
        let found = match b[i] {
            b'J' if at(i, "Jan") => {
                if at(i, "January") {
                    hit(Std::LongMonth, 7)
                } else if !starts_lower(&layout[i + 3..]) {
                    hit(Std::Month, 3)
                } else {
                    None
                }
            }
            b'M' if at(i, "Mon") && at(i, "Monday") => hit(Std::LongWeekDay, 6),
            b'M' if at(i, "Mon") && !starts_lower(&layout[i + 3..]) => hit(Std::WeekDay, 3),
            b'M' if at(i, "MST") => hit(Std::TzName, 3),
            b'0' if matches!(b.get(i + 1), Some(b'1'..=b'6')) => {
                let std = match b[i + 1] {
                    b'1' => Std::ZeroMonth,
                    b'2' => Std::ZeroDay,
                    b'3' => Std::ZeroHour12,
                    b'4' => Std::ZeroMinute,
                    b'5' => Std::ZeroSecond,
                    _ => Std::Year,
                };
                hit(std, 2)
            }
            b'0' if at(i, "002") => hit(Std::ZeroYearDay, 3),
            b'1' if b.get(i + 1) == Some(&b'5') => hit(Std::Hour, 2),
            b'1' => hit(Std::NumMonth, 1),
            b'2' if at(i, "2006") => hit(Std::LongYear, 4),
            b'2' => hit(Std::Day, 1),
            b'_' if b.get(i + 1) == Some(&b'2') => {
                if at(i + 1, "2006") {
                    // `_2006` is a literal underscore followed by the year.
                    return (&layout[..i + 1], Some(Std::LongYear), &layout[i + 5..]);
                }
                hit(Std::UnderDay, 2)
            }
            b'_' if at(i, "__2") => hit(Std::UnderYearDay, 3),
            b'3' => hit(Std::Hour12, 1),
            b'4' => hit(Std::Minute, 1),
            b'5' => hit(Std::Second, 1),
            b'P' if b.get(i + 1) == Some(&b'M') => hit(Std::PM, 2),
            b'p' if b.get(i + 1) == Some(&b'm') => hit(Std::Pm, 2),
            b'-' | b'Z' => {
                let iso = b[i] == b'Z';
                let shape = if at(i + 1, "070000") {
                    Some((TzShape::HhMmSs, 7))
                } else if at(i + 1, "07:00:00") {
                    Some((TzShape::ColonHhMmSs, 9))
                } else if at(i + 1, "0700") {
                    Some((TzShape::HhMm, 5))
                } else if at(i + 1, "07:00") {
                    Some((TzShape::ColonHhMm, 6))
                } else if at(i + 1, "07") {
                    Some((TzShape::Hh, 3))
                } else {
                    None
                };
                shape.and_then(|(s, len)| {
                    hit(
                        Std::Tz(if iso {
                            TzStyle::Iso(s)
                        } else {
                            TzStyle::Num(s)
                        }),
                        len,
                    )
                })
            }
            c @ (b'.' | b',') if matches!(b.get(i + 1), Some(b'0' | b'9')) => {
                let ch = b[i + 1];
                let mut j = i + 1;
                while j < b.len() && b[j] == ch {
                    j += 1;
                }
                if b.get(j).is_some_and(u8::is_ascii_digit) {
                    None
                } else {
                    hit(
                        Std::Frac {
                            trim: ch == b'9',
                            digits: (j - i - 1) & 0xfff,
                            sep: c as char,
                        },
                        j - i,
                    )
                }
            }
            _ => None,
        };
        if let Some(f) = found {
            return f;
        }
    }
    (layout, None, "")
}
