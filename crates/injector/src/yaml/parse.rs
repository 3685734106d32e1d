//! `sigs.k8s.io/yaml.YAMLToJSON` as a `serde_json::Value`: go-yaml v2's `Unmarshal` into
//! `interface{}` (first document only, YAML 1.1 scalar resolution, merge keys, aliases)
//! followed by sigs.k8s.io/yaml's `convertToJSONableObject` (map keys to strings).
//!
//! Tokenizing and event parsing are done by `saphyr-parser`; this module builds the node
//! tree (anchors are node indices) and decodes it with go-yaml v2's rules.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::{Map, Number, Value};

use super::float::push_go_g32;
use super::resolve::{resolve_number_or_timestamp, resolve_plain, Resolved};
use super::YamlError;

/// Nesting limit. go-yaml v2 allows 10000 levels; decoding recurses per level, so the limit
/// here is what a 2 MiB thread stack handles with room to spare (saphyr-parser itself stops
/// flow collections at a similar depth). Real Kubernetes objects nest a few dozen levels.
const MAX_DEPTH: usize = 256;

const TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// Parses the first YAML document of `input` into the JSON value `sigs.k8s.io/yaml` would
/// produce. An empty input (or one holding only comments) yields `Value::Null`.
///
/// # Errors
/// Syntax errors, unknown anchors, invalid merges, unsupported map keys (null, collections,
/// integers above `i64::MAX`), explicit tags that do not fit their value, and NaN/infinite
/// floats (which JSON cannot hold) are reported with the line and column of the offending
/// node.
pub fn from_str(input: &str) -> Result<Value, YamlError> {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    check_characters(input)?;
    let tree = build(input)?;
    let Some(root) = tree.root else {
        return Ok(Value::Null);
    };
    let mut d = Decoder {
        nodes: &tree.nodes,
        texts: tree.texts,
        active_aliases: Vec::new(),
        decode_count: 0,
        alias_count: 0,
        alias_depth: 0,
    };
    d.value(root)
}

#[derive(Debug)]
enum Kind {
    Scalar {
        /// Index into the tree's texts.
        text: usize,
        plain: bool,
        tag: Option<String>,
    },
    Seq(Vec<usize>),
    Map(Vec<usize>),
    Alias(usize),
}

#[derive(Debug)]
struct Node {
    kind: Kind,
    /// Carries an anchor, so aliases may decode it again.
    shared: bool,
    line: usize,
    column: usize,
}

struct Tree<'a> {
    nodes: Vec<Node>,
    texts: Vec<Cow<'a, str>>,
    root: Option<usize>,
}

fn err_at(span: &Span, message: impl Into<String>) -> YamlError {
    YamlError {
        line: span.start.line(),
        column: span.start.col() + 1,
        message: message.into(),
    }
}

fn node_err(node: &Node, message: impl Into<String>) -> YamlError {
    YamlError {
        line: node.line,
        column: node.column,
        message: message.into(),
    }
}

fn tag_string(tag: Option<std::borrow::Cow<'_, saphyr_parser::Tag>>) -> Option<String> {
    tag.map(|t| {
        let mut s = String::with_capacity(t.handle.len() + t.suffix.len());
        s.push_str(&t.handle);
        s.push_str(&t.suffix);
        s
    })
}

/// Reads the events of the first document into a node arena.
fn build(input: &str) -> Result<Tree<'_>, YamlError> {
    let mut parser = Parser::new_from_str(input);
    let mut nodes: Vec<Node> = Vec::new();
    let mut texts: Vec<Cow<'_, str>> = Vec::new();
    let mut cursor = CharCursor::default();
    let mut anchors: HashMap<usize, usize> = HashMap::new();
    // Open collections: (node index, children so far).
    let mut stack: Vec<(usize, Vec<usize>)> = Vec::new();
    // Open collections that carry an anchor: everything inside them may be decoded again.
    let mut anchored_open: Vec<usize> = Vec::new();
    let mut root = None;
    let mut in_document = false;
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                return Err(YamlError {
                    line: e.marker().line(),
                    column: e.marker().col() + 1,
                    message: e.info().to_string(),
                })
            }
        };
        let new_node = match event {
            Event::StreamStart | Event::Nothing => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                in_document = true;
                continue;
            }
            Event::DocumentEnd => {
                if in_document {
                    break;
                }
                continue;
            }
            Event::Alias(id) => {
                let target = *anchors
                    .get(&id)
                    .ok_or_else(|| err_at(&span, "unknown anchor referenced"))?;
                Some(Kind::Alias(target))
            }
            Event::Scalar(value, style, anchor, tag) => {
                if style == ScalarStyle::DoubleQuoted && value.contains('/') {
                    check_no_slash_escape(input, &mut cursor, &span)?;
                }
                let idx = nodes.len();
                texts.push(value);
                nodes.push(Node {
                    kind: Kind::Scalar {
                        text: texts.len() - 1,
                        plain: style == ScalarStyle::Plain,
                        tag: tag_string(tag),
                    },
                    shared: anchor != 0 || !anchored_open.is_empty(),
                    line: span.start.line(),
                    column: span.start.col() + 1,
                });
                if anchor != 0 {
                    anchors.insert(anchor, idx);
                }
                attach(&mut stack, &mut root, idx);
                None
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(err_at(&span, format!("exceeded max depth of {MAX_DEPTH}")));
                }
                let idx = nodes.len();
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    Kind::Seq(Vec::new())
                } else {
                    Kind::Map(Vec::new())
                };
                nodes.push(Node {
                    kind,
                    shared: anchor != 0 || !anchored_open.is_empty(),
                    line: span.start.line(),
                    column: span.start.col() + 1,
                });
                if anchor != 0 {
                    anchors.insert(anchor, idx);
                    anchored_open.push(idx);
                }
                stack.push((idx, Vec::new()));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((idx, children)) = stack.pop() {
                    if anchored_open.last() == Some(&idx) {
                        anchored_open.pop();
                    }
                    match &mut nodes[idx].kind {
                        Kind::Seq(c) | Kind::Map(c) => *c = children,
                        _ => {}
                    }
                    attach(&mut stack, &mut root, idx);
                }
                None
            }
        };
        if let Some(kind) = new_node {
            let idx = nodes.len();
            nodes.push(Node {
                kind,
                shared: false,
                line: span.start.line(),
                column: span.start.col() + 1,
            });
            attach(&mut stack, &mut root, idx);
        }
    }
    Ok(Tree { nodes, texts, root })
}

/// libyaml's reader accepts only printable characters (tab, line breaks, U+0020–U+007E,
/// U+0085, U+00A0–U+D7FF, U+E000–U+FFFD and beyond the BMP).
fn check_characters(input: &str) -> Result<(), YamlError> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}')
            || ('\u{e000}'..='\u{fffd}').contains(&c)
            || c >= '\u{10000}'
    };
    if input.chars().all(allowed) {
        return Ok(());
    }
    let (mut line, mut column) = (1, 1);
    for c in input.chars() {
        if !allowed(c) {
            return Err(YamlError {
                line,
                column,
                message: "control characters are not allowed".to_string(),
            });
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    Ok(())
}

/// Maps the parser's character indices to byte offsets, moving forward from the last
/// position asked for.
#[derive(Default)]
struct CharCursor {
    chars: usize,
    bytes: usize,
}

impl CharCursor {
    fn byte_offset(&mut self, input: &str, char_index: usize) -> Option<usize> {
        if char_index < self.chars {
            *self = CharCursor::default();
        }
        let (i, _) = input[self.bytes..]
            .char_indices()
            .nth(char_index - self.chars)?;
        self.bytes += i;
        self.chars = char_index;
        Some(self.bytes)
    }
}

/// libyaml (unlike YAML 1.2) has no `\/` escape in double-quoted scalars.
fn check_no_slash_escape(
    input: &str,
    cursor: &mut CharCursor,
    span: &Span,
) -> Result<(), YamlError> {
    // Marker indices count characters.
    let Some(start) = cursor.byte_offset(input, span.start.index()) else {
        return Ok(());
    };
    let rest = &input[start..];
    let Some(open) = rest.find('"') else {
        return Ok(());
    };
    let mut chars = rest[open + 1..].chars();
    while let Some(c) = chars.next() {
        if c == '"' {
            break;
        }
        if c == '\\' && chars.next() == Some('/') {
            return Err(err_at(span, "found unknown escape character"));
        }
    }
    Ok(())
}

fn attach(stack: &mut [(usize, Vec<usize>)], root: &mut Option<usize>, idx: usize) {
    match stack.last_mut() {
        Some((_, children)) => children.push(idx),
        None => {
            if root.is_none() {
                *root = Some(idx);
            }
        }
    }
}

/// A decoded scalar, before it becomes JSON.
enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
}

struct Decoder<'n, 'a> {
    nodes: &'n [Node],
    texts: Vec<Cow<'a, str>>,
    active_aliases: Vec<usize>,
    decode_count: usize,
    alias_count: usize,
    alias_depth: usize,
}

/// go-yaml v2's `allowedAliasRatio`.
fn allowed_alias_ratio(decode_count: usize) -> f64 {
    const LOW: usize = 400_000;
    const HIGH: usize = 4_000_000;
    if decode_count <= LOW {
        0.99
    } else if decode_count >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((decode_count - LOW) as f64 / (HIGH - LOW) as f64)
    }
}

impl Decoder<'_, '_> {
    fn count(&mut self, node: &Node) -> Result<(), YamlError> {
        self.decode_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        if self.alias_count > 100
            && self.decode_count > 1000
            && self.alias_count as f64 / self.decode_count as f64
                > allowed_alias_ratio(self.decode_count)
        {
            return Err(node_err(node, "document contains excessive aliasing"));
        }
        Ok(())
    }

    /// Follows an alias, refusing one that refers to a node containing it.
    fn enter_alias(&mut self, alias: usize, node: &Node) -> Result<(), YamlError> {
        if self.active_aliases.contains(&alias) {
            return Err(node_err(node, "anchor value contains itself"));
        }
        self.active_aliases.push(alias);
        self.alias_depth += 1;
        Ok(())
    }

    fn leave_alias(&mut self) {
        self.active_aliases.pop();
        self.alias_depth -= 1;
    }

    fn value(&mut self, idx: usize) -> Result<Value, YamlError> {
        let nodes = self.nodes;
        let node = &nodes[idx];
        self.count(node)?;
        match &node.kind {
            Kind::Alias(target) => {
                self.enter_alias(idx, node)?;
                let v = self.value(*target);
                self.leave_alias();
                v
            }
            Kind::Scalar { .. } => match self.scalar(node)? {
                Scalar::Null => Ok(Value::Null),
                Scalar::Bool(b) => Ok(Value::Bool(b)),
                Scalar::Int(i) => Ok(Value::from(i)),
                Scalar::Uint(u) => Ok(Value::from(u)),
                Scalar::Float(f) => Number::from_f64(f).map(Value::Number).ok_or_else(|| {
                    let what = if f.is_nan() {
                        "NaN"
                    } else if f > 0.0 {
                        "+Inf"
                    } else {
                        "-Inf"
                    };
                    node_err(node, format!("json: unsupported value: {what}"))
                }),
                Scalar::Str(s) => Ok(Value::String(s)),
            },
            Kind::Seq(children) => {
                let mut out = Vec::with_capacity(children.len());
                for &c in children {
                    out.push(self.value(c)?);
                }
                Ok(Value::Array(out))
            }
            Kind::Map(_) => {
                let mut map = Map::new();
                self.mapping_into(idx, &mut map)?;
                Ok(Value::Object(map))
            }
        }
    }

    /// Decodes a mapping (or an alias of one) into `out`; later keys overwrite earlier ones,
    /// merged mappings overwrite what precedes the `<<` key.
    fn mapping_into(&mut self, idx: usize, out: &mut Map<String, Value>) -> Result<(), YamlError> {
        let nodes = self.nodes;
        let node = &nodes[idx];
        match &node.kind {
            Kind::Alias(target) => {
                self.count(node)?;
                self.enter_alias(idx, node)?;
                let r = self.mapping_into(*target, out);
                self.leave_alias();
                r
            }
            Kind::Map(children) => {
                for pair in children.chunks(2) {
                    let (k, v) = match pair {
                        [k, v] => (*k, *v),
                        _ => break,
                    };
                    if is_merge_key(&nodes[k], &self.texts) {
                        self.merge(v, out)?;
                        continue;
                    }
                    let key = self.key(k)?;
                    let value = self.value(v)?;
                    out.insert(key, value);
                }
                Ok(())
            }
            _ => Err(node_err(
                node,
                "map merge requires map or sequence of maps as the value",
            )),
        }
    }

    fn merge(&mut self, idx: usize, out: &mut Map<String, Value>) -> Result<(), YamlError> {
        let nodes = self.nodes;
        let node = &nodes[idx];
        let want_map = || {
            node_err(
                node,
                "map merge requires map or sequence of maps as the value",
            )
        };
        match &node.kind {
            Kind::Map(_) => {
                self.count(node)?;
                self.mapping_into(idx, out)
            }
            Kind::Alias(target) => {
                if !matches!(nodes[*target].kind, Kind::Map(_)) {
                    return Err(want_map());
                }
                self.count(node)?;
                self.mapping_into(idx, out)
            }
            Kind::Seq(children) => {
                // Earlier mappings take precedence, so apply them last.
                for &c in children.iter().rev() {
                    let ok = match &nodes[c].kind {
                        Kind::Map(_) => true,
                        Kind::Alias(t) => matches!(nodes[*t].kind, Kind::Map(_)),
                        _ => false,
                    };
                    if !ok {
                        return Err(want_map());
                    }
                    self.count(&nodes[c])?;
                    self.mapping_into(c, out)?;
                }
                Ok(())
            }
            Kind::Scalar { .. } => Err(want_map()),
        }
    }

    /// A map key as sigs.k8s.io/yaml turns it into a JSON object key.
    fn key(&mut self, idx: usize) -> Result<String, YamlError> {
        let nodes = self.nodes;
        let mut node = &nodes[idx];
        self.count(node)?;
        // Keys that are aliases of scalars are followed.
        let mut hops = 0;
        while let Kind::Alias(target) = node.kind {
            node = &nodes[target];
            hops += 1;
            if hops > nodes.len() {
                return Err(node_err(node, "anchor value contains itself"));
            }
        }
        match &node.kind {
            Kind::Scalar { .. } => {}
            _ => return Err(node_err(&nodes[idx], "invalid map key: a collection")),
        }
        Ok(match self.scalar(node)? {
            Scalar::Str(s) => s,
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => {
                let mut s = String::new();
                push_go_g32(&mut s, f);
                match s.as_str() {
                    "+Inf" => ".inf".to_string(),
                    "-Inf" => "-.inf".to_string(),
                    "NaN" => ".nan".to_string(),
                    _ => s,
                }
            }
            Scalar::Bool(b) => b.to_string(),
            Scalar::Uint(u) => {
                return Err(node_err(
                    node,
                    format!("unsupported map key of type: uint64, key: {u}"),
                ))
            }
            Scalar::Null => {
                return Err(node_err(node, "unsupported map key of type: <nil>"));
            }
        })
    }

    /// go-yaml v2's `decoder.scalar` into an `interface{}`.
    fn scalar(&mut self, node: &Node) -> Result<Scalar, YamlError> {
        let Kind::Scalar { text, plain, tag } = &node.kind else {
            return Ok(Scalar::Null);
        };
        let text = *text;
        let value: &str = &self.texts[text];
        let tag = tag.as_deref();
        // Untagged quoted and block scalars are strings; "!" makes a plain scalar untyped.
        let implicit =
            *plain && (tag.is_none() || tag == Some("!")) || (!*plain && tag == Some("!"));
        let full: &str = tag.unwrap_or_default();
        if full.is_empty() && !implicit {
            return Ok(Scalar::Str(self.take_text(text, node)));
        }
        let short = full.strip_prefix(TAG_PREFIX);
        let resolved = match (full, short) {
            ("", _) => resolve_plain(value),
            (_, Some("str")) => Resolved::Str,
            (_, Some("binary")) => return decode_binary(value, node).map(Scalar::Str),
            (_, Some(kind @ ("bool" | "int" | "float" | "null" | "timestamp"))) => {
                let r = resolve_number_or_timestamp(value, kind == "timestamp");
                let got = resolved_tag(&r);
                let fits = got == kind || (kind == "float" && matches!(r, Resolved::Int(_)));
                if !fits {
                    return Err(node_err(
                        node,
                        format!("cannot decode !!{got} `{value}` as a !!{kind}"),
                    ));
                }
                match r {
                    Resolved::Int(i) if kind == "float" => Resolved::Float(i as f64),
                    other => other,
                }
            }
            // Any other tag (local, unknown or collection tags) leaves the text as a string.
            _ => Resolved::Str,
        };
        Ok(match resolved {
            Resolved::Null => Scalar::Null,
            Resolved::Bool(b) => Scalar::Bool(b),
            Resolved::Int(i) => Scalar::Int(i),
            Resolved::Uint(u) => Scalar::Uint(u),
            Resolved::Float(f) => Scalar::Float(f),
            Resolved::Timestamp | Resolved::Str => Scalar::Str(self.take_text(text, node)),
        })
    }
}

impl Decoder<'_, '_> {
    /// The text of a scalar as an owned string: moved out unless an alias may need it again.
    fn take_text(&mut self, text: usize, node: &Node) -> String {
        if node.shared {
            self.texts[text].to_string()
        } else {
            std::mem::take(&mut self.texts[text]).into_owned()
        }
    }
}

fn resolved_tag(r: &Resolved) -> &'static str {
    match r {
        Resolved::Null => "null",
        Resolved::Bool(_) => "bool",
        Resolved::Int(_) | Resolved::Uint(_) => "int",
        Resolved::Float(_) => "float",
        Resolved::Timestamp => "timestamp",
        Resolved::Str => "str",
    }
}

/// go-yaml v2's merge-key test: a plain `<<` (or one tagged `!!merge`).
fn is_merge_key(node: &Node, texts: &[Cow<'_, str>]) -> bool {
    match &node.kind {
        Kind::Scalar { text, plain, tag } => {
            texts[*text] == "<<"
                && match tag.as_deref() {
                    None => *plain,
                    Some("!") => true,
                    Some(t) => t.strip_prefix(TAG_PREFIX) == Some("merge"),
                }
        }
        _ => false,
    }
}

/// `!!binary`: standard base64 (line breaks ignored); bytes that are not UTF-8 become
/// U+FFFD one byte at a time, as Go's JSON encoder does.
fn decode_binary(value: &str, node: &Node) -> Result<String, YamlError> {
    use base64::Engine as _;
    let compact: String = value.chars().filter(|c| *c != '\n' && *c != '\r').collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| node_err(node, "!!binary value contains invalid base64 data"))?;
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes.as_slice();
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                out.push('\u{FFFD}');
                rest = &bad[1..];
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Numbers compare by value: Go's JSON writes the float 1.0 as `1`.
    fn same(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
                (Some(i), Some(j)) => i == j,
                _ => match (x.as_u64(), y.as_u64()) {
                    (Some(i), Some(j)) => i == j,
                    _ => x.as_f64() == y.as_f64(),
                },
            },
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
            }
            _ => a == b,
        }
    }

    /// Inputs and the JSON `sigs.k8s.io/yaml.YAMLToJSON` v1.6 returns for them (`None`: an
    /// error), observed with Go.
    #[test]
    fn matches_yaml_to_json() {
        let cases: &[(&str, Option<&str>)] = &[
        ("v: yes\n", Some("{\"v\":true}")),
        ("v: yEs\n", Some("{\"v\":\"yEs\"}")),
        ("v: ON\n", Some("{\"v\":true}")),
        ("v: oN\n", Some("{\"v\":\"oN\"}")),
        ("v: n\n", Some("{\"v\":false}")),
        ("v: off\n", Some("{\"v\":false}")),
        ("v: NULL\n", Some("{\"v\":null}")),
        ("v: nULL\n", Some("{\"v\":\"nULL\"}")),
        ("v: ~\n", Some("{\"v\":null}")),
        ("v:\n", Some("{\"v\":null}")),
        ("v: ''\n", Some("{\"v\":\"\"}")),
        ("v: 007\n", Some("{\"v\":7}")),
        ("v: 08\n", Some("{\"v\":8}")),
        ("v: 0o17\n", Some("{\"v\":15}")),
        ("v: 0x1F\n", Some("{\"v\":31}")),
        ("v: -0x1F\n", Some("{\"v\":-31}")),
        ("v: 0b101\n", Some("{\"v\":5}")),
        ("v: 0b-101\n", Some("{\"v\":-5}")),
        ("v: 1_000\n", Some("{\"v\":1000}")),
        ("v: _1\n", Some("{\"v\":\"_1\"}")),
        ("v: +1\n", Some("{\"v\":1}")),
        ("v: -0\n", Some("{\"v\":0}")),
        ("v: 9223372036854775807\n", Some("{\"v\":9223372036854775807}")),
        ("v: 9223372036854775808\n", Some("{\"v\":9223372036854775808}")),
        ("v: 18446744073709551615\n", Some("{\"v\":18446744073709551615}")),
        ("v: 18446744073709551616\n", Some("{\"v\":18446744073709552000}")),
        ("v: -9223372036854775809\n", Some("{\"v\":-9223372036854776000}")),
        ("v: 1.5\n", Some("{\"v\":1.5}")),
        ("v: .5\n", Some("{\"v\":0.5}")),
        ("v: +.5\n", Some("{\"v\":0.5}")),
        ("v: 1.\n", Some("{\"v\":1}")),
        ("v: 1e5\n", Some("{\"v\":100000}")),
        ("v: 1e400\n", Some("{\"v\":\"1e400\"}")),
        ("v: .inf\n", None),
        ("v: .nan\n", None),
        ("v: .iNf\n", Some("{\"v\":\".iNf\"}")),
        ("v: 1.2.3\n", Some("{\"v\":\"1.2.3\"}")),
        ("v: 1_000.5\n", Some("{\"v\":1000.5}")),
        ("v: 0x1p3\n", Some("{\"v\":\"0x1p3\"}")),
        ("v: 2001-12-14\n", Some("{\"v\":\"2001-12-14\"}")),
        ("v: 2001-02-30\n", Some("{\"v\":\"2001-02-30\"}")),
        ("v: 2001-12-14 21:59:43.10\n", Some("{\"v\":\"2001-12-14 21:59:43.10\"}")),
        ("v: 1:20\n", Some("{\"v\":\"1:20\"}")),
        ("v: <<\n", Some("{\"v\":\"<<\"}")),
        ("v: 12:30:45\n", Some("{\"v\":\"12:30:45\"}")),
        ("2001-12-14: a\n", Some("{\"2001-12-14\":\"a\"}")),
        ("true: 1\n", Some("{\"true\":1}")),
        ("yes: 1\n", Some("{\"true\":1}")),
        ("1.5: a\n", Some("{\"1.5\":\"a\"}")),
        ("0.1: a\n", Some("{\"0.1\":\"a\"}")),
        ("3.14159265358979: a\n", Some("{\"3.1415927\":\"a\"}")),
        ("1e6: a\n", Some("{\"1e+06\":\"a\"}")),
        (".inf: a\n", Some("{\".inf\":\"a\"}")),
        ("0x10: a\n", Some("{\"16\":\"a\"}")),
        ("~: a\n", None),
        ("18446744073709551615: a\n", None),
        ("? [a]\n: 1\n", None),
        ("1: a\n'1': b\n", Some("{\"1\":\"b\"}")),
        ("a: 'yes'\nb: \"1\"\nc: !!str 1\nd: !!int \"12\"\ne: !!float 1\nf: !!bool yes\ng: !!null ~\n", Some("{\"a\":\"yes\",\"b\":\"1\",\"c\":\"1\",\"d\":12,\"e\":1,\"f\":true,\"g\":null}")),
        ("a: !!int 1.5\n", None),
        ("a: !!float 18446744073709551615\n", None),
        ("a: !foo 12\n", Some("{\"a\":\"12\"}")),
        ("a: ! 12\n", Some("{\"a\":\"12\"}")),
        ("a: !!binary aGVsbG8=\n", Some("{\"a\":\"hello\"}")),
        ("a: !!binary //79\n", Some("{\"a\":\"���\"}")),
        ("a: |\n  x\n  y\n", Some("{\"a\":\"x\\ny\\n\"}")),
        ("a: |-\n  x\n", Some("{\"a\":\"x\"}")),
        ("a: |+\n  x\n\n", Some("{\"a\":\"x\\n\\n\"}")),
        ("a: >\n  folded\n  text\n\n  para\n", Some("{\"a\":\"folded text\\npara\\n\"}")),
        ("a: >-\n  x\n   y\n  z\n", Some("{\"a\":\"x\\n y\\nz\"}")),
        ("a: |2\n   indented\n", Some("{\"a\":\" indented\\n\"}")),
        ("a: \"\\N\\_\\L\\e\\x41\\U0001F600\"\n", Some("{\"a\":\"\u{85}\u{a0}\u{2028}\\u001bA\u{1f600}\"}")),
        ("a: \"\\/\"\n", None),
        ("a: 'it''s'\n", Some("{\"a\":\"it's\"}")),
        ("a: plain\n  continued\n\n  more\n", Some("{\"a\":\"plain continued\\nmore\"}")),
        ("annotations: {\n  a: b,\n\n  c: \"d\",\n}\n", Some("{\"annotations\":{\"a\":\"b\",\"c\":\"d\"}}")),
        ("x: [1, 2, ]\n", Some("{\"x\":[1,2]}")),
        ("x: {a, b: }\n", Some("{\"x\":{\"a\":null,\"b\":null}}")),
        ("x: [a: 1, b]\n", Some("{\"x\":[{\"a\":1},\"b\"]}")),
        ("base: &b\n  a: 1\n  b: 2\nd:\n  <<: *b\n  b: 3\n", Some("{\"base\":{\"a\":1,\"b\":2},\"d\":{\"a\":1,\"b\":3}}")),
        ("base: &b\n  a: 1\nd:\n  b: 3\n  <<: *b\n  a: 5\n", Some("{\"base\":{\"a\":1},\"d\":{\"a\":5,\"b\":3}}")),
        ("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n", Some("{\"a\":{\"x\":1},\"b\":{\"true\":2,\"x\":2},\"c\":{\"true\":2,\"x\":1}}")),
        ("d:\n  a: 0\n  <<: {a: 1}\n", Some("{\"d\":{\"a\":1}}")),
        ("d:\n  <<: 1\n", None),
        ("d:\n  '<<': {a: 1}\n", Some("{\"d\":{\"<<\":{\"a\":1}}}")),
        ("d:\n  !!merge <<: {a: 1}\n", Some("{\"d\":{\"a\":1}}")),
        ("a: &x 1\nb: *x\nc: &x 2\nd: *x\n", Some("{\"a\":1,\"b\":1,\"c\":2,\"d\":2}")),
        ("a: *nope\n", None),
        ("a: 1\na: 2\n", Some("{\"a\":2}")),
        ("a:\n- 1\n- 2\nb:\n  - x\n", Some("{\"a\":[1,2],\"b\":[\"x\"]}")),
        ("a: b: c\n", None),
        ("a: [1, 2\n", None),
        ("a: 1\n---\nb: [\n", Some("{\"a\":1}")),
        ("", Some("null")),
        ("# only a comment\n", Some("null")),
        ("\u{feff}a: 1\n", Some("{\"a\":1}")),
        ("a: {}\nb: []\nc: ''\nd:\n", Some("{\"a\":{},\"b\":[],\"c\":\"\",\"d\":null}")),
        ];
        let mut failures = Vec::new();
        for (input, want) in cases {
            let got = from_str(input);
            let ok = match (&got, want) {
                (Ok(v), Some(w)) => same(v, &serde_json::from_str(w).unwrap()),
                (Err(_), None) => true,
                _ => false,
            };
            if !ok {
                failures.push(format!("{input:?}: got {got:?}, want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn errors_carry_position() {
        let e = from_str("a: 1\nb: [1, 2\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = from_str("a: 1\nb: .nan\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 4));
        let e = from_str("a:\n  x: \u{7f}\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 6));
        let e = from_str("a: *nope\n").unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn only_first_document_is_read() {
        assert_eq!(
            from_str("a: 1\n---\nb: [\n").unwrap(),
            serde_json::json!({"a": 1})
        );
    }

    #[test]
    fn aliased_collections_decode_every_time() {
        let v = from_str("a: &x {b: [c, d], e: f}\nb: *x\nc: *x\nd:\n  <<: *x\n").unwrap();
        let x = serde_json::json!({"b": ["c", "d"], "e": "f"});
        assert_eq!(v, serde_json::json!({"a": x, "b": x, "c": x, "d": x}));
    }

    #[test]
    fn recursive_alias_is_an_error() {
        assert!(from_str("a: &a [*a]\n").is_err());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        assert!(from_str(&"[".repeat(20_000)).is_err());
        let flow = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(from_str(&flow).is_ok());
        let block =
            |n: usize| -> String { (0..n).map(|i| format!("{}k:\n", " ".repeat(i))).collect() };
        assert!(from_str(&block(MAX_DEPTH)).is_ok());
        let e = from_str(&block(MAX_DEPTH + 1)).unwrap_err();
        assert!(e.message.contains("max depth"), "{e}");
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            doc.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let e = from_str(&doc).unwrap_err();
        assert!(e.message.contains("excessive aliasing"), "{e}");
    }
}
