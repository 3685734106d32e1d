//! Sprig's string functions (`strings.go` and the string entries of `functions.go`): trimming, case changes
//! (Go `strings`, Masterminds/goutils, huandu/xstrings v1.5), quoting, indenting, splitting and joining, plus the
//! hash functions Sprig lists with them (`sha1sum`, `sha256sum`, `sha512sum`, `adler32sum`).

use std::collections::BTreeMap;
use std::sync::Arc;

use sha1::Digest;

use super::cast::{self, str_slice, strval};
use super::util::{
    self, arg, def, go_slice, int_arg, is_space, str_arg, string, to_lower, to_title, to_upper,
};
use crate::func::{FuncError, FuncMap, Signature};
use crate::value::{GoType, Key, Map, TypeRef, Value};

fn s() -> TypeRef {
    GoType::string()
}

fn i() -> TypeRef {
    GoType::int()
}

fn sig(params: Vec<TypeRef>) -> Signature {
    Signature::new(params, GoType::string())
}

fn str_fn(map: &mut FuncMap, name: &str, f: fn(&str) -> String) {
    def(map, name, sig(vec![s()]), move |a| {
        Ok(string(f(str_arg(a, 0)?)))
    });
}

/// Installs the string functions.
pub(crate) fn register(map: &mut FuncMap) {
    def(map, "hello", sig(vec![]), |_| Ok(Value::str("Hello!")));
    def(map, "abbrev", sig(vec![i(), s()]), |a| {
        Ok(string(abbrev(int_arg(a, 0)?, str_arg(a, 1)?)))
    });
    def(map, "abbrevboth", sig(vec![i(), i(), s()]), |a| {
        Ok(string(abbrevboth(
            int_arg(a, 0)?,
            int_arg(a, 1)?,
            str_arg(a, 2)?,
        )))
    });
    def(map, "trunc", sig(vec![i(), s()]), |a| {
        Ok(string(trunc(int_arg(a, 0)?, str_arg(a, 1)?)))
    });
    str_fn(map, "trim", |x| x.trim_matches(is_space).to_owned());
    str_fn(map, "upper", |x| x.chars().map(to_upper).collect());
    str_fn(map, "lower", |x| x.chars().map(to_lower).collect());
    str_fn(map, "title", title);
    str_fn(map, "untitle", untitle);
    def(map, "substr", sig(vec![i(), i(), s()]), |a| {
        Ok(string(substr(
            int_arg(a, 0)?,
            int_arg(a, 1)?,
            str_arg(a, 2)?,
        )?))
    });
    def(map, "repeat", sig(vec![i(), s()]), |a| {
        Ok(string(repeat(str_arg(a, 1)?, int_arg(a, 0)?)?))
    });
    for name in ["trimall", "trimAll"] {
        def(map, name, sig(vec![s(), s()]), |a| {
            let cutset = str_arg(a, 0)?;
            Ok(string(str_arg(a, 1)?.trim_matches(|c| cutset.contains(c))))
        });
    }
    def(map, "trimSuffix", sig(vec![s(), s()]), |a| {
        let (suffix, x) = (str_arg(a, 0)?, str_arg(a, 1)?);
        Ok(string(x.strip_suffix(suffix).unwrap_or(x)))
    });
    def(map, "trimPrefix", sig(vec![s(), s()]), |a| {
        let (prefix, x) = (str_arg(a, 0)?, str_arg(a, 1)?);
        Ok(string(x.strip_prefix(prefix).unwrap_or(x)))
    });
    str_fn(map, "nospace", nospace);
    str_fn(map, "initials", initials);
    str_fn(map, "swapcase", swapcase);
    str_fn(map, "snakecase", |x| lower_case_words(x, '_'));
    str_fn(map, "kebabcase", |x| lower_case_words(x, '-'));
    str_fn(map, "camelcase", pascal_case);
    def(map, "wrap", sig(vec![i(), s()]), |a| {
        Ok(string(wrap(str_arg(a, 1)?, int_arg(a, 0)?, "", false)))
    });
    def(map, "wrapWith", sig(vec![i(), s(), s()]), |a| {
        Ok(string(wrap(
            str_arg(a, 2)?,
            int_arg(a, 0)?,
            str_arg(a, 1)?,
            true,
        )))
    });
    let pred = || Signature::new(vec![s(), s()], GoType::bool());
    def(map, "contains", pred(), |a| {
        Ok(Value::Bool(str_arg(a, 1)?.contains(str_arg(a, 0)?)))
    });
    def(map, "hasPrefix", pred(), |a| {
        Ok(Value::Bool(str_arg(a, 1)?.starts_with(str_arg(a, 0)?)))
    });
    def(map, "hasSuffix", pred(), |a| {
        Ok(Value::Bool(str_arg(a, 1)?.ends_with(str_arg(a, 0)?)))
    });
    let variadic = || sig(vec![]).variadic(GoType::interface());
    def(map, "quote", variadic(), |a| {
        Ok(join_non_nil(a, |out, v| {
            crate::fmt::append_quote(out, strval(v).as_bytes(), b'"', false)
        }))
    });
    def(map, "squote", variadic(), |a| {
        Ok(join_non_nil(a, |out, v| {
            out.push('\'');
            crate::fmt::write_sprint(out, std::slice::from_ref(v));
            out.push('\'');
        }))
    });
    def(map, "cat", variadic(), |a| {
        Ok(join_non_nil(a, |out, v| {
            crate::fmt::write_sprint(out, std::slice::from_ref(v))
        }))
    });
    def(map, "indent", sig(vec![i(), s()]), |a| {
        Ok(string(indent(int_arg(a, 0)?, str_arg(a, 1)?, "")?))
    });
    def(map, "nindent", sig(vec![i(), s()]), |a| {
        Ok(string(indent(int_arg(a, 0)?, str_arg(a, 1)?, "\n")?))
    });
    def(map, "replace", sig(vec![s(), s(), s()]), |a| {
        Ok(string(
            str_arg(a, 2)?.replace(str_arg(a, 0)?, str_arg(a, 1)?),
        ))
    });
    def(map, "plural", sig(vec![s(), s(), i()]), |a| {
        let pick = if int_arg(a, 2)? == 1 { 0 } else { 1 };
        Ok(arg(a, pick)?.clone())
    });
    str_fn(map, "sha1sum", |x| hex::encode(sha1::Sha1::digest(x)));
    str_fn(map, "sha256sum", |x| hex::encode(sha2::Sha256::digest(x)));
    str_fn(map, "sha512sum", |x| hex::encode(sha2::Sha512::digest(x)));
    str_fn(map, "adler32sum", |x| adler32(x.as_bytes()).to_string());
    def(
        map,
        "toString",
        Signature::new(vec![GoType::interface()], s()),
        |a| {
            let v = arg(a, 0)?;
            Ok(match v {
                Value::String(_) => v.clone(),
                _ => string(strval(v)),
            })
        },
    );
    def(
        map,
        "split",
        Signature::new(vec![s(), s()], GoType::map_string_string()),
        |a| Ok(indexed_parts(go_split(str_arg(a, 1)?, str_arg(a, 0)?, -1))),
    );
    def(
        map,
        "splitn",
        Signature::new(vec![s(), i(), s()], GoType::map_string_string()),
        |a| {
            Ok(indexed_parts(go_split(
                str_arg(a, 2)?,
                str_arg(a, 0)?,
                int_arg(a, 1)?,
            )))
        },
    );
    def(
        map,
        "splitList",
        Signature::new(vec![s(), s()], GoType::slice_of_string()),
        |a| {
            let parts = go_split(str_arg(a, 1)?, str_arg(a, 0)?, -1);
            Ok(cast::string_list(
                parts.into_iter().map(str::to_owned).collect(),
            ))
        },
    );
    def(
        map,
        "toStrings",
        Signature::new(vec![GoType::interface()], GoType::slice_of_string()),
        |a| {
            let v = arg(a, 0)?;
            if let Value::List(l) = v {
                if **l.go_type() == *GoType::slice_of_string() {
                    return Ok(v.clone());
                }
            }
            Ok(cast::string_list(str_slice(v)))
        },
    );
    def(map, "join", sig(vec![s(), GoType::interface()]), |a| {
        Ok(string(str_slice(arg(a, 1)?).join(str_arg(a, 0)?)))
    });
    def(
        map,
        "sortAlpha",
        Signature::new(vec![GoType::interface()], GoType::slice_of_string()),
        |a| {
            let v = arg(a, 0)?;
            let mut items = match v.indirect() {
                Value::List(_) => str_slice(v),
                _ => vec![strval(v).into_owned()],
            };
            items.sort_unstable();
            Ok(cast::string_list(items))
        },
    );
}

/// Writes the non-nil arguments with `f`, separated by spaces (`quote`, `squote`, `cat`).
fn join_non_nil<'a>(args: &[Value<'_>], f: impl Fn(&mut String, &Value<'_>)) -> Value<'a> {
    crate::fmt::string_value(|out| {
        for (i, v) in args.iter().filter(|v| !matches!(v, Value::Nil)).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            f(out, v);
        }
    })
}

/// Sprig's `trunc`: the first `c` bytes, or the last `-c` bytes for negative `c`.
fn trunc(c: i64, s: &str) -> String {
    let len = s.len() as i64;
    if c < 0 && len + c > 0 {
        return util::byte_slice(s, (len + c) as usize, s.len());
    }
    if c >= 0 && len > c {
        return util::byte_slice(s, 0, c as usize);
    }
    s.to_owned()
}

/// Sprig's `substring`, including Go's slice panics for bad bounds.
fn substr(start: i64, end: i64, s: &str) -> Result<String, FuncError> {
    if start < 0 {
        return go_slice(s, None, Some(end));
    }
    if end < 0 || end > s.len() as i64 {
        return go_slice(s, Some(start), None);
    }
    go_slice(s, Some(start), Some(end))
}

/// The largest string `repeat`/`indent` will build; Go would try to allocate it, Rust refuses.
const MAX_REPEAT_BYTES: u64 = 1 << 30;

/// Go's `strings.Repeat`.
fn repeat(s: &str, count: i64) -> Result<String, FuncError> {
    if count < 0 {
        return Err(FuncError::new("strings: negative Repeat count"));
    }
    if (s.len() as u64).saturating_mul(count as u64) > MAX_REPEAT_BYTES {
        return Err(FuncError::new("strings: Repeat output length overflow"));
    }
    Ok(s.repeat(count as usize))
}

/// Sprig's `indent` (after `prefix`, which `nindent` sets to a newline): pads the first line and every line after
/// a newline.
fn indent(spaces: i64, v: &str, prefix: &str) -> Result<String, FuncError> {
    if spaces < 0 {
        return Err(FuncError::new("strings: negative Repeat count"));
    }
    let pad = spaces as usize;
    if (pad as u64).saturating_mul(v.len() as u64 + 1) > MAX_REPEAT_BYTES {
        return Err(FuncError::new("strings: Repeat output length overflow"));
    }
    let lines = v.bytes().filter(|&b| b == b'\n').count() + 1;
    let mut out = String::with_capacity(prefix.len() + v.len() + pad * lines);
    out.push_str(prefix);
    let push_pad = |out: &mut String| out.extend(std::iter::repeat_n(' ', pad));
    push_pad(&mut out);
    for (n, line) in v.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
            push_pad(&mut out);
        }
        out.push_str(line);
    }
    Ok(out)
}

/// goutils `AbbreviateFull` (byte offsets), as Sprig's `abbrev`/`abbrevboth` use it: bad widths give `""`.
fn abbreviate_full(s: &str, offset: i64, max_width: i64) -> String {
    let len = s.len() as i64;
    if s.is_empty() || max_width < 4 {
        return String::new();
    }
    if len <= max_width {
        return s.to_owned();
    }
    let mut offset = offset.min(len);
    if len - offset < max_width - 3 {
        offset = len - (max_width - 3);
    }
    if offset <= 4 {
        return format!("{}...", util::byte_slice(s, 0, (max_width - 3) as usize));
    }
    if max_width < 7 {
        return String::new();
    }
    if offset + max_width - 3 < len {
        let rest = util::byte_slice(s, offset as usize, s.len());
        return format!("...{}", abbreviate_full(&rest, 0, max_width - 3));
    }
    format!(
        "...{}",
        util::byte_slice(s, (len - (max_width - 3)) as usize, s.len())
    )
}

/// Sprig's `abbrev`.
fn abbrev(width: i64, s: &str) -> String {
    if width < 4 {
        return s.to_owned();
    }
    abbreviate_full(s, 0, width)
}

/// Sprig's `abbrevboth`.
fn abbrevboth(left: i64, right: i64, s: &str) -> String {
    if right < 4 || (left > 0 && right < 7) {
        return s.to_owned();
    }
    abbreviate_full(s, left, right)
}

/// Go's `strings.Title`: upper-cases (title-cases) the first letter of each word.
fn title(s: &str) -> String {
    fn is_separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if util::is_letter(c) || util::is_digit(c) {
            return false;
        }
        is_space(c)
    }
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let out = if is_separator(prev) { to_title(c) } else { c };
            prev = c;
            out
        })
        .collect()
}

/// goutils `Uncapitalize`: lower-cases the first letter of each whitespace-separated word.
fn untitle(s: &str) -> String {
    let mut next = true;
    s.chars()
        .map(|c| {
            if is_space(c) {
                next = true;
                c
            } else if next {
                next = false;
                to_lower(c)
            } else {
                c
            }
        })
        .collect()
}

/// goutils `SwapCase`: upper and title case become lower; lower case becomes title case at a word start and
/// upper case elsewhere.
fn swapcase(s: &str) -> String {
    let mut word_start = true;
    s.chars()
        .map(|c| {
            if util::is_upper(c) || util::is_title(c) {
                word_start = false;
                to_lower(c)
            } else if util::is_lower(c) {
                let out = if word_start { to_title(c) } else { to_upper(c) };
                word_start = false;
                out
            } else {
                word_start = is_space(c);
                c
            }
        })
        .collect()
}

/// Each byte of `s` read as a Latin-1 character, as goutils' byte-wise loops (`rune(str[i])`) do.
fn latin1_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.bytes().map(char::from)
}

/// goutils `DeleteWhiteSpace`, which works byte by byte (non-ASCII text is re-encoded as Latin-1, as in Go).
fn nospace(s: &str) -> String {
    let kept: String = latin1_chars(s).filter(|c| !is_space(*c)).collect();
    if kept.chars().count() == s.len() {
        return s.to_owned();
    }
    kept
}

/// goutils `Initials` (byte by byte, like Go): the first character of each whitespace-separated word.
fn initials(s: &str) -> String {
    let mut gap = true;
    let mut out = String::new();
    for c in latin1_chars(s) {
        if is_space(c) {
            gap = true;
        } else if gap {
            out.push(c);
            gap = false;
        }
    }
    out
}

/// goutils `WrapCustom` (byte offsets): wraps at spaces so lines are at most `width` long.
fn wrap(s: &str, width: i64, newline: &str, wrap_long_words: bool) -> String {
    if s.is_empty() {
        return String::new();
    }
    let newline = if newline.is_empty() { "\n" } else { newline };
    let width = width.max(1) as usize;
    let b = s.as_bytes();
    let len = b.len();
    let mut offset = 0;
    let mut out: Vec<u8> = Vec::with_capacity(len + 8);
    while len - offset > width {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = width + offset + 1;
        match b[offset..end].iter().rposition(|&c| c == b' ') {
            Some(p) => {
                let at = offset + p;
                out.extend_from_slice(&b[offset..at]);
                out.extend_from_slice(newline.as_bytes());
                offset = at + 1;
            }
            None if wrap_long_words => {
                out.extend_from_slice(&b[offset..offset + width]);
                out.extend_from_slice(newline.as_bytes());
                offset += width;
            }
            None => {
                let end = width + offset;
                match b[end..].iter().position(|&c| c == b' ') {
                    None => {
                        out.extend_from_slice(&b[offset..]);
                        offset = len;
                    }
                    Some(p) => {
                        let at = end + p;
                        out.extend_from_slice(&b[offset..at]);
                        out.extend_from_slice(newline.as_bytes());
                        offset = at + 1;
                    }
                }
            }
        }
    }
    out.extend_from_slice(&b[offset..]);
    util::bytes_to_string(out)
}

/// Go's `strings.SplitN(s, sep, n)` (`n < 0`: all parts; `sep == ""`: one part per character).
fn go_split<'s>(s: &'s str, sep: &str, n: i64) -> Vec<&'s str> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        let mut parts: Vec<&str> = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            if n > 0 && parts.len() as i64 == n - 1 {
                parts.push(rest);
                break;
            }
            let w = rest.chars().next().map_or(1, char::len_utf8);
            parts.push(&rest[..w]);
            rest = &rest[w..];
        }
        return parts;
    }
    if n < 0 {
        s.split(sep).collect()
    } else {
        s.splitn(n as usize, sep).collect()
    }
}

/// Sprig's `split`/`splitn` result: a `map[string]string` with keys `_0`, `_1`, ….
fn indexed_parts<'a>(parts: Vec<&str>) -> Value<'a> {
    let entries: BTreeMap<Key, Value<'a>> = parts
        .into_iter()
        .enumerate()
        .map(|(n, p)| (Key::String(Arc::from(format!("_{n}"))), string(p)))
        .collect();
    Value::Map(Map::new(entries, GoType::map_string_string()))
}

/// `hash/adler32.Checksum`.
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// The character classes huandu/xstrings splits words by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Invalid,
    Number,
    Upper,
    Alpha,
    Connector,
    Punct,
    Other,
}

fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || is_space(c)
}

/// xstrings `isAlphabet`: letters other than CJK ideographs.
fn is_alphabet(c: char) -> bool {
    if !util::is_letter(c) {
        return false;
    }
    !matches!(c, '\u{4E00}'..='\u{9FCC}' | '\u{3400}'..='\u{4D85}' | '\u{20000}'..='\u{2B81D}')
}

/// xstrings `nextWord`: the class and text of the next word, and the rest.
fn next_word(s: &str) -> (Word, &str, &str) {
    let mut chars = s.char_indices().peekable();
    let Some((_, first)) = chars.next() else {
        return (Word::Invalid, "", "");
    };
    let mut end = first.len_utf8();
    let take_while = |end: &mut usize, pred: &dyn Fn(char) -> bool| {
        for c in s[*end..].chars() {
            if !pred(c) {
                break;
            }
            *end += c.len_utf8();
        }
    };
    let kind = if is_connector(first) {
        take_while(&mut end, &is_connector);
        Word::Connector
    } else if util::is_punct(first) {
        take_while(&mut end, &util::is_punct);
        Word::Punct
    } else if util::is_upper(first) {
        if let Some(second) = s[end..].chars().next() {
            if util::is_upper(second) {
                // A run of capitals; its last one starts the next word when a lower-case letter follows.
                let mut last_size = second.len_utf8();
                end += last_size;
                let mut stopped_at = None;
                for c in s[end..].chars() {
                    if !util::is_upper(c) {
                        stopped_at = Some(c);
                        break;
                    }
                    last_size = c.len_utf8();
                    end += last_size;
                }
                if stopped_at.is_some_and(is_alphabet) {
                    end -= last_size;
                }
            } else if is_alphabet(second) {
                end += second.len_utf8();
                take_while(&mut end, &|c| is_alphabet(c) && !util::is_upper(c));
            }
        }
        Word::Upper
    } else if is_alphabet(first) {
        take_while(&mut end, &|c| is_alphabet(c) && !util::is_upper(c));
        Word::Alpha
    } else if util::is_number(first) {
        take_while(&mut end, &util::is_number);
        Word::Number
    } else {
        take_while(&mut end, &|c| {
            !(is_connector(c) || is_alphabet(c) || util::is_number(c) || util::is_punct(c))
        });
        Word::Other
    };
    (kind, &s[..end], &s[end..])
}

/// xstrings `toLower`: upper-case and connector words are lower-cased (connectors become `connector`).
fn push_lower(out: &mut String, kind: Word, word: &str, connector: char) {
    if kind != Word::Upper && kind != Word::Connector {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        if is_connector(c) {
            out.push(connector);
        } else {
            out.push(to_lower(c));
        }
    }
}

/// xstrings `camelCaseToLowerCase` (`ToSnakeCase`, `ToKebabCase`).
fn lower_case_words(s: &str, connector: char) -> String {
    if s.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(s.len() + 4);
    let (mut kind, mut word, mut rest) = next_word(s);
    while !rest.is_empty() {
        if kind != Word::Connector {
            push_lower(&mut out, kind, word, connector);
        }
        let prev = kind;
        let last = word;
        (kind, word, rest) = next_word(rest);
        match prev {
            Word::Number => {
                while kind == Word::Alpha || kind == Word::Number {
                    push_lower(&mut out, kind, word, connector);
                    (kind, word, rest) = next_word(rest);
                }
                if !matches!(kind, Word::Invalid | Word::Punct | Word::Connector) {
                    out.push(connector);
                }
            }
            Word::Connector => push_lower(&mut out, prev, last, connector),
            Word::Punct => {}
            _ => {
                if kind != Word::Number {
                    if kind != Word::Connector && kind != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                if rest.is_empty() {
                    continue;
                }
                let number = word;
                (kind, word, rest) = next_word(rest);
                if kind != Word::Alpha {
                    push_lower(&mut out, Word::Number, number, connector);
                    if kind != Word::Connector && kind != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                out.push(connector);
                push_lower(&mut out, Word::Number, number, connector);
                while kind == Word::Alpha || kind == Word::Number {
                    push_lower(&mut out, kind, word, connector);
                    (kind, word, rest) = next_word(rest);
                }
                if !matches!(kind, Word::Invalid | Word::Connector | Word::Punct) {
                    out.push(connector);
                }
            }
        }
    }
    push_lower(&mut out, kind, word, connector);
    out
}

/// xstrings `ToPascalCase` (Sprig's `camelcase`): connectors dropped, the letter after one upper-cased, runs of
/// capitals lower-cased after their first letter; leading and doubled connectors are kept.
fn pascal_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    let mut first_upper = false;
    let mut r0 = None;
    for c in chars.by_ref() {
        if !is_connector(c) {
            first_upper = util::is_upper(c);
            r0 = Some(to_upper(c));
            break;
        }
        out.push(c);
    }
    let Some(mut r0) = r0 else {
        // Only connectors: xstrings writes the last one a second time.
        if let Some(last) = s.chars().last() {
            out.push(last);
        }
        return out;
    };
    for c in chars {
        let r1 = r0;
        r0 = c;
        if is_connector(r0) && is_connector(r1) {
            out.push(r1);
            continue;
        }
        if is_connector(r1) {
            first_upper = util::is_upper(r0);
            r0 = to_upper(r0);
        } else {
            if first_upper {
                if util::is_upper(r0) {
                    r0 = to_lower(r0);
                } else {
                    first_upper = false;
                }
            }
            out.push(r1);
        }
    }
    out.push(r0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversions_follow_xstrings() {
        for (input, snake) in [
            ("FirstName", "first_name"),
            ("HTTPServer", "http_server"),
            ("NoHTTPS", "no_https"),
            ("GO_PATH", "go_path"),
            ("GO PATH", "go_path"),
            ("GO-PATH", "go_path"),
            ("http2xx", "http_2xx"),
            ("HTTP20xOK", "http_20x_ok"),
            ("Duration2m3s", "duration_2m3s"),
            ("Bld4Floor3rd", "bld4_floor_3rd"),
            ("_complex__case_", "_complex__case_"),
            ("ABC_123", "abc_123"),
        ] {
            assert_eq!(lower_case_words(input, '_'), snake, "{input}");
        }
        assert_eq!(lower_case_words("HTTPServer", '-'), "http-server");
        for (input, pascal) in [
            ("http_server", "HttpServer"),
            ("_camel_case", "_CamelCase"),
            ("no_https", "NoHttps"),
            ("_complex__case_", "_Complex_Case_"),
            ("all", "All"),
            ("some words", "SomeWords"),
            ("GOLANG_IS_GREAT", "GolangIsGreat"),
            ("", ""),
            ("__", "___"),
        ] {
            assert_eq!(pascal_case(input), pascal, "{input}");
        }
    }

    #[test]
    fn goutils_functions() {
        assert_eq!(abbrev(5, "hello world"), "he...");
        assert_eq!(abbrevboth(5, 10, "1234 5678 9123"), "...5678...");
        assert_eq!(nospace(" a b\tc\n"), "abc");
        assert_eq!(nospace("é"), "é");
        assert_eq!(nospace("é x"), "Ã©x");
        assert_eq!(initials("First Try"), "FT");
        assert_eq!(untitle("First Try"), "first try");
        assert_eq!(swapcase("This Is A.Test"), "tHIS iS a.tEST");
        assert_eq!(wrap("Hello World", 5, "", false), "Hello\nWorld");
        assert_eq!(wrap("Hello World", 5, "\t", true), "Hello\tWorld");
        assert_eq!(
            wrap("a verylongword here", 4, "", false),
            "a\nverylongword\nhere"
        );
        assert_eq!(
            wrap("a verylongword here", 4, "", true),
            "a\nvery\nlong\nword\nhere"
        );
    }

    #[test]
    fn go_strings_functions() {
        assert_eq!(title("hello world-foo_bar"), "Hello World-Foo_bar");
        assert_eq!(trunc(-3, "baaaaaar"), "aar");
        assert_eq!(trunc(-999, "baaaaaar"), "baaaaaar");
        assert_eq!(substr(2, -1, "hello").ok().as_deref(), Some("llo"));
        assert_eq!(substr(-1, 2, "hello").ok().as_deref(), Some("he"));
        assert_eq!(
            substr(4, 2, "hello").err().map(|e| e.0).as_deref(),
            Some("runtime error: slice bounds out of range [4:2]")
        );
        assert_eq!(
            indent(2, "a\n\nb\n", "").ok().as_deref(),
            Some("  a\n  \n  b\n  ")
        );
        assert_eq!(indent(1, "a\nb", "\n").ok().as_deref(), Some("\n a\n b"));
        assert!(indent(-1, "a", "").is_err());
        let cat = join_non_nil(&[Value::str(""), Value::Nil, Value::str("b")], |out, v| {
            out.push_str(&strval(v))
        });
        assert_eq!(cat.as_str(), Some(" b"));
        assert_eq!(go_split("abc", "", -1), vec!["a", "b", "c"]);
        assert_eq!(go_split("abc", "", 2), vec!["a", "bc"]);
        assert_eq!(go_split("", ",", -1), vec![""]);
        assert_eq!(go_split("a,b,c", ",", 2), vec!["a", "b,c"]);
        assert_eq!(adler32(b"abc"), 38_600_999);
        assert_eq!(
            crate::fmt::quote("tab\there\u{a0}\u{7f}é"),
            "\"tab\\there\\u00a0\\x7fé\""
        );
    }
}
