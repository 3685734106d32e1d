//! Sprig date functions: `date`, `dateInZone`/`date_in_zone`, `htmlDate`, `htmlDateInZone`,
//! `dateModify`/`date_modify`, `mustDateModify`/`must_date_modify`, `ago`, `duration`, `durationRound`, `now`,
//! `toDate`, `mustToDate`, `unixEpoch`. Dates are `time.Time` host objects (see [`TimeObject`]) with the
//! methods templates commonly call on them.

use std::sync::{Arc, LazyLock};

use crate::func::{Func, FuncError, FuncMap, Signature};
use crate::value::{GoType, Kind, Object, TypeRef, Value};

use super::gotime::{duration_string, parse_duration, parse_in_location, Location, Time};

fn named_type(name: &str, underlying: TypeRef) -> TypeRef {
    Arc::new(GoType::Named(name.into(), underlying))
}

/// `time.Time`.
pub(crate) fn time_type() -> TypeRef {
    static T: LazyLock<TypeRef> =
        LazyLock::new(|| named_type("time.Time", Arc::new(GoType::Struct)));
    T.clone()
}

fn duration_type() -> TypeRef {
    static T: LazyLock<TypeRef> = LazyLock::new(|| named_type("time.Duration", GoType::int64()));
    T.clone()
}

fn month_type() -> TypeRef {
    static T: LazyLock<TypeRef> = LazyLock::new(|| named_type("time.Month", GoType::int()));
    T.clone()
}

fn weekday_type() -> TypeRef {
    static T: LazyLock<TypeRef> = LazyLock::new(|| named_type("time.Weekday", GoType::int()));
    T.clone()
}

/// A `time.Time` value.
pub(crate) struct TimeObject(pub(crate) Time);

/// A value of a named integer type with a `String()` method (`time.Duration`, `time.Month`, `time.Weekday`).
struct NamedInt {
    ty: TypeRef,
    value: i64,
    kind: Kind,
    text: String,
}

impl<'a> Object<'a> for NamedInt {
    fn go_type(&self) -> TypeRef {
        self.ty.clone()
    }

    fn call_method(&self, name: &str, _args: &[Value<'a>]) -> Option<Result<Value<'a>, FuncError>> {
        match name {
            "String" => Some(Ok(Value::string(self.text.as_str()))),
            "Seconds" if self.ty == duration_type() => {
                Some(Ok(Value::float(self.value as f64 / 1e9)))
            }
            "Minutes" if self.ty == duration_type() => {
                Some(Ok(Value::float(self.value as f64 / 6e10)))
            }
            "Hours" if self.ty == duration_type() => {
                Some(Ok(Value::float(self.value as f64 / 3.6e12)))
            }
            "Nanoseconds" if self.ty == duration_type() => {
                Some(Ok(Value::Int(self.value, Kind::Int64)))
            }
            _ => None,
        }
    }

    fn to_go_string(&self) -> Option<String> {
        Some(self.text.clone())
    }

    fn as_basic(&self) -> Option<Value<'a>> {
        Some(Value::Int(self.value, self.kind))
    }

    fn is_true(&self) -> bool {
        self.value != 0
    }
}

fn duration_value<'a>(d: i64) -> Value<'a> {
    Value::object(Arc::new(NamedInt {
        ty: duration_type(),
        value: d,
        kind: Kind::Int64,
        text: duration_string(d),
    }))
}

/// A `time.Time` template value.
pub(crate) fn time_value<'a>(t: Time) -> Value<'a> {
    Value::object(Arc::new(TimeObject(t)))
}

/// The `time.Time` held by a value (directly or through a pointer), if any.
pub(crate) fn time_of(v: &Value<'_>) -> Option<Time> {
    match v.indirect() {
        Value::Object(o) => o
            .as_any()
            .and_then(|a| a.downcast_ref::<TimeObject>())
            .map(|t| t.0.clone()),
        _ => None,
    }
}

fn int_arg(v: Option<&Value<'_>>) -> i64 {
    match v {
        Some(Value::Int(i, _)) => *i,
        Some(Value::Uint(u, _)) => *u as i64,
        Some(Value::Object(o)) => match o.as_basic() {
            Some(Value::Int(i, _)) => i,
            _ => 0,
        },
        _ => 0,
    }
}

impl<'a> Object<'a> for TimeObject {
    fn go_type(&self) -> TypeRef {
        time_type()
    }

    fn call_method(&self, name: &str, args: &[Value<'a>]) -> Option<Result<Value<'a>, FuncError>> {
        let t = &self.0;
        let (year, month, day, hour, min, sec, days) = t.civil();
        let other = || {
            args.first()
                .and_then(time_of)
                .ok_or_else(|| FuncError::new("wrong type for value; expected time.Time"))
        };
        let int = |i: i64| Ok(Value::int(i));
        Some(match name {
            "String" => Ok(Value::string(t.to_go_string())),
            "Format" => Ok(Value::string(
                t.format(args.first().and_then(Value::as_str).unwrap_or_default()),
            )),
            "Unix" => Ok(Value::Int(t.sec, Kind::Int64)),
            "UnixMilli" => Ok(Value::Int(
                t.sec.wrapping_mul(1_000) + i64::from(t.nsec / 1_000_000),
                Kind::Int64,
            )),
            "UnixMicro" => Ok(Value::Int(
                t.sec.wrapping_mul(1_000_000) + i64::from(t.nsec / 1_000),
                Kind::Int64,
            )),
            "UnixNano" => Ok(Value::Int(
                t.sec
                    .wrapping_mul(1_000_000_000)
                    .wrapping_add(i64::from(t.nsec)),
                Kind::Int64,
            )),
            "Year" => int(year),
            "Day" => int(day),
            "Hour" => int(hour),
            "Minute" => int(min),
            "Second" => int(sec),
            "Nanosecond" => int(i64::from(t.nsec)),
            "YearDay" => int(days - super::gotime::days_from_civil(year, 1, 1) + 1),
            "Month" => Ok(Value::object(Arc::new(NamedInt {
                ty: month_type(),
                value: month,
                kind: Kind::Int,
                text: t.format("January"),
            }))),
            "Weekday" => Ok(Value::object(Arc::new(NamedInt {
                ty: weekday_type(),
                value: (days + 4).rem_euclid(7),
                kind: Kind::Int,
                text: t.format("Monday"),
            }))),
            "UTC" => Ok(time_value(t.in_location(Location::utc()))),
            "Local" => Ok(time_value(t.in_location(Location::local()))),
            "IsZero" => Ok(Value::Bool(
                t.sec == super::gotime::ZERO_UNIX && t.nsec == 0,
            )),
            "Add" => Ok(time_value(t.add(int_arg(args.first())))),
            "AddDate" => {
                let n = |i: usize| int_arg(args.get(i));
                let (y, mo, d, h, mi, s, _) = t.civil();
                let mut next = Time::date(
                    y + n(0),
                    mo + n(1),
                    d + n(2),
                    h,
                    mi,
                    s,
                    i64::from(t.nsec),
                    t.loc.clone(),
                );
                next.mono = None;
                Ok(time_value(next))
            }
            "Sub" => other().map(|o| duration_value(t.sub(&o))),
            "Before" => other().map(|o| Value::Bool(t.sub(&o) < 0)),
            "After" => other().map(|o| Value::Bool(t.sub(&o) > 0)),
            "Equal" => other().map(|o| Value::Bool((t.sec, t.nsec) == (o.sec, o.nsec))),
            "Location" => Ok(Value::string(t.loc.name())),
            _ => return None,
        })
    }

    fn to_go_string(&self) -> Option<String> {
        Some(self.0.to_go_string())
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

/// Sprig's conversion of a date argument: `time.Time`, `*time.Time`, `int64`, `int`, `int32`; anything
/// else means now.
fn date_arg(v: &Value<'_>, allow_int32: bool) -> Time {
    if let Some(t) = time_of(v) {
        return t;
    }
    match v {
        Value::Int(i, Kind::Int64 | Kind::Int) => Time::unix(*i),
        Value::Int(i, Kind::Int32) if allow_int32 => Time::unix(*i),
        _ => Time::now(),
    }
}

fn date_in_zone(layout: &str, date: &Value<'_>, zone: &str) -> String {
    let t = date_arg(date, true);
    let loc = Location::load(zone).unwrap_or_else(|_| Location::utc());
    t.in_location(loc).format(layout)
}

fn str_at<'v>(args: &'v [Value<'_>], i: usize) -> &'v str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

fn val_at<'v, 'a>(args: &'v [Value<'a>], i: usize) -> &'v Value<'a> {
    args.get(i).unwrap_or(&Value::Nil)
}

/// Sprig's `durationRound`: the largest whole unit (y, mo, d, h, m, s) of a duration.
fn duration_round(v: &Value<'_>) -> String {
    let d: i64 = if let Some(t) = time_of(v) {
        Time::now().sub(&t)
    } else {
        match v {
            Value::String(s) => parse_duration(s).unwrap_or(0),
            Value::Int(i, Kind::Int64) => *i,
            _ => 0,
        }
    };
    let u = d.unsigned_abs();
    const SECOND: u64 = 1_000_000_000;
    const MINUTE: u64 = 60 * SECOND;
    const HOUR: u64 = 60 * MINUTE;
    const DAY: u64 = 24 * HOUR;
    const MONTH: u64 = 30 * DAY;
    const YEAR: u64 = 365 * DAY;
    for (unit, suffix) in [
        (YEAR, "y"),
        (MONTH, "mo"),
        (DAY, "d"),
        (HOUR, "h"),
        (MINUTE, "m"),
        (SECOND, "s"),
    ] {
        if u > unit {
            return format!("{}{suffix}", u / unit);
        }
    }
    "0s".to_string()
}

/// Sprig's `duration`: a number of seconds (an `int64` or a decimal string) as a Go duration.
fn duration(v: &Value<'_>) -> String {
    let n: i64 = match v {
        Value::String(s) => parse_int_clamped(s),
        Value::Int(i, Kind::Int64) => *i,
        _ => 0,
    };
    duration_string(n.wrapping_mul(1_000_000_000))
}

/// `strconv.ParseInt(s, 10, 64)` ignoring the error: 0 for syntax errors, the clamped bound on overflow.
fn parse_int_clamped(s: &str) -> i64 {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return 0;
    }
    match s.parse::<i64>() {
        Ok(n) => n,
        Err(_) if neg => i64::MIN,
        Err(_) => i64::MAX,
    }
}

/// Registers the date functions.
pub(crate) fn register(map: &mut FuncMap) {
    let s = GoType::string;
    let any = GoType::interface;
    let time_sig = |params: Vec<TypeRef>, result: TypeRef| Signature::new(params, result);
    map.insert(
        "date",
        Func::new(time_sig(vec![s(), any()], s()), |a| {
            Ok(Value::string(date_in_zone(
                str_at(a, 0),
                val_at(a, 1),
                "Local",
            )))
        }),
    );
    for name in ["dateInZone", "date_in_zone"] {
        map.insert(
            name,
            Func::new(time_sig(vec![s(), any(), s()], s()), |a| {
                Ok(Value::string(date_in_zone(
                    str_at(a, 0),
                    val_at(a, 1),
                    str_at(a, 2),
                )))
            }),
        );
    }
    map.insert(
        "htmlDate",
        Func::new(time_sig(vec![any()], s()), |a| {
            Ok(Value::string(date_in_zone(
                "2006-01-02",
                val_at(a, 0),
                "Local",
            )))
        }),
    );
    map.insert(
        "htmlDateInZone",
        Func::new(time_sig(vec![any(), s()], s()), |a| {
            Ok(Value::string(date_in_zone(
                "2006-01-02",
                val_at(a, 0),
                str_at(a, 1),
            )))
        }),
    );
    for name in ["dateModify", "date_modify"] {
        map.insert(
            name,
            Func::new(time_sig(vec![s(), time_type()], time_type()), |a| {
                let t = time_of(val_at(a, 1)).unwrap_or_else(Time::zero);
                Ok(time_value(match parse_duration(str_at(a, 0)) {
                    Ok(d) => t.add(d),
                    Err(_) => t,
                }))
            }),
        );
    }
    for name in ["mustDateModify", "must_date_modify"] {
        map.insert(
            name,
            Func::new(
                time_sig(vec![s(), time_type()], time_type()).with_error(),
                |a| {
                    let t = time_of(val_at(a, 1)).unwrap_or_else(Time::zero);
                    let d = parse_duration(str_at(a, 0)).map_err(FuncError::new)?;
                    Ok(time_value(t.add(d)))
                },
            ),
        );
    }
    map.insert(
        "ago",
        Func::new(time_sig(vec![any()], s()), |a| {
            let t = date_arg(val_at(a, 0), false);
            // time.Since(t).Round(time.Second)
            let d = Time::now().sub(&t);
            let rounded = round_to_second(d);
            Ok(Value::string(duration_string(rounded)))
        }),
    );
    map.insert(
        "duration",
        Func::new(time_sig(vec![any()], s()), |a| {
            Ok(Value::string(duration(val_at(a, 0))))
        }),
    );
    map.insert(
        "durationRound",
        Func::new(time_sig(vec![any()], s()), |a| {
            Ok(Value::string(duration_round(val_at(a, 0))))
        }),
    );
    map.insert(
        "now",
        Func::new(time_sig(vec![], time_type()), |_| {
            Ok(time_value(Time::now()))
        }),
    );
    map.insert(
        "toDate",
        Func::new(time_sig(vec![s(), s()], time_type()), |a| {
            let t = parse_in_location(str_at(a, 0), str_at(a, 1), Location::local())
                .unwrap_or_else(|_| Time::zero());
            Ok(time_value(t))
        }),
    );
    map.insert(
        "mustToDate",
        Func::new(time_sig(vec![s(), s()], time_type()).with_error(), |a| {
            parse_in_location(str_at(a, 0), str_at(a, 1), Location::local())
                .map(time_value)
                .map_err(FuncError::new)
        }),
    );
    map.insert(
        "unixEpoch",
        Func::new(time_sig(vec![time_type()], s()), |a| {
            let t = time_of(val_at(a, 0)).unwrap_or_else(Time::zero);
            Ok(Value::string(t.sec.to_string()))
        }),
    );
}

/// Go's `Duration.Round(time.Second)`: halves away from zero, saturating.
fn round_to_second(d: i64) -> i64 {
    const S: i64 = 1_000_000_000;
    let r = d % S;
    if d < 0 {
        let r = -r;
        if r + r < S {
            return d + r;
        }
        d.checked_sub(S - r).unwrap_or(i64::MIN)
    } else {
        if r + r < S {
            return d - r;
        }
        d.checked_add(S - r).unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn call<'a>(name: &str, args: &[Value<'a>]) -> Result<Value<'a>, FuncError> {
        let mut m = FuncMap::new();
        register(&mut m);
        m.get(name).unwrap().call(args)
    }

    fn text(v: Value<'_>) -> String {
        match v {
            Value::String(s) => s.to_string(),
            Value::Object(o) => o.to_go_string().unwrap(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn durations() {
        let d = |v: Value<'static>| text(call("duration", &[v]).unwrap());
        assert_eq!(d(Value::int(95)), "0s");
        assert_eq!(d(Value::str("3661")), "1h1m1s");
        assert_eq!(d(Value::Int(90, Kind::Int64)), "1m30s");
        let r = |v: Value<'static>| text(call("durationRound", &[v]).unwrap());
        assert_eq!(r(Value::str("2h10m5s")), "2h");
        assert_eq!(r(Value::int(3600)), "0s");
        assert_eq!(r(Value::str("-50s")), "50s");
        assert_eq!(r(Value::str("800h")), "1mo");
    }

    #[test]
    fn parse_format_and_modify() {
        let t = call(
            "toDate",
            &[Value::str("2006-01-02Z07:00"), Value::str("2023-05-04Z")],
        )
        .unwrap();
        let z = call(
            "dateInZone",
            &[
                Value::str("2006-01-02 15:04:05 MST"),
                t.clone(),
                Value::str("UTC"),
            ],
        )
        .unwrap();
        assert_eq!(text(z), "2023-05-04 00:00:00 UTC");
        assert_eq!(
            text(call("unixEpoch", std::slice::from_ref(&t)).unwrap()),
            "1683158400"
        );
        let m = call("dateModify", &[Value::str("1h"), t.clone()]).unwrap();
        assert_eq!(text(call("unixEpoch", &[m]).unwrap()), "1683162000");
        let bad = call("toDate", &[Value::str("2006-01-02"), Value::str("bad")]).unwrap();
        assert_eq!(text(call("unixEpoch", &[bad]).unwrap()), "-62135596800");
        let e = call("mustToDate", &[Value::str("2006-01-02"), Value::str("bad")]).unwrap_err();
        assert_eq!(
            e.0,
            r#"parsing time "bad" as "2006-01-02": cannot parse "bad" as "2006""#
        );
        let e = call("mustDateModify", &[Value::str("x"), t]).unwrap_err();
        assert_eq!(e.0, r#"time: invalid duration "x""#);
    }

    #[test]
    fn dates_from_integers() {
        let z = call(
            "dateInZone",
            &[Value::str("Jan 2 2006"), Value::int(0), Value::str("UTC")],
        )
        .unwrap();
        assert_eq!(text(z), "Jan 1 1970");
        let h = call(
            "htmlDateInZone",
            &[Value::Int(86_400, Kind::Int64), Value::str("Bad/Zone")],
        )
        .unwrap();
        assert_eq!(text(h), "1970-01-02");
    }

    #[test]
    fn time_methods() {
        let t = call(
            "toDate",
            &[
                Value::str("2006-01-02 15:04"),
                Value::str("2023-05-04 13:30"),
            ],
        )
        .unwrap();
        let Value::Object(o) = &t else { panic!() };
        assert!(matches!(
            o.call_method("Year", &[]),
            Some(Ok(Value::Int(2023, _)))
        ));
        let month = o.call_method("Month", &[]).unwrap().unwrap();
        assert_eq!(text(month), "May");
        let f = o
            .call_method("Format", &[Value::str("3:04PM")])
            .unwrap()
            .unwrap();
        assert_eq!(text(f), "1:30PM");
        assert_eq!(o.go_type().to_string(), "time.Time");
        let now = call("now", &[]).unwrap();
        assert!(text(now).contains(" m=+"));
        assert_eq!(round_to_second(1_500_000_000), 2_000_000_000);
        assert_eq!(round_to_second(-1_499_999_999), -1_000_000_000);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod template_tests {
    use crate::{Templates, Value};

    fn run(text: &str) -> String {
        let mut t = Templates::with_funcs(&crate::sprig::funcs());
        t.parse("t", text).unwrap();
        let mut out = String::new();
        match t.execute("t", &Value::Nil, &mut out) {
            Ok(()) => out,
            Err(e) => format!("ERR {e}"),
        }
    }

    #[test]
    fn time_methods_in_templates() {
        for (text, want) in [
            (r#"{{ (toDate "2006-01-02" "2023-05-04").Year }}"#, "2023"),
            (r#"{{ (toDate "2006-01-02" "2023-05-04").Month }}"#, "May"),
            (
                r#"{{ (toDate "2006-01-02" "2023-05-04").Weekday }}"#,
                "Thursday",
            ),
            (
                r#"{{ (toDate "2006-01-02" "2023-05-04").Format "Jan 2" }}"#,
                "May 4",
            ),
            (r#"{{ (toDate "2006-01-02" "2023-05-04").Day }}"#, "4"),
            (
                r#"{{ typeOf (toDate "2006-01-02" "2023-05-04") }}"#,
                "time.Time",
            ),
            (
                r#"{{ date "2006" (toDate "2006-01-02" "2023-05-04") }}"#,
                "2023",
            ),
        ] {
            assert_eq!(run(text), want, "{text}");
        }
    }
}
