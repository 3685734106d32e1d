//! `sigs.k8s.io/yaml.YAMLToJSON` as a `serde_json::Value`: go-yaml v2's `Unmarshal` into
//! `interface{}` (first document only, YAML 1.1 scalar resolution, merge keys, aliases)
//! followed by sigs.k8s.io/yaml's `convertToJSONableObject` (map keys to strings).
//!
//! Tokenizing and event parsing are done by `saphyr-parser`; this module builds the node
//! tree (anchors are node indices) and decodes it with go-yaml v2's rules.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::{Map, Number, Value};

use super::float::push_go_g32;
use super::resolve::{resolve_number_or_timestamp, resolve_plain, Resolved};
use super::YamlError;

/// Nesting limit, as go-yaml v2's scanner (`max_flow_level`, `max_indents`).
const MAX_DEPTH: usize = 10_000;

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
    let tree = build(input)?;
    let Some(root) = tree.root else {
        return Ok(Value::Null);
    };
    let mut d = Decoder {
        nodes: &tree.nodes,
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
        value: String,
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
    line: usize,
    column: usize,
}

struct Tree {
    nodes: Vec<Node>,
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
fn build(input: &str) -> Result<Tree, YamlError> {
    let mut parser = Parser::new_from_str(input);
    let mut nodes: Vec<Node> = Vec::new();
    let mut anchors: HashMap<usize, usize> = HashMap::new();
    // Open collections: (node index, children so far).
    let mut stack: Vec<(usize, Vec<usize>)> = Vec::new();
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
                    check_no_slash_escape(input, &span)?;
                }
                let idx = nodes.len();
                nodes.push(Node {
                    kind: Kind::Scalar {
                        value: value.into_owned(),
                        plain: style == ScalarStyle::Plain,
                        tag: tag_string(tag),
                    },
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
                    return Err(err_at(&span, "exceeded max depth of 10000"));
                }
                let idx = nodes.len();
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    Kind::Seq(Vec::new())
                } else {
                    Kind::Map(Vec::new())
                };
                nodes.push(Node {
                    kind,
                    line: span.start.line(),
                    column: span.start.col() + 1,
                });
                if anchor != 0 {
                    anchors.insert(anchor, idx);
                }
                stack.push((idx, Vec::new()));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((idx, children)) = stack.pop() {
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
                line: span.start.line(),
                column: span.start.col() + 1,
            });
            attach(&mut stack, &mut root, idx);
        }
    }
    Ok(Tree { nodes, root })
}

/// libyaml (unlike YAML 1.2) has no `\/` escape in double-quoted scalars.
fn check_no_slash_escape(input: &str, span: &Span) -> Result<(), YamlError> {
    // Marker indices count characters.
    let Some((start, _)) = input.char_indices().nth(span.start.index()) else {
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

struct Decoder<'a> {
    nodes: &'a [Node],
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

impl Decoder<'_> {
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
                    if is_merge_key(&nodes[k]) {
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
    fn scalar(&self, node: &Node) -> Result<Scalar, YamlError> {
        let Kind::Scalar { value, plain, tag } = &node.kind else {
            return Ok(Scalar::Null);
        };
        let tag = tag.as_deref();
        // Untagged quoted and block scalars are strings; "!" makes a plain scalar untyped.
        let implicit =
            *plain && (tag.is_none() || tag == Some("!")) || (!*plain && tag == Some("!"));
        let full: &str = tag.unwrap_or_default();
        if full.is_empty() && !implicit {
            return Ok(Scalar::Str(value.clone()));
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
            Resolved::Timestamp | Resolved::Str => Scalar::Str(value.clone()),
        })
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
fn is_merge_key(node: &Node) -> bool {
    match &node.kind {
        Kind::Scalar { value, plain, tag } => {
            value == "<<"
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
