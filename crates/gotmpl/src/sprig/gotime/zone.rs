//! Go's `time.Location`: UTC, fixed zones, `Local`, and named zones from TZif data with POSIX `TZ` rules.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use super::{civil_from_days, days_from_civil, days_in, is_leap};
use crate::fmt::quote as go_quote;

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
    pub(super) start: i64,
    pub(super) end: i64,
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

    /// Go's `time.Local`: from `TZ` (unset: `/etc/localtime`, named `Local`; a zone name or file: that zone under
    /// that name; empty, `UTC` or unloadable: UTC).
    pub(crate) fn local() -> Arc<Location> {
        static LOCAL: LazyLock<Arc<Location>> = LazyLock::new(|| {
            let tz = std::env::var("TZ");
            let (name, data) = match tz.as_deref() {
                Err(_) => ("Local".to_string(), std::fs::read("/etc/localtime").ok()),
                Ok(tz) => {
                    let tz = tz.strip_prefix(':').unwrap_or(tz);
                    if tz.starts_with('/') {
                        let name = if tz == "/etc/localtime" { "Local" } else { tz };
                        (name.to_string(), std::fs::read(tz).ok())
                    } else if !tz.is_empty() && tz != "UTC" {
                        (tz.to_string(), read_zoneinfo(tz))
                    } else {
                        (String::new(), None)
                    }
                }
            };
            match data.and_then(|d| Location::from_tzif(&name, &d)) {
                Some(l) => Arc::new(l),
                // Go falls back to UTC under the name "UTC".
                None => Arc::new(Location {
                    name: "UTC".into(),
                    zones: vec![],
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

impl Location {
    /// Go's `Location.lookupName`: the offset of a zone abbreviation, preferring the one in force at `unix`.
    pub(super) fn offset_of_name(&self, name: &str, unix: i64) -> Option<i32> {
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
