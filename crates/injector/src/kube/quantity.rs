//! Kubernetes `resource.Quantity` (k8s.io/apimachinery/pkg/api/resource): `ParseQuantity`, `String` /
//! `MarshalJSON` (`CanonicalizeBytes`) and `UnmarshalJSON`.
//!
//! A quantity is parsed either into a small fixed-point amount (`i64` mantissa, decimal scale) when it fits, or
//! into an arbitrary-precision decimal otherwise, exactly where apimachinery makes the same choice, because the
//! two paths round and cache differently. When the fixed-point parse accepts input that is already in canonical
//! form, Go keeps the input text verbatim (e.g. `+1`, `01`, `1Ki`), and so do we.

use std::cmp::Ordering;
use std::fmt;

/// The regular expression apimachinery names in its format error.
const SPLIT_RE: &str = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/// Maximum number of decimal digits the fixed-point path accepts (`maxInt64Factors`).
const MAX_INT64_FACTORS: i32 = 18;

/// The smallest scale a quantity keeps: nano (10^-9).
const NANO: i32 = -9;

/// A quantity parse failure; the messages are apimachinery's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityError {
    /// `ErrFormatWrong`: the text does not have the shape of a quantity.
    FormatWrong,
    /// `ErrNumeric`: the numeric part could not be parsed.
    Numeric,
    /// `ErrSuffix`: the suffix is not a known one.
    Suffix,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuantityError::FormatWrong => write!(
                f,
                "quantities must match the regular expression '{SPLIT_RE}'"
            ),
            QuantityError::Numeric => f.write_str("unable to parse numeric part of quantity"),
            QuantityError::Suffix => f.write_str("unable to parse quantity's suffix"),
        }
    }
}

impl std::error::Error for QuantityError {}

/// How a quantity is written back out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain decimal with an `e<exp>` exponent, e.g. `12e6`.
    DecimalExponent,
    /// Powers of 1024 with `Ki`..`Ei`, e.g. `12Mi`.
    BinarySI,
    /// Powers of 1000 with `n`..`E`, e.g. `12M`.
    DecimalSI,
}

/// A parsed `resource.Quantity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    amount: Amount,
    format: Format,
    /// The input text, kept when it was already canonical (Go's `Quantity.s`).
    cached: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Amount {
    /// `value * 10^scale` (`int64Amount`).
    Int { value: i64, scale: i32 },
    /// Arbitrary precision (`infDecAmount`).
    Dec(BigDec),
}

impl Quantity {
    /// The zero quantity, as Go's `Quantity{}` (serialised `"0"`).
    pub fn zero() -> Quantity {
        Quantity {
            amount: Amount::Int { value: 0, scale: 0 },
            format: Format::DecimalSI,
            cached: None,
        }
    }

    /// Parses a quantity string (`resource.ParseQuantity`).
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        parse_quantity(text)
    }

    /// Decodes the raw bytes of a JSON value the way `Quantity.UnmarshalJSON` does: `null` is zero; surrounding
    /// double quotes are stripped (escapes are not interpreted); the rest is trimmed and parsed.
    pub fn from_json_raw(raw: &str) -> Result<Quantity, QuantityError> {
        if raw == "null" {
            return Ok(Quantity::zero());
        }
        let inner = if raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') {
            &raw[1..raw.len() - 1]
        } else {
            raw
        };
        parse_quantity(inner.trim())
    }

    /// The serialisation format the quantity was parsed with.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Whether the amount is zero (`Quantity.IsZero`).
    pub fn is_zero(&self) -> bool {
        match &self.amount {
            Amount::Int { value, .. } => *value == 0,
            Amount::Dec(d) => d.is_zero(),
        }
    }

    /// The canonical text Go produces from `Quantity.String` / `MarshalJSON`.
    pub fn canonical(&self) -> String {
        if let Some(s) = &self.cached {
            return s.clone();
        }
        let (number, suffix) = self.canonicalize();
        let mut out = number;
        out.push_str(&suffix);
        out
    }

    /// How Go's `fmt` prints a non-addressable `Quantity` value (e.g. one read from a map in a template, where the
    /// pointer-receiver `String` method is not used): the raw struct, `{{2000 -3} {<nil>}  DecimalSI}`.
    /// `None` for an arbitrary-precision amount, which Go prints as a heap address.
    pub fn go_value_repr(&self) -> Option<String> {
        let Amount::Int { value, scale } = &self.amount else {
            return None;
        };
        let format = match self.format {
            Format::DecimalExponent => "DecimalExponent",
            Format::BinarySI => "BinarySI",
            Format::DecimalSI => "DecimalSI",
        };
        let cached = self.cached.as_deref().unwrap_or("");
        Some(format!(
            "{{{{{value} {scale}}} {{<nil>}} {cached} {format}}}"
        ))
    }

    /// `CanonicalizeBytes`: the number and suffix of the canonical form.
    fn canonicalize(&self) -> (String, String) {
        if self.is_zero() {
            return ("0".to_string(), String::new());
        }
        let mut format = self.format;
        let mut rounded = None;
        if format == Format::BinarySI {
            let d = self.as_dec();
            if d.cmp_value(&BigDec::from_i64(-1024, 0)) == Ordering::Greater
                && d.cmp_value(&BigDec::from_i64(1024, 0)) == Ordering::Less
            {
                format = Format::DecimalSI;
            } else {
                let (r, exact) = self.as_scale_zero();
                if exact {
                    rounded = Some(r);
                } else {
                    format = Format::DecimalSI;
                }
            }
        }
        match (format, rounded) {
            (Format::BinarySI, Some(r)) => {
                let (number, exponent) = r.canonical_base1024();
                let suffix = binary_suffix(exponent.wrapping_mul(10)).unwrap_or("");
                (number, suffix.to_string())
            }
            _ => {
                let (number, exponent) = self.canonical_base10();
                let suffix = match format {
                    Format::DecimalExponent if exponent == 0 => String::new(),
                    Format::DecimalExponent => format!("e{exponent}"),
                    // Go ignores a failed suffix lookup here and prints the bare number.
                    _ => decimal_suffix(exponent).unwrap_or("").to_string(),
                };
                (number, suffix)
            }
        }
    }

    fn as_dec(&self) -> BigDec {
        match &self.amount {
            Amount::Int { value, scale } => BigDec::from_i64(*value, -i64::from(*scale)),
            Amount::Dec(d) => d.clone(),
        }
    }

    /// `AsScale(0)`: the amount rounded away from zero to an integer, and whether that was exact.
    fn as_scale_zero(&self) -> (Amount, bool) {
        match &self.amount {
            Amount::Int { value, scale } => {
                if *scale >= 0 {
                    (self.amount.clone(), true)
                } else {
                    let (v, exact) = negative_scale_i64(*value, -*scale);
                    (Amount::Int { value: v, scale: 0 }, exact)
                }
            }
            Amount::Dec(d) => {
                let mut r = d.clone();
                let exact = !r.round_up_to_scale(0);
                (Amount::Dec(r), exact)
            }
        }
    }

    /// `AsCanonicalBytes`: mantissa text and a base-10 exponent that is a multiple of 3.
    fn canonical_base10(&self) -> (String, i32) {
        match &self.amount {
            Amount::Int { value, scale } => {
                let (mut amount, times) = remove_i64_factors(*value, 10);
                let mut exponent = scale.wrapping_add(times);
                let adjusted = match exponent % 3 {
                    1 | -2 => amount.checked_mul(10).map(|a| (a, 1)),
                    2 | -1 => amount.checked_mul(100).map(|a| (a, 2)),
                    _ => Some((amount, 0)),
                };
                match adjusted {
                    Some((a, shift)) => {
                        amount = a;
                        exponent -= shift;
                        (amount.to_string(), exponent)
                    }
                    None => BigDec::from_i64(*value, -i64::from(*scale)).canonical_base10(),
                }
            }
            Amount::Dec(d) => d.canonical_base10(),
        }
    }
}

impl Amount {
    /// `AsCanonicalBase1024Bytes` of an integral amount.
    fn canonical_base1024(&self) -> (String, i32) {
        match self {
            Amount::Int { value, scale } => match positive_scale_i64(*value, *scale) {
                Some(v) => {
                    let (amount, times) = remove_i64_factors(v, 1024);
                    (amount.to_string(), times)
                }
                None => BigDec::from_i64(*value, -i64::from(*scale)).canonical_base1024(),
            },
            Amount::Dec(d) => d.canonical_base1024(),
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

fn decimal_suffix(exponent: i32) -> Option<&'static str> {
    Some(match exponent {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        18 => "E",
        _ => return None,
    })
}

fn binary_suffix(exponent: i32) -> Option<&'static str> {
    Some(match exponent {
        10 => "Ki",
        20 => "Mi",
        30 => "Gi",
        40 => "Ti",
        50 => "Pi",
        60 => "Ei",
        _ => return None,
    })
}

/// `quantitySuffixer.interpret`: (base, exponent, format).
fn interpret_suffix(s: &str) -> Option<(u32, i32, Format)> {
    let dec = match s {
        "n" => Some(-9),
        "u" => Some(-6),
        "m" => Some(-3),
        "" => Some(0),
        "k" => Some(3),
        "M" => Some(6),
        "G" => Some(9),
        "T" => Some(12),
        "P" => Some(15),
        "E" => Some(18),
        _ => None,
    };
    if let Some(e) = dec {
        return Some((10, e, Format::DecimalSI));
    }
    let bin = match s {
        "Ki" => Some(10),
        "Mi" => Some(20),
        "Gi" => Some(30),
        "Ti" => Some(40),
        "Pi" => Some(50),
        "Ei" => Some(60),
        _ => None,
    };
    if let Some(e) = bin {
        return Some((2, e, Format::BinarySI));
    }
    let bytes = s.as_bytes();
    if bytes.len() > 1 && (bytes[0] == b'e' || bytes[0] == b'E') {
        // strconv.ParseInt(s, 10, 64) followed by a truncating int32 conversion.
        let parsed = parse_go_int64(&s[1..])?;
        return Some((10, parsed as i32, Format::DecimalExponent));
    }
    None
}

/// `strconv.ParseInt(s, 10, 64)` for the characters a quantity suffix can hold.
fn parse_go_int64(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v: i128 = 0;
    for b in digits.bytes() {
        v = v * 10 + i128::from(b - b'0');
        if v > i128::from(i64::MAX) + 1 {
            return None;
        }
    }
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// The pieces `parseQuantityString` splits a quantity into.
struct Split<'a> {
    positive: bool,
    value: &'a str,
    num: &'a str,
    denom: &'a str,
    suffix: &'a str,
}

fn split_quantity(s: &str) -> Result<Split<'_>, QuantityError> {
    let b = s.as_bytes();
    let end = b.len();
    let mut pos = 0;
    let mut positive = true;
    if pos < end {
        match b[0] {
            b'-' => {
                positive = false;
                pos += 1;
            }
            b'+' => pos += 1,
            _ => {}
        }
    }
    // Leading zeroes.
    while pos < end && b[pos] == b'0' {
        pos += 1;
    }
    if pos >= end {
        return Ok(Split {
            positive,
            value: "0",
            num: "0",
            denom: "",
            suffix: "",
        });
    }
    let num_start = pos;
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos >= end {
        return Ok(Split {
            positive,
            value: s,
            num: &s[num_start..],
            denom: "",
            suffix: "",
        });
    }
    let num = if pos == num_start {
        "0"
    } else {
        &s[num_start..pos]
    };
    let mut denom = "";
    if b[pos] == b'.' {
        pos += 1;
        let denom_start = pos;
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        if pos >= end {
            return Ok(Split {
                positive,
                value: s,
                num,
                denom: &s[denom_start..],
                suffix: "",
            });
        }
        denom = &s[denom_start..pos];
    }
    let value = &s[..pos];
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos >= end {
        return Ok(Split {
            positive,
            value,
            num,
            denom,
            suffix: &s[suffix_start..],
        });
    }
    if b[pos] == b'-' || b[pos] == b'+' {
        pos += 1;
    }
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos >= end {
        return Ok(Split {
            positive,
            value,
            num,
            denom,
            suffix: &s[suffix_start..],
        });
    }
    Err(QuantityError::FormatWrong)
}

fn parse_quantity(s: &str) -> Result<Quantity, QuantityError> {
    if s.is_empty() {
        return Err(QuantityError::FormatWrong);
    }
    if s == "0" {
        return Ok(Quantity {
            cached: Some("0".to_string()),
            ..Quantity::zero()
        });
    }
    let split = split_quantity(s)?;
    let (base, exponent, mut format) =
        interpret_suffix(split.suffix).ok_or(QuantityError::Suffix)?;
    let digits = (split.num.len() + split.denom.len()) as i32;
    let (mut scale, precision, mantissa) = match format {
        Format::DecimalExponent | Format::DecimalSI => (exponent, MAX_INT64_FACTORS - digits, 1i64),
        Format::BinarySI => {
            if exponent >= 0 && split.denom.is_empty() {
                let precision =
                    15 - split.num.len() as i32 - (exponent as f32 * 3.0 / 10.0) as i32 - 1;
                (0, precision, 1i64.checked_shl(exponent as u32).unwrap_or(0))
            } else {
                (0, -1, 1)
            }
        }
    };
    if precision >= 0 {
        scale = scale.wrapping_sub(split.denom.len() as i32);
        if scale >= NANO {
            let shifted = format!("{}{}", split.num, split.denom);
            let value: i64 = shifted.parse().map_err(|_| QuantityError::Numeric)?;
            if let Some(mut result) = value.checked_mul(mantissa) {
                if !split.positive {
                    result = -result;
                }
                let keep = match format {
                    Format::BinarySI => exponent % 10 == 0 && value & 0x07 != 0,
                    _ => scale % 3 == 0 && !shifted.ends_with("000") && !shifted.starts_with('0'),
                };
                return Ok(Quantity {
                    amount: Amount::Int {
                        value: result,
                        scale,
                    },
                    format,
                    cached: keep.then(|| s.to_string()),
                });
            }
        }
    }

    let mut amount = BigDec::parse_go(split.value).ok_or(QuantityError::Numeric)?;
    if base == 10 {
        amount.scale -= i64::from(exponent);
    } else {
        amount.mul_pow2(exponent.max(0) as u32);
    }
    let negative = amount.neg;
    amount.neg = false;
    amount.round_up_to_scale(-i64::from(NANO));
    let max = BigDec::from_i64(i64::MAX, 0);
    if format == Format::BinarySI && amount.cmp_value(&max) == Ordering::Greater {
        amount = max;
    }
    if format == Format::BinarySI
        && amount.cmp_value(&BigDec::from_i64(1, 0)) == Ordering::Less
        && !amount.is_zero()
    {
        format = Format::DecimalSI;
    }
    amount.neg = negative && !amount.is_zero();
    Ok(Quantity {
        amount: Amount::Dec(amount),
        format,
        cached: None,
    })
}

/// `negativeScaleInt64`: divide by 10^scale rounding away from zero; reports exactness.
fn negative_scale_i64(base: i64, scale: i32) -> (i64, bool) {
    if scale == 0 {
        return (base, true);
    }
    let mut value = base;
    let mut fraction = false;
    for _ in 0..scale {
        if !fraction && value % 10 != 0 {
            fraction = true;
        }
        value /= 10;
        if value == 0 {
            if fraction {
                return (if base > 0 { 1 } else { -1 }, false);
            }
            return (0, true);
        }
    }
    if fraction {
        value += if base > 0 { 1 } else { -1 };
    }
    (value, !fraction)
}

/// `positiveScaleInt64`: multiply by 10^scale, `None` on overflow.
fn positive_scale_i64(base: i64, scale: i32) -> Option<i64> {
    let mut v = base;
    for _ in 0..scale {
        v = v.checked_mul(10)?;
    }
    Some(v)
}

/// `removeInt64Factors`: strip factors of `base` from |value|, counting them.
fn remove_i64_factors(value: i64, base: i64) -> (i64, i32) {
    let negative = value < 0;
    let mut r = value.wrapping_abs();
    let mut times = 0;
    while r >= base && r % base == 0 {
        times += 1;
        r /= base;
    }
    (if negative { r.wrapping_neg() } else { r }, times)
}

/// A signed arbitrary-precision decimal: `digits * 10^-scale` (`inf.Dec`), digits most significant first.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BigDec {
    neg: bool,
    /// Decimal digits 0..=9 without leading zeroes; empty for zero.
    digits: Vec<u8>,
    scale: i64,
}

impl BigDec {
    fn from_i64(v: i64, scale: i64) -> BigDec {
        let digits = v
            .unsigned_abs()
            .to_string()
            .bytes()
            .map(|b| b - b'0')
            .collect();
        let mut d = BigDec {
            neg: v < 0,
            digits,
            scale,
        };
        d.trim();
        d
    }

    /// `inf.Dec.SetString` for the `[+-]?[0-9]*(\.[0-9]*)?` text a quantity's numeric part holds.
    fn parse_go(s: &str) -> Option<BigDec> {
        let (neg, rest) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let mut digits = Vec::with_capacity(rest.len());
        let mut point = None;
        for b in rest.bytes() {
            match b {
                b'0'..=b'9' => digits.push(b - b'0'),
                b'.' if point.is_none() => point = Some(digits.len()),
                _ => return None,
            }
        }
        if digits.is_empty() {
            return None;
        }
        let scale = point.map_or(0, |p| (digits.len() - p) as i64);
        let mut d = BigDec { neg, digits, scale };
        d.trim();
        Some(d)
    }

    fn trim(&mut self) {
        let lead = self.digits.iter().take_while(|&&d| d == 0).count();
        self.digits.drain(..lead);
        if self.digits.is_empty() {
            self.neg = false;
        }
    }

    fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    fn mul_pow2(&mut self, k: u32) {
        for _ in 0..k {
            let mut carry = 0u8;
            for d in self.digits.iter_mut().rev() {
                let v = *d * 2 + carry;
                *d = v % 10;
                carry = v / 10;
            }
            if carry > 0 {
                self.digits.insert(0, carry);
            }
        }
    }

    /// Rounds |x| away from zero to `scale` decimal places (`inf.RoundUp`); returns whether digits were lost.
    fn round_up_to_scale(&mut self, scale: i64) -> bool {
        if self.scale <= scale {
            return false;
        }
        let drop = self.scale - scale;
        let keep = self.digits.len() as i64 - drop;
        let inexact;
        if keep <= 0 {
            inexact = !self.digits.is_empty();
            self.digits.clear();
        } else {
            let keep = keep as usize;
            inexact = self.digits[keep..].iter().any(|&d| d != 0);
            self.digits.truncate(keep);
        }
        self.scale = scale;
        if inexact {
            self.increment_magnitude();
        }
        self.trim();
        inexact
    }

    fn increment_magnitude(&mut self) {
        for d in self.digits.iter_mut().rev() {
            if *d == 9 {
                *d = 0;
            } else {
                *d += 1;
                return;
            }
        }
        self.digits.insert(0, 1);
    }

    /// Digits and scale with trailing zeroes removed (the value unchanged).
    fn reduced(&self) -> (&[u8], i64) {
        let trailing = self.digits.iter().rev().take_while(|&&d| d == 0).count();
        (
            &self.digits[..self.digits.len() - trailing],
            self.scale - trailing as i64,
        )
    }

    fn cmp_value(&self, other: &BigDec) -> Ordering {
        let sign = |d: &BigDec| {
            if d.is_zero() {
                0
            } else if d.neg {
                -1
            } else {
                1
            }
        };
        let (sa, sb) = (sign(self), sign(other));
        if sa != sb || sa == 0 {
            return sa.cmp(&sb);
        }
        let mag = Self::cmp_magnitude(self, other);
        if sa < 0 {
            mag.reverse()
        } else {
            mag
        }
    }

    fn cmp_magnitude(a: &BigDec, b: &BigDec) -> Ordering {
        let (da, sa) = a.reduced();
        let (db, sb) = b.reduced();
        // Position of the most significant digit relative to the decimal point.
        let ea = da.len() as i64 - sa;
        let eb = db.len() as i64 - sb;
        if ea != eb {
            return ea.cmp(&eb);
        }
        let n = da.len().max(db.len());
        for i in 0..n {
            let x = da.get(i).copied().unwrap_or(0);
            let y = db.get(i).copied().unwrap_or(0);
            if x != y {
                return x.cmp(&y);
            }
        }
        Ordering::Equal
    }

    fn text(&self, digits: &[u8]) -> String {
        let mut s = String::with_capacity(digits.len() + 1);
        if self.neg {
            s.push('-');
        }
        if digits.is_empty() {
            s.push('0');
        }
        s.extend(digits.iter().map(|&d| char::from(b'0' + d)));
        s
    }

    /// `infDecAmount.AsCanonicalBytes`.
    fn canonical_base10(&self) -> (String, i32) {
        let (digits, scale) = self.reduced();
        let mut digits = digits.to_vec();
        let mut exponent = (-scale) as i32;
        if !digits.is_empty() {
            while exponent % 3 != 0 {
                digits.push(0);
                exponent -= 1;
            }
        }
        (self.text(&digits), exponent)
    }

    /// `infDecAmount.AsCanonicalBase1024Bytes`.
    fn canonical_base1024(&self) -> (String, i32) {
        let mut r = self.clone();
        r.round_up_to_scale(0);
        let mut digits = r.digits.clone();
        if r.scale < 0 {
            digits.extend(std::iter::repeat_n(0, (-r.scale) as usize));
        }
        let mut times = 0;
        if !digits.is_empty() {
            while let Some(q) = div_exact(&digits, 1024) {
                digits = q;
                times += 1;
            }
        }
        (r.text(&digits), times)
    }
}

/// Long division of a decimal digit string; `Some(quotient)` only when the remainder is zero.
fn div_exact(digits: &[u8], divisor: u32) -> Option<Vec<u8>> {
    let mut q = Vec::with_capacity(digits.len());
    let mut rem = 0u32;
    for &d in digits {
        let cur = rem * 10 + u32::from(d);
        q.push((cur / divisor) as u8);
        rem = cur % divisor;
    }
    if rem != 0 {
        return None;
    }
    let lead = q.iter().take_while(|&&d| d == 0).count();
    q.drain(..lead);
    Some(q)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
