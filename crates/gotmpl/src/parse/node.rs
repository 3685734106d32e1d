//! The parse tree, mirroring Go's `text/template/parse` nodes.
//!
//! Every node records `pos`, the byte offset in the template text where it starts; error messages turn it into
//! `line:column` against [`Tree::text`].

use std::sync::Arc;

/// A byte offset into the template text.
pub type Pos = usize;

/// One parsed template: the body of a `{{define}}`/`{{block}}` or of a top-level text.
#[derive(Debug, Clone)]
pub struct Tree {
    /// The template's name.
    pub name: Arc<str>,
    /// The name of the top-level template being parsed when this tree was created (used in error messages).
    pub parse_name: Arc<str>,
    /// The body.
    pub root: ListNode,
    /// The full text the tree was parsed from (shared by every tree of one parse).
    pub text: Arc<str>,
}

/// A statement of a template body.
#[derive(Debug, Clone)]
pub enum Node {
    /// Plain text.
    Text(TextNode),
    /// `{{pipeline}}`.
    Action(ActionNode),
    /// `{{if}}`.
    If(BranchNode),
    /// `{{range}}`.
    Range(BranchNode),
    /// `{{with}}`.
    With(BranchNode),
    /// `{{template "name" pipeline}}`.
    Template(TemplateNode),
    /// `{{break}}`.
    Break(Pos),
    /// `{{continue}}`.
    Continue(Pos),
    /// `{{/* comment */}}`, kept only when parsing with comments.
    Comment(CommentNode),
}

/// A sequence of statements.
#[derive(Debug, Clone, Default)]
pub struct ListNode {
    /// Where the list starts.
    pub pos: Pos,
    /// The statements in order.
    pub nodes: Vec<Node>,
}

/// Plain text between actions.
#[derive(Debug, Clone)]
pub struct TextNode {
    /// Where the text starts.
    pub pos: Pos,
    /// The text, with trim markers already applied.
    pub text: Arc<str>,
}

/// A comment.
#[derive(Debug, Clone)]
pub struct CommentNode {
    /// Where the comment starts.
    pub pos: Pos,
    /// The comment including its `/*` `*/` markers.
    pub text: Arc<str>,
}

/// `{{pipeline}}`: a pipeline whose value is printed unless it declares variables.
#[derive(Debug, Clone)]
pub struct ActionNode {
    /// Where the action starts.
    pub pos: Pos,
    /// The pipeline.
    pub pipe: PipeNode,
}

/// `[decl :=|=] cmd | cmd | ...`.
#[derive(Debug, Clone)]
pub struct PipeNode {
    /// Where the pipeline starts.
    pub pos: Pos,
    /// Whether the variables are assigned (`=`) rather than declared (`:=`).
    pub is_assign: bool,
    /// Declared or assigned variables (one, or two for `range $i, $e :=`).
    pub decl: Vec<VariableNode>,
    /// The commands, each receiving the previous one's result as its last argument.
    pub cmds: Vec<CommandNode>,
}

/// One command of a pipeline: an operand, or a function/method call with arguments.
#[derive(Debug, Clone)]
pub struct CommandNode {
    /// Where the command starts.
    pub pos: Pos,
    /// The first argument is the operand or the callee.
    pub args: Vec<Arg>,
}

/// An operand.
#[derive(Debug, Clone)]
pub enum Arg {
    /// A function name.
    Identifier(IdentifierNode),
    /// `.`.
    Dot(Pos),
    /// `nil`.
    Nil(Pos),
    /// `true` / `false`.
    Bool(BoolNode),
    /// A numeric constant.
    Number(Box<NumberNode>),
    /// A string constant.
    String(StringNode),
    /// `$x` or `$x.Field.Chain`.
    Variable(VariableNode),
    /// `.Field.Chain`.
    Field(FieldNode),
    /// `(pipeline).Field` or `$x.Field` after a non-variable operand.
    Chain(Box<ChainNode>),
    /// `(pipeline)`.
    Pipe(Box<PipeNode>),
}

impl Arg {
    /// Where the operand starts.
    pub fn pos(&self) -> Pos {
        match self {
            Arg::Identifier(n) => n.pos,
            Arg::Dot(p) | Arg::Nil(p) => *p,
            Arg::Bool(n) => n.pos,
            Arg::Number(n) => n.pos,
            Arg::String(n) => n.pos,
            Arg::Variable(n) => n.pos,
            Arg::Field(n) => n.pos,
            Arg::Chain(n) => n.pos,
            Arg::Pipe(n) => n.pos,
        }
    }
}

/// A function name.
#[derive(Debug, Clone)]
pub struct IdentifierNode {
    /// Where the name starts.
    pub pos: Pos,
    /// The name.
    pub ident: Arc<str>,
    /// The name's index in the owning template set's function-name table ([`UNRESOLVED`] until the set
    /// assigns one); lets execution find the function without hashing the name.
    pub slot: usize,
}

/// [`IdentifierNode::slot`] of an identifier not yet registered with a template set.
pub const UNRESOLVED: usize = usize::MAX;

impl ListNode {
    /// Calls `f` on every field name the list reads (`.A.B`, `$x.A`, `(pipe).A`), nested lists and pipelines
    /// included.
    pub fn for_each_field_name<'a>(&'a self, f: &mut dyn FnMut(&'a str)) {
        for n in &self.nodes {
            match n {
                Node::Action(a) => a.pipe.for_each_field_name(f),
                Node::If(b) | Node::Range(b) | Node::With(b) => {
                    b.pipe.for_each_field_name(f);
                    b.list.for_each_field_name(f);
                    if let Some(e) = &b.else_list {
                        e.for_each_field_name(f);
                    }
                }
                Node::Template(t) => {
                    if let Some(p) = &t.pipe {
                        p.for_each_field_name(f);
                    }
                }
                Node::Text(_) | Node::Break(_) | Node::Continue(_) | Node::Comment(_) => {}
            }
        }
    }

    /// Calls `f` on every identifier (function name) in the list, nested lists and pipelines included.
    pub fn for_each_identifier_mut(&mut self, f: &mut dyn FnMut(&mut IdentifierNode)) {
        for n in &mut self.nodes {
            match n {
                Node::Action(a) => a.pipe.for_each_identifier_mut(f),
                Node::If(b) | Node::Range(b) | Node::With(b) => {
                    b.pipe.for_each_identifier_mut(f);
                    b.list.for_each_identifier_mut(f);
                    if let Some(e) = &mut b.else_list {
                        e.for_each_identifier_mut(f);
                    }
                }
                Node::Template(t) => {
                    if let Some(p) = &mut t.pipe {
                        p.for_each_identifier_mut(f);
                    }
                }
                Node::Text(_) | Node::Break(_) | Node::Continue(_) | Node::Comment(_) => {}
            }
        }
    }
}

impl PipeNode {
    /// Calls `f` on every field name the pipeline reads.
    pub fn for_each_field_name<'a>(&'a self, f: &mut dyn FnMut(&'a str)) {
        for c in &self.cmds {
            for a in &c.args {
                a.for_each_field_name(f);
            }
        }
    }

    /// Calls `f` on every identifier in the pipeline.
    pub fn for_each_identifier_mut(&mut self, f: &mut dyn FnMut(&mut IdentifierNode)) {
        for c in &mut self.cmds {
            for a in &mut c.args {
                a.for_each_identifier_mut(f);
            }
        }
    }
}

impl Arg {
    /// Calls `f` on every field name the operand reads.
    pub fn for_each_field_name<'a>(&'a self, f: &mut dyn FnMut(&'a str)) {
        match self {
            Arg::Field(n) => n.ident.iter().for_each(|i| f(i)),
            Arg::Variable(n) => n.ident.iter().skip(1).for_each(|i| f(i)),
            Arg::Chain(c) => {
                c.node.for_each_field_name(f);
                c.field.iter().for_each(|i| f(i));
            }
            Arg::Pipe(p) => p.for_each_field_name(f),
            _ => {}
        }
    }

    /// Calls `f` on every identifier in the operand.
    pub fn for_each_identifier_mut(&mut self, f: &mut dyn FnMut(&mut IdentifierNode)) {
        match self {
            Arg::Identifier(i) => f(i),
            Arg::Chain(c) => c.node.for_each_identifier_mut(f),
            Arg::Pipe(p) => p.for_each_identifier_mut(f),
            _ => {}
        }
    }
}

/// A variable, possibly followed by field names: `$x.A.B` has `ident == ["$x", "A", "B"]`.
#[derive(Debug, Clone)]
pub struct VariableNode {
    /// Where the variable starts.
    pub pos: Pos,
    /// The variable name (with `$`) followed by the field names.
    pub ident: Vec<Arc<str>>,
}

/// A field chain on dot: `.A.B` has `ident == ["A", "B"]`.
#[derive(Debug, Clone)]
pub struct FieldNode {
    /// Where the chain starts.
    pub pos: Pos,
    /// The field names, without dots.
    pub ident: Vec<Arc<str>>,
}

/// Field names applied to another operand: `(pipeline).A.B`.
#[derive(Debug, Clone)]
pub struct ChainNode {
    /// Where the chain starts.
    pub pos: Pos,
    /// The operand.
    pub node: Arg,
    /// The field names, without dots.
    pub field: Vec<Arc<str>>,
}

/// `true` or `false`.
#[derive(Debug, Clone)]
pub struct BoolNode {
    /// Where the constant starts.
    pub pos: Pos,
    /// Its value.
    pub value: bool,
}

/// A numeric constant with every interpretation Go's parser found valid for it.
#[derive(Debug, Clone)]
pub struct NumberNode {
    /// Where the constant starts.
    pub pos: Pos,
    /// The value fits an `int64`.
    pub is_int: bool,
    /// The value fits a `uint64`.
    pub is_uint: bool,
    /// The value is representable as a `float64`.
    pub is_float: bool,
    /// The constant is imaginary or complex.
    pub is_complex: bool,
    /// The value when `is_int`.
    pub int64: i64,
    /// The value when `is_uint`.
    pub uint64: u64,
    /// The value when `is_float`.
    pub float64: f64,
    /// The real and imaginary parts when `is_complex`.
    pub complex128: (f64, f64),
    /// The original text.
    pub text: Arc<str>,
}

/// A string constant.
#[derive(Debug, Clone)]
pub struct StringNode {
    /// Where the constant starts.
    pub pos: Pos,
    /// The original text, with quotes.
    pub quoted: Arc<str>,
    /// The unquoted value.
    pub text: Arc<str>,
}

/// `{{if}}`, `{{range}}` and `{{with}}`: a pipeline, a body and an optional else branch.
#[derive(Debug, Clone)]
pub struct BranchNode {
    /// Where the action starts.
    pub pos: Pos,
    /// The controlling pipeline.
    pub pipe: PipeNode,
    /// The body.
    pub list: ListNode,
    /// The `{{else}}` branch; `{{else if}}` / `{{else with}}` become a nested branch inside it.
    pub else_list: Option<ListNode>,
}

/// `{{template "name" pipeline}}`.
#[derive(Debug, Clone)]
pub struct TemplateNode {
    /// Where the action starts.
    pub pos: Pos,
    /// The invoked template's name.
    pub name: Arc<str>,
    /// The value passed as dot, if any.
    pub pipe: Option<PipeNode>,
}
