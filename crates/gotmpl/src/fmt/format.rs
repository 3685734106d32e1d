//! The raw formatter of Go's `fmt` package (`fmt/format.go`): flags, width and precision, padding, and the
//! formatting of one integer, float, string, byte string or rune.

use super::float::append_float;
use super::quote::{append_quote, append_quote_rune, can_backquote};

pub(super) const LDIGITS: &[u8; 17] = b"0123456789abcdefx";
pub(super) const UDIGITS: &[u8; 17] = b"0123456789ABCDEFX";

/// The flags, width and precision of one verb.
#[derive(Clone, Copy, Default, Debug)]
pub(super) struct Flags {
    pub wid_present: bool,
    pub prec_present: bool,
    pub minus: bool,
    pub plus: bool,
    pub sharp: bool,
    pub space: bool,
    pub zero: bool,
    /// `%+v`: print struct field names.
    pub plus_v: bool,
    /// `%#v`: Go syntax.
    pub sharp_v: bool,
    pub wid: usize,
    pub prec: usize,
}

/// Formats single items into an output string under the current [`Flags`].
pub(super) struct Fmt<'o> {
    pub out: &'o mut String,
    pub f: Flags,
}

impl Fmt<'_> {
    /// Writes `n` padding characters: zeros when the `0` flag applies (never on the right), else spaces.
    pub fn write_padding(&mut self, n: usize) {
        let c = if self.f.zero && !self.f.minus {
            '0'
        } else {
            ' '
        };
        self.out.extend(std::iter::repeat_n(c, n));
    }

    /// Writes `s` padded to the width, on the left or (with `-`) on the right. Width counts runes.
    pub fn pad(&mut self, s: &str) {
        if !self.f.wid_present || self.f.wid == 0 {
            self.out.push_str(s);
            return;
        }
        let n = self.f.wid.saturating_sub(s.chars().count());
        if self.f.minus {
            self.out.push_str(s);
            self.write_padding(n);
        } else {
            self.write_padding(n);
            self.out.push_str(s);
        }
    }

    /// [`Fmt::pad`] with the zero flag off (numbers handle zero padding themselves).
    fn pad_no_zero(&mut self, s: &str) {
        let zero = self.f.zero;
        self.f.zero = false;
        self.pad(s);
        self.f.zero = zero;
    }

    /// `true` / `false`.
    pub fn fmt_boolean(&mut self, v: bool) {
        self.pad(if v { "true" } else { "false" });
    }

    /// `%U`: `U+0078`, with `#` also `U+0078 'x'`.
    pub fn fmt_unicode(&mut self, u: u64) {
        let mut s = String::with_capacity(16);
        s.push_str("U+");
        let prec = if self.f.prec_present && self.f.prec > 4 {
            self.f.prec
        } else {
            4
        };
        let hex = format!("{u:X}");
        s.extend(std::iter::repeat_n('0', prec.saturating_sub(hex.len())));
        s.push_str(&hex);
        if self.f.sharp {
            if let Some(c) = u32::try_from(u).ok().and_then(char::from_u32) {
                if super::quote::is_print(c) {
                    s.push_str(" '");
                    s.push(c);
                    s.push('\'');
                }
            }
        }
        self.pad_no_zero(&s);
    }

    /// An integer in `base` (2, 8, 10, 16) with sign, precision, `#` prefixes and padding; `verb` `O` adds `0o`.
    pub fn fmt_integer(&mut self, u: u64, base: u32, signed: bool, verb: char, digits: &[u8; 17]) {
        // Reinterpreting the bits as signed is how Go passes signed values here.
        #[allow(clippy::cast_possible_wrap)]
        let negative = signed && (u as i64) < 0;
        let mut u = if negative { u.wrapping_neg() } else { u };
        let mut prec = 0usize;
        if self.f.prec_present {
            prec = self.f.prec;
            if prec == 0 && u == 0 {
                let zero = self.f.zero;
                self.f.zero = false;
                self.write_padding(self.f.wid);
                self.f.zero = zero;
                return;
            }
        } else if self.f.zero && !self.f.minus && self.f.wid_present {
            prec = self.f.wid;
            if negative || self.f.plus || self.f.space {
                prec = prec.saturating_sub(1);
            }
        }
        // Digits are produced right to left.
        let mut buf: Vec<u8> = Vec::with_capacity(24 + prec);
        let b = u64::from(base);
        loop {
            buf.push(digits[usize::try_from(u % b).unwrap_or(0)]);
            u /= b;
            if u == 0 {
                break;
            }
        }
        while buf.len() < prec {
            buf.push(b'0');
        }
        if self.f.sharp {
            match base {
                2 => buf.extend_from_slice(b"b0"),
                8 if buf.last() != Some(&b'0') => buf.push(b'0'),
                16 => {
                    buf.push(digits[16]);
                    buf.push(b'0');
                }
                _ => {}
            }
        }
        if verb == 'O' {
            buf.extend_from_slice(b"o0");
        }
        if negative {
            buf.push(b'-');
        } else if self.f.plus {
            buf.push(b'+');
        } else if self.f.space {
            buf.push(b' ');
        }
        buf.reverse();
        let s = String::from_utf8_lossy(&buf);
        self.pad_no_zero(&s);
    }

    /// The string truncated to the precision (in runes), if one is present.
    fn truncate<'s>(&self, s: &'s str) -> &'s str {
        if self.f.prec_present {
            if let Some((i, _)) = s.char_indices().nth(self.f.prec) {
                return &s[..i];
            }
        }
        s
    }

    /// `%s` of a string.
    pub fn fmt_s(&mut self, s: &str) {
        let s = self.truncate(s);
        self.pad(s);
    }

    /// `%s` of bytes (written as text; invalid UTF-8 becomes U+FFFD).
    pub fn fmt_bs(&mut self, b: &[u8]) {
        let s = String::from_utf8_lossy(b);
        self.fmt_s(&s);
    }

    /// `%x` / `%X` of a string or byte slice: two hex digits per byte, `#` adds `0x`, space separates bytes.
    pub fn fmt_sbx(&mut self, b: &[u8], digits: &[u8; 17]) {
        let mut length = b.len();
        if self.f.prec_present && self.f.prec < length {
            length = self.f.prec;
        }
        let mut width = 2 * length;
        if width > 0 {
            if self.f.space {
                if self.f.sharp {
                    width *= 2;
                }
                width += length - 1;
            } else if self.f.sharp {
                width += 2;
            }
        } else {
            if self.f.wid_present {
                self.write_padding(self.f.wid);
            }
            return;
        }
        if self.f.wid_present && self.f.wid > width && !self.f.minus {
            self.write_padding(self.f.wid - width);
        }
        let prefix = [char::from(b'0'), char::from(digits[16])];
        if self.f.sharp {
            self.out.extend(prefix);
        }
        for (i, &c) in b[..length].iter().enumerate() {
            if self.f.space && i > 0 {
                self.out.push(' ');
                if self.f.sharp {
                    self.out.extend(prefix);
                }
            }
            self.out.push(char::from(digits[usize::from(c >> 4)]));
            self.out.push(char::from(digits[usize::from(c & 0xF)]));
        }
        if self.f.wid_present && self.f.wid > width && self.f.minus {
            self.write_padding(self.f.wid - width);
        }
    }

    /// `%q` of a string or bytes: a Go string literal; `#` prefers a raw string, `+` escapes non-ASCII.
    pub fn fmt_q(&mut self, b: &[u8]) {
        let b = if self.f.prec_present {
            match std::str::from_utf8(b) {
                Ok(s) => self.truncate(s).as_bytes(),
                Err(_) => truncate_bytes(b, self.f.prec),
            }
        } else {
            b
        };
        let mut s = String::with_capacity(b.len() + 2);
        if self.f.sharp && can_backquote(b) {
            s.push('`');
            s.push_str(&String::from_utf8_lossy(b));
            s.push('`');
        } else {
            append_quote(&mut s, b, b'"', self.f.plus);
        }
        self.pad(&s);
    }

    /// `%c`: the rune; invalid code points print U+FFFD.
    pub fn fmt_c(&mut self, c: u64) {
        let ch = u32::try_from(c)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('\u{FFFD}');
        let mut buf = [0u8; 4];
        let s: &str = ch.encode_utf8(&mut buf);
        self.pad(s);
    }

    /// `%q` of an integer: a Go rune literal.
    pub fn fmt_qc(&mut self, c: u64) {
        let r = u32::try_from(c).unwrap_or(0xFFFD);
        let mut s = String::with_capacity(8);
        append_quote_rune(&mut s, r, self.f.plus);
        self.pad(&s);
    }

    /// A float in `verb` (`e E f g G b x X`) with default precision `prec` (`-1`: shortest); handles sign flags,
    /// `#` (keep the decimal point and trailing zeros), zero padding and the unpadded forms of Inf and NaN.
    pub fn fmt_float(&mut self, v: f64, size: u32, verb: char, prec: i32) {
        let prec = if self.f.prec_present {
            i32::try_from(self.f.prec).unwrap_or(i32::MAX)
        } else {
            prec
        };
        // Shortest `%g` of a small integral value is its integer form (JSON numbers usually are).
        if verb == 'g'
            && prec == -1
            && !(self.f.plus || self.f.space || self.f.sharp || self.f.zero)
            && v.fract() == 0.0
            && v.abs() < 1e6
            && !(v == 0.0 && v.is_sign_negative())
        {
            let mut buf = [0u8; 8];
            // Integral and below 1e6 in magnitude: the conversion is exact.
            #[allow(clippy::cast_possible_truncation)]
            let s = small_int_text(v as i32, &mut buf);
            self.pad(s);
            return;
        }
        let mut text = String::with_capacity(24);
        append_float(&mut text, v, verb, prec, size);
        // num holds a sign followed by the unsigned number.
        let mut num: Vec<u8> = Vec::with_capacity(text.len() + 8);
        if text.starts_with('-') || text.starts_with('+') {
            num.extend_from_slice(text.as_bytes());
        } else {
            num.push(b'+');
            num.extend_from_slice(text.as_bytes());
        }
        if self.f.space && num[0] == b'+' && !self.f.plus {
            num[0] = b' ';
        }
        if num.get(1) == Some(&b'I') || num.get(1) == Some(&b'N') {
            let start = usize::from(num[1] == b'N' && !self.f.space && !self.f.plus);
            let s = String::from_utf8_lossy(&num[start..]).into_owned();
            self.pad_no_zero(&s);
            return;
        }
        if self.f.sharp && verb != 'b' {
            let mut digits: i32 = match verb {
                'v' | 'g' | 'G' | 'x' => {
                    if prec == -1 {
                        6
                    } else {
                        prec
                    }
                }
                _ => 0,
            };
            let mut tail: Vec<u8> = Vec::new();
            let mut has_point = false;
            let mut saw_nonzero = false;
            let mut i = 1;
            while i < num.len() {
                match num[i] {
                    b'.' => has_point = true,
                    b'p' | b'P' => {
                        tail.extend_from_slice(&num[i..]);
                        num.truncate(i);
                        break;
                    }
                    b'e' | b'E' if verb != 'x' && verb != 'X' => {
                        tail.extend_from_slice(&num[i..]);
                        num.truncate(i);
                        break;
                    }
                    c => {
                        if c != b'0' {
                            saw_nonzero = true;
                        }
                        if saw_nonzero {
                            digits -= 1;
                        }
                    }
                }
                i += 1;
            }
            if !has_point {
                if num.len() == 2 && num[1] == b'0' {
                    digits -= 1;
                }
                num.push(b'.');
            }
            while digits > 0 {
                num.push(b'0');
                digits -= 1;
            }
            num.extend_from_slice(&tail);
        }
        let s = String::from_utf8_lossy(&num).into_owned();
        if self.f.plus || num[0] != b'+' {
            if self.f.zero && !self.f.minus && self.f.wid_present && self.f.wid > num.len() {
                self.out.push(char::from(num[0]));
                self.write_padding(self.f.wid - num.len());
                self.out.push_str(&s[1..]);
                return;
            }
            self.pad(&s);
            return;
        }
        self.pad(&s[1..]);
    }
}

/// The decimal text of `i` (|i| < 10^6) written into `buf`.
fn small_int_text(i: i32, buf: &mut [u8; 8]) -> &str {
    let mut n = i.unsigned_abs();
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    std::str::from_utf8(&buf[at..]).unwrap_or("")
}

/// The first `n` runes of possibly invalid UTF-8 (each invalid byte counts as one rune).
fn truncate_bytes(b: &[u8], n: usize) -> &[u8] {
    let mut i = 0;
    let mut left = n;
    while i < b.len() {
        if left == 0 {
            return &b[..i];
        }
        left -= 1;
        let width = match b[i] {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => 1,
        };
        let end = (i + width).min(b.len());
        i = if std::str::from_utf8(&b[i..end]).is_ok() {
            end
        } else {
            i + 1
        };
    }
    b
}
