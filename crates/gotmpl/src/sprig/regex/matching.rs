//! Go `regexp` match iteration (`allMatches`, `replaceAll`), `Expand` and `Split`, and `QuoteMeta`.

use regex::Regex;

use super::super::util::{is_digit, is_letter};
use super::GoRegex;

/// Go's `Regexp.allMatches`: successive leftmost-first matches, never an empty match right after a match.
pub(super) fn all_matches(re: &Regex, s: &str, n: i64, mut deliver: impl FnMut(usize, usize)) {
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
pub(super) fn replace_all(
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
pub(super) fn expand(
    names: &[Option<String>],
    out: &mut String,
    template: &str,
    caps: &regex::Captures<'_>,
) {
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
        .find(|&(_, c)| !(is_letter(c) || is_digit(c) || c == '_'))
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
pub(super) fn split<'s>(re: &GoRegex, s: &'s str, n: i64) -> Option<Vec<&'s str>> {
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
pub(super) fn quote_meta(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        if r"\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
