//! Go's `encoding/json` decoding as Sprig's JSON functions use it: `json.Unmarshal` into `interface {}` with Go's
//! error texts. Encoding is [`crate::json`]'s.

use std::collections::BTreeMap;
use std::sync::Arc;

pub(crate) use crate::json::{encode, EncodeOptions};
use crate::value::{Key, Value};

/// Decodes `text` as `json.Unmarshal` into an `interface {}` does. Syntax errors give no value; a number too
/// large for float64 becomes nil and is reported, as Go keeps decoding after it.
pub(crate) fn decode<'a>(text: &str) -> (Value<'a>, Option<String>) {
    let mut p = Parser {
        b: text.as_bytes(),
        i: 0,
        depth: 0,
        late_error: None,
    };
    let result = p.top();
    match result {
        Ok(v) => {
            let err = p.late_error.take();
            (v, err)
        }
        Err(e) => (Value::Nil, Some(e)),
    }
}

struct Parser<'t> {
    b: &'t [u8],
    i: usize,
    depth: usize,
    late_error: Option<String>,
}

/// Go's `quoteChar` for a byte in an error message (non-ASCII bytes are shown as Latin-1 characters).
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_owned(),
        b'"' => "'\"'".to_owned(),
        _ => {
            let q = crate::fmt::quote(&char::from(c).to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

const EOF: &str = "unexpected end of JSON input";

/// How deeply nested arrays and objects may be. Go allows 10000 levels; values that deep would overflow the
/// stack of the recursive code that prints, compares and drops them here, so decoding stops earlier with Go's
/// `exceeded max depth` error.
const MAX_DECODE_DEPTH: usize = 1000;

impl<'a> Parser<'_> {
    fn invalid(&self, context: &str) -> String {
        match self.b.get(self.i) {
            Some(&c) => format!("invalid character {} {context}", quote_char(c)),
            None => EOF.to_owned(),
        }
    }

    /// Like [`Parser::invalid`], but at the end of input Go's scanner reports the space it feeds in at EOF.
    fn invalid_or_space(&self, context: &str) -> String {
        match self.b.get(self.i) {
            Some(&c) => format!("invalid character {} {context}", quote_char(c)),
            None => format!("invalid character ' ' {context}"),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn top(&mut self) -> Result<Value<'a>, String> {
        self.skip_ws();
        let v = self.value()?;
        self.skip_ws();
        if self.i < self.b.len() {
            return Err(self.invalid("after top-level value"));
        }
        Ok(v)
    }

    fn value(&mut self) -> Result<Value<'a>, String> {
        match self.b.get(self.i) {
            None => Err(EOF.to_owned()),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Ok(Value::string(self.string()?)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Nil),
            Some(_) => Err(self.invalid("looking for beginning of value")),
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DECODE_DEPTH {
            return Err("exceeded max depth".to_owned());
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Value<'a>, String> {
        self.enter()?;
        self.i += 1;
        let mut entries = BTreeMap::new();
        self.skip_ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Value::map(entries));
        }
        loop {
            if self.b.get(self.i) != Some(&b'"') {
                return Err(self.invalid("looking for beginning of object key string"));
            }
            let k = self.string()?;
            self.skip_ws();
            if self.b.get(self.i) != Some(&b':') {
                return Err(self.invalid("after object key"));
            }
            self.i += 1;
            self.skip_ws();
            let v = self.value()?;
            entries.insert(Key::String(Arc::from(k)), v);
            self.skip_ws();
            match self.b.get(self.i) {
                Some(b',') => {
                    self.i += 1;
                    self.skip_ws();
                }
                Some(b'}') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(Value::map(entries));
                }
                _ => return Err(self.invalid("after object key:value pair")),
            }
        }
    }

    fn array(&mut self) -> Result<Value<'a>, String> {
        self.enter()?;
        self.i += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Value::list(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_ws();
            match self.b.get(self.i) {
                Some(b',') => {
                    self.i += 1;
                    self.skip_ws();
                }
                Some(b']') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(Value::list(items));
                }
                _ => return Err(self.invalid("after array element")),
            }
        }
    }

    fn literal(&mut self, word: &str, v: Value<'a>) -> Result<Value<'a>, String> {
        for expected in word.bytes() {
            match self.b.get(self.i) {
                Some(&c) if c == expected => self.i += 1,
                _ => {
                    return Err(self.invalid_or_space(&format!(
                        "in literal {word} (expecting '{}')",
                        char::from(expected)
                    )))
                }
            }
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Value<'a>, String> {
        let start = self.i;
        if self.b[self.i] == b'-' {
            self.i += 1;
            if !self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
                return Err(self.invalid_or_space("in numeric literal"));
            }
        }
        if self.b.get(self.i) == Some(&b'0') {
            self.i += 1;
        } else {
            self.digits();
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.invalid_or_space("after decimal point in numeric literal"));
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.invalid_or_space("in exponent of numeric literal"));
            }
        }
        let text = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("0");
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::float(f)),
            _ => {
                if self.late_error.is_none() {
                    self.late_error = Some(format!(
                        "json: cannot unmarshal number {text} into Go value of type float64"
                    ));
                }
                Ok(Value::Nil)
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut n = 0;
        for _ in 0..4 {
            match self.b.get(self.i).and_then(|c| char::from(*c).to_digit(16)) {
                Some(d) => {
                    n = n * 16 + d;
                    self.i += 1;
                }
                None => return Err(self.invalid_or_space("in \\u hexadecimal character escape")),
            }
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&c) = self.b.get(self.i) else {
                return Err(EOF.to_owned());
            };
            match c {
                b'"' => {
                    self.i += 1;
                    return Ok(String::from_utf8(out)
                        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()));
                }
                b'\\' => {
                    self.i += 1;
                    let Some(&e) = self.b.get(self.i) else {
                        return Err(self.invalid_or_space("in string escape code"));
                    };
                    let simple = match e {
                        b'"' => Some(b'"'),
                        b'\\' => Some(b'\\'),
                        b'/' => Some(b'/'),
                        b'b' => Some(8),
                        b'f' => Some(12),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'u' => None,
                        _ => return Err(self.invalid("in string escape code")),
                    };
                    self.i += 1;
                    if let Some(s) = simple {
                        out.push(s);
                        continue;
                    }
                    let mut r = self.hex4()?;
                    if (0xD800..0xDC00).contains(&r)
                        && self.b.get(self.i) == Some(&b'\\')
                        && self.b.get(self.i + 1) == Some(&b'u')
                    {
                        let save = self.i;
                        self.i += 2;
                        let lo = self.hex4()?;
                        if (0xDC00..0xE000).contains(&lo) {
                            r = 0x10000 + ((r - 0xD800) << 10) + (lo - 0xDC00);
                        } else {
                            self.i = save;
                        }
                    }
                    let ch = char::from_u32(r).unwrap_or('\u{FFFD}');
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                c if c < 0x20 => return Err(self.invalid("in string literal")),
                _ => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::format_json_float;

    fn enc(v: &Value<'_>) -> String {
        encode(
            v,
            EncodeOptions {
                escape_html: true,
                pretty: false,
                host_marshal_only: false,
            },
        )
        .unwrap_or_else(|e| e)
    }

    fn err(text: &str) -> String {
        decode(text).1.unwrap_or_default()
    }

    #[test]
    fn floats_like_go() {
        assert_eq!(format_json_float(1e21, false), "1e+21");
        assert_eq!(format_json_float(1e-7, false), "1e-7");
        assert_eq!(format_json_float(0.000001, false), "0.000001");
        assert_eq!(format_json_float(100000000.0, false), "100000000");
        assert_eq!(
            format_json_float(123456789012345678901234.0, false),
            "1.2345678901234569e+23"
        );
        assert_eq!(format_json_float(2.0, false), "2");
        assert_eq!(format_json_float(0.0, false), "0");
    }

    #[test]
    fn strings_like_go() {
        assert_eq!(enc(&Value::str("a<b>&")), "\"a\\u003cb\\u003e\\u0026\"");
        assert_eq!(
            enc(&Value::str("\u{8}\u{c}\u{7f}\u{1}\u{2028}")),
            "\"\\b\\f\u{7f}\\u0001\\u2028\""
        );
        assert_eq!(enc(&Value::float(f64::NAN)), "json: unsupported value: NaN");
    }

    #[test]
    fn syntax_errors_like_go() {
        assert_eq!(
            err("bad"),
            "invalid character 'b' looking for beginning of value"
        );
        assert_eq!(
            err("[1,]"),
            "invalid character ']' looking for beginning of value"
        );
        assert_eq!(err("{\"a\" 1}"), "invalid character '1' after object key");
        assert_eq!(
            err("{\"a\":1 x"),
            "invalid character 'x' after object key:value pair"
        );
        assert_eq!(
            err("{,}"),
            "invalid character ',' looking for beginning of object key string"
        );
        assert_eq!(err("[1 2]"), "invalid character '2' after array element");
        assert_eq!(err("-x"), "invalid character 'x' in numeric literal");
        assert_eq!(
            err("1.x"),
            "invalid character 'x' after decimal point in numeric literal"
        );
        assert_eq!(
            err("1ex"),
            "invalid character 'x' in exponent of numeric literal"
        );
        assert_eq!(
            err("trux"),
            "invalid character 'x' in literal true (expecting 'e')"
        );
        assert_eq!(
            err("\"\\x\""),
            "invalid character 'x' in string escape code"
        );
        assert_eq!(
            err("\"\\u12x4\""),
            "invalid character 'x' in \\u hexadecimal character escape"
        );
        assert_eq!(
            err("é"),
            "invalid character 'Ã' looking for beginning of value"
        );
        assert_eq!(err("01"), "invalid character '1' after top-level value");
        assert_eq!(
            err("'"),
            "invalid character '\\'' looking for beginning of value"
        );
        assert_eq!(
            err("\"\u{1}\""),
            "invalid character '\\x01' in string literal"
        );
        assert_eq!(err("  "), "unexpected end of JSON input");
        assert_eq!(err("[1,2"), "unexpected end of JSON input");
        assert_eq!(err("\"abc"), "unexpected end of JSON input");
        assert_eq!(
            err("nul"),
            "invalid character ' ' in literal null (expecting 'l')"
        );
        assert_eq!(
            err("[tr"),
            "invalid character ' ' in literal true (expecting 'u')"
        );
        assert_eq!(err("{\"a\":-"), "invalid character ' ' in numeric literal");
        assert_eq!(
            err("1."),
            "invalid character ' ' after decimal point in numeric literal"
        );
        assert_eq!(
            err("1e+"),
            "invalid character ' ' in exponent of numeric literal"
        );
        assert_eq!(err("\"\\"), "invalid character ' ' in string escape code");
        assert_eq!(
            err("\"\\u12"),
            "invalid character ' ' in \\u hexadecimal character escape"
        );
        assert_eq!(
            err("[1e400, 2]"),
            "json: cannot unmarshal number 1e400 into Go value of type float64"
        );
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let (v, e) = decode(&deep(1000));
        assert!(e.is_none());
        assert!(encode(
            &v,
            EncodeOptions {
                escape_html: true,
                pretty: true,
                host_marshal_only: false,
            }
        )
        .is_ok());
        assert_eq!(decode(&deep(1001)).1.as_deref(), Some("exceeded max depth"));
        assert_eq!(
            decode(&deep(100_000)).1.as_deref(),
            Some("exceeded max depth")
        );
    }

    #[test]
    fn decodes_values() {
        let (v, e) = decode(r#"{"z":1,"a":{"c":[1,2.5,"x",null,true]},"s":"\ud83d\ude00\ud800"}"#);
        assert!(e.is_none());
        assert_eq!(
            enc(&v),
            r#"{"a":{"c":[1,2.5,"x",null,true]},"s":"😀�","z":1}"#
        );
    }
}
