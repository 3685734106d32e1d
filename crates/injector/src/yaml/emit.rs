//! The YAML text `sigs.k8s.io/yaml.Marshal` produces: the value goes to JSON, is re-read by
//! go-yaml v2 and written by go-yaml v2's libyaml-derived emitter (`yaml_emitter_*` in
//! `emitterc.go`) with its defaults: block style, indent 2, preferred width 80, unicode on.
//!
//! Only the emitter states that a JSON-shaped value can reach are implemented: block
//! mappings and sequences, `{}`/`[]` for empty collections, `? ` complex keys for keys that
//! are multi-line or longer than 128 bytes, and the five scalar styles' writers with their
//! line folding.

use serde_json::{Map, Value};

use super::float::push_go_g64;
use super::float::push_go_json_float;
use super::resolve::{is_base60_float, resolve_number_or_timestamp, resolve_plain, Resolved};
use super::sort::sort_entries;

/// go-yaml v2's preferred line width.
const BEST_WIDTH: usize = 80;
/// go-yaml v2's indentation step.
const BEST_INDENT: i32 = 2;
/// Longest scalar (in bytes) go-yaml v2 writes as a simple `key:`.
const MAX_SIMPLE_KEY: usize = 128;

/// Scalar styles go-yaml v2 can pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// Where a node sits (`emitter.*_context`).
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    root: bool,
    mapping: bool,
    simple_key: bool,
}

/// What `yaml_emitter_analyze_scalar` learns about a scalar.
#[derive(Debug, Clone, Copy)]
struct Analysis {
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

/// Writes `value` as the YAML document `sigs.k8s.io/yaml.Marshal` would produce.
pub fn to_string(value: &Value) -> String {
    let mut out = String::with_capacity(256);
    write_document(&mut out, value);
    out
}

/// Appends `value` as one YAML document (ending in a newline) to `out`.
pub fn write_document(out: &mut String, value: &Value) {
    let mut e = Emitter {
        out,
        column: 0,
        indent: -1,
        indents: Vec::new(),
        whitespace: true,
        indention: true,
        num: String::new(),
    };
    e.node(
        value,
        Ctx {
            root: true,
            ..Ctx::default()
        },
    );
    // DOCUMENT-END (implicit): just end the current line.
    e.write_indent();
}

struct Emitter<'o> {
    out: &'o mut String,
    column: usize,
    indent: i32,
    indents: Vec<i32>,
    whitespace: bool,
    indention: bool,
    /// Scratch buffer for number formatting.
    num: String,
}

impl Emitter<'_> {
    fn node(&mut self, value: &Value, ctx: Ctx) {
        match value {
            Value::Null => self.plain_token("null"),
            Value::Bool(true) => self.plain_token("true"),
            Value::Bool(false) => self.plain_token("false"),
            Value::Number(n) => self.number(n),
            Value::String(s) => self.string(s, ctx),
            Value::Array(items) if items.is_empty() => self.empty_flow("[]"),
            Value::Array(items) => self.block_sequence(items, ctx),
            Value::Object(map) if map.is_empty() => self.empty_flow("{}"),
            Value::Object(map) => self.block_mapping(map),
        }
    }

    /// A number goes through Go's JSON text and go-yaml v2's resolver: integers keep their
    /// digits, floats are re-formatted with `%g` (`1e+06`), integral floats become integers.
    fn number(&mut self, n: &serde_json::Number) {
        let mut text = std::mem::take(&mut self.num);
        text.clear();
        if let Some(i) = n.as_i64() {
            push_int(&mut text, i);
        } else if let Some(u) = n.as_u64() {
            push_uint(&mut text, u);
        } else if let Some(f) = n.as_f64() {
            let mut json = String::new();
            push_go_json_float(&mut json, f);
            match resolve_number_or_timestamp(&json, false) {
                Resolved::Int(i) => push_int(&mut text, i),
                Resolved::Uint(u) => push_uint(&mut text, u),
                Resolved::Float(f) => push_go_g64(&mut text, f),
                _ => text.push_str(&json),
            }
        }
        self.plain_token(&text);
        self.num = text;
    }

    /// A plain scalar known to need no quoting, folding or analysis (`null`, booleans,
    /// numbers): what the plain writer does for text without spaces or breaks.
    fn plain_token(&mut self, text: &str) {
        if !self.whitespace {
            self.put(' ');
        }
        self.out.push_str(text);
        self.column += text.len();
        self.whitespace = false;
        self.indention = false;
    }

    /// go-yaml v2's `stringv`: multi-line strings ask for a literal block, strings that would
    /// resolve to something else (or look like base-60 floats) ask for double quotes.
    fn string(&mut self, s: &str, ctx: Ctx) {
        self.string_analyzed(s, ctx, analyze(s));
    }

    fn string_analyzed(&mut self, s: &str, ctx: Ctx, analysis: Analysis) {
        let style = if s.contains('\n') {
            Style::Literal
        } else if resolve_plain(s) == Resolved::Str && !is_base60_float(s) {
            Style::Plain
        } else {
            Style::Double
        };
        self.scalar(s, style, ctx, analysis);
    }

    fn empty_flow(&mut self, brackets: &'static str) {
        let (open, close) = brackets.split_at(1);
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn block_sequence(&mut self, items: &[Value], ctx: Ctx) {
        self.increase_indent(false, ctx.mapping && !self.indention);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Ctx::default());
        }
        self.pop_indent();
    }

    fn block_mapping(&mut self, map: &Map<String, Value>) {
        self.increase_indent(false, false);
        let mut entries: Vec<(&str, &Value)> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
        sort_entries(&mut entries);
        for (key, value) in entries {
            self.write_indent();
            let analysis = analyze(key);
            let simple = key.len() <= MAX_SIMPLE_KEY && !analysis.multiline;
            let key_ctx = Ctx {
                mapping: true,
                simple_key: simple,
                ..Ctx::default()
            };
            if simple {
                self.string_analyzed(key, key_ctx, analysis);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.string_analyzed(key, key_ctx, analysis);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(
                value,
                Ctx {
                    mapping: true,
                    ..Ctx::default()
                },
            );
        }
        self.pop_indent();
    }

    /// `yaml_emitter_select_scalar_style` + `yaml_emitter_process_scalar` (never in a flow
    /// collection: the only flow collections written are empty).
    fn scalar(&mut self, value: &str, requested: Style, ctx: Ctx, a: Analysis) {
        let mut style = requested;
        if ctx.simple_key && a.multiline {
            style = Style::Double;
        }
        if style == Style::Plain && (!a.block_plain_allowed || (value.is_empty() && ctx.simple_key))
        {
            style = Style::Single;
        }
        if style == Style::Single && !a.single_quoted_allowed {
            style = Style::Double;
        }
        if style == Style::Literal && (!a.block_allowed || ctx.simple_key) {
            style = Style::Double;
        }
        let _ = a.flow_plain_allowed;
        self.increase_indent(true, false);
        let allow_breaks = !ctx.simple_key;
        match style {
            Style::Plain => self.write_plain(value, allow_breaks),
            Style::Single => self.write_single(value, allow_breaks),
            Style::Double => self.write_double(value, allow_breaks),
            Style::Literal => self.write_literal(value),
        }
        let _ = ctx.root;
        self.pop_indent();
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// `write_break`: a `\n` is a newline; other break characters are copied as they are.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, indicator: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        self.out.push_str(indicator);
        self.column += indicator.chars().count();
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let mut spaces = false;
        let mut breaks = false;
        let mut chars = value.chars().peekable();
        while let Some(c) = chars.next() {
            if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && chars.peek() != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let len = value.len();
        let mut iter = value.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if c == ' ' {
                let next_space = matches!(iter.peek(), Some((_, ' ')));
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < len
                    && !next_space
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        // go-yaml checks for a byte order mark at the start of the value, not at the
        // current character: a value starting with one has every character escaped.
        let starts_with_bom = value.starts_with('\u{FEFF}');
        let mut spaces = false;
        let len = value.len();
        let mut iter = value.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if !is_printable(c) || starts_with_bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\u{7}' => self.put('a'),
                    '\u{8}' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\u{b}' => self.put('v'),
                    '\u{c}' => self.put('f'),
                    '\r' => self.put('r'),
                    '\u{1b}' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{a0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    _ => {
                        let v = u32::from(c);
                        let (letter, width) = if v <= 0xFF {
                            ('x', 2)
                        } else if v <= 0xFFFF {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(letter);
                        for k in (0..width).rev() {
                            let digit = (v >> (k * 4)) & 0xF;
                            self.put(
                                char::from_digit(digit, 16).map_or('0', |d| d.to_ascii_uppercase()),
                            );
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < len {
                    self.write_indent();
                    if matches!(iter.peek(), Some((_, ' '))) {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints: an explicit indentation when the text starts with a space or a
        // break, then the chomping indicator.
        if value.starts_with(' ') || value.chars().next().is_some_and(is_break) {
            self.write_indicator("2", false, false, false);
        }
        let mut rev = value.chars().rev();
        let chomp = match rev.next() {
            None => Some("-"),
            Some(last) if !is_break(last) => Some("-"),
            Some(_) => match rev.next() {
                None => Some("+"),
                Some(prev) if is_break(prev) => Some("+"),
                Some(_) => None,
            },
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in value.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

fn push_int(out: &mut String, i: i64) {
    use std::fmt::Write as _;
    let _ = write!(out, "{i}");
}

fn push_uint(out: &mut String, u: u64) {
    use std::fmt::Write as _;
    let _ = write!(out, "{u}");
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's printable set: LF, 0x20–0x7E, U+00A0–U+D7FF, U+E000–U+FFFD except U+FEFF.
/// Characters outside the Basic Multilingual Plane are not printable.
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        && c != '\u{feff}'
}

/// `yaml_emitter_analyze_scalar`.
fn analyze(value: &str) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            flow_plain_allowed: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = false;
    let mut flow_indicators = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;

    if value.starts_with("---") || value.starts_with("...") {
        block_indicators = true;
        flow_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    let mut iter = value.chars().peekable();
    let mut first = true;
    while let Some(c) = iter.next() {
        let next = iter.peek().copied();
        let followed_by_whitespace = matches!(next, None | Some(' ' | '\t'));
        let last = next.is_none();
        if first {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                '?' | ':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                '-' if followed_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => flow_indicators = true,
                ':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                '#' if preceded_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        }
        if !is_printable(c) {
            special_characters = true;
        }
        if c == ' ' {
            if first {
                leading_space = true;
            }
            if last {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            if first {
                leading_break = true;
            }
            if last {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = matches!(c, ' ' | '\t' | '\0') || is_break(c);
        first = false;
    }

    let mut a = Analysis {
        multiline: line_breaks,
        flow_plain_allowed: true,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if flow_indicators {
        a.flow_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn check(cases: &[(&str, &str)], render: impl Fn(&str) -> String) {
        let mut failures = Vec::new();
        for (input, want) in cases {
            let got = render(input);
            if got != *want {
                failures.push(format!("{input:?}:\n got  {got:?}\n want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// JSON documents and the YAML `sigs.k8s.io/yaml.JSONToYAML` v1.6 writes for them,
    /// observed with Go: quoting styles, literal blocks and chomping, folding at 80 columns,
    /// `? ` keys, key order, empty collections.
    #[test]
    fn matches_json_to_yaml() {
        let cases: &[(&str, &str)] = &[
        ("{\"k\": \"true\"}", "k: \"true\"\n"),
        ("{\"a\": [{\"b\": \"true\"}]}", "a:\n- b: \"true\"\n"),
        ("{\"true\": 1}", "\"true\": 1\n"),
        ("{\"k\": \"yes\"}", "k: \"yes\"\n"),
        ("{\"a\": [{\"b\": \"yes\"}]}", "a:\n- b: \"yes\"\n"),
        ("{\"yes\": 1}", "\"yes\": 1\n"),
        ("{\"k\": \"y\"}", "k: \"y\"\n"),
        ("{\"a\": [{\"b\": \"y\"}]}", "a:\n- b: \"y\"\n"),
        ("{\"y\": 1}", "\"y\": 1\n"),
        ("{\"k\": \"Y\"}", "k: \"Y\"\n"),
        ("{\"a\": [{\"b\": \"Y\"}]}", "a:\n- b: \"Y\"\n"),
        ("{\"Y\": 1}", "\"Y\": 1\n"),
        ("{\"k\": \"n\"}", "k: \"n\"\n"),
        ("{\"a\": [{\"b\": \"n\"}]}", "a:\n- b: \"n\"\n"),
        ("{\"n\": 1}", "\"n\": 1\n"),
        ("{\"k\": \"on\"}", "k: \"on\"\n"),
        ("{\"a\": [{\"b\": \"on\"}]}", "a:\n- b: \"on\"\n"),
        ("{\"on\": 1}", "\"on\": 1\n"),
        ("{\"k\": \"off\"}", "k: \"off\"\n"),
        ("{\"a\": [{\"b\": \"off\"}]}", "a:\n- b: \"off\"\n"),
        ("{\"off\": 1}", "\"off\": 1\n"),
        ("{\"k\": \"null\"}", "k: \"null\"\n"),
        ("{\"a\": [{\"b\": \"null\"}]}", "a:\n- b: \"null\"\n"),
        ("{\"null\": 1}", "\"null\": 1\n"),
        ("{\"k\": \"~\"}", "k: \"~\"\n"),
        ("{\"a\": [{\"b\": \"~\"}]}", "a:\n- b: \"~\"\n"),
        ("{\"~\": 1}", "\"~\": 1\n"),
        ("{\"k\": \"0\"}", "k: \"0\"\n"),
        ("{\"a\": [{\"b\": \"0\"}]}", "a:\n- b: \"0\"\n"),
        ("{\"0\": 1}", "\"0\": 1\n"),
        ("{\"k\": \"-0\"}", "k: \"-0\"\n"),
        ("{\"a\": [{\"b\": \"-0\"}]}", "a:\n- b: \"-0\"\n"),
        ("{\"-0\": 1}", "\"-0\": 1\n"),
        ("{\"k\": \"1\"}", "k: \"1\"\n"),
        ("{\"a\": [{\"b\": \"1\"}]}", "a:\n- b: \"1\"\n"),
        ("{\"1\": 1}", "\"1\": 1\n"),
        ("{\"k\": \"007\"}", "k: \"007\"\n"),
        ("{\"a\": [{\"b\": \"007\"}]}", "a:\n- b: \"007\"\n"),
        ("{\"007\": 1}", "\"007\": 1\n"),
        ("{\"k\": \"08\"}", "k: \"08\"\n"),
        ("{\"a\": [{\"b\": \"08\"}]}", "a:\n- b: \"08\"\n"),
        ("{\"08\": 1}", "\"08\": 1\n"),
        ("{\"k\": \"0x1F\"}", "k: \"0x1F\"\n"),
        ("{\"a\": [{\"b\": \"0x1F\"}]}", "a:\n- b: \"0x1F\"\n"),
        ("{\"0x1F\": 1}", "\"0x1F\": 1\n"),
        ("{\"k\": \"1_000\"}", "k: \"1_000\"\n"),
        ("{\"a\": [{\"b\": \"1_000\"}]}", "a:\n- b: \"1_000\"\n"),
        ("{\"1_000\": 1}", "\"1_000\": 1\n"),
        ("{\"k\": \"1.5\"}", "k: \"1.5\"\n"),
        ("{\"a\": [{\"b\": \"1.5\"}]}", "a:\n- b: \"1.5\"\n"),
        ("{\"1.5\": 1}", "\"1.5\": 1\n"),
        ("{\"k\": \".5\"}", "k: \".5\"\n"),
        ("{\"a\": [{\"b\": \".5\"}]}", "a:\n- b: \".5\"\n"),
        ("{\".5\": 1}", "\".5\": 1\n"),
        ("{\"k\": \"1e5\"}", "k: \"1e5\"\n"),
        ("{\"a\": [{\"b\": \"1e5\"}]}", "a:\n- b: \"1e5\"\n"),
        ("{\"1e5\": 1}", "\"1e5\": 1\n"),
        ("{\"k\": \"1e400\"}", "k: 1e400\n"),
        ("{\"a\": [{\"b\": \"1e400\"}]}", "a:\n- b: 1e400\n"),
        ("{\"1e400\": 1}", "1e400: 1\n"),
        ("{\"k\": \".inf\"}", "k: \".inf\"\n"),
        ("{\"a\": [{\"b\": \".inf\"}]}", "a:\n- b: \".inf\"\n"),
        ("{\".inf\": 1}", "\".inf\": 1\n"),
        ("{\"k\": \".nan\"}", "k: \".nan\"\n"),
        ("{\"a\": [{\"b\": \".nan\"}]}", "a:\n- b: \".nan\"\n"),
        ("{\".nan\": 1}", "\".nan\": 1\n"),
        ("{\"k\": \"2001-12-14\"}", "k: \"2001-12-14\"\n"),
        ("{\"a\": [{\"b\": \"2001-12-14\"}]}", "a:\n- b: \"2001-12-14\"\n"),
        ("{\"2001-12-14\": 1}", "\"2001-12-14\": 1\n"),
        ("{\"k\": \"2001-02-30\"}", "k: 2001-02-30\n"),
        ("{\"a\": [{\"b\": \"2001-02-30\"}]}", "a:\n- b: 2001-02-30\n"),
        ("{\"2001-02-30\": 1}", "2001-02-30: 1\n"),
        ("{\"k\": \"1:20\"}", "k: \"1:20\"\n"),
        ("{\"a\": [{\"b\": \"1:20\"}]}", "a:\n- b: \"1:20\"\n"),
        ("{\"1:20\": 1}", "\"1:20\": 1\n"),
        ("{\"k\": \"190:20:30.15\"}", "k: \"190:20:30.15\"\n"),
        ("{\"a\": [{\"b\": \"190:20:30.15\"}]}", "a:\n- b: \"190:20:30.15\"\n"),
        ("{\"190:20:30.15\": 1}", "\"190:20:30.15\": 1\n"),
        ("{\"k\": \"8080:80\"}", "k: 8080:80\n"),
        ("{\"a\": [{\"b\": \"8080:80\"}]}", "a:\n- b: 8080:80\n"),
        ("{\"8080:80\": 1}", "8080:80: 1\n"),
        ("{\"k\": \"<<\"}", "k: <<\n"),
        ("{\"a\": [{\"b\": \"<<\"}]}", "a:\n- b: <<\n"),
        ("{\"<<\": 1}", "<<: 1\n"),
        ("{\"k\": \"=\"}", "k: =\n"),
        ("{\"a\": [{\"b\": \"=\"}]}", "a:\n- b: =\n"),
        ("{\"=\": 1}", "=: 1\n"),
        ("{\"k\": \"-\"}", "k: '-'\n"),
        ("{\"a\": [{\"b\": \"-\"}]}", "a:\n- b: '-'\n"),
        ("{\"-\": 1}", "'-': 1\n"),
        ("{\"k\": \"--\"}", "k: --\n"),
        ("{\"a\": [{\"b\": \"--\"}]}", "a:\n- b: --\n"),
        ("{\"--\": 1}", "--: 1\n"),
        ("{\"k\": \"---\"}", "k: '---'\n"),
        ("{\"a\": [{\"b\": \"---\"}]}", "a:\n- b: '---'\n"),
        ("{\"---\": 1}", "'---': 1\n"),
        ("{\"k\": \"...\"}", "k: '...'\n"),
        ("{\"a\": [{\"b\": \"...\"}]}", "a:\n- b: '...'\n"),
        ("{\"...\": 1}", "'...': 1\n"),
        ("{\"k\": \"a:b\"}", "k: a:b\n"),
        ("{\"a\": [{\"b\": \"a:b\"}]}", "a:\n- b: a:b\n"),
        ("{\"a:b\": 1}", "a:b: 1\n"),
        ("{\"k\": \"a: b\"}", "k: 'a: b'\n"),
        ("{\"a\": [{\"b\": \"a: b\"}]}", "a:\n- b: 'a: b'\n"),
        ("{\"a: b\": 1}", "'a: b': 1\n"),
        ("{\"k\": \"a#b\"}", "k: a#b\n"),
        ("{\"a\": [{\"b\": \"a#b\"}]}", "a:\n- b: a#b\n"),
        ("{\"a#b\": 1}", "a#b: 1\n"),
        ("{\"k\": \"a #b\"}", "k: 'a #b'\n"),
        ("{\"a\": [{\"b\": \"a #b\"}]}", "a:\n- b: 'a #b'\n"),
        ("{\"a #b\": 1}", "'a #b': 1\n"),
        ("{\"k\": \"#a\"}", "k: '#a'\n"),
        ("{\"a\": [{\"b\": \"#a\"}]}", "a:\n- b: '#a'\n"),
        ("{\"#a\": 1}", "'#a': 1\n"),
        ("{\"k\": \"*a\"}", "k: '*a'\n"),
        ("{\"a\": [{\"b\": \"*a\"}]}", "a:\n- b: '*a'\n"),
        ("{\"*a\": 1}", "'*a': 1\n"),
        ("{\"k\": \"&a\"}", "k: '&a'\n"),
        ("{\"a\": [{\"b\": \"&a\"}]}", "a:\n- b: '&a'\n"),
        ("{\"&a\": 1}", "'&a': 1\n"),
        ("{\"k\": \"!a\"}", "k: '!a'\n"),
        ("{\"a\": [{\"b\": \"!a\"}]}", "a:\n- b: '!a'\n"),
        ("{\"!a\": 1}", "'!a': 1\n"),
        ("{\"k\": \"|a\"}", "k: '|a'\n"),
        ("{\"a\": [{\"b\": \"|a\"}]}", "a:\n- b: '|a'\n"),
        ("{\"|a\": 1}", "'|a': 1\n"),
        ("{\"k\": \">a\"}", "k: '>a'\n"),
        ("{\"a\": [{\"b\": \">a\"}]}", "a:\n- b: '>a'\n"),
        ("{\">a\": 1}", "'>a': 1\n"),
        ("{\"k\": \"'a\"}", "k: '''a'\n"),
        ("{\"a\": [{\"b\": \"'a\"}]}", "a:\n- b: '''a'\n"),
        ("{\"'a\": 1}", "'''a': 1\n"),
        ("{\"k\": \"\\\"a\"}", "k: '\"a'\n"),
        ("{\"a\": [{\"b\": \"\\\"a\"}]}", "a:\n- b: '\"a'\n"),
        ("{\"\\\"a\": 1}", "'\"a': 1\n"),
        ("{\"k\": \"%a\"}", "k: '%a'\n"),
        ("{\"a\": [{\"b\": \"%a\"}]}", "a:\n- b: '%a'\n"),
        ("{\"%a\": 1}", "'%a': 1\n"),
        ("{\"k\": \"@a\"}", "k: '@a'\n"),
        ("{\"a\": [{\"b\": \"@a\"}]}", "a:\n- b: '@a'\n"),
        ("{\"@a\": 1}", "'@a': 1\n"),
        ("{\"k\": \"`a\"}", "k: '`a'\n"),
        ("{\"a\": [{\"b\": \"`a\"}]}", "a:\n- b: '`a'\n"),
        ("{\"`a\": 1}", "'`a': 1\n"),
        ("{\"k\": \"?a\"}", "k: ?a\n"),
        ("{\"a\": [{\"b\": \"?a\"}]}", "a:\n- b: ?a\n"),
        ("{\"?a\": 1}", "?a: 1\n"),
        ("{\"k\": \"? a\"}", "k: '? a'\n"),
        ("{\"a\": [{\"b\": \"? a\"}]}", "a:\n- b: '? a'\n"),
        ("{\"? a\": 1}", "'? a': 1\n"),
        ("{\"k\": \":a\"}", "k: :a\n"),
        ("{\"a\": [{\"b\": \":a\"}]}", "a:\n- b: :a\n"),
        ("{\":a\": 1}", ":a: 1\n"),
        ("{\"k\": \",a\"}", "k: ',a'\n"),
        ("{\"a\": [{\"b\": \",a\"}]}", "a:\n- b: ',a'\n"),
        ("{\",a\": 1}", "',a': 1\n"),
        ("{\"k\": \"[a\"}", "k: '[a'\n"),
        ("{\"a\": [{\"b\": \"[a\"}]}", "a:\n- b: '[a'\n"),
        ("{\"[a\": 1}", "'[a': 1\n"),
        ("{\"k\": \"a,\"}", "k: a,\n"),
        ("{\"a\": [{\"b\": \"a,\"}]}", "a:\n- b: a,\n"),
        ("{\"a,\": 1}", "a,: 1\n"),
        ("{\"k\": \"a?\"}", "k: a?\n"),
        ("{\"a\": [{\"b\": \"a?\"}]}", "a:\n- b: a?\n"),
        ("{\"a?\": 1}", "a?: 1\n"),
        ("{\"k\": \"a]\"}", "k: a]\n"),
        ("{\"a\": [{\"b\": \"a]\"}]}", "a:\n- b: a]\n"),
        ("{\"a]\": 1}", "a]: 1\n"),
        ("{\"k\": \"-a\"}", "k: -a\n"),
        ("{\"a\": [{\"b\": \"-a\"}]}", "a:\n- b: -a\n"),
        ("{\"-a\": 1}", "-a: 1\n"),
        ("{\"k\": \"- a\"}", "k: '- a'\n"),
        ("{\"a\": [{\"b\": \"- a\"}]}", "a:\n- b: '- a'\n"),
        ("{\"- a\": 1}", "'- a': 1\n"),
        ("{\"k\": \"a'\"}", "k: a'\n"),
        ("{\"a\": [{\"b\": \"a'\"}]}", "a:\n- b: a'\n"),
        ("{\"a'\": 1}", "a': 1\n"),
        ("{\"k\": \"\"}", "k: \"\"\n"),
        ("{\"a\": [{\"b\": \"\"}]}", "a:\n- b: \"\"\n"),
        ("{\"\": 1}", "\"\": 1\n"),
        ("{\"k\": \" \"}", "k: ' '\n"),
        ("{\"a\": [{\"b\": \" \"}]}", "a:\n- b: ' '\n"),
        ("{\" \": 1}", "' ': 1\n"),
        ("{\"k\": \"  a\"}", "k: '  a'\n"),
        ("{\"a\": [{\"b\": \"  a\"}]}", "a:\n- b: '  a'\n"),
        ("{\"  a\": 1}", "'  a': 1\n"),
        ("{\"k\": \"a \"}", "k: 'a '\n"),
        ("{\"a\": [{\"b\": \"a \"}]}", "a:\n- b: 'a '\n"),
        ("{\"a \": 1}", "'a ': 1\n"),
        ("{\"k\": \"a  b\"}", "k: a  b\n"),
        ("{\"a\": [{\"b\": \"a  b\"}]}", "a:\n- b: a  b\n"),
        ("{\"a  b\": 1}", "a  b: 1\n"),
        ("{\"k\": \"\\t\"}", "k: \"\\t\"\n"),
        ("{\"a\": [{\"b\": \"\\t\"}]}", "a:\n- b: \"\\t\"\n"),
        ("{\"\\t\": 1}", "\"\\t\": 1\n"),
        ("{\"k\": \"a\\tb\"}", "k: \"a\\tb\"\n"),
        ("{\"a\": [{\"b\": \"a\\tb\"}]}", "a:\n- b: \"a\\tb\"\n"),
        ("{\"a\\tb\": 1}", "\"a\\tb\": 1\n"),
        ("{\"k\": \"a\\nb\"}", "k: |-\n  a\n  b\n"),
        ("{\"a\": [{\"b\": \"a\\nb\"}]}", "a:\n- b: |-\n    a\n    b\n"),
        ("{\"a\\nb\": 1}", "? |-\n  a\n  b\n: 1\n"),
        ("{\"k\": \"a\\n\"}", "k: |\n  a\n"),
        ("{\"a\": [{\"b\": \"a\\n\"}]}", "a:\n- b: |\n    a\n"),
        ("{\"a\\n\": 1}", "? |\n  a\n: 1\n"),
        ("{\"k\": \"a\\n\\n\"}", "k: |+\n  a\n\n"),
        ("{\"a\": [{\"b\": \"a\\n\\n\"}]}", "a:\n- b: |+\n    a\n\n"),
        ("{\"a\\n\\n\": 1}", "? |+\n  a\n\n: 1\n"),
        ("{\"k\": \"\\n\"}", "k: |2+\n\n"),
        ("{\"a\": [{\"b\": \"\\n\"}]}", "a:\n- b: |2+\n\n"),
        ("{\"\\n\": 1}", "? |2+\n\n: 1\n"),
        ("{\"k\": \"\\n\\n\"}", "k: |2+\n\n\n"),
        ("{\"a\": [{\"b\": \"\\n\\n\"}]}", "a:\n- b: |2+\n\n\n"),
        ("{\"\\n\\n\": 1}", "? |2+\n\n\n: 1\n"),
        ("{\"k\": \"\\na\"}", "k: |2-\n\n  a\n"),
        ("{\"a\": [{\"b\": \"\\na\"}]}", "a:\n- b: |2-\n\n    a\n"),
        ("{\"\\na\": 1}", "? |2-\n\n  a\n: 1\n"),
        ("{\"k\": \" a\\nb\"}", "k: |2-\n   a\n  b\n"),
        ("{\"a\": [{\"b\": \" a\\nb\"}]}", "a:\n- b: |2-\n     a\n    b\n"),
        ("{\" a\\nb\": 1}", "? |2-\n   a\n  b\n: 1\n"),
        ("{\"k\": \"a \\nb\"}", "k: \"a \\nb\"\n"),
        ("{\"a\": [{\"b\": \"a \\nb\"}]}", "a:\n- b: \"a \\nb\"\n"),
        ("{\"a \\nb\": 1}", "? \"a \\nb\"\n: 1\n"),
        ("{\"k\": \"a\\n b\"}", "k: |-\n  a\n   b\n"),
        ("{\"a\": [{\"b\": \"a\\n b\"}]}", "a:\n- b: |-\n    a\n     b\n"),
        ("{\"a\\n b\": 1}", "? |-\n  a\n   b\n: 1\n"),
        ("{\"k\": \"a\\r\\nb\"}", "k: \"a\\r\\nb\"\n"),
        ("{\"a\": [{\"b\": \"a\\r\\nb\"}]}", "a:\n- b: \"a\\r\\nb\"\n"),
        ("{\"a\\r\\nb\": 1}", "? \"a\\r\\nb\"\n: 1\n"),
        ("{\"k\": \"a\\rb\"}", "k: \"a\\rb\"\n"),
        ("{\"a\": [{\"b\": \"a\\rb\"}]}", "a:\n- b: \"a\\rb\"\n"),
        ("{\"a\\rb\": 1}", "? \"a\\rb\"\n: 1\n"),
        ("{\"k\": \"x\u{2028}y\"}", "k: 'x\u{2028}  y'\n"),
        ("{\"a\": [{\"b\": \"x\u{2028}y\"}]}", "a:\n- b: 'x\u{2028}    y'\n"),
        ("{\"k\": \"é中\"}", "k: é中\n"),
        ("{\"a\": [{\"b\": \"é中\"}]}", "a:\n- b: é中\n"),
        ("{\"é中\": 1}", "é中: 1\n"),
        ("{\"k\": \"emoji \u{1f600}\"}", "k: \"emoji \\U0001F600\"\n"),
        ("{\"a\": [{\"b\": \"emoji \u{1f600}\"}]}", "a:\n- b: \"emoji \\U0001F600\"\n"),
        ("{\"emoji \u{1f600}\": 1}", "\"emoji \\U0001F600\": 1\n"),
        ("{\"k\": \"\u{feff}bom\"}", "k: \"\\uFEFF\\x62\\x6F\\x6D\"\n"),
        ("{\"a\": [{\"b\": \"\u{feff}bom\"}]}", "a:\n- b: \"\\uFEFF\\x62\\x6F\\x6D\"\n"),
        ("{\"\u{feff}bom\": 1}", "\"\\uFEFF\\x62\\x6F\\x6D\": 1\n"),
        ("{\"k\": \"mid\u{feff}bom\"}", "k: \"mid\\uFEFFbom\"\n"),
        ("{\"a\": [{\"b\": \"mid\u{feff}bom\"}]}", "a:\n- b: \"mid\\uFEFFbom\"\n"),
        ("{\"mid\u{feff}bom\": 1}", "\"mid\\uFEFFbom\": 1\n"),
        ("{\"k\": \"\u{a0}nbsp\"}", "k: \u{a0}nbsp\n"),
        ("{\"a\": [{\"b\": \"\u{a0}nbsp\"}]}", "a:\n- b: \u{a0}nbsp\n"),
        ("{\"\u{a0}nbsp\": 1}", "\u{a0}nbsp: 1\n"),
        ("{\"k\": \"ctl\\u0001x\"}", "k: \"ctl\\x01x\"\n"),
        ("{\"a\": [{\"b\": \"ctl\\u0001x\"}]}", "a:\n- b: \"ctl\\x01x\"\n"),
        ("{\"ctl\\u0001x\": 1}", "\"ctl\\x01x\": 1\n"),
        ("{\"k\": \"back\\\\slash\"}", "k: back\\slash\n"),
        ("{\"a\": [{\"b\": \"back\\\\slash\"}]}", "a:\n- b: back\\slash\n"),
        ("{\"back\\\\slash\": 1}", "back\\slash: 1\n"),
        ("{\"k\": \"quo\\\"te\"}", "k: quo\"te\n"),
        ("{\"a\": [{\"b\": \"quo\\\"te\"}]}", "a:\n- b: quo\"te\n"),
        ("{\"quo\\\"te\": 1}", "quo\"te: 1\n"),
        ("{\"k\": \"ap'os\"}", "k: ap'os\n"),
        ("{\"a\": [{\"b\": \"ap'os\"}]}", "a:\n- b: ap'os\n"),
        ("{\"ap'os\": 1}", "ap'os: 1\n"),
        ("{\"k\": \"'\"}", "k: ''''\n"),
        ("{\"a\": [{\"b\": \"'\"}]}", "a:\n- b: ''''\n"),
        ("{\"'\": 1}", "'''': 1\n"),
        ("{\"k\": \"a'b'c\"}", "k: a'b'c\n"),
        ("{\"a\": [{\"b\": \"a'b'c\"}]}", "a:\n- b: a'b'c\n"),
        ("{\"a'b'c\": 1}", "a'b'c: 1\n"),
        ("{\"k\": \"word word word word word word word word word word word word word word word word word word word word \"}", "k: 'word word word word word word word word word word word word word word word word\n  word word word word '\n"),
        ("{\"a\": [{\"b\": \"word word word word word word word word word word word word word word word word word word word word \"}]}", "a:\n- b: 'word word word word word word word word word word word word word word word word\n    word word word word '\n"),
        ("{\"word word word word word word word word word word word word word word word word word word word word \": 1}", "'word word word word word word word word word word word word word word word word word word word word ': 1\n"),
        ("{\"k\": \"word word word word word word word word word word word word word word word x\"}", "k: word word word word word word word word word word word word word word word x\n"),
        ("{\"a\": [{\"b\": \"word word word word word word word word word word word word word word word x\"}]}", "a:\n- b: word word word word word word word word word word word word word word word x\n"),
        ("{\"word word word word word word word word word word word word word word word x\": 1}", "word word word word word word word word word word word word word word word x: 1\n"),
        ("{\"k\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}", "k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"),
        ("{\"a\": [{\"b\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}]}", "a:\n- b: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"),
        ("{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": 1}", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: 1\n"),
        ("{\"k\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y z\"}", "k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n  y z\n"),
        ("{\"a\": [{\"b\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y z\"}]}", "a:\n- b: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n    y z\n"),
        ("{\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y z\": 1}", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y z: 1\n"),
        ("{\"k\": \"'q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q \"}", "k: '''q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q\n  q q q q q q q q q q q q '\n"),
        ("{\"a\": [{\"b\": \"'q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q \"}]}", "a:\n- b: '''q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q\n    q q q q q q q q q q q q q '\n"),
        ("{\"'q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q \": 1}", "'''q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q q ': 1\n"),
        ("{\"k\": \"\\\"d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d \\t\"}", "k: \"\\\"d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d\n  d d d d d d d d d d d d \\t\"\n"),
        ("{\"a\": [{\"b\": \"\\\"d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d \\t\"}]}", "a:\n- b: \"\\\"d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d\n    d d d d d d d d d d d d d \\t\"\n"),
        ("{\"\\\"d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d \\t\": 1}", "\"\\\"d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d d \\t\": 1\n"),
        ("{\"k\": \"lead  two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces \"}", "k: 'lead  two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces\n  two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces '\n"),
        ("{\"a\": [{\"b\": \"lead  two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces \"}]}", "a:\n- b: 'lead  two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces\n    two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces '\n"),
        ("{\"lead  two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces \": 1}", "? 'lead  two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces two  spaces\n  two  spaces two  spaces two  spaces two  spaces two  spaces '\n: 1\n"),
        ("{\"k\": \"multi\\nline long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long \\nend\"}", "k: \"multi\\nline long long long long long long long long long long long long long long\n  long long long long long long long long long long long long long long long long\n  \\nend\"\n"),
        ("{\"a\": [{\"b\": \"multi\\nline long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long \\nend\"}]}", "a:\n- b: \"multi\\nline long long long long long long long long long long long long long\n    long long long long long long long long long long long long long long long long\n    long \\nend\"\n"),
        ("{\"multi\\nline long long long long long long long long long long long long long long long long long long long long long long long long long long long long long long \\nend\": 1}", "? \"multi\\nline long long long long long long long long long long long long long long\n  long long long long long long long long long long long long long long long long\n  \\nend\"\n: 1\n"),
        ("{\"k\": \"tab\\tand s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s \"}", "k: \"tab\\tand s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s\n  s s s s s s s s s s s s s s s \"\n"),
        ("{\"a\": [{\"b\": \"tab\\tand s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s \"}]}", "a:\n- b: \"tab\\tand s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s\n    s s s s s s s s s s s s s s s s \"\n"),
        ("{\"tab\\tand s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s \": 1}", "\"tab\\tand s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s \": 1\n"),
        ("{\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\": 1, \"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\": 2}", "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: 2\n? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n: 1\n"),
        ("{\"x\": {\"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\": [1, {\"z\": \"w\"}]}}", "x:\n  ? yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n  : - 1\n    - z: w\n"),
        ("{\"a\\nb\": [1]}", "? |-\n  a\n  b\n: - 1\n"),
        ("{\"b\": 0, \"a\": 0, \"B\": 0, \"A\": 0, \"a1\": 0, \"a10\": 0, \"a2\": 0, \"x-y\": 0, \"x_y\": 0, \"x.y\": 0, \"xy\": 0, \"1\": 0, \"10\": 0, \"2\": 0, \"_a\": 0, \"-a\": 0, \"é\": 0, \"z\": 0, \"Z\": 0, \"version10\": 0, \"version9\": 0, \"v1beta1\": 0, \"v1alpha2\": 0, \"v10\": 0}", "-a: 0\n_a: 0\n\"1\": 0\n\"2\": 0\n\"10\": 0\nA: 0\nB: 0\nZ: 0\na: 0\na1: 0\na2: 0\na10: 0\nb: 0\nv10: 0\nv1alpha2: 0\nv1beta1: 0\nversion9: 0\nversion10: 0\nx-y: 0\nx.y: 0\nx_y: 0\nxy: 0\nz: 0\né: 0\n"),
        ("{}", "{}\n"),
        ("[]", "[]\n"),
        ("null", "null\n"),
        ("true", "true\n"),
        ("\"s\"", "s\n"),
        ("{\"a\": {}, \"b\": [], \"c\": [[]], \"d\": [{}], \"e\": null, \"f\": [null, true, false]}", "a: {}\nb: []\nc:\n- []\nd:\n- {}\ne: null\nf:\n- null\n- true\n- false\n"),
        ("[[1, [2, []]], {\"a\": [1]}, [{\"b\": {\"c\": [{}]}}]]", "- - 1\n  - - 2\n    - []\n- a:\n  - 1\n- - b:\n      c:\n      - {}\n"),
        ("{\"n\": 1, \"m\": -9223372036854775808, \"u\": 18446744073709551615, \"f\": 1.5, \"g\": 1234567.5, \"h\": 0.00001, \"i\": 1e21}", "f: 1.5\ng: 1.2345675e+06\nh: 1e-05\ni: 1e+21\nm: -9223372036854775808\n\"n\": 1\nu: 18446744073709551615\n"),
        ];
        check(cases, |json| {
            to_string(&serde_json::from_str(json).unwrap())
        });
    }

    /// YAML documents and what `YAMLToJSON` followed by `JSONToYAML` gives for them: how
    /// floats come back (`1e+06` forms, integral floats as integers, 32-bit float keys).
    #[test]
    fn matches_yaml_round_trip_numbers() {
        let cases: &[(&str, &str)] = &[
            ("v: 1e6\n", "v: 1000000\n"),
            ("v: 1.5e6\n", "v: 1500000\n"),
            ("v: 1234567.5\n", "v: 1.2345675e+06\n"),
            ("v: 123456.7\n", "v: 123456.7\n"),
            ("v: 0.0001\n", "v: 0.0001\n"),
            ("v: 0.00001\n", "v: 1e-05\n"),
            ("v: 1e-7\n", "v: 1e-07\n"),
            ("v: 1e21\n", "v: 1e+21\n"),
            ("v: 1e20\n", "v: 1e+20\n"),
            ("v: 1e19\n", "v: 10000000000000000000\n"),
            ("v: 1.0\n", "v: 1\n"),
            ("v: -0.0\n", "v: 0\n"),
            ("v: 12345678901234567890\n", "v: 12345678901234567890\n"),
            ("v: 1e300\n", "v: 1e+300\n"),
            ("v: 0.30000000000000004\n", "v: 0.30000000000000004\n"),
            ("v: 5e-324\n", "v: 5e-324\n"),
            ("v: 999999.9\n", "v: 999999.9\n"),
            ("v: 017\n", "v: 15\n"),
            ("v: 08\n", "v: 8\n"),
            ("1.5: a\n1e6: b\n", "\"1.5\": a\n\"1e+06\": b\n"),
        ];
        check(cases, |yaml| {
            to_string(&crate::yaml::from_str(yaml).unwrap())
        });
    }

    #[test]
    fn document_ends_with_one_newline() {
        assert_eq!(to_string(&serde_json::json!({"a": "x\n"})), "a: |\n  x\n");
        assert_eq!(to_string(&serde_json::json!("x")), "x\n");
        let mut out = String::from("head\n");
        write_document(&mut out, &serde_json::json!([1]));
        assert_eq!(out, "head\n- 1\n");
    }
}
