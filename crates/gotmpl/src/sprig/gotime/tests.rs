//! Tests of the Go `time` port.

#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::parse::parse_in_location;
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
