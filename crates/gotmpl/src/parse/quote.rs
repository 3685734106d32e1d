//! Go string literal syntax as the parser needs it: `strconv.Quote`, `strconv.Unquote`, `strconv.UnquoteChar`
//! and `unicode.IsPrint`.

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
pub(crate) fn is_print(r: char) -> bool {
    if r == ' ' {
        return true;
    }
    if r.is_control() || r.is_whitespace() {
        return false;
    }
    let c = r as u32;
    !matches!(c,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFFB | 0xFFFE | 0xFFFF | 0xE000..=0xF8FF
        | 0xF0000..=0x10FFFF | 0xE0000..=0xE0FFF | 0x0378 | 0x0379 | 0x0380..=0x0383 | 0x038B | 0x038D
        | 0x03A2 | 0x1D173..=0x1D17A | 0x110BD | 0x110CD | 0x13430..=0x1343F)
}

/// Appends `r` escaped the way `strconv.Quote` does inside a literal delimited by `quote`.
pub(crate) fn push_escaped(out: &mut String, r: char, quote: char) {
    use std::fmt::Write;
    if r == quote || r == '\\' {
        out.push('\\');
        out.push(r);
        return;
    }
    if is_print(r) {
        out.push(r);
        return;
    }
    match r {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        _ => {
            let c = r as u32;
            let _ = if c < 0x20 || c == 0x7f {
                write!(out, "\\x{c:02x}")
            } else if c < 0x10000 {
                write!(out, "\\u{c:04x}")
            } else {
                write!(out, "\\U{c:08x}")
            };
        }
    }
}

/// Go's `strconv.Quote`.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for r in s.chars() {
        push_escaped(&mut out, r, '"');
    }
    out.push('"');
    out
}

/// Go's `strconv.UnquoteChar`: decodes the first character or escape of `s` inside a literal delimited by
/// `quote`, returning it and the rest of `s`. `None` is Go's `ErrSyntax`.
pub(crate) fn unquote_char(s: &str, quote: char) -> Option<(char, &str)> {
    let mut chars = s.chars();
    let c = chars.next()?;
    if c == quote && (quote == '\'' || quote == '"') {
        return None;
    }
    if c != '\\' {
        return Some((c, chars.as_str()));
    }
    let e = chars.next()?;
    let rest = chars.as_str();
    let simple = match e {
        'a' => Some('\x07'),
        'b' => Some('\x08'),
        'f' => Some('\x0c'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\x0b'),
        '\\' => Some('\\'),
        '\'' | '"' => {
            if e != quote {
                return None;
            }
            Some(e)
        }
        _ => None,
    };
    if let Some(c) = simple {
        return Some((c, rest));
    }
    match e {
        'x' | 'u' | 'U' => {
            let n = match e {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let hex = rest.get(..n)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let v = u32::from_str_radix(hex, 16).ok()?;
            // `\xNN` above 0x7f is a raw byte in Go; it cannot live in a Rust string, so it is mapped to the
            // character with that code point.
            let c = char::from_u32(v)?;
            Some((c, &rest[n..]))
        }
        '0'..='7' => {
            let digits = s.get(1..4)?;
            if !digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                return None;
            }
            let v = u32::from_str_radix(digits, 8).ok()?;
            if v > 255 {
                return None;
            }
            Some((char::from_u32(v)?, &s[4..]))
        }
        _ => None,
    }
}

/// Go's `strconv.Unquote` for `"..."`, `` `...` `` and `'.'` literals; `None` is `invalid syntax`.
pub(crate) fn unquote(s: &str) -> Option<String> {
    let quote = s.chars().next()?;
    if !matches!(quote, '`' | '"' | '\'') || s.len() < 2 || !s.ends_with(quote) {
        return None;
    }
    let body = &s[1..s.len() - 1];
    match quote {
        '`' => {
            if body.contains('`') {
                return None;
            }
            Some(body.replace('\r', ""))
        }
        '"' | '\'' => {
            if body.contains('\n') {
                return None;
            }
            let mut out = String::with_capacity(body.len());
            let mut rest = body;
            while !rest.is_empty() {
                let (c, tail) = unquote_char(rest, quote)?;
                out.push(c);
                rest = tail;
                if quote == '\'' && !rest.is_empty() {
                    return None;
                }
            }
            if quote == '\'' && out.is_empty() {
                return None;
            }
            Some(out)
        }
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        assert_eq!(quote("a\"b\\\n\t\u{1}é"), "\"a\\\"b\\\\\\n\\t\\x01é\"");
        assert_eq!(quote("\u{feff}"), "\"\\ufeff\"");
    }

    #[test]
    fn unquotes_like_go() {
        assert_eq!(unquote("\"a\\x41\\u00e9\\101\"").as_deref(), Some("aAéA"));
        assert_eq!(unquote("`a\\n`").as_deref(), Some("a\\n"));
        assert_eq!(unquote("'x'").as_deref(), Some("x"));
        assert_eq!(unquote("\"\\'\""), None);
        assert_eq!(unquote("'ab'"), None);
    }
}
