//! Go's `strconv.FormatFloat` / `AppendFloat`: formats `e`, `E`, `f`, `g`, `G`, `b`, `x`, `X` with an explicit
//! precision or the shortest representation that round-trips (precision `-1`), for 32- and 64-bit floats.
//!
//! Decimal digits come from Rust's float formatting, which is exact (correctly rounded, ties to even) like Go's;
//! the layout rules (`%e` exponent of at least two digits, `%g` switching to `%e`, …) are Go's.

/// Formats `v` as Go's `strconv.FormatFloat(v, fmt, prec, bit_size)` does. `bit_size` 32 rounds `v` to `float32`
/// first. An unknown `fmt` gives `%` followed by it, as Go does.
pub fn format_float(v: f64, fmt: char, prec: i32, bit_size: u32) -> String {
    let mut out = String::new();
    append_float(&mut out, v, fmt, prec, bit_size);
    out
}

/// Appends `v` formatted as [`format_float`] does.
pub fn append_float(out: &mut String, v: f64, fmt: char, prec: i32, bit_size: u32) {
    let is32 = bit_size == 32;
    // Narrowing to float32 is the point of a 32-bit format.
    #[allow(clippy::cast_possible_truncation)]
    let v = if is32 { f64::from(v as f32) } else { v };
    if v.is_nan() {
        out.push_str("NaN");
        return;
    }
    if v.is_infinite() {
        out.push_str(if v < 0.0 { "-Inf" } else { "+Inf" });
        return;
    }
    let neg = v.is_sign_negative();
    match fmt {
        'b' => return fmt_b(out, v, is32),
        'x' | 'X' => return fmt_x(out, v, prec, fmt, is32),
        'e' | 'E' | 'f' | 'g' | 'G' => {}
        other => {
            out.push('%');
            out.push(other);
            return;
        }
    }
    let abs = v.abs();
    let shortest = prec < 0;
    let mut prec = prec;
    let digs = if abs == 0.0 {
        Digits::default()
    } else if shortest {
        let digs = shortest_digits(abs, is32);
        let (nd, dp) = (digs.nd(), digs.dp);
        prec = match fmt {
            'e' | 'E' => (nd - 1).max(0),
            'f' => (nd - dp).max(0),
            _ => nd,
        };
        digs
    } else {
        match fmt {
            'e' | 'E' => significant_digits(abs, prec.saturating_add(1)),
            'f' => fixed_digits(abs, prec),
            _ => {
                if prec == 0 {
                    prec = 1;
                }
                significant_digits(abs, prec)
            }
        }
    };
    format_digits(out, shortest, neg, &digs, prec, fmt);
}

/// A decimal `0.d₁d₂…dₙ × 10^dp` with no trailing zeros; zero has no digits.
#[derive(Default, Debug)]
struct Digits {
    d: Vec<u8>,
    dp: i32,
}

impl Digits {
    fn nd(&self) -> i32 {
        i32::try_from(self.d.len()).unwrap_or(i32::MAX)
    }

    /// Parses Rust's `{:e}` output (`d.ddde±x`) of a positive number.
    fn from_exp_form(s: &str) -> Digits {
        let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let mut d: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
        let lead = d.iter().take_while(|&&c| c == b'0').count();
        d.drain(..lead);
        while d.last() == Some(&b'0') {
            d.pop();
        }
        if d.is_empty() {
            return Digits::default();
        }
        Digits {
            d,
            dp: exp + 1 - i32::try_from(lead).unwrap_or(0),
        }
    }
}

fn shortest_digits(abs: f64, is32: bool) -> Digits {
    #[allow(clippy::cast_possible_truncation)]
    let s = if is32 {
        format!("{:e}", abs as f32)
    } else {
        format!("{abs:e}")
    };
    Digits::from_exp_form(&s)
}

/// Beyond these many digits every float64 is exact (at most 767 significant digits, 1074 after the point), so
/// larger precisions only add zeros, which [`Digits`] drops. Rust's formatter rejects precisions above 65535.
const EXACT_DIGITS: usize = 1100;

fn significant_digits(abs: f64, n: i32) -> Digits {
    let frac = usize::try_from(n.max(1) - 1).unwrap_or(0).min(EXACT_DIGITS);
    Digits::from_exp_form(&format!("{abs:.frac$e}"))
}

/// The digits of `abs` rounded to `prec` places after the decimal point.
fn fixed_digits(abs: f64, prec: i32) -> Digits {
    let frac = usize::try_from(prec.max(0)).unwrap_or(0).min(EXACT_DIGITS);
    let s = format!("{abs:.frac$}");
    let (int, fraction) = s.split_once('.').unwrap_or((&s, ""));
    let mut d: Vec<u8> = int.bytes().chain(fraction.bytes()).collect();
    let mut dp = i32::try_from(int.len()).unwrap_or(i32::MAX);
    let lead = d.iter().take_while(|&&c| c == b'0').count();
    d.drain(..lead);
    dp -= i32::try_from(lead).unwrap_or(0);
    while d.last() == Some(&b'0') {
        d.pop();
    }
    if d.is_empty() {
        return Digits::default();
    }
    Digits { d, dp }
}

fn format_digits(out: &mut String, shortest: bool, neg: bool, digs: &Digits, prec: i32, fmt: char) {
    match fmt {
        'e' | 'E' => fmt_e(out, neg, digs, prec, fmt),
        'f' => fmt_f(out, neg, digs, prec),
        _ => {
            let (nd, dp) = (digs.nd(), digs.dp);
            let mut eprec = prec;
            if eprec > nd && nd >= dp {
                eprec = nd;
            }
            if shortest {
                eprec = 6;
            }
            let exp = dp - 1;
            let mut prec = prec;
            if exp < -4 || exp >= eprec {
                if prec > nd {
                    prec = nd;
                }
                let e = if fmt == 'G' { 'E' } else { 'e' };
                fmt_e(out, neg, digs, prec - 1, e);
                return;
            }
            if prec > dp {
                prec = nd;
            }
            fmt_f(out, neg, digs, (prec - dp).max(0));
        }
    }
}

fn digit(digs: &Digits, i: i32) -> char {
    usize::try_from(i)
        .ok()
        .and_then(|i| digs.d.get(i))
        .map_or('0', |&c| char::from(c))
}

fn fmt_e(out: &mut String, neg: bool, digs: &Digits, prec: i32, e: char) {
    if neg {
        out.push('-');
    }
    out.push(digit(digs, 0));
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(digit(digs, i));
        }
    }
    out.push(e);
    let mut exp = if digs.d.is_empty() { 0 } else { digs.dp - 1 };
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
    }
    out.push_str(&exp.to_string());
}

fn fmt_f(out: &mut String, neg: bool, digs: &Digits, prec: i32) {
    if neg {
        out.push('-');
    }
    if digs.dp > 0 {
        for i in 0..digs.dp {
            out.push(digit(digs, i));
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(digit(digs, digs.dp + i - 1));
        }
    }
}

/// The IEEE fields of `v`: sign, mantissa with the implicit bit, unbiased exponent, mantissa bit count.
fn decompose(v: f64, is32: bool) -> (bool, u64, i32, u32) {
    let (bits, expbits, mantbits, bias): (u64, u32, u32, i32) = if is32 {
        #[allow(clippy::cast_possible_truncation)]
        let b = u64::from((v as f32).to_bits());
        (b, 8, 23, -127)
    } else {
        (v.to_bits(), 11, 52, -1023)
    };
    let neg = bits >> (expbits + mantbits) != 0;
    let mut exp = i32::try_from((bits >> mantbits) & ((1 << expbits) - 1)).unwrap_or(0);
    let mut mant = bits & ((1u64 << mantbits) - 1);
    if exp == 0 {
        exp += 1;
    } else {
        mant |= 1u64 << mantbits;
    }
    (neg, mant, exp + bias, mantbits)
}

/// `%b`: `-ddddp±ddd`, the mantissa and binary exponent as decimal integers.
fn fmt_b(out: &mut String, v: f64, is32: bool) {
    let (neg, mant, exp, mantbits) = decompose(v, is32);
    if neg {
        out.push('-');
    }
    out.push_str(&mant.to_string());
    out.push('p');
    let exp = exp - i32::try_from(mantbits).unwrap_or(0);
    if exp >= 0 {
        out.push('+');
    }
    out.push_str(&exp.to_string());
}

/// `%x`: `-0x1.yyyyp±dd`, hexadecimal mantissa and binary exponent.
fn fmt_x(out: &mut String, v: f64, prec: i32, fmt: char, is32: bool) {
    let (neg, mut mant, mut exp, mantbits) = decompose(v, is32);
    if mant == 0 {
        exp = 0;
    }
    // Put the leading 1 (if any) at bit 60.
    mant <<= 60 - mantbits;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if (0..15).contains(&prec) {
        let shift = u32::try_from(prec * 4).unwrap_or(0);
        let extra = (mant << shift) & ((1 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            mant >>= 1;
            exp += 1;
        }
    }
    let hex: &[u8; 16] = if fmt == 'X' {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    if neg {
        out.push('-');
    }
    out.push('0');
    out.push(fmt);
    out.push(if (mant >> 60) & 1 == 1 { '1' } else { '0' });
    mant <<= 4;
    let nibble = |m: u64| char::from(hex[usize::try_from((m >> 60) & 15).unwrap_or(0)]);
    if prec < 0 && mant != 0 {
        out.push('.');
        while mant != 0 {
            out.push(nibble(mant));
            mant <<= 4;
        }
    } else if prec > 0 {
        out.push('.');
        for _ in 0..prec {
            out.push(nibble(mant));
            mant <<= 4;
        }
    }
    out.push(if fmt == 'X' { 'P' } else { 'p' });
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
    }
    out.push_str(&exp.to_string());
}

#[cfg(test)]
#[allow(clippy::approx_constant)]
mod tests {
    use super::format_float as ff;

    #[test]
    fn shortest_g_switches_to_exponent_like_go() {
        assert_eq!(ff(1e6, 'g', -1, 64), "1e+06");
        assert_eq!(ff(123456.0, 'g', -1, 64), "123456");
        assert_eq!(ff(1e-7, 'g', -1, 64), "1e-07");
        assert_eq!(ff(0.0001, 'g', -1, 64), "0.0001");
        assert_eq!(ff(1e21, 'g', -1, 64), "1e+21");
        assert_eq!(ff(3.5, 'g', -1, 64), "3.5");
        assert_eq!(ff(-0.0, 'g', -1, 64), "-0");
        assert_eq!(ff(1.234567e6, 'g', -1, 64), "1.234567e+06");
        assert_eq!(ff(0.1, 'g', -1, 32), "0.1");
        assert_eq!(ff(1e100, 'g', -1, 64), "1e+100");
    }

    #[test]
    fn fixed_precision() {
        assert_eq!(ff(3.14159, 'e', 6, 64), "3.141590e+00");
        assert_eq!(ff(0.0, 'e', 6, 64), "0.000000e+00");
        assert_eq!(ff(3.14159, 'g', 3, 64), "3.14");
        assert_eq!(ff(1.0, 'g', 3, 64), "1");
        assert_eq!(ff(1.234567e6, 'g', 2, 64), "1.2e+06");
        assert_eq!(ff(0.5, 'f', 0, 64), "0");
        assert_eq!(ff(1.5, 'f', 0, 64), "2");
        assert_eq!(ff(2.5, 'f', 0, 64), "2");
        assert_eq!(ff(1e21, 'f', 6, 64), "1000000000000000000000.000000");
        assert_eq!(ff(1e-7, 'f', 10, 64), "0.0000001000");
        assert_eq!(ff(0.0, 'g', 3, 64), "0");
        assert_eq!(ff(100.0, 'g', 0, 64), "1e+02");
        assert_eq!(ff(1.0, 'f', -1, 64), "1");
    }

    #[test]
    fn binary_and_hex() {
        assert_eq!(ff(1.0, 'b', -1, 64), "4503599627370496p-52");
        assert_eq!(ff(0.0, 'b', -1, 64), "0p-1074");
        assert_eq!(ff(3.14159, 'x', -1, 64), "0x1.921f9f01b866ep+01");
        assert_eq!(ff(2.0, 'x', -1, 64), "0x1p+01");
        assert_eq!(ff(0.1, 'x', -1, 32), "0x1.99999ap-04");
        assert_eq!(ff(1.0, 'X', 2, 64), "0X1.00P+00");
        assert_eq!(ff(0.0, 'x', -1, 64), "0x0p+00");
        assert_eq!(ff(f64::NAN, 'g', -1, 64), "NaN");
        assert_eq!(ff(f64::NEG_INFINITY, 'f', 2, 64), "-Inf");
    }
}
