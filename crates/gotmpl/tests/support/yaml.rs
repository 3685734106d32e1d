//! Reads YAML keeping scalars as text.
//!
//! yaml-rust2 resolves plain scalars with YAML 1.2 rules (`0o52` and `+1` become integers, losing their text),
//! while the corpus was written by a YAML 1.1 emitter that quotes only what 1.1 would misread. This loader builds
//! the same [`Yaml`] tree but keeps every scalar as [`Yaml::String`] except the plain `null`/`~`/empty scalar
//! ([`Yaml::Null`]) and plain `true`/`false` ([`Yaml::Boolean`]). Data values are typed from their tags.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};
use yaml_rust2::yaml::Hash;
use yaml_rust2::Yaml;

/// Parses one YAML document with scalars kept as text.
pub fn load_text(source: &str) -> Result<Yaml, String> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(source);
    parser
        .load(&mut builder, false)
        .map_err(|e| e.to_string())?;
    if let Some(e) = builder.error {
        return Err(e);
    }
    builder.doc.ok_or_else(|| "empty YAML document".to_string())
}

/// The text of a scalar node (strings, and booleans or numbers from a resolving loader); `None` otherwise.
pub fn scalar_text(node: &Yaml) -> Option<String> {
    match node {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Boolean(b) => Some(b.to_string()),
        Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: Vec<(usize, Yaml)>,
    doc: Option<Yaml>,
    error: Option<String>,
}

struct Frame {
    node: Yaml,
    anchor: usize,
    key: Option<Yaml>,
}

impl Builder {
    fn scalar(text: String, style: TScalarStyle) -> Yaml {
        if style != TScalarStyle::Plain {
            return Yaml::String(text);
        }
        match text.as_str() {
            "" | "~" | "null" => Yaml::Null,
            "true" => Yaml::Boolean(true),
            "false" => Yaml::Boolean(false),
            _ => Yaml::String(text),
        }
    }

    fn push_node(&mut self, node: Yaml, anchor: usize) {
        if anchor > 0 {
            self.anchors.push((anchor, node.clone()));
        }
        let Some(top) = self.stack.last_mut() else {
            self.doc = Some(node);
            return;
        };
        match &mut top.node {
            Yaml::Array(items) => items.push(node),
            Yaml::Hash(map) => match top.key.take() {
                None => top.key = Some(node),
                Some(key) => {
                    if map.insert(key.clone(), node).is_some() {
                        self.error = Some(format!("duplicate key {key:?}"));
                    }
                }
            },
            _ => self.error = Some("scalar parent".to_string()),
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, _mark: Marker) {
        match ev {
            Event::Scalar(text, style, anchor, _tag) => {
                self.push_node(Builder::scalar(text, style), anchor)
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame {
                node: Yaml::Array(Vec::new()),
                anchor,
                key: None,
            }),
            Event::MappingStart(anchor, _) => self.stack.push(Frame {
                node: Yaml::Hash(Hash::new()),
                anchor,
                key: None,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    self.push_node(frame.node, frame.anchor);
                }
            }
            Event::Alias(id) => {
                let node = self
                    .anchors
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == id)
                    .map_or(Yaml::BadValue, |(_, n)| n.clone());
                self.push_node(node, 0);
            }
            _ => {}
        }
    }
}
