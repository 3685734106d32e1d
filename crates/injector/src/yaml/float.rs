//! Go's float formatting as it shows up in YAML: `strconv.FormatFloat(f, 'g', -1, 64|32)`
//! (go-yaml v2's `floatv`, sigs.k8s.io/yaml's float map keys) and `encoding/json`'s float
//! encoder (the JSON text `sigs.k8s.io/yaml.Marshal` re-reads before emitting YAML).

use std::fmt::Write as _;

/// Shortest round-trip decimal digits of a finite, non-zero value: (negative, digits, decimal
/// point position) meaning `0.DIGITS × 10^dp`.
struct Digits {
    neg: bool,
    digits: [u8; 40],
    nd: usize,
    dp: i32,
}

fn shortest(sci: &str) -> Digits {
    // `sci` is Rust's `{:e}` output: `-1.2345e-7`, `5e3`.
    let mut d = Digits {
        neg: false,
        digits: [0; 40],
        nd: 0,
        dp: 0,
    };
    let mut s = sci;
    if let Some(rest) = s.strip_prefix('-') {
        d.neg = true;
        s = rest;
    }
    let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
    for c in mant.bytes().filter(u8::is_ascii_digit) {
        if d.nd < d.digits.len() {
            d.digits[d.nd] = c;
            d.nd += 1;
        }
    }
    // Trailing zeros carry no information in the shortest form.
    while d.nd > 1 && d.digits[d.nd - 1] == b'0' {
        d.nd -= 1;
    }
    d.dp = exp.parse::<i32>().unwrap_or(0) + 1;
    d
}

fn push_e(out: &mut String, d: &Digits) {
    if d.neg {
        out.push('-');
    }
    out.push(char::from(d.digits[0]));
    if d.nd > 1 {
        out.push('.');
        for &c in &d.digits[1..d.nd] {
            out.push(char::from(c));
        }
    }
    let exp = d.dp - 1;
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    let a = exp.unsigned_abs();
    if a < 10 {
        out.push('0');
    }
    let _ = write!(out, "{a}");
}

fn push_f(out: &mut String, d: &Digits) {
    if d.neg {
        out.push('-');
    }
    if d.dp > 0 {
        let dp = d.dp as usize;
        for i in 0..dp {
            out.push(if i < d.nd {
                char::from(d.digits[i])
            } else {
                '0'
            });
        }
    } else {
        out.push('0');
    }
    let prec = (d.nd as i32 - d.dp).max(0);
    if prec > 0 {
        out.push('.');
        for i in 0..prec {
            let idx = d.dp + i;
            out.push(if idx >= 0 && (idx as usize) < d.nd {
                char::from(d.digits[idx as usize])
            } else {
                '0'
            });
        }
    }
}

fn push_g(out: &mut String, d: &Digits) {
    let exp = d.dp - 1;
    if !(-4..6).contains(&exp) {
        push_e(out, d);
    } else {
        push_f(out, d);
    }
}

fn push_special(out: &mut String, f: f64) -> bool {
    if f.is_nan() {
        out.push_str("NaN");
    } else if f == f64::INFINITY {
        out.push_str("+Inf");
    } else if f == f64::NEG_INFINITY {
        out.push_str("-Inf");
    } else if f == 0.0 {
        out.push_str(if f.is_sign_negative() { "-0" } else { "0" });
    } else {
        return false;
    }
    true
}

/// Appends `strconv.FormatFloat(f, 'g', -1, 64)`.
pub(crate) fn push_go_g64(out: &mut String, f: f64) {
    if push_special(out, f) {
        return;
    }
    let mut buf = String::new();
    let _ = write!(buf, "{f:e}");
    push_g(out, &shortest(&buf));
}

/// Appends `strconv.FormatFloat(f, 'g', -1, 32)` (the value rounded to `float32` first).
pub(crate) fn push_go_g32(out: &mut String, f: f64) {
    let f32v = f as f32;
    if push_special(out, f64::from(f32v)) {
        return;
    }
    let mut buf = String::new();
    let _ = write!(buf, "{f32v:e}");
    push_g(out, &shortest(&buf));
}

/// Appends the text Go's `encoding/json` writes for a finite `float64`.
pub(crate) fn push_go_json_float(out: &mut String, f: f64) {
    if f == 0.0 {
        out.push_str(if f.is_sign_negative() { "-0" } else { "0" });
        return;
    }
    let mut buf = String::new();
    let _ = write!(buf, "{f:e}");
    let d = shortest(&buf);
    let abs = f.abs();
    if !(1e-6..1e21).contains(&abs) {
        // 'e' format with the exponent's leading zero dropped (e-07 → e-7).
        if d.neg {
            out.push('-');
        }
        out.push(char::from(d.digits[0]));
        if d.nd > 1 {
            out.push('.');
            for &c in &d.digits[1..d.nd] {
                out.push(char::from(c));
            }
        }
        let exp = d.dp - 1;
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let _ = write!(out, "{}", exp.unsigned_abs());
    } else {
        push_f(out, &d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g64(f: f64) -> String {
        let mut s = String::new();
        push_go_g64(&mut s, f);
        s
    }

    fn json(f: f64) -> String {
        let mut s = String::new();
        push_go_json_float(&mut s, f);
        s
    }

    #[test]
    fn format_g() {
        assert_eq!(g64(1e6), "1e+06");
        assert_eq!(g64(123456.0), "123456");
        assert_eq!(g64(1234567.5), "1.2345675e+06");
        assert_eq!(g64(0.0001), "0.0001");
        assert_eq!(g64(0.00001), "1e-05");
        assert_eq!(g64(1.5), "1.5");
        assert_eq!(g64(-2.5e-300), "-2.5e-300");
        assert_eq!(g64(1e100), "1e+100");
        assert_eq!(g64(f64::INFINITY), "+Inf");
        let mut s = String::new();
        push_go_g32(&mut s, 1.234567891234);
        assert_eq!(s, "1.2345679");
    }

    #[test]
    fn format_json() {
        assert_eq!(json(1e6), "1000000");
        assert_eq!(json(1e21), "1e+21");
        assert_eq!(json(1e-7), "1e-7");
        assert_eq!(json(0.000001), "0.000001");
        assert_eq!(json(123456789.5), "123456789.5");
        assert_eq!(json(-0.0), "-0");
    }
}
