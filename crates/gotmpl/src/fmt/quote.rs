//! Go's `strconv` quoting: `Quote`, `QuoteToASCII`, `QuoteRune`, `QuoteRuneToASCII`, `CanBackquote` and
//! `IsPrint`, as `%q` uses them.

use unicode_general_category::{get_general_category, GeneralCategory as Gc};

const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
pub fn is_print(c: char) -> bool {
    let r = c as u32;
    if r <= 0xFF {
        return (0x20..=0x7E).contains(&r) || ((0xA1..=0xFF).contains(&r) && r != 0xAD);
    }
    !matches!(
        get_general_category(c),
        Gc::Control
            | Gc::Format
            | Gc::PrivateUse
            | Gc::Surrogate
            | Gc::Unassigned
            | Gc::SpaceSeparator
            | Gc::LineSeparator
            | Gc::ParagraphSeparator
    )
}

/// Go's `strconv.Quote`: a double-quoted Go string literal for `s`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    append_quote(&mut out, s.as_bytes(), b'"', false);
    out
}

/// Go's `strconv.QuoteToASCII`: like [`quote`], escaping every non-ASCII character.
pub fn quote_to_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    append_quote(&mut out, s.as_bytes(), b'"', true);
    out
}

/// Go's `strconv.QuoteRune` (`ascii_only`: `QuoteRuneToASCII`) for a code point; values that are not valid
/// Unicode scalar values quote as U+FFFD.
pub(crate) fn append_quote_rune(out: &mut String, r: u32, ascii_only: bool) {
    let c = char::from_u32(r).unwrap_or('\u{FFFD}');
    out.push('\'');
    append_escaped(out, c, b'\'', ascii_only);
    out.push('\'');
}

/// Appends the bytes `b` quoted with `quote` (`"` or `'`); invalid UTF-8 bytes are written as `\xNN`.
pub(crate) fn append_quote(out: &mut String, mut b: &[u8], quote: u8, ascii_only: bool) {
    out.push(char::from(quote));
    while !b.is_empty() {
        match std::str::from_utf8(b) {
            Ok(s) => {
                append_escaped_str(out, s, quote, ascii_only);
                break;
            }
            Err(e) => {
                let (valid, rest) = b.split_at(e.valid_up_to());
                // `valid` is valid UTF-8 by construction.
                append_escaped_str(out, &String::from_utf8_lossy(valid), quote, ascii_only);
                // Go decodes one invalid byte at a time.
                if let Some((&bad, tail)) = rest.split_first() {
                    out.push_str("\\x");
                    out.push(char::from(LOWER_HEX[usize::from(bad >> 4)]));
                    out.push(char::from(LOWER_HEX[usize::from(bad & 0xF)]));
                    b = tail;
                } else {
                    break;
                }
            }
        }
    }
    out.push(char::from(quote));
}

/// Appends `s` escaped for a literal quoted with `quote`; runs of printable ASCII are copied as they are.
fn append_escaped_str(out: &mut String, s: &str, quote: u8, ascii_only: bool) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len()
            && (0x20..0x7F).contains(&bytes[i])
            && bytes[i] != quote
            && bytes[i] != b'\\'
        {
            i += 1;
        }
        out.push_str(&s[start..i]);
        if let Some(c) = s[i..].chars().next() {
            append_escaped(out, c, quote, ascii_only);
            i += c.len_utf8();
        }
    }
}

fn append_escaped(out: &mut String, c: char, quote: u8, ascii_only: bool) {
    if c == char::from(quote) || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    let printable = if ascii_only {
        c.is_ascii() && is_print(c)
    } else {
        is_print(c)
    };
    if printable {
        out.push(c);
        return;
    }
    let r = c as u32;
    match c {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0C' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0B' => out.push_str("\\v"),
        _ if r < 0x20 || r == 0x7F => push_hex(out, "\\x", r, 2),
        _ if r < 0x10000 => push_hex(out, "\\u", r, 4),
        _ => push_hex(out, "\\U", r, 8),
    }
}

fn push_hex(out: &mut String, prefix: &str, r: u32, digits: u32) {
    out.push_str(prefix);
    for i in (0..digits).rev() {
        out.push(char::from(LOWER_HEX[((r >> (4 * i)) & 0xF) as usize]));
    }
}

/// Go's `strconv.CanBackquote` over bytes: a single-line raw string literal can hold them unchanged.
pub(crate) fn can_backquote(b: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(b) else {
        return false;
    };
    s.chars().all(|c| {
        if c.len_utf8() > 1 {
            return c != '\u{FEFF}';
        }
        !((c < ' ' && c != '\t') || c == '`' || c == '\x7F')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_strconv() {
        assert_eq!(quote("a\"b\n"), r#""a\"b\n""#);
        assert_eq!(quote("héllo"), "\"héllo\"");
        assert_eq!(quote_to_ascii("héllo"), r#""h\u00e9llo""#);
        assert_eq!(
            quote("\x01\x7f\u{a0}\u{10ffff}😀"),
            r#""\x01\x7f\u00a0\U0010ffff😀""#
        );
        assert_eq!(quote("\u{0378}"), r#""\u0378""#);
        let mut s = String::new();
        append_quote(&mut s, b"a\xffb", b'"', false);
        assert_eq!(s, r#""a\xffb""#);
    }

    #[test]
    fn quotes_runes() {
        let mut s = String::new();
        append_quote_rune(&mut s, 7, false);
        append_quote_rune(&mut s, u32::from('\''), false);
        append_quote_rune(&mut s, 0x11_0000, false);
        assert_eq!(s, r"'\a''\''".to_string() + "'\u{FFFD}'");
    }

    #[test]
    fn backquote_rules() {
        assert!(can_backquote("héllo\tx".as_bytes()));
        assert!(!can_backquote(b"a\nb"));
        assert!(!can_backquote(b"a`b"));
        assert!(!can_backquote(b"\xff"));
    }
}
