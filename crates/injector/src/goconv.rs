//! Go's `strconv` parsing rules where Istio's behaviour depends on them (`ParseBool`, `Atoi`, `ParseUint`).

/// `strconv.ParseBool`: `1 t T TRUE true True` and `0 f F FALSE false False`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// `strconv.Atoi`: an optional sign and decimal digits, no spaces, within `int64`.
pub fn atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `strconv.ParseUint(s, 10, bits)`: decimal digits (underscores are not allowed in base 10), within `bits`.
pub fn parse_uint(s: &str, bits: u32) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: u64 = s.parse().ok()?;
    (bits >= 64 || v < (1u64 << bits)).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_strconv() {
        assert_eq!(parse_bool("True"), Some(true));
        assert_eq!(parse_bool("yes"), None);
        assert_eq!(atoi("+15020"), Some(15020));
        assert_eq!(atoi(" 15020"), None);
        assert_eq!(atoi("-"), None);
        assert_eq!(parse_uint("65535", 16), Some(65535));
        assert_eq!(parse_uint("65536", 16), None);
        assert_eq!(parse_uint("-1", 16), None);
    }
}
