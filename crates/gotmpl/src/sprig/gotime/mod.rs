//! The parts of Go's `time` package that Sprig's date functions expose: instants with a location
//! (`time.Time`), locations (UTC, fixed zones, `Local` from `TZ`, named zones read from the system's TZif
//! files with their POSIX-rule extension), layout-based `Format` and `Parse`, `Duration.String` and
//! `ParseDuration`.

mod duration;
mod layout;
mod parse;
mod zone;

use std::sync::{Arc, LazyLock};

pub(crate) use duration::{duration_string, parse_duration};
pub(crate) use parse::parse_in_location;
pub(crate) use zone::Location;

const NANOS_PER_SEC: i64 = 1_000_000_000;

// ---------------------------------------------------------------------------------------------------------
// Civil calendar arithmetic (proleptic Gregorian, unbounded years).

/// Days since 1970-01-01 of a civil date.
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in(month: i64, year: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// ---------------------------------------------------------------------------------------------------------
// Instants.

/// A Go `time.Time`: an instant (Unix seconds and nanoseconds), a location, and an optional monotonic
/// clock reading (nanoseconds since the process's reference point), printed by `String()` as `m=±…`.
#[derive(Debug, Clone)]
pub(crate) struct Time {
    /// Seconds since the Unix epoch.
    pub sec: i64,
    /// Nanoseconds within the second.
    pub nsec: u32,
    /// The location used for display.
    pub loc: Arc<Location>,
    /// Monotonic clock reading, for values from `time.Now`.
    pub mono: Option<i64>,
}

/// Unix seconds of Go's zero `time.Time` (January 1, year 1, 00:00:00 UTC).
pub(crate) const ZERO_UNIX: i64 = -62_135_596_800;

impl Time {
    /// Go's zero `time.Time`.
    pub(crate) fn zero() -> Time {
        Time {
            sec: ZERO_UNIX,
            nsec: 0,
            loc: Location::utc(),
            mono: None,
        }
    }

    /// Go's `time.Now()` in `Local`, with a monotonic reading.
    pub(crate) fn now() -> Time {
        static START: LazyLock<std::time::Instant> = LazyLock::new(std::time::Instant::now);
        let start = *START;
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i64);
        // Go's monotonic readings start at 1ns-ish after process start; a reading near zero is faithful.
        let mono = i64::try_from(start.elapsed().as_nanos()).unwrap_or(i64::MAX) + 1;
        Time {
            sec: since.div_euclid(NANOS_PER_SEC),
            nsec: since.rem_euclid(NANOS_PER_SEC) as u32,
            loc: Location::local(),
            mono: Some(mono),
        }
    }

    /// Go's `time.Unix(sec, 0)` (in `Local`).
    pub(crate) fn unix(sec: i64) -> Time {
        Time {
            sec,
            nsec: 0,
            loc: Location::local(),
            mono: None,
        }
    }

    /// Go's `time.Date`, normalizing out-of-range fields.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn date(
        year: i64,
        month: i64,
        day: i64,
        hour: i64,
        min: i64,
        sec: i64,
        nsec: i64,
        loc: Arc<Location>,
    ) -> Time {
        let m0 = month - 1;
        let year = year + m0.div_euclid(12);
        let month = m0.rem_euclid(12) + 1;
        let sec = sec + nsec.div_euclid(NANOS_PER_SEC);
        let nsec = nsec.rem_euclid(NANOS_PER_SEC);
        let days = days_from_civil(year, month, 1) + day - 1;
        let mut unix = days * 86_400 + hour * 3600 + min * 60 + sec;
        let info = loc.lookup(unix);
        let mut offset = i64::from(info.offset);
        if offset != 0 {
            let utc = unix - offset;
            if utc < info.start || utc >= info.end {
                offset = i64::from(loc.lookup(utc).offset);
            }
            unix -= offset;
        }
        Time {
            sec: unix,
            nsec: nsec as u32,
            loc,
            mono: None,
        }
    }

    /// Go's `Time.In` (drops the monotonic reading).
    pub(crate) fn in_location(&self, loc: Arc<Location>) -> Time {
        Time {
            loc,
            mono: None,
            ..self.clone()
        }
    }

    /// Go's `Time.Add`.
    pub(crate) fn add(&self, d: i64) -> Time {
        let total = i128::from(self.nsec) + i128::from(d);
        let sec = self.sec as i128 + total.div_euclid(i128::from(NANOS_PER_SEC));
        Time {
            sec: sec.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64,
            nsec: total.rem_euclid(i128::from(NANOS_PER_SEC)) as u32,
            loc: self.loc.clone(),
            mono: self.mono.map(|m| m.saturating_add(d)),
        }
    }

    /// Go's `Time.Sub`, saturating like Go.
    pub(crate) fn sub(&self, o: &Time) -> i64 {
        if let (Some(a), Some(b)) = (self.mono, o.mono) {
            return a.saturating_sub(b);
        }
        let d = (i128::from(self.sec) - i128::from(o.sec)) * i128::from(NANOS_PER_SEC)
            + i128::from(self.nsec)
            - i128::from(o.nsec);
        d.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
    }

    /// The zone name and offset in force.
    pub(crate) fn zone(&self) -> (&str, i32) {
        let info = self.loc.lookup(self.sec);
        (info.name, info.offset)
    }

    /// Local civil fields: (year, month, day, hour, minute, second, days since epoch).
    pub(crate) fn civil(&self) -> (i64, i64, i64, i64, i64, i64, i64) {
        let (_, offset) = self.zone();
        let local = self.sec + i64::from(offset);
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60, days)
    }

    /// Go's `Time.String`.
    pub(crate) fn to_go_string(&self) -> String {
        let mut s = self.format("2006-01-02 15:04:05.999999999 -0700 MST");
        if let Some(m) = self.mono {
            s.push_str(" m=");
            s.push(if m < 0 { '-' } else { '+' });
            let m = m.unsigned_abs();
            let (secs, frac) = (m / 1_000_000_000, m % 1_000_000_000);
            s.push_str(&format!("{secs}.{frac:09}"));
        }
        s
    }
}

#[cfg(test)]
mod tests;
