//! Go `regexp/syntax` checking and translation to the `regex` crate's dialect, with Go's error messages.

use regex::Regex;

/// Go's `regexp/syntax.Error`.
pub(super) struct SyntaxError {
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
pub(super) fn translate(expr: &str) -> Result<(String, Vec<Option<String>>), SyntaxError> {
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
                    if is_group || len > 3 {
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
