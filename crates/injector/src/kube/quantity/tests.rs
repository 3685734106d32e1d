//! Parse + canonical-form table for `Quantity`, written by observing apimachinery v0.36.1's `ParseQuantity` and
//! `MarshalJSON` on inputs covering the behaviours its own tests exercise: suffix kinds, fixed-point versus
//! arbitrary-precision parsing, rounding up to nano, BinarySI capping and fallback to DecimalSI, verbatim
//! caching of canonical input, and every error class.

use super::QuantityError::{FormatWrong, Numeric, Suffix};
use super::*;

const CASES: &[(&str, Result<&str, QuantityError>)] = &[
    ("0", Ok("0")),
    ("0n", Ok("0")),
    ("0u", Ok("0")),
    ("0m", Ok("0")),
    ("0Ki", Ok("0")),
    ("0k", Ok("0")),
    ("0Mi", Ok("0")),
    ("0M", Ok("0")),
    ("0Gi", Ok("0")),
    ("0G", Ok("0")),
    ("0Ti", Ok("0")),
    ("0T", Ok("0")),
    ("1", Ok("1")),
    ("1Ki", Ok("1Ki")),
    ("8Ki", Ok("8Ki")),
    ("7Mi", Ok("7Mi")),
    ("6Gi", Ok("6Gi")),
    ("5Ti", Ok("5Ti")),
    ("4Pi", Ok("4Pi")),
    ("3Ei", Ok("3Ei")),
    ("10Ti", Ok("10Ti")),
    ("100Ti", Ok("100Ti")),
    ("5n", Ok("5n")),
    ("4u", Ok("4u")),
    ("3m", Ok("3m")),
    ("9", Ok("9")),
    ("8k", Ok("8k")),
    ("50k", Ok("50k")),
    ("7M", Ok("7M")),
    ("6G", Ok("6G")),
    ("5T", Ok("5T")),
    ("40T", Ok("40T")),
    ("300T", Ok("300T")),
    ("2P", Ok("2P")),
    ("1E", Ok("1E")),
    ("1E-3", Ok("1E-3")),
    ("1e3", Ok("1e3")),
    ("1E6", Ok("1E6")),
    ("1e9", Ok("1e9")),
    ("1E12", Ok("1E12")),
    ("1e15", Ok("1e15")),
    ("1E18", Ok("1E18")),
    ("1e14", Ok("100e12")),
    ("1e13", Ok("10e12")),
    ("100.035k", Ok("100.035k")),
    ("0.001", Ok("1m")),
    ("0.0005k", Ok("500m")),
    ("0.005", Ok("5m")),
    ("0.05", Ok("50m")),
    ("0.5", Ok("500m")),
    ("0.00050k", Ok("500m")),
    ("0.00500", Ok("5m")),
    ("0.05000", Ok("50m")),
    ("0.50000", Ok("500m")),
    ("0.5e0", Ok("500e-3")),
    ("0.5e-1", Ok("50e-3")),
    ("0.5e-2", Ok("5e-3")),
    ("10.035M", Ok("10.035M")),
    ("1.2e3", Ok("1200")),
    ("1.3E+6", Ok("1300e3")),
    ("1.40e9", Ok("1400e6")),
    ("1.53E12", Ok("1530e9")),
    ("1.6e15", Ok("1600e12")),
    ("1.7E18", Ok("1700e15")),
    ("9.01", Ok("9010m")),
    ("8.1k", Ok("8100")),
    ("7.123456M", Ok("7.123456M")),
    ("6.987654321G", Ok("6.987654321G")),
    ("5.444T", Ok("5.444T")),
    ("40.1T", Ok("40100G")),
    ("300.2T", Ok("300200G")),
    ("2.5P", Ok("2500T")),
    ("1.01E", Ok("1010P")),
    ("3.001n", Ok("4n")),
    ("1.1E-9", Ok("2e-9")),
    ("0.0000000001", Ok("1n")),
    ("0.0000000005", Ok("1n")),
    ("0.00000000050", Ok("1n")),
    ("0.5e-9", Ok("1e-9")),
    ("0.9n", Ok("1n")),
    ("0.00000012345", Ok("124n")),
    ("0.00000012354", Ok("124n")),
    ("9Ei", Ok("9223372036854775807")),
    ("9223372036854775807Ki", Ok("9223372036854775807")),
    ("12E", Ok("12E")),
    ("100.035Ki", Ok("102435840m")),
    ("0.5Mi", Ok("512Ki")),
    ("0.05Gi", Ok("53687091200m")),
    ("0.025Ti", Ok("27487790694400m")),
    ("0.000000000001Ki", Ok("2n")),
    (".001", Ok("1m")),
    (".0001k", Ok("100m")),
    ("1.", Ok("1.")),
    ("1.G", Ok("1.G")),
    ("2000m", Ok("2")),
    ("1024Mi", Ok("1Gi")),
    ("1000", Ok("1k")),
    ("1024", Ok("1024")),
    ("1023", Ok("1023")),
    ("1025", Ok("1025")),
    ("2048", Ok("2048")),
    ("1536Mi", Ok("1536Mi")),
    ("1.5Gi", Ok("1536Mi")),
    ("1.5", Ok("1500m")),
    ("+1", Ok("+1")),
    ("01", Ok("01")),
    ("-1", Ok("-1")),
    ("-1Ki", Ok("-1Ki")),
    ("-8Ki", Ok("-8Ki")),
    ("+8Ki", Ok("8Ki")),
    ("-0.5", Ok("-500m")),
    ("-1.5Gi", Ok("-1536Mi")),
    ("100m", Ok("100m")),
    ("1000m", Ok("1")),
    ("1001m", Ok("1001m")),
    ("1e21", Ok("1e21")),
    ("1000E", Ok("1")),
    ("1e-10", Ok("1e-9")),
    (
        "123456789012345678901234567890",
        Ok("123456789012345678901234567890"),
    ),
    (
        "-123456789012345678901234567890",
        Ok("-123456789012345678901234567890"),
    ),
    ("1234567890123456789012345.5Ki", Ok("9223372036854775807")),
    ("99999999999999999999Ki", Ok("9223372036854775807")),
    ("0.1Ki", Ok("102400m")),
    ("1.1Ki", Ok("1126400m")),
    ("1.0009765625Ki", Ok("1025")),
    ("12345678901234567890n", Ok("12345678901234567890n")),
    ("1.23456789012345678901234567890n", Ok("2n")),
    ("1e", Err(Suffix)),
    ("1e+", Err(Suffix)),
    ("1e-", Err(Suffix)),
    ("1ee3", Err(Suffix)),
    ("1Kii", Err(Suffix)),
    ("1i", Err(Suffix)),
    ("1k3", Err(Suffix)),
    ("1.2.3", Err(FormatWrong)),
    ("abc", Err(FormatWrong)),
    ("", Err(FormatWrong)),
    (" 1", Err(FormatWrong)),
    ("1 ", Err(FormatWrong)),
    ("--1", Err(Suffix)),
    ("-", Ok("0")),
    ("+", Ok("0")),
    (".", Ok("0")),
    ("..", Err(FormatWrong)),
    ("1KiB", Err(FormatWrong)),
    ("18446744073709551616", Ok("18446744073709551616")),
    ("9223372036854775807", Ok("9223372036854775807")),
    ("9223372036854775808", Ok("9223372036854775808")),
    ("9223372036854775807000", Ok("9223372036854775807k")),
    ("0.000000001", Ok("1n")),
    ("-0.000000001", Ok("-1n")),
    ("-0.0000000001", Ok("-1n")),
    ("1e-9", Ok("1e-9")),
    ("1e-12", Ok("1e-9")),
    ("10e-12", Ok("1e-9")),
    ("1.5e-9", Ok("2e-9")),
    ("0x10", Err(FormatWrong)),
    ("1_000", Err(FormatWrong)),
    ("4096Mi", Ok("4Gi")),
    ("5120Ki", Ok("5Mi")),
    ("1048576", Ok("1048576")),
    ("1073741824", Ok("1073741824")),
    ("1099511627776", Ok("1099511627776")),
    ("1.125899906842624e15", Ok("1.125899906842624e15")),
    ("0.75Ki", Ok("768")),
    ("768", Ok("768")),
    ("765Ki", Ok("765Ki")),
    ("0.001Ki", Ok("1024m")),
    ("-0.001Ki", Ok("-1024m")),
    ("-0", Ok("0")),
    ("+0", Ok("0")),
    ("000", Ok("0")),
    ("00.00", Ok("0")),
    ("0.", Ok("0")),
    (".0", Ok("0")),
    ("-.5", Ok("-500m")),
    ("+.5k", Ok("500")),
    ("7Ei", Ok("7Ei")),
    ("8Ei", Ok("9223372036854775807")),
    ("-9Ei", Ok("-9223372036854775807")),
    ("123.456e2", Ok("12345600e-3")),
    ("123.456e-2", Ok("1234560e-6")),
    ("5e3", Ok("5e3")),
    ("5E3", Ok("5E3")),
    ("50e3", Ok("50e3")),
    ("5000e-3", Ok("5")),
    (".e-10", Err(Numeric)),
    (".Ki", Ok("0")),
    ("-.Mi", Ok("0")),
    ("+.e-12", Err(Numeric)),
];

#[test]
fn parse_and_canonicalize_like_apimachinery() {
    let mut failures = Vec::new();
    for (input, want) in CASES {
        let got = Quantity::parse(input).map(|q| q.canonical());
        let want = want.map(str::to_string);
        if got != want {
            failures.push(format!("{input:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn json_raw_decoding() {
    assert_eq!(Quantity::from_json_raw("null").unwrap().canonical(), "0");
    assert_eq!(
        Quantity::from_json_raw("\" 100m \"").unwrap().canonical(),
        "100m"
    );
    assert_eq!(Quantity::from_json_raw("0.5").unwrap().canonical(), "500m");
    assert_eq!(Quantity::from_json_raw("true"), Err(FormatWrong));
    assert_eq!(Quantity::from_json_raw("{}"), Err(FormatWrong));
}

#[test]
fn formats_and_zero() {
    assert_eq!(Quantity::parse("1Ki").unwrap().format(), Format::BinarySI);
    assert_eq!(Quantity::parse("0.5Ki").unwrap().format(), Format::BinarySI);
    assert_eq!(Quantity::parse("0.1").unwrap().format(), Format::DecimalSI);
    assert_eq!(
        Quantity::parse("1e3").unwrap().format(),
        Format::DecimalExponent
    );
    assert!(Quantity::parse("0Mi").unwrap().is_zero());
    assert!(!Quantity::parse("1n").unwrap().is_zero());
    assert!(Quantity::zero().is_zero());
    assert_eq!(Quantity::zero().to_string(), "0");
}

#[test]
fn error_messages_are_apimachinerys() {
    assert_eq!(
        FormatWrong.to_string(),
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    );
    assert_eq!(
        Numeric.to_string(),
        "unable to parse numeric part of quantity"
    );
    assert_eq!(Suffix.to_string(), "unable to parse quantity's suffix");
}

#[test]
fn go_value_repr_matches_fmt_of_a_map_value() {
    let cases = [
        ("2000m", Some("{{2000 -3} {<nil>}  DecimalSI}")),
        ("100m", Some("{{100 -3} {<nil>} 100m DecimalSI}")),
        ("1Gi", Some("{{1073741824 0} {<nil>} 1Gi BinarySI}")),
        ("0", Some("{{0 0} {<nil>} 0 DecimalSI}")),
        ("1.5", Some("{{15 -1} {<nil>}  DecimalSI}")),
        ("+1", Some("{{1 0} {<nil>} +1 DecimalSI}")),
        ("1e3", Some("{{1 3} {<nil>} 1e3 DecimalExponent}")),
        ("123456789012345678901234", None),
    ];
    for (input, want) in cases {
        assert_eq!(
            Quantity::parse(input).unwrap().go_value_repr().as_deref(),
            want,
            "{input}"
        );
    }
}
