//! Sprig regular expression functions (`regexMatch`, `regexFind`, `regexFindAll`, `regexReplaceAll`,
//! `regexReplaceAllLiteral`, `regexSplit`, `regexQuoteMeta` and their `must*` variants) with Go `regexp`
//! (RE2) semantics: Go's syntax is checked and translated to the `regex` crate's dialect, and Go's match
//! iteration, `$` expansion and split rules are reproduced.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use regex::Regex;

use crate::func::{Func, FuncError, FuncMap, FuncResult, Signature};
use crate::value::{GoType, List, Value};

/// A compiled Go regular expression.
struct GoRegex {
    re: Regex,
    /// Go's name of each capture group (index 0 is the whole match); names may repeat.
    names: Vec<Option<String>>,
    /// Whether the Go expression text was empty (`Split` treats that specially).
    empty_expr: bool,
}

const CACHE_LIMIT: usize = 256;

static CACHE: LazyLock<Mutex<HashMap<String, Arc<GoRegex>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// Compiles a Go regular expression (cached); the error is Go's `regexp.Compile` message.
fn compile(expr: &str) -> Result<Arc<GoRegex>, String> {
    if let Ok(cache) = CACHE.lock() {
        if let Some(re) = cache.get(expr) {
            return Ok(re.clone());
        }
    }
    let (translated, names) = translate(expr).map_err(|e| e.to_string())?;
    let re = Regex::new(&translated).map_err(|e| match e {
        regex::Error::CompiledTooBig(_) => {
            format!("error parsing regexp: expression too large: `{expr}`")
        }
        other => format!("error parsing regexp: {other}"),
    })?;
    let compiled = Arc::new(GoRegex {
        re,
        names,
        empty_expr: expr.is_empty(),
    });
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(expr.to_string(), compiled.clone());
    }
    Ok(compiled)
}

/// Go's `regexp/syntax.Error`.
struct SyntaxError {
    code: &'static str,
    expr: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error parsing regexp: {}: `{}`", self.code, self.expr)
    }
}

fn err(code: &'static str, expr: &str) -> SyntaxError {
    SyntaxError {
        code,
        expr: expr.to_string(),
    }
}

const ASCII_DIGIT: &str = "0-9";
const ASCII_SPACE: &str = r"\t\n\x0C\r ";
const ASCII_WORD: &str = "0-9A-Za-z_";

/// Checks Go syntax and rewrites the expression for the `regex` crate: Perl classes and `\b` are ASCII in
/// Go, `\Q…\E` quoting, octal escapes, literal braces, and class contents that the `regex` crate would treat
/// as nested classes or set operators.
fn translate(expr: &str) -> Result<(String, Vec<Option<String>>), SyntaxError> {
    let b = expr.as_bytes();
    let mut out = String::with_capacity(expr.len() + 8);
    let mut names: Vec<Option<String>> = vec![None];
    let mut depth = 0usize;
    // Whether the previous item can take a repetition operator, and the start of the last repetition.
    let mut have_operand = false;
    let mut last_repeat: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let mut this_repeat = None;
        match c {
            b'(' => {
                let start = i;
                let rest = &expr[start..];
                if let Some(after) = rest
                    .strip_prefix("(?P<")
                    .or_else(|| rest.strip_prefix("(?<"))
                {
                    let Some(gt) = after.find('>') else {
                        return Err(err("invalid named capture", rest));
                    };
                    let name = &after[..gt];
                    let head_len = rest.len() - after.len() + gt + 1;
                    if name.is_empty()
                        || !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
                    {
                        return Err(err("invalid named capture", &rest[..head_len]));
                    }
                    // Go allows repeated names; the regex crate does not, so only the first keeps its name.
                    if names.iter().any(|n| n.as_deref() == Some(name)) {
                        out.push('(');
                    } else {
                        out.push_str(&format!("(?P<{name}>"));
                    }
                    names.push(Some(name.to_string()));
                    i = start + head_len;
                } else if rest.starts_with("(?") {
                    let (len, is_group) = perl_flags(rest)?;
                    // `(?)` sets no flag; the regex crate rejects it.
                    if len > 3 {
                        out.push_str(&rest[..len]);
                    }
                    i = start + len;
                    if !is_group {
                        // `(?flags)` applies to what follows; it is no operand.
                        have_operand = false;
                        last_repeat = None;
                        continue;
                    }
                } else {
                    out.push('(');
                    names.push(None);
                    i += 1;
                }
                depth += 1;
                have_operand = false;
                last_repeat = None;
                continue;
            }
            b')' => {
                if depth == 0 {
                    return Err(err("unexpected )", expr));
                }
                depth -= 1;
                out.push(')');
                i += 1;
                have_operand = true;
            }
            b'|' => {
                out.push('|');
                i += 1;
                have_operand = false;
            }
            b'*' | b'+' | b'?' | b'{' => {
                let len = if c == b'{' {
                    match repeat_len(&b[i..]) {
                        Some((len, min, max)) => {
                            if min > 1000 || max.is_some_and(|m| m > 1000 || m < min) {
                                return Err(err("invalid repeat count", &expr[i..i + len]));
                            }
                            Some(len)
                        }
                        None => None,
                    }
                } else {
                    Some(1)
                };
                match len {
                    None => {
                        out.push_str(r"\{");
                        i += 1;
                        have_operand = true;
                    }
                    Some(mut len) => {
                        if b.get(i + len) == Some(&b'?') {
                            len += 1;
                        }
                        if let Some(prev) = last_repeat {
                            return Err(err(
                                "invalid nested repetition operator",
                                &expr[prev..i + len],
                            ));
                        }
                        if !have_operand {
                            return Err(err(
                                "missing argument to repetition operator",
                                &expr[i..i + len],
                            ));
                        }
                        out.push_str(&expr[i..i + len]);
                        this_repeat = Some(i);
                        i += len;
                    }
                }
            }
            b'[' => {
                i = translate_class(expr, i, &mut out)?;
                have_operand = true;
            }
            b'\\' => {
                i = translate_escape(expr, i, &mut out, false)?;
                have_operand = true;
            }
            b'}' => {
                out.push_str(r"\}");
                i += 1;
                have_operand = true;
            }
            _ => {
                let ch_len = expr[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&expr[i..i + ch_len]);
                i += ch_len;
                // `^` and `$` are operands for Go's parser too (`^*` is accepted).
                have_operand = true;
            }
        }
        last_repeat = this_repeat;
    }
    if depth > 0 {
        return Err(err("missing closing )", expr));
    }
    Ok((out, names))
}

/// Parses `(?flags)` or `(?flags:` at the start of `s`: its length and whether it opens a group.
fn perl_flags(s: &str) -> Result<(usize, bool), SyntaxError> {
    let bad = |end: usize| err("invalid or unsupported Perl syntax", &s[..end]);
    let (mut negated, mut saw_flag) = (false, false);
    for (i, c) in s.char_indices().skip(2) {
        let end = i + c.len_utf8();
        match c {
            'i' | 'm' | 's' | 'U' => saw_flag = true,
            '-' => {
                if negated {
                    return Err(bad(end));
                }
                negated = true;
                saw_flag = false;
            }
            ':' | ')' => {
                if negated && !saw_flag {
                    return Err(bad(end));
                }
                return Ok((end, c == ':'));
            }
            _ => return Err(bad(end)),
        }
    }
    Err(bad(s.len()))
}

/// The length of a `{n}`, `{n,}` or `{n,m}` repetition at the start of `b`, with its bounds.
fn repeat_len(b: &[u8]) -> Option<(usize, u32, Option<u32>)> {
    let mut i = 1;
    let digits = |i: &mut usize| -> Option<u32> {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        if *i == start {
            return None;
        }
        // Saturate huge counts: they are rejected as invalid anyway.
        Some(
            std::str::from_utf8(&b[start..*i])
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(u32::MAX),
        )
    };
    let min = digits(&mut i)?;
    let max = if b.get(i) == Some(&b',') {
        i += 1;
        if b.get(i) == Some(&b'}') {
            None
        } else {
            Some(digits(&mut i)?)
        }
    } else {
        Some(min)
    };
    if b.get(i) != Some(&b'}') {
        return None;
    }
    Some((i + 1, min, max))
}

/// Translates the escape at `expr[i] == '\\'`, returning the index after it.
fn translate_escape(
    expr: &str,
    i: usize,
    out: &mut String,
    in_class: bool,
) -> Result<usize, SyntaxError> {
    let b = expr.as_bytes();
    let Some(&c) = b.get(i + 1) else {
        return Err(err("trailing backslash at end of expression", ""));
    };
    let class = |out: &mut String, neg: bool, set: &str| {
        out.push('[');
        if neg {
            out.push('^');
        }
        out.push_str(set);
        out.push(']');
    };
    match c {
        b'd' | b'D' => class(out, c == b'D', ASCII_DIGIT),
        b's' | b'S' => class(out, c == b'S', ASCII_SPACE),
        b'w' | b'W' => class(out, c == b'W', ASCII_WORD),
        b'b' | b'B' if !in_class => out.push_str(if c == b'b' { r"(?-u:\b)" } else { r"(?-u:\B)" }),
        b'A' | b'z' if !in_class => out.push_str(&expr[i..i + 2]),
        b'a' | b'f' | b'n' | b'r' | b't' | b'v' => out.push_str(&expr[i..i + 2]),
        b'Q' if !in_class => {
            let rest = &expr[i + 2..];
            let (lit, next) = match rest.find(r"\E") {
                Some(p) => (&rest[..p], i + 2 + p + 2),
                None => (rest, expr.len()),
            };
            out.push_str("(?:");
            out.push_str(&regex::escape(lit));
            out.push(')');
            return Ok(next);
        }
        b'p' | b'P' => {
            // Unicode class: `\pL`, `\p{Name}` or `\p{^Name}`.
            let mut end = i + 2;
            let name = match b.get(end) {
                Some(b'{') => match expr[end..].find('}') {
                    Some(p) => {
                        let name = &expr[end + 1..end + p];
                        end += p + 1;
                        name
                    }
                    None => return Err(err("invalid character class range", &expr[i..])),
                },
                Some(_) => {
                    let len = expr[end..].chars().next().map_or(1, char::len_utf8);
                    end += len;
                    &expr[end - len..end]
                }
                None => return Err(err("invalid character class range", &expr[i..])),
            };
            let (negated, name) = match name.strip_prefix('^') {
                Some(n) => (c == b'p', n),
                None => (c == b'P', name),
            };
            let class = format!(r"\{}{{{name}}}", if negated { 'P' } else { 'p' });
            let known = !name.is_empty()
                && name
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                && Regex::new(&class).is_ok();
            if !known {
                return Err(err("invalid character class range", &expr[i..end]));
            }
            out.push_str(&class);
            return Ok(end);
        }
        b'x' => {
            let mut end = i + 2;
            let hex = if b.get(end) == Some(&b'{') {
                let Some(p) = expr[end..].find('}') else {
                    return Err(err("invalid escape sequence", &expr[i..]));
                };
                let h = &expr[end + 1..end + p];
                end += p + 1;
                h
            } else {
                end = (end + 2).min(expr.len());
                expr.get(i + 2..end).unwrap_or("")
            };
            let ok = !hex.is_empty()
                && hex.bytes().all(|h| h.is_ascii_hexdigit())
                && u32::from_str_radix(hex, 16).is_ok_and(|v| char::from_u32(v).is_some());
            let braced = b.get(i + 2) == Some(&b'{');
            if !ok || (!braced && hex.len() != 2) {
                // Go reports a bad braced escape without its closing brace.
                let shown = if braced { end - 1 } else { end };
                return Err(err(
                    "invalid escape sequence",
                    expr.get(i..shown).unwrap_or(""),
                ));
            }
            out.push_str(&format!(r"\x{{{hex}}}"));
            return Ok(end);
        }
        b'0'..=b'7' => {
            // Octal, up to three digits; `\1`–`\7` alone would be a backreference, which Go rejects.
            let mut end = i + 1;
            while end < b.len() && end < i + 4 && (b'0'..=b'7').contains(&b[end]) {
                end += 1;
            }
            if c != b'0' && end == i + 2 {
                return Err(err("invalid escape sequence", &expr[i..end]));
            }
            let v = u32::from_str_radix(&expr[i + 1..end], 8).unwrap_or(0);
            out.push_str(&format!(r"\x{{{v:x}}}"));
            return Ok(end);
        }
        // `\<` and `\>` are word boundaries for the regex crate but plain characters for Go.
        b'<' | b'>' => out.push(c as char),
        c if c.is_ascii_punctuation() => {
            out.push('\\');
            out.push(c as char);
        }
        _ => {
            let len = expr[i + 1..].chars().next().map_or(1, char::len_utf8);
            return Err(err("invalid escape sequence", &expr[i..i + 1 + len]));
        }
    }
    Ok(i + 2)
}

/// Translates the character class starting at `expr[start] == '['`, returning the index after it.
fn translate_class(expr: &str, start: usize, out: &mut String) -> Result<usize, SyntaxError> {
    let b = expr.as_bytes();
    let missing = || err("missing closing ]", &expr[start..]);
    let mut i = start + 1;
    out.push('[');
    if b.get(i) == Some(&b'^') {
        out.push('^');
        i += 1;
    }
    let mut first = true;
    // The previous single character and where it started, for range checks.
    let mut prev: Option<(char, usize)> = None;
    loop {
        let Some(&c) = b.get(i) else {
            return Err(missing());
        };
        if c == b']' && !first {
            out.push(']');
            return Ok(i + 1);
        }
        first = false;
        if c == b'[' && b.get(i + 1) == Some(&b':') {
            if let Some(p) = expr[i + 2..].find(":]") {
                let name = expr[i + 2..i + 2 + p].trim_start_matches('^');
                if matches!(
                    name,
                    "alnum"
                        | "alpha"
                        | "ascii"
                        | "blank"
                        | "cntrl"
                        | "digit"
                        | "graph"
                        | "lower"
                        | "print"
                        | "punct"
                        | "space"
                        | "upper"
                        | "word"
                        | "xdigit"
                ) {
                    let end = i + 2 + p + 2;
                    out.push_str(&expr[i..end]);
                    i = end;
                    prev = None;
                    continue;
                }
                return Err(err(
                    "invalid character class range",
                    &expr[i..i + 2 + p + 2],
                ));
            }
        }
        // A range `lo-hi`?
        if c == b'-' && prev.is_some() && b.get(i + 1).is_some_and(|&n| n != b']') {
            let (lo, lo_at) = prev.take().unwrap_or(('\0', i));
            let (hi, hi_end) = class_char(expr, i + 1)?.ok_or_else(missing)?;
            if hi < lo {
                return Err(err("invalid character class range", &expr[lo_at..hi_end]));
            }
            out.push('-');
            push_class_char(out, hi);
            i = hi_end;
            continue;
        }
        if c == b'\\' {
            match b.get(i + 1) {
                None => return Err(missing()),
                Some(b'd' | b'D' | b's' | b'S' | b'w' | b'W' | b'p' | b'P') => {
                    i = translate_escape(expr, i, out, true)?;
                    prev = None;
                    continue;
                }
                _ => {}
            }
        }
        let Some((ch, end)) = class_char(expr, i)? else {
            return Err(missing());
        };
        push_class_char(out, ch);
        prev = Some((ch, i));
        i = end;
    }
}

/// The single character at `expr[i]` inside a class (literal or escaped), with the index after it.
fn class_char(expr: &str, i: usize) -> Result<Option<(char, usize)>, SyntaxError> {
    let Some(c) = expr[i..].chars().next() else {
        return Ok(None);
    };
    if c != '\\' {
        return Ok(Some((c, i + c.len_utf8())));
    }
    if let Some(&e @ (b'd' | b'D' | b's' | b'S' | b'w' | b'W' | b'p' | b'P')) =
        expr.as_bytes().get(i + 1)
    {
        return Err(err("invalid escape sequence", &format!("\\{}", e as char)));
    }
    let mut tmp = String::new();
    let end = translate_escape(expr, i, &mut tmp, true)?;
    let ch = match tmp.as_str() {
        r"\a" => '\x07',
        r"\f" => '\x0C',
        r"\n" => '\n',
        r"\r" => '\r',
        r"\t" => '\t',
        r"\v" => '\x0B',
        t if t.starts_with(r"\x{") => u32::from_str_radix(&t[3..t.len() - 1], 16)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('\0'),
        t => t.chars().last().unwrap_or('\\'),
    };
    Ok(Some((ch, end)))
}

/// Writes one class member so the `regex` crate reads it as that literal character.
fn push_class_char(out: &mut String, ch: char) {
    if ch.is_ascii_punctuation() || ch.is_ascii_whitespace() || ch.is_ascii_control() {
        out.push_str(&format!(r"\x{{{:x}}}", ch as u32));
    } else {
        out.push(ch);
    }
}

/// Go's `Regexp.allMatches`: successive leftmost-first matches, never an empty match right after a match.
fn all_matches(re: &Regex, s: &str, n: i64, mut deliver: impl FnMut(usize, usize)) {
    let n = if n < 0 { s.len() as i64 + 1 } else { n };
    let (mut pos, mut count) = (0usize, 0i64);
    let mut prev_end: Option<usize> = None;
    while count < n && pos <= s.len() {
        let Some(m) = re.find_at(s, pos) else { break };
        let mut accept = true;
        if m.end() == pos {
            if prev_end == Some(m.start()) {
                accept = false;
            }
            match s[pos..].chars().next() {
                Some(ch) => pos += ch.len_utf8(),
                None => pos = s.len() + 1,
            }
        } else {
            pos = m.end();
        }
        prev_end = Some(m.end());
        if accept {
            deliver(m.start(), m.end());
            count += 1;
        }
    }
}

/// Go's `Regexp.replaceAll`, calling `repl` for each match's capture groups.
fn replace_all(
    re: &Regex,
    src: &str,
    mut repl: impl FnMut(&mut String, &regex::Captures<'_>),
) -> String {
    let mut out = String::with_capacity(src.len());
    let (mut last_end, mut search) = (0usize, 0usize);
    while search <= src.len() {
        let Some(caps) = re.captures_at(src, search) else {
            break;
        };
        let Some(m) = caps.get(0) else { break };
        out.push_str(&src[last_end..m.start()]);
        if m.end() > last_end || m.start() == 0 {
            repl(&mut out, &caps);
        }
        last_end = m.end();
        let width = src[search..].chars().next().map_or(0, char::len_utf8);
        if search + width > m.end() {
            search += width;
        } else if search + 1 > m.end() {
            search += 1;
        } else {
            search = m.end();
        }
    }
    out.push_str(&src[last_end..]);
    out
}

/// Go's `Regexp.Expand` template expansion of `$name`, `${name}` and `$$`.
fn expand(names: &[Option<String>], out: &mut String, template: &str, caps: &regex::Captures<'_>) {
    let mut t = template;
    while let Some(p) = t.find('$') {
        out.push_str(&t[..p]);
        t = &t[p + 1..];
        if let Some(rest) = t.strip_prefix('$') {
            out.push('$');
            t = rest;
            continue;
        }
        let Some((name, rest)) = extract_name(t) else {
            out.push('$');
            continue;
        };
        t = rest;
        let group = match group_number(name) {
            Some(num) => caps.get(num),
            None => names
                .iter()
                .enumerate()
                .filter(|(_, n)| n.as_deref() == Some(name))
                .find_map(|(i, _)| caps.get(i)),
        };
        if let Some(g) = group {
            out.push_str(g.as_str());
        }
    }
    out.push_str(t);
}

/// The name after a `$`: a run of letters, digits and `_`, optionally in braces.
fn extract_name(s: &str) -> Option<(&str, &str)> {
    let (brace, body) = match s.strip_prefix('{') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let len = body
        .char_indices()
        .find(|&(_, c)| !(c.is_alphabetic() || c.is_numeric() || c == '_'))
        .map_or(body.len(), |(i, _)| i);
    if len == 0 {
        return None;
    }
    let name = &body[..len];
    let rest = &body[len..];
    if brace {
        return rest.strip_prefix('}').map(|r| (name, r));
    }
    Some((name, rest))
}

/// A capture group number: decimal digits, no leading zero, below 10^8.
fn group_number(name: &str) -> Option<usize> {
    if !name.bytes().all(|c| c.is_ascii_digit()) || (name.len() > 1 && name.starts_with('0')) {
        return None;
    }
    name.parse::<usize>().ok().filter(|&n| n < 100_000_000)
}

/// Go's `Regexp.Split`.
fn split<'s>(re: &GoRegex, s: &'s str, n: i64) -> Option<Vec<&'s str>> {
    if n == 0 {
        return None;
    }
    if !re.empty_expr && s.is_empty() {
        return Some(vec![""]);
    }
    let mut matches = Vec::new();
    all_matches(&re.re, s, n, |a, b| matches.push((a, b)));
    let mut parts = Vec::with_capacity(matches.len() + 1);
    let (mut beg, mut end) = (0usize, 0usize);
    for (a, b) in matches {
        if n > 0 && parts.len() as i64 >= n - 1 {
            break;
        }
        end = a;
        if b != 0 {
            parts.push(&s[beg..end]);
        }
        beg = b;
    }
    if end != s.len() {
        parts.push(&s[beg..]);
    }
    Some(parts)
}

/// Go's `regexp.QuoteMeta`.
fn quote_meta(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        if r"\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The panic text of Go's `regexp.MustCompile`, which the template engine reports as the call's error.
fn must_compile(expr: &str) -> Result<Arc<GoRegex>, FuncError> {
    compile(expr).map_err(|e| FuncError::new(format!("regexp: Compile({}): {e}", go_quote(expr))))
}

/// Go's `quote` in `regexp`: backquoted when `strconv.CanBackquote`, else `strconv.Quote`.
fn go_quote(s: &str) -> String {
    let can_backquote = !s
        .chars()
        .any(|c| c == '`' || c == '\u{FEFF}' || (c.is_control() && c != '\t'));
    if can_backquote {
        return format!("`{s}`");
    }
    super::quote::go_quote(s)
}

fn str_arg<'v>(args: &'v [Value<'_>], i: usize) -> &'v str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

fn int_arg(args: &[Value<'_>], i: usize) -> i64 {
    match args.get(i) {
        Some(Value::Int(n, _)) => *n,
        Some(Value::Uint(n, _)) => i64::try_from(*n).unwrap_or(i64::MAX),
        _ => 0,
    }
}

fn strings<'a>(items: Option<Vec<&str>>) -> Value<'a> {
    match items {
        None => Value::List(List::nil(GoType::slice_of_string())),
        Some(items) => Value::List(List::new(
            items.into_iter().map(Value::string).collect(),
            GoType::slice_of_string(),
        )),
    }
}

fn find_all<'a>(re: &GoRegex, s: &str, n: i64) -> Value<'a> {
    let mut found = Vec::new();
    all_matches(&re.re, s, n, |a, b| found.push(&s[a..b]));
    strings(if found.is_empty() { None } else { Some(found) })
}

fn find<'a>(re: &GoRegex, s: &str) -> Value<'a> {
    Value::string(re.re.find(s).map_or("", |m| m.as_str()))
}

fn replace_expand<'a>(re: &GoRegex, s: &str, repl: &str) -> Value<'a> {
    Value::string(replace_all(&re.re, s, |out, caps| {
        expand(&re.names, out, repl, caps)
    }))
}

fn replace_literal<'a>(re: &GoRegex, s: &str, repl: &str) -> Value<'a> {
    Value::string(replace_all(&re.re, s, |out, _| out.push_str(repl)))
}

fn sig(n_str: usize, with_int: bool, result: crate::value::TypeRef) -> Signature {
    let mut params = vec![GoType::string(); n_str];
    if with_int {
        params.push(GoType::int());
    }
    Signature::new(params, result)
}

/// Registers the regex functions.
pub(crate) fn register(map: &mut FuncMap) {
    type Op = for<'a> fn(&GoRegex, &[Value<'a>]) -> Value<'a>;
    // (name, string params, int param, result type, operation); each gets a panicking and a must* variant.
    let ops: [(&str, usize, bool, crate::value::TypeRef, Op); 5] = [
        (
            "regexFindAll",
            2,
            true,
            GoType::slice_of_string(),
            |re, a| find_all(re, str_arg(a, 1), int_arg(a, 2)),
        ),
        ("regexFind", 2, false, GoType::string(), |re, a| {
            find(re, str_arg(a, 1))
        }),
        ("regexReplaceAll", 3, false, GoType::string(), |re, a| {
            replace_expand(re, str_arg(a, 1), str_arg(a, 2))
        }),
        (
            "regexReplaceAllLiteral",
            3,
            false,
            GoType::string(),
            |re, a| replace_literal(re, str_arg(a, 1), str_arg(a, 2)),
        ),
        ("regexSplit", 2, true, GoType::slice_of_string(), |re, a| {
            strings(split(re, str_arg(a, 1), int_arg(a, 2)))
        }),
    ];
    for (name, n_str, with_int, result, op) in ops {
        map.insert(
            name,
            Func::new(sig(n_str, with_int, result.clone()), move |args| {
                let re = must_compile(str_arg(args, 0))?;
                Ok(op(&re, args))
            }),
        );
        let must = format!("must{}", &name[..1].to_uppercase()) + &name[1..];
        map.insert(
            must,
            Func::new(sig(n_str, with_int, result).with_error(), move |args| {
                let re = compile(str_arg(args, 0)).map_err(FuncError::new)?;
                Ok(op(&re, args))
            }),
        );
    }
    map.insert(
        "regexMatch",
        Func::new(sig(2, false, GoType::bool()), |args| {
            Ok(Value::Bool(
                compile(str_arg(args, 0)).is_ok_and(|re| re.re.is_match(str_arg(args, 1))),
            ))
        }),
    );
    map.insert(
        "mustRegexMatch",
        Func::new(
            sig(2, false, GoType::bool()).with_error(),
            |args| -> FuncResult<'_> {
                let re = compile(str_arg(args, 0)).map_err(FuncError::new)?;
                Ok(Value::Bool(re.re.is_match(str_arg(args, 1))))
            },
        ),
    );
    map.insert(
        "regexQuoteMeta",
        Func::new(sig(1, false, GoType::string()), |args| {
            Ok(Value::string(quote_meta(str_arg(args, 0))))
        }),
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn call<'a>(name: &str, args: &[Value<'a>]) -> FuncResult<'a> {
        let mut m = FuncMap::new();
        register(&mut m);
        m.get(name).unwrap().call(args)
    }

    fn s(v: &str) -> Value<'_> {
        Value::str(v)
    }

    fn text(v: FuncResult<'_>) -> String {
        match v.unwrap() {
            Value::String(s) => s.to_string(),
            Value::List(l) => format!(
                "[{}]",
                l.iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            Value::Bool(b) => b.to_string(),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn match_and_find() {
        assert_eq!(text(call("regexMatch", &[s("^[a-z]+$"), s("abc")])), "true");
        assert_eq!(text(call("regexMatch", &[s("("), s("x")])), "false");
        assert_eq!(text(call("regexFind", &[s("[0-9]+"), s("ab12cd34")])), "12");
        assert_eq!(text(call("regexFind", &[s("(?i)ABC"), s("xabcx")])), "abc");
        assert_eq!(text(call("regexMatch", &[s("^a.c$"), s("a\nc")])), "false");
        assert_eq!(
            text(call("regexMatch", &[s("(?s)^a.c$"), s("a\nc")])),
            "true"
        );
    }

    #[test]
    fn perl_classes_are_ascii() {
        assert_eq!(text(call("regexMatch", &[s(r"^\d$"), s("٣")])), "false");
        assert_eq!(text(call("regexMatch", &[s(r"^\w+$"), s("é")])), "false");
        assert_eq!(
            text(call("regexMatch", &[s(r"^[\d.]+$"), s("1.5")])),
            "true"
        );
        assert_eq!(text(call("regexMatch", &[s(r"^[[]$"), s("[")])), "true");
        assert_eq!(
            text(call("regexMatch", &[s(r"^a{,2}$"), s("a{,2}")])),
            "true"
        );
        assert_eq!(
            text(call("regexMatch", &[s(r"\Qa.b\E"), s("xa.bx")])),
            "true"
        );
    }

    #[test]
    fn find_all_follows_go() {
        let v = Value::int;
        assert_eq!(
            text(call("regexFindAll", &[s("[0-9]+"), s("a1b22c333"), v(-1)])),
            "[1 22 333]"
        );
        assert_eq!(
            text(call("regexFindAll", &[s("[0-9]+"), s("a1b22c333"), v(2)])),
            "[1 22]"
        );
        assert_eq!(
            text(call("regexFindAll", &[s("a*"), s("baaac"), v(-1)])),
            "[ aaa ]"
        );
        let none = call("regexFindAll", &[s("z"), s("abc"), v(-1)]).unwrap();
        assert!(matches!(none, Value::List(l) if l.is_nil()));
    }

    #[test]
    fn replace_expands_like_go() {
        assert_eq!(
            text(call(
                "regexReplaceAll",
                &[s("a(x*)b"), s("-ab-axxb-"), s("${1}W")]
            )),
            "-W-xxW-"
        );
        assert_eq!(
            text(call(
                "regexReplaceAll",
                &[s("a(x*)b"), s("-ab-axxb-"), s("$1W")]
            )),
            "---"
        );
        assert_eq!(
            text(call(
                "regexReplaceAll",
                &[s("a(?P<n>x*)b"), s("axb"), s("[$n$$]")]
            )),
            "[x$]"
        );
        assert_eq!(
            text(call(
                "regexReplaceAllLiteral",
                &[s("a(x*)b"), s("-ab-axxb-"), s("${1}")]
            )),
            "-${1}-${1}-"
        );
        assert_eq!(
            text(call("regexReplaceAll", &[s("x*"), s("abc"), s("-")])),
            "-a-b-c-"
        );
        assert_eq!(
            text(call(
                "regexReplaceAll",
                &[s(r"\s+"), s("a  b \t c"), s(" ")]
            )),
            "a b c"
        );
    }

    #[test]
    fn split_follows_go() {
        let v = Value::int;
        assert_eq!(
            text(call("regexSplit", &[s("z+"), s("pizza"), v(-1)])),
            "[pi a]"
        );
        assert_eq!(
            text(call("regexSplit", &[s("z+"), s("pizza"), v(1)])),
            "[pizza]"
        );
        assert_eq!(
            text(call("regexSplit", &[s(""), s("abc"), v(-1)])),
            "[a b c]"
        );
        assert_eq!(text(call("regexSplit", &[s("a"), s(""), v(-1)])), "[]");
        assert_eq!(
            text(call("regexSplit", &[s(","), s("a,b,c"), v(2)])),
            "[a b,c]"
        );
    }

    #[test]
    fn errors_use_go_messages() {
        let e = call("mustRegexMatch", &[s("("), s("x")]).unwrap_err();
        assert_eq!(e.0, "error parsing regexp: missing closing ): `(`");
        let e = call("regexFind", &[s("a)"), s("x")]).unwrap_err();
        assert_eq!(
            e.0,
            "regexp: Compile(`a)`): error parsing regexp: unexpected ): `a)`"
        );
        let e = call("mustRegexFind", &[s("[a"), s("x")]).unwrap_err();
        assert_eq!(e.0, "error parsing regexp: missing closing ]: `[a`");
        let e = call("mustRegexFind", &[s("*a"), s("x")]).unwrap_err();
        assert_eq!(
            e.0,
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        let e = call("mustRegexFind", &[s("a**"), s("x")]).unwrap_err();
        assert_eq!(
            e.0,
            "error parsing regexp: invalid nested repetition operator: `**`"
        );
        let e = call("mustRegexFind", &[s(r"\q"), s("x")]).unwrap_err();
        assert_eq!(e.0, "error parsing regexp: invalid escape sequence: `\\q`");
        let e = call("mustRegexFind", &[s("[z-a]"), s("x")]).unwrap_err();
        assert_eq!(
            e.0,
            "error parsing regexp: invalid character class range: `z-a`"
        );
        let e = call("mustRegexFind", &[s("a{2,1}"), s("x")]).unwrap_err();
        assert_eq!(e.0, "error parsing regexp: invalid repeat count: `{2,1}`");
    }

    #[test]
    fn quote_meta_escapes_specials() {
        assert_eq!(
            text(call("regexQuoteMeta", &[s("1.5+[x]")])),
            r"1\.5\+\[x\]"
        );
    }
}
