//! The parts of Go's `time` package that Sprig's date functions expose: instants with a location
//! (`time.Time`), locations (UTC, fixed zones, `Local` from `TZ`, named zones read from the system's TZif
//! files with their POSIX-rule extension), layout-based `Format` and `Parse`, `Duration.String` and
//! `ParseDuration`.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use super::quote::go_quote;

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
// Locations.

#[derive(Debug, Clone)]
struct Zone {
    name: String,
    offset: i32,
    is_dst: bool,
}

/// A POSIX `TZ` rule (`std offset [dst [offset] [,start[/time],end[/time]]]`).
#[derive(Debug, Clone)]
struct PosixTz {
    std: Zone,
    dst: Option<(Zone, Rule, i32, Rule, i32)>,
}

/// A day-of-year rule of a POSIX `TZ` string.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// `Jn`: day 1..=365, February 29 never counted.
    Julian(i64),
    /// `n`: zero-based day 0..=365.
    Day(i64),
    /// `Mm.w.d`: day `d` (0 = Sunday) of week `w` (5 = last) of month `m`.
    MonthWeekDay(i64, i64, i64),
}

/// A Go `*time.Location`.
#[derive(Debug)]
pub(crate) struct Location {
    name: String,
    zones: Vec<Zone>,
    /// Transition instants and the zone index in force from each.
    tx: Vec<(i64, usize)>,
    extend: Option<PosixTz>,
}

/// What a location says about one instant.
pub(crate) struct ZoneInfo<'l> {
    /// Zone abbreviation (may be empty for nameless fixed zones).
    pub name: &'l str,
    /// Seconds east of UTC.
    pub offset: i32,
    start: i64,
    end: i64,
}

impl Location {
    /// Go's `time.UTC`.
    pub(crate) fn utc() -> Arc<Location> {
        static UTC: LazyLock<Arc<Location>> = LazyLock::new(|| {
            Arc::new(Location {
                name: "UTC".into(),
                zones: vec![],
                tx: vec![],
                extend: None,
            })
        });
        UTC.clone()
    }

    /// Go's `time.FixedZone`.
    pub(crate) fn fixed(name: &str, offset: i32) -> Arc<Location> {
        Arc::new(Location {
            name: name.into(),
            zones: vec![Zone {
                name: name.into(),
                offset,
                is_dst: false,
            }],
            tx: vec![(i64::MIN, 0)],
            extend: None,
        })
    }

    /// Go's `time.Local`: from `TZ` (unset: `/etc/localtime`; empty or unloadable: UTC), named `Local`.
    pub(crate) fn local() -> Arc<Location> {
        static LOCAL: LazyLock<Arc<Location>> = LazyLock::new(|| {
            let loaded = match std::env::var("TZ") {
                Err(_) => std::fs::read("/etc/localtime")
                    .ok()
                    .and_then(|d| Location::from_tzif("Local", &d)),
                Ok(tz) if tz.is_empty() => None,
                Ok(tz) => {
                    let tz = tz.strip_prefix(':').unwrap_or(&tz);
                    if tz.starts_with('/') {
                        std::fs::read(tz).ok()
                    } else {
                        read_zoneinfo(tz)
                    }
                    .and_then(|d| Location::from_tzif("Local", &d))
                }
            };
            match loaded {
                Some(l) => Arc::new(l),
                None => Arc::new(Location {
                    name: "Local".into(),
                    zones: vec![Zone {
                        name: "UTC".into(),
                        offset: 0,
                        is_dst: false,
                    }],
                    tx: vec![],
                    extend: None,
                }),
            }
        });
        LOCAL.clone()
    }

    /// Go's `time.LoadLocation`.
    pub(crate) fn load(name: &str) -> Result<Arc<Location>, String> {
        static CACHE: LazyLock<Mutex<HashMap<String, Arc<Location>>>> =
            LazyLock::new(|| Mutex::new(HashMap::new()));
        match name {
            "" | "UTC" => return Ok(Location::utc()),
            "Local" => return Ok(Location::local()),
            _ => {}
        }
        if name.contains("..") || name.starts_with('/') || name.contains('\\') {
            return Err(format!("time: invalid location name {}", go_quote(name)));
        }
        if let Some(l) = CACHE.lock().ok().and_then(|c| c.get(name).cloned()) {
            return Ok(l);
        }
        let loc = read_zoneinfo(name)
            .and_then(|d| Location::from_tzif(name, &d))
            .map(Arc::new)
            .ok_or_else(|| format!("unknown time zone {name}"))?;
        if let Ok(mut c) = CACHE.lock() {
            c.insert(name.to_string(), loc.clone());
        }
        Ok(loc)
    }

    /// The location's name (`Location.String`).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Go's `Location.lookup`.
    pub(crate) fn lookup(&self, sec: i64) -> ZoneInfo<'_> {
        if self.zones.is_empty() {
            return ZoneInfo {
                name: "UTC",
                offset: 0,
                start: i64::MIN,
                end: i64::MAX,
            };
        }
        if self.tx.is_empty() || sec < self.tx[0].0 {
            let z = &self.zones[self.first_zone()];
            let end = self.tx.first().map_or(i64::MAX, |t| t.0);
            return ZoneInfo {
                name: &z.name,
                offset: z.offset,
                start: i64::MIN,
                end,
            };
        }
        let i = self.tx.partition_point(|t| t.0 <= sec) - 1;
        let z = &self.zones[self.tx[i].1];
        let start = self.tx[i].0;
        let end = self.tx.get(i + 1).map_or(i64::MAX, |t| t.0);
        if i + 1 == self.tx.len() {
            if let Some(ext) = &self.extend {
                if let Some(info) = ext.lookup(sec, start) {
                    return info;
                }
            }
        }
        ZoneInfo {
            name: &z.name,
            offset: z.offset,
            start,
            end,
        }
    }

    fn first_zone(&self) -> usize {
        if !self.tx.iter().any(|t| t.1 == 0) {
            return 0;
        }
        if let Some(&(_, first)) = self.tx.first() {
            if self.zones[first].is_dst {
                if let Some(zi) = (0..first).rev().find(|&zi| !self.zones[zi].is_dst) {
                    return zi;
                }
            }
        }
        self.zones.iter().position(|z| !z.is_dst).unwrap_or(0)
    }

    /// Parses TZif data (versions 1–4).
    fn from_tzif(name: &str, data: &[u8]) -> Option<Location> {
        let header = |d: &[u8]| -> Option<[usize; 6]> {
            if d.len() < 44 || &d[..4] != b"TZif" {
                return None;
            }
            let n = |i: usize| {
                u32::from_be_bytes([d[20 + i * 4], d[21 + i * 4], d[22 + i * 4], d[23 + i * 4]])
                    as usize
            };
            // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
            Some([n(0), n(1), n(2), n(3), n(4), n(5)])
        };
        let [isut, isstd, leap, timecnt, typecnt, charcnt] = header(data)?;
        let version = data[4];
        let v1_len = timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut;
        let (body, hdr, time_size) = if version >= b'2' {
            let rest = data.get(44 + v1_len..)?;
            (rest.get(44..)?, header(rest)?, 8)
        } else {
            (
                data.get(44..)?,
                [isut, isstd, leap, timecnt, typecnt, charcnt],
                4,
            )
        };
        let [isut, isstd, leap, timecnt, typecnt, charcnt] = hdr;
        let mut p = 0usize;
        let take = |p: &mut usize, n: usize| -> Option<&[u8]> {
            let s = body.get(*p..*p + n)?;
            *p += n;
            Some(s)
        };
        let times = take(&mut p, timecnt * time_size)?;
        let idx = take(&mut p, timecnt)?;
        let types = take(&mut p, typecnt * 6)?;
        let chars = take(&mut p, charcnt)?;
        take(&mut p, leap * (time_size + 4) + isstd + isut)?;
        let footer = if version >= b'2' {
            let rest = body.get(p..)?;
            let rest = rest.strip_prefix(b"\n")?;
            let end = rest.iter().position(|&c| c == b'\n')?;
            std::str::from_utf8(&rest[..end]).ok().map(str::to_string)
        } else {
            None
        };
        let mut zones = Vec::with_capacity(typecnt);
        for t in types.chunks(6) {
            let offset = i32::from_be_bytes([t[0], t[1], t[2], t[3]]);
            let abbr_at = t[5] as usize;
            let abbr = chars.get(abbr_at..)?;
            let len = abbr.iter().position(|&c| c == 0).unwrap_or(abbr.len());
            zones.push(Zone {
                name: String::from_utf8_lossy(&abbr[..len]).into_owned(),
                offset,
                is_dst: t[4] != 0,
            });
        }
        let mut tx = Vec::with_capacity(timecnt);
        for (i, &zi) in idx.iter().enumerate() {
            let when = if time_size == 8 {
                let b = &times[i * 8..i * 8 + 8];
                i64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
            } else {
                let b = &times[i * 4..i * 4 + 4];
                i64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            };
            if (zi as usize) >= zones.len() {
                return None;
            }
            tx.push((when, zi as usize));
        }
        if zones.is_empty() {
            zones.push(Zone {
                name: "UTC".into(),
                offset: 0,
                is_dst: false,
            });
        }
        let extend = footer.as_deref().and_then(PosixTz::parse);
        Some(Location {
            name: name.to_string(),
            zones,
            tx,
            extend,
        })
    }
}

fn read_zoneinfo(name: &str) -> Option<Vec<u8>> {
    let mut dirs = Vec::new();
    if let Ok(z) = std::env::var("ZONEINFO") {
        dirs.push(z);
    }
    dirs.extend(
        [
            "/usr/share/zoneinfo",
            "/usr/share/lib/zoneinfo",
            "/usr/lib/locale/TZ",
            "/etc/zoneinfo",
        ]
        .map(String::from),
    );
    dirs.iter()
        .find_map(|d| std::fs::read(std::path::Path::new(d).join(name)).ok())
}

impl PosixTz {
    fn parse(s: &str) -> Option<PosixTz> {
        let (std_name, rest) = tz_name(s)?;
        let (std_off, rest) = tz_offset(rest)?;
        let std = Zone {
            name: std_name.to_string(),
            offset: -std_off,
            is_dst: false,
        };
        if rest.is_empty() {
            return Some(PosixTz { std, dst: None });
        }
        let (dst_name, mut rest) = tz_name(rest)?;
        let mut dst_off = std_off - 3600;
        if !rest.starts_with(',') && !rest.is_empty() {
            let (o, r) = tz_offset(rest)?;
            dst_off = o;
            rest = r;
        }
        let dst = Zone {
            name: dst_name.to_string(),
            offset: -dst_off,
            is_dst: true,
        };
        // Default rule (US): M3.2.0,M11.1.0.
        let (start, start_t, end, end_t) = if rest.is_empty() {
            (
                Rule::MonthWeekDay(3, 2, 0),
                7200,
                Rule::MonthWeekDay(11, 1, 0),
                7200,
            )
        } else {
            let rest = rest.strip_prefix(',')?;
            let (start, rest) = tz_rule(rest)?;
            let rest = rest.strip_prefix(',')?;
            let (end, rest) = tz_rule(rest)?;
            if !rest.is_empty() {
                return None;
            }
            (start.0, start.1, end.0, end.1)
        };
        Some(PosixTz {
            std,
            dst: Some((dst, start, start_t, end, end_t)),
        })
    }

    /// The zone in force at `sec` (at or after the last transition `last_tx`), with its validity range.
    fn lookup(&self, sec: i64, last_tx: i64) -> Option<ZoneInfo<'_>> {
        let Some((dst, start_rule, start_t, end_rule, end_t)) = &self.dst else {
            return Some(ZoneInfo {
                name: &self.std.name,
                offset: self.std.offset,
                start: last_tx,
                end: i64::MAX,
            });
        };
        let (year, _, _) = civil_from_days((sec + i64::from(self.std.offset)).div_euclid(86_400));
        let year_start = days_from_civil(year, 1, 1) * 86_400;
        let next_year_start = days_from_civil(year + 1, 1, 1) * 86_400;
        // Transition instants in UTC: start is given in standard time, end in daylight time.
        let start = year_start + rule_seconds(*start_rule, year) + i64::from(*start_t)
            - i64::from(self.std.offset);
        let end =
            year_start + rule_seconds(*end_rule, year) + i64::from(*end_t) - i64::from(dst.offset);
        let (std, dstz) = (&self.std, dst);
        let info = zone_info;
        let ys = year_start - i64::from(std.offset);
        let ye = next_year_start - i64::from(std.offset);
        Some(if start < end {
            // Northern hemisphere: DST inside the year.
            if sec < start {
                info(std, ys, start)
            } else if sec < end {
                info(dstz, start, end)
            } else {
                info(std, end, ye)
            }
        } else if sec < end {
            info(dstz, ys, end)
        } else if sec < start {
            info(std, end, start)
        } else {
            info(dstz, start, ye)
        })
    }
}

fn zone_info(z: &Zone, start: i64, end: i64) -> ZoneInfo<'_> {
    ZoneInfo {
        name: &z.name,
        offset: z.offset,
        start,
        end,
    }
}

/// Seconds from the start of `year` to the start of the rule's day.
fn rule_seconds(rule: Rule, year: i64) -> i64 {
    let day = match rule {
        Rule::Julian(n) => {
            let mut d = n - 1;
            if is_leap(year) && n >= 60 {
                d += 1;
            }
            d
        }
        Rule::Day(n) => n,
        Rule::MonthWeekDay(m, w, d) => {
            let first = days_from_civil(year, m, 1);
            let first_wd = (first + 4).rem_euclid(7);
            let mut day = (d - first_wd).rem_euclid(7) + 1 + (w - 1) * 7;
            while day > days_in(m, year) {
                day -= 7;
            }
            first - days_from_civil(year, 1, 1) + day - 1
        }
    };
    day * 86_400
}

fn tz_name(s: &str) -> Option<(&str, &str)> {
    if let Some(rest) = s.strip_prefix('<') {
        let end = rest.find('>')?;
        return Some((&rest[..end], &rest[end + 1..]));
    }
    let end = s
        .find(|c: char| c.is_ascii_digit() || c == ',' || c == '-' || c == '+')
        .unwrap_or(s.len());
    if end < 3 {
        return None;
    }
    Some((&s[..end], &s[end..]))
}

/// A `[+-]hh[:mm[:ss]]` offset in seconds (POSIX sign: positive west of Greenwich).
fn tz_offset(s: &str) -> Option<(i32, &str)> {
    let (neg, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (secs, rest) = tz_hms(s)?;
    Some((if neg { -secs } else { secs }, rest))
}

fn tz_hms(s: &str) -> Option<(i32, &str)> {
    let mut total = 0i32;
    let mut rest = s;
    for (i, mult) in [3600, 60, 1].into_iter().enumerate() {
        if i > 0 {
            match rest.strip_prefix(':') {
                Some(r) => rest = r,
                None => break,
            }
        }
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if end == 0 {
            return None;
        }
        total += rest[..end].parse::<i32>().ok()? * mult;
        rest = &rest[end..];
    }
    Some((total, rest))
}

fn tz_rule(s: &str) -> Option<((Rule, i32), &str)> {
    let num = |s: &str| -> Option<(i64, usize)> {
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        Some((s.get(..end)?.parse().ok()?, end))
    };
    let (rule, mut rest) = if let Some(r) = s.strip_prefix('J') {
        let (n, e) = num(r)?;
        (Rule::Julian(n), &r[e..])
    } else if let Some(r) = s.strip_prefix('M') {
        let (m, e1) = num(r)?;
        let r = r[e1..].strip_prefix('.')?;
        let (w, e2) = num(r)?;
        let r = r[e2..].strip_prefix('.')?;
        let (d, e3) = num(r)?;
        (Rule::MonthWeekDay(m, w, d), &r[e3..])
    } else {
        let (n, e) = num(s)?;
        (Rule::Day(n), &s[e..])
    };
    let mut time = 7200;
    if let Some(r) = rest.strip_prefix('/') {
        let (t, r) = tz_offset(r)?;
        time = t;
        rest = r;
    }
    Some(((rule, time), rest))
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

const MONTHS: [&str; 12] = [
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
const DAYS: [&str; 7] = [
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
enum TzStyle {
    /// Whether UTC prints as `Z` (the ISO 8601 forms).
    Iso(TzShape),
    Num(TzShape),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TzShape {
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
enum Std {
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
fn next_std_chunk(layout: &str) -> (&str, Option<Std>, &str) {
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
fn time_quote(s: &str) -> String {
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

fn leading_int(s: &str) -> Option<(u64, &str)> {
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

impl Location {
    /// Go's `Location.lookupName`: the offset of a zone abbreviation, preferring the one in force at `unix`.
    fn offset_of_name(&self, name: &str, unix: i64) -> Option<i32> {
        for z in &self.zones {
            if z.name == name {
                let info = self.lookup(unix - i64::from(z.offset));
                if info.name == z.name {
                    return Some(info.offset);
                }
            }
        }
        self.zones.iter().find(|z| z.name == name).map(|z| z.offset)
    }
}

// ---------------------------------------------------------------------------------------------------------
// Durations.

/// Go's `Duration.String`.
pub(crate) fn duration_string(d: i64) -> String {
    let neg = d < 0;
    let mut u = d.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        let (unit, prec) = match u {
            0 => return "0s".into(),
            1..=999 => ("ns", 0),
            1_000..=999_999 => ("µs", 3),
            _ => ("ms", 6),
        };
        out.push_str(&fmt_frac(u, prec).0);
        out.push_str(unit);
    } else {
        let (frac, rest) = fmt_frac(u, 9);
        u = rest;
        let secs = u % 60;
        u /= 60;
        let mut s = format!("{secs}{frac}s");
        if u > 0 {
            s = format!("{}m{s}", u % 60);
            u /= 60;
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

/// Go's `fmtFrac` combined with the integer part: for `prec` > 0 returns (".ddd" trimmed, integer part)
/// when used for seconds, or the whole "int.frac" text when used for sub-second units.
fn fmt_frac(v: u64, prec: u32) -> (String, u64) {
    let p = 10u64.pow(prec);
    let (int, frac) = (v / p, v % p);
    let mut f = String::new();
    if frac != 0 {
        let digits = format!("{frac:0width$}", width = prec as usize);
        f.push('.');
        f.push_str(digits.trim_end_matches('0'));
    }
    if prec == 9 {
        (f, int)
    } else {
        (format!("{int}{f}"), int)
    }
}

/// Go's `time.ParseDuration`; the error is Go's message.
pub(crate) fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", time_quote(orig));
    let mut s = orig;
    let mut neg = false;
    if let Some(c) = s.chars().next() {
        if c == '-' || c == '+' {
            neg = c == '-';
            s = &s[1..];
        }
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut d: u64 = 0;
    while !s.is_empty() {
        let c = s.as_bytes()[0];
        if !(c == b'.' || c.is_ascii_digit()) {
            return Err(invalid());
        }
        let before = s.len();
        let (mut v, rest) = leading_int(s).ok_or_else(invalid)?;
        s = rest;
        let pre = before != s.len();
        let (mut f, mut scale, mut post) = (0u64, 1f64, false);
        if let Some(rest) = s.strip_prefix('.') {
            let before = rest.len();
            let (ff, sc, r) = leading_fraction(rest);
            f = ff;
            scale = sc;
            s = r;
            post = before != s.len();
        }
        if !pre && !post {
            return Err(invalid());
        }
        let i = s
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        if i == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                time_quote(orig)
            ));
        }
        let u = &s[..i];
        s = &s[i..];
        let unit: u64 = match u {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    time_quote(u),
                    time_quote(orig)
                ))
            }
        };
        if v > (1u64 << 63) / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > 1 << 63 {
                return Err(invalid());
            }
        }
        d += v;
        if d > 1 << 63 {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((d as i64).wrapping_neg());
    }
    if d > (1 << 63) - 1 {
        return Err(invalid());
    }
    Ok(d as i64)
}

fn leading_fraction(s: &str) -> (u64, f64, &str) {
    let (mut x, mut scale, mut overflow) = (0u64, 1f64, false);
    let mut i = 0;
    for &c in s.as_bytes() {
        if !c.is_ascii_digit() {
            break;
        }
        i += 1;
        if overflow {
            continue;
        }
        if x > ((1u64 << 63) - 1) / 10 {
            overflow = true;
            continue;
        }
        let y = x * 10 + u64::from(c - b'0');
        if y > 1 << 63 {
            overflow = true;
            continue;
        }
        x = y;
        scale *= 10.0;
    }
    (x, scale, &s[i..])
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(19_481), (2023, 5, 4));
        assert_eq!(days_from_civil(1, 1, 1) * 86_400, ZERO_UNIX);
    }

    #[test]
    fn formats_like_go() {
        let t = Time::date(2023, 5, 4, 15, 6, 7, 120_000_000, Location::utc());
        assert_eq!(
            t.format("2006-01-02 15:04:05 MST"),
            "2023-05-04 15:06:07 UTC"
        );
        assert_eq!(
            t.format("Mon Jan _2 3:04PM .000 Z07:00"),
            "Thu May  4 3:06PM .120 Z"
        );
        assert_eq!(
            t.format("Monday January 2 06 002 -07:00 .999"),
            "Thursday May 4 23 124 +00:00 .12"
        );
        assert_eq!(Time::zero().to_go_string(), "0001-01-01 00:00:00 +0000 UTC");
        let f = Time::date(
            2023,
            5,
            4,
            0,
            0,
            0,
            0,
            Location::fixed("", -5 * 3600 - 1800),
        );
        assert_eq!(f.format("MST -0700 Z07"), "-0530 -0530 -05");
    }

    #[test]
    fn parses_like_go() {
        let t = parse_in_location("2006-01-02", "2023-05-04", Location::utc()).unwrap();
        assert_eq!(t.sec, 1_683_158_400);
        let e = parse_in_location("2006-01-02", "bad", Location::utc()).unwrap_err();
        assert_eq!(
            e,
            r#"parsing time "bad" as "2006-01-02": cannot parse "bad" as "2006""#
        );
        let t = parse_in_location(
            "2006-01-02T15:04:05.999999999Z07:00",
            "2023-05-04T01:02:03.5+02:00",
            Location::utc(),
        )
        .unwrap();
        assert_eq!((t.sec, t.nsec), (1_683_154_923, 500_000_000));
        let e = parse_in_location("2006-01-02", "2023-02-30", Location::utc()).unwrap_err();
        assert_eq!(e, r#"parsing time "2023-02-30": day out of range"#);
        let e = parse_in_location("2006", "2023x", Location::utc()).unwrap_err();
        assert_eq!(e, r#"parsing time "2023x": extra text: "x""#);
    }

    #[test]
    fn non_ascii_input_is_an_error_not_a_panic() {
        for (layout, value) in [
            ("-07:00", "é0:00"),
            ("Z0700", "+é000"),
            (".000", ".é12"),
            ("2006 MST", "2023 ÉÉÉ"),
            ("Jan", "Jé"),
            ("06", "é"),
        ] {
            assert!(
                parse_in_location(layout, value, Location::utc()).is_err(),
                "{layout} {value}"
            );
        }
    }

    #[test]
    fn durations_like_go() {
        assert_eq!(duration_string(0), "0s");
        assert_eq!(duration_string(3_661_000_000_000), "1h1m1s");
        assert_eq!(duration_string(1_500), "1.5µs");
        assert_eq!(duration_string(-2_500_000_000), "-2.5s");
        assert_eq!(duration_string(i64::MIN), "-2562047h47m16.854775808s");
        assert_eq!(parse_duration("2h10m5s"), Ok(7_805_000_000_000));
        assert_eq!(parse_duration("-1.5h"), Ok(-5_400_000_000_000));
        assert_eq!(
            parse_duration("1x").unwrap_err(),
            r#"time: unknown unit "x" in duration "1x""#
        );
        assert_eq!(
            parse_duration("1").unwrap_err(),
            r#"time: missing unit in duration "1""#
        );
    }

    #[test]
    fn named_zones_follow_rules() {
        let Ok(ny) = Location::load("America/New_York") else {
            return; // no tz database on this machine
        };
        let summer = Time::date(2030, 7, 1, 12, 0, 0, 0, ny.clone());
        assert_eq!(summer.format("15:04 MST -0700"), "12:00 EDT -0400");
        let winter = Time::date(2030, 1, 1, 12, 0, 0, 0, ny);
        assert_eq!(winter.format("15:04 MST -0700"), "12:00 EST -0500");
    }
}
