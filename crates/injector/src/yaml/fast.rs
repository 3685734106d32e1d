//! A fast path for the YAML Kubernetes and Istio actually write: block mappings and
//! sequences, single-line plain and quoted scalars, literal blocks and flow collections
//! (including multi-line flow mappings with trailing commas).
//!
//! It reads the text directly into a `serde_json::Value` with the same resolution rules as
//! the general path in `parse`. Anything outside that subset — anchors, aliases, tags,
//! merge keys, complex keys, folded or multi-line scalars, tabs, CR, document markers,
//! directives, anything it does not recognise, and every syntax error — makes it give up
//! (`None`), and the caller re-reads the text with the general path, which also produces
//! the error messages. The fast path must therefore never accept text the general path
//! would read differently; it is checked against the general path in the tests.

use serde_json::{Map, Value};

use super::parse::{plain_key, plain_value};

/// Longest simple key libyaml accepts.
const MAX_SIMPLE_KEY: usize = 1024;
/// Nesting limit (the general path's limit applies to anything deeper).
const MAX_DEPTH: usize = 128;

/// Parses `input` if it lies within the fast path's subset.
pub(super) fn try_parse(input: &str) -> Option<Value> {
    let b = input.as_bytes();
    if b.last() != Some(&b'\n') || has_excluded_chars(b) {
        return None;
    }
    // An explicit document start on its own line (YAMLReader keeps the separator that opens
    // a stream) is skipped; content after it on the same line is left to the general path.
    let mut start = 0;
    if let Some(rest) = input.strip_prefix("---") {
        let line = &rest[..rest.find('\n')?];
        let trimmed = line.trim_start_matches(' ');
        if !(trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < line.len())) {
            return None;
        }
        start = 3 + line.len() + 1;
    }
    let mut p = Fast {
        s: input,
        b,
        pos: start,
        ls: start,
        content: usize::MAX,
        depth: 0,
        probed: None,
    };
    let value = match p.next_content()? {
        None => Value::Null,
        Some(_) => p.block_node(-1)?,
    };
    // Only blank lines and comments may follow.
    match p.next_content()? {
        None => Some(value),
        Some(_) => None,
    }
}

/// Tabs, carriage returns and the YAML 1.1 line breaks NEL/LS/PS are left to the general
/// path, as are byte order marks.
fn has_excluded_chars(b: &[u8]) -> bool {
    if plain_ascii(b) {
        return false;
    }
    b.iter().enumerate().any(|(i, &c)| match c {
        b'\t' | b'\r' => true,
        0xC2 => b.get(i + 1) == Some(&0x85),
        0xE2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)),
        0xEF => b.get(i + 1) == Some(&0xBB) && b.get(i + 2) == Some(&0xBF),
        _ => false,
    })
}

/// Whether `b` holds only printable ASCII and newlines (checked a block at a time, without
/// early exit, so it vectorises).
pub(super) fn plain_ascii(b: &[u8]) -> bool {
    b.chunks(64).all(|chunk| {
        chunk.iter().fold(true, |ok, &c| {
            ok & ((c == b'\n') | (c.wrapping_sub(0x20) < 0x5f))
        })
    })
}

struct Fast<'a> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Start of the line holding `pos`.
    ls: usize,
    /// Position of the content `next_content` found last.
    content: usize,
    depth: usize,
    /// The key `looks_like_key` read last: its start, the position after its colon, and the key (reading a
    /// key depends only on where it starts, so `key` at that start reuses it).
    probed: Option<(usize, usize, String)>,
}

/// Where a plain scalar stopped.
#[derive(PartialEq, Eq, Clone, Copy)]
enum Stop {
    /// At `: ` or `:` before the end of the line (the colon is not consumed).
    Colon,
    /// At the end of the line or a comment.
    LineEnd,
}

impl<'a> Fast<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn column(&self) -> usize {
        self.pos - self.ls
    }

    /// Moves to the first line at or after the current line start that holds content
    /// (not blank, not a comment) and returns its indentation, `Some(None)` at the end of the
    /// input. `None` when the line is a document marker or directive.
    fn next_content(&mut self) -> Option<Option<usize>> {
        let here = self.pos.min(self.b.len());
        if here == self.content && here < self.b.len() {
            // Still at the content found last time.
            return Some(Some(here - self.ls));
        }
        let mut pos = self.ls.min(here);
        if pos < here {
            // Mid-line: the rest of this line must be blank or a comment, and a comment
            // must be separated from the token before it.
            let mut i = here;
            while self.at(i) == Some(b' ') {
                i += 1;
            }
            match self.at(i) {
                None => pos = i,
                Some(b'\n') => pos = i + 1,
                Some(b'#') if i > here || self.b[here - 1] == b' ' => pos = self.line_end(i) + 1,
                Some(_) => return None,
            }
        }
        while pos < self.b.len() {
            let mut i = pos;
            while self.at(i) == Some(b' ') {
                i += 1;
            }
            match self.at(i) {
                None => break,
                Some(b'\n') => pos = i + 1,
                Some(b'#') => pos = self.line_end(i) + 1,
                Some(c) => {
                    if i == pos && matches!(c, b'-' | b'.' | b'%') {
                        let line = &self.b[pos..];
                        if line.starts_with(b"---") || line.starts_with(b"...") || c == b'%' {
                            return None;
                        }
                    }
                    self.ls = pos;
                    self.pos = i;
                    self.content = i;
                    return Some(Some(i - pos));
                }
            }
        }
        self.ls = self.b.len();
        self.pos = self.b.len();
        Some(None)
    }

    fn line_end(&self, pos: usize) -> usize {
        self.b[pos..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.b.len(), |i| pos + i)
    }

    /// The node whose first token is at the current position (first content of a line),
    /// inside a block collection indented `parent`.
    fn block_node(&mut self, parent: isize) -> Option<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let col = self.column();
        let v = if self.is_seq_entry() {
            self.block_seq(col)
        } else if self.looks_like_key() {
            self.block_map(col)
        } else {
            self.inline_value(parent)
        };
        self.depth -= 1;
        v
    }

    fn is_seq_entry(&self) -> bool {
        self.peek() == Some(b'-') && matches!(self.at(self.pos + 1), Some(b' ' | b'\n'))
    }

    /// Whether the current line (from the current position) is `key: ...`.
    fn looks_like_key(&mut self) -> bool {
        let start = self.pos;
        let key = self.read_key();
        let end = self.pos;
        self.pos = start;
        match key {
            Some(key) => {
                self.probed = Some((start, end, key));
                true
            }
            None => false,
        }
    }

    /// Reads a mapping key and its `:`; the position ends after the colon.
    fn key(&mut self) -> Option<String> {
        match self.probed.take() {
            Some((start, end, key)) if start == self.pos => {
                self.pos = end;
                Some(key)
            }
            _ => self.read_key(),
        }
    }

    /// [`Fast::key`] without the probe cache; moves only the position.
    fn read_key(&mut self) -> Option<String> {
        let start = self.pos;
        let key = match self.peek()? {
            b'"' | b'\'' => self.quoted()?,
            c if plain_start(c, self.at(self.pos + 1)) => {
                let (text, stop) = self.plain(false)?;
                if stop != Stop::Colon || text == "<<" {
                    return None;
                }
                plain_key(text)?
            }
            _ => return None,
        };
        self.finish_key(start, key)
    }

    fn finish_key(&mut self, start: usize, key: String) -> Option<String> {
        if self.peek() != Some(b':')
            || !matches!(self.at(self.pos + 1), Some(b' ' | b'\n'))
            || self.pos - start > MAX_SIMPLE_KEY
        {
            return None;
        }
        self.pos += 1;
        Some(key)
    }

    fn block_map(&mut self, indent: usize) -> Option<Value> {
        let mut map = Map::new();
        loop {
            let key = self.key()?;
            let value = self.after_indicator(indent, true)?;
            map.insert(key, value);
            match self.next_content()? {
                Some(i) if i == indent => {
                    if self.is_seq_entry() {
                        return None;
                    }
                }
                Some(i) if i < indent => break,
                None => break,
                Some(_) => return None,
            }
        }
        Some(Value::Object(map))
    }

    fn block_seq(&mut self, indent: usize) -> Option<Value> {
        let mut items = Vec::new();
        loop {
            // At "-".
            self.pos += 1;
            items.push(self.after_indicator(indent, false)?);
            match self.next_content()? {
                Some(i) if i == indent && self.is_seq_entry() => {}
                Some(i) if i <= indent => break,
                None => break,
                Some(_) => return None,
            }
        }
        Some(Value::Array(items))
    }

    /// The value after a mapping's `:` or a sequence's `-`, in a collection indented
    /// `indent`.
    fn after_indicator(&mut self, indent: usize, map_value: bool) -> Option<Value> {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'\n') | Some(b'#') => {
                match self.next_content()? {
                    Some(i) if i > indent => self.block_node(indent as isize),
                    Some(i) if i == indent && map_value && self.is_seq_entry() => {
                        self.depth += 1;
                        let v = self.block_seq(i);
                        self.depth -= 1;
                        v
                    }
                    // Empty value: the next line belongs to the caller.
                    _ => Some(Value::Null),
                }
            }
            None => Some(Value::Null),
            Some(_) => {
                if !map_value {
                    let col = self.column();
                    if self.is_seq_entry() {
                        self.depth += 1;
                        let v = self.block_seq(col);
                        self.depth -= 1;
                        return v;
                    }
                    if self.looks_like_key() {
                        self.depth += 1;
                        let v = self.block_map(col);
                        self.depth -= 1;
                        return v;
                    }
                }
                self.inline_value(indent as isize)
            }
        }
    }

    /// A scalar, literal block or flow collection starting at the current position, in a
    /// block collection indented `parent`.
    fn inline_value(&mut self, parent: isize) -> Option<Value> {
        let v = match self.peek()? {
            b'|' => return self.literal(parent),
            b'[' | b'{' => self.flow_node()?,
            b'"' | b'\'' => Value::String(self.quoted()?),
            c if plain_start(c, self.at(self.pos + 1)) => {
                let (text, stop) = self.plain(false)?;
                if stop != Stop::LineEnd {
                    return None;
                }
                plain_value(text)?
            }
            _ => return None,
        };
        // Nothing but a comment may follow on the line, and the next content line must not
        // continue the scalar (a more indented line would).
        match self.next_content()? {
            Some(i) if i as isize > parent => None,
            _ => Some(v),
        }
    }

    /// A plain scalar; in block context it stops at `: `, ` #` or the end of the line, in
    /// flow context also at `,[]{}`.
    fn plain(&mut self, flow: bool) -> Option<(&'a str, Stop)> {
        let start = self.pos;
        let mut end = self.pos;
        loop {
            // A run of non-blank characters.
            let rest = &self.b[self.pos..];
            let special = |c: &u8| match c {
                b' ' | b'\n' | b':' => true,
                b',' | b'[' | b']' | b'{' | b'}' | b'?' => flow,
                _ => false,
            };
            let run = rest.iter().position(special).unwrap_or(rest.len());
            if run > 0 {
                self.pos += run;
                end = self.pos;
            }
            match self.peek() {
                None | Some(b' ' | b'\n') => {}
                Some(b':') if matches!(self.at(self.pos + 1), Some(b' ' | b'\n')) => {
                    return Some((&self.s[start..end], Stop::Colon));
                }
                Some(b':' | b'?') if flow => return None,
                Some(b':') => {
                    self.pos += 1;
                    end = self.pos;
                    continue;
                }
                Some(_) => return Some((&self.s[start..end], Stop::LineEnd)),
            }
            // Spaces: the scalar goes on unless the line ends or a comment starts.
            let mut look = self.pos;
            while self.at(look) == Some(b' ') {
                look += 1;
            }
            match self.at(look) {
                None | Some(b'\n') | Some(b'#') => {
                    self.pos = look;
                    return Some((&self.s[start..end], Stop::LineEnd));
                }
                Some(_) => self.pos = look,
            }
        }
    }

    /// A single- or double-quoted scalar on one line.
    fn quoted(&mut self) -> Option<String> {
        let quote = self.peek()?;
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            let c = self.peek()?;
            match c {
                b'\n' => return None,
                b'\'' if quote == b'\'' => {
                    out.push_str(&self.s[run..self.pos]);
                    if self.at(self.pos + 1) == Some(b'\'') {
                        out.push('\'');
                        self.pos += 2;
                        run = self.pos;
                    } else {
                        self.pos += 1;
                        return Some(out);
                    }
                }
                b'"' if quote == b'"' => {
                    out.push_str(&self.s[run..self.pos]);
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' if quote == b'"' => {
                    out.push_str(&self.s[run..self.pos]);
                    self.pos += 1;
                    self.escape(&mut out)?;
                    run = self.pos;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// One escape sequence of a double-quoted scalar (after the backslash).
    fn escape(&mut self, out: &mut String) -> Option<()> {
        let c = self.peek()?;
        self.pos += 1;
        let simple = match c {
            b'0' => '\0',
            b'a' => '\u{7}',
            b'b' => '\u{8}',
            b't' => '\t',
            b'n' => '\n',
            b'v' => '\u{b}',
            b'f' => '\u{c}',
            b'r' => '\r',
            b'e' => '\u{1b}',
            b' ' => ' ',
            b'"' => '"',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' | b'u' | b'U' => {
                let n = match c {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = self.s.get(self.pos..self.pos + n)?;
                if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return None;
                }
                self.pos += n;
                char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
            }
            _ => return None,
        };
        out.push(simple);
        Some(())
    }

    /// A literal block scalar (`|`, `|-`, `|+`, with an optional indentation digit) for a
    /// value in a block collection indented `parent`.
    fn literal(&mut self, parent: isize) -> Option<Value> {
        if parent < 0 {
            return None;
        }
        self.pos += 1;
        let mut chomp = b' ';
        let mut explicit = 0usize;
        for _ in 0..2 {
            match self.peek()? {
                c @ (b'-' | b'+') if chomp == b' ' => {
                    chomp = c;
                    self.pos += 1;
                }
                c @ b'1'..=b'9' if explicit == 0 => {
                    explicit = usize::from(c - b'0');
                    self.pos += 1;
                }
                _ => break,
            }
        }
        // The header line may only end in blanks or a comment.
        let header_end = self.line_end(self.pos);
        let tail = &self.s[self.pos..header_end];
        let trimmed = tail.trim_start_matches(' ');
        if !(trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < tail.len())) {
            return None;
        }
        let mut pos = header_end + 1;
        let indent = if explicit > 0 {
            parent as usize + explicit
        } else {
            // The first non-empty line sets the indentation; leading empty lines must be
            // truly empty for this path.
            let mut probe = pos;
            loop {
                if probe >= self.b.len() {
                    return None;
                }
                let end = self.line_end(probe);
                let line = &self.b[probe..end];
                if line.is_empty() {
                    probe = end + 1;
                    continue;
                }
                let sp = line.iter().take_while(|&&c| c == b' ').count();
                if sp == line.len() || sp as isize <= parent {
                    return None;
                }
                break sp;
            }
        };
        let mut text = String::new();
        let mut pending_breaks = 0usize;
        let mut seen_content = false;
        while pos < self.b.len() {
            let end = self.line_end(pos);
            let line = &self.s[pos..end];
            let sp = line.bytes().take_while(|&c| c == b' ').count();
            if sp == line.len() && sp <= indent {
                pending_breaks += 1;
            } else if sp >= indent {
                if seen_content {
                    text.push('\n');
                }
                for _ in 0..pending_breaks {
                    text.push('\n');
                }
                pending_breaks = 0;
                text.push_str(&line[indent..]);
                seen_content = true;
            } else {
                break;
            }
            pos = end + 1;
        }
        if !seen_content {
            return None;
        }
        match chomp {
            b'-' => {}
            b'+' => {
                text.push('\n');
                for _ in 0..pending_breaks {
                    text.push('\n');
                }
            }
            _ => text.push('\n'),
        }
        // Continue at the first line after the block.
        self.pos = pos.min(self.b.len());
        self.ls = self.pos;
        Some(Value::String(text))
    }

    fn skip_flow_space(&mut self) -> Option<()> {
        while let Some(c) = self.peek() {
            match c {
                b' ' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.ls = self.pos;
                    // Document markers and directives end a document even inside a flow.
                    let line = &self.b[self.pos..];
                    if line.starts_with(b"---")
                        || line.starts_with(b"...")
                        || line.first() == Some(&b'%')
                    {
                        return None;
                    }
                }
                b'#' => return None,
                _ => break,
            }
        }
        Some(())
    }

    /// A flow collection or scalar inside a flow collection.
    fn flow_node(&mut self) -> Option<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let v = match self.peek()? {
            b'{' => self.flow_map(),
            b'[' => self.flow_seq(),
            b'"' | b'\'' => self.quoted().map(Value::String),
            c if plain_start(c, self.at(self.pos + 1)) && c != b'-' => self.flow_plain(),
            // libyaml starts a plain scalar at '-' followed by anything but a blank.
            b'-' if !matches!(self.at(self.pos + 1), Some(b' ' | b'\n')) => self.flow_plain(),
            _ => None,
        };
        self.depth -= 1;
        v
    }

    fn flow_plain(&mut self) -> Option<Value> {
        let (text, _) = self.plain(true)?;
        // A plain scalar must not go on to the next line.
        if self.peek() == Some(b'\n') || self.peek() == Some(b'#') {
            self.skip_flow_space()?;
            if !matches!(self.peek(), Some(b',' | b']' | b'}' | b':')) {
                return None;
            }
        }
        plain_value(text)
    }

    fn flow_map(&mut self) -> Option<Value> {
        self.pos += 1;
        let mut map = Map::new();
        loop {
            self.skip_flow_space()?;
            if self.peek()? == b'}' {
                self.pos += 1;
                break;
            }
            let key = match self.peek()? {
                b'"' | b'\'' => self.quoted()?,
                c if plain_start(c, self.at(self.pos + 1)) && c != b'-' => {
                    let (text, _) = self.plain(true)?;
                    if text == "<<" || text.is_empty() {
                        return None;
                    }
                    plain_key(text)?
                }
                _ => return None,
            };
            self.skip_flow_space()?;
            let value = if self.peek()? == b':' {
                self.pos += 1;
                self.skip_flow_space()?;
                if matches!(self.peek()?, b',' | b'}') {
                    Value::Null
                } else {
                    self.flow_node()?
                }
            } else {
                Value::Null
            };
            map.insert(key, value);
            self.skip_flow_space()?;
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    break;
                }
                _ => return None,
            }
        }
        Some(Value::Object(map))
    }

    fn flow_seq(&mut self) -> Option<Value> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_flow_space()?;
            if self.peek()? == b']' {
                self.pos += 1;
                break;
            }
            items.push(self.flow_node()?);
            self.skip_flow_space()?;
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    break;
                }
                _ => return None,
            }
        }
        Some(Value::Array(items))
    }
}

/// Whether a plain scalar may start with `c` (followed by `next`) in block context.
fn plain_start(c: u8, next: Option<u8>) -> bool {
    match c {
        b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' | b'?' | b':' | b' ' | b'\n' => false,
        b'-' => !matches!(next, None | Some(b' ' | b'\n')),
        _ => true,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::yaml::parse::general;

    const SEEDS: &[&str] = &[
        "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations: {\n    sidecar.istio.io/status: '{\"a\":[\"b\"]}',\n\n    prometheus.io/port: \"15020\",\n  }\n  labels:\n    app: web # trailing comment\n    version: v1\nspec:\n  containers:\n  - name: app\n    image: \"docker.io/app:1.0\"\n    args:\n    - --port=80\n    - -v\n    ports:\n    - containerPort: 80\n      protocol: TCP\n  - name: proxy\n    env:\n    - name: X\n      value: |\n        line one\n\n        line three\n    - name: Y\n      value: |-\n        kept\n    - name: Z\n      value: |+\n        keep\n\n    resources: {}\n    securityContext:\n      runAsUser: 1337\n      privileged: false\n",
        "# leading comment\na:\n  - [1, 2.5, -3, 0x1F, yes, ~, 'q', \"d\\t\"]\n  - {k: v, n: 1e3, e: }\nb: 2001-12-14\nc: 'it''s'\nd: \"\\u00e9\\x41\"\ne:\n  f:\n    g: null\nh: plain text with spaces\ni: -1\n",
        "- a\n- - b\n  - c\n- k: v\n  l: w\n-\n  m: n\n- |2\n   indented\n- \"x\"\n",
        "key:\n  value on its own line\nother: 1\nlast:\n",
        "\"quoted key\": 1\n'single key': 2\n1: int key\ntrue: bool key\n1.5: float key\n",
        "---\na: 1\n",
        "--- # start\n- x\n",
    ];

    /// A small deterministic generator for mutations.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n.max(1)
        }
    }

    fn mutate(seed: &str, rng: &mut Lcg) -> String {
        const PIECES: &[&str] = &[
            " ", "  ", "\n", "- ", "-", ":", ": ", "#", " #", "'", "\"", "[", "]", "{", "}", ",",
            "|", "|-", "|+", ">", "a", "1", "\\", "?", "&a", "*a", "!", "%", "\n  ", "\n- ", "---",
            "...", "\t", "<<", "~", "é",
        ];
        let mut lines: Vec<String> = seed.lines().map(str::to_string).collect();
        for _ in 0..1 + rng.next(3) {
            let li = rng.next(lines.len());
            let line = lines[li].clone();
            match rng.next(6) {
                0 | 1 => {
                    let mut at = rng.next(line.len() + 1);
                    while !line.is_char_boundary(at) {
                        at -= 1;
                    }
                    lines[li] = format!(
                        "{}{}{}",
                        &line[..at],
                        PIECES[rng.next(PIECES.len())],
                        &line[at..]
                    );
                }
                2 if !line.is_empty() => {
                    let mut at = rng.next(line.len());
                    while !line.is_char_boundary(at) {
                        at -= 1;
                    }
                    let mut rest = line[at..].chars();
                    rest.next();
                    lines[li] = format!("{}{}", &line[..at], rest.as_str());
                }
                3 => lines[li] = format!("{}{line}", " ".repeat(1 + rng.next(3))),
                4 => {
                    let other = lines[rng.next(lines.len())].clone();
                    lines.insert(li, other);
                }
                _ => {
                    lines.remove(li);
                    if lines.is_empty() {
                        lines.push(String::new());
                    }
                }
            }
        }
        let mut out = lines.join("\n");
        out.push('\n');
        out
    }

    #[test]
    fn seeds_take_the_fast_path() {
        for seed in SEEDS {
            let fast = try_parse(seed);
            assert!(fast.is_some(), "fast path refused:\n{seed}");
            assert_eq!(fast, general(seed).ok(), "{seed}");
        }
    }

    /// Whatever the fast path accepts, the general path reads the same way.
    #[test]
    fn agrees_with_general_path_under_mutation() {
        let mut rng = Lcg(7);
        let (mut accepted, mut total) = (0, 0);
        for _ in 0..4000 {
            let doc = mutate(SEEDS[rng.next(SEEDS.len())], &mut rng);
            total += 1;
            if let Some(fast) = try_parse(&doc) {
                accepted += 1;
                match general(&doc) {
                    Ok(v) => assert_eq!(v, fast, "fast and general paths differ on {doc:?}"),
                    // Where saphyr-parser is stricter than libyaml, the fast path follows
                    // libyaml (checked against Go): indentation inside flow collections is
                    // free, `...`/`---` only mark documents at the start of a line, and a
                    // plain scalar may be or contain a lone `-` in a flow collection.
                    Err(e)
                        if (e.message.starts_with("invalid indentation")
                            && doc.contains(['{', '[']))
                            || (e.message == "unexpected end of plain scalar"
                                && (doc.contains("...") || doc.contains("---")))
                            || e.message.starts_with("plain scalar cannot start with '-'") => {}
                    Err(e) => {
                        panic!("fast path accepted what the general path rejects ({e}): {doc:?}")
                    }
                }
            }
        }
        assert!(
            accepted * 4 > total,
            "fast path accepted only {accepted} of {total}"
        );
    }
}
