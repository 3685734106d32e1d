//! The executor: Go's `text/template` `exec.go` (`state.walk` and friends) over [`Value`]s.
//!
//! Execution walks the parse tree once, writing to a `String`. Data is never copied: values borrow the caller's
//! data for `'a` and owned intermediate results are shared behind `Arc`s. Errors carry Go's exact text,
//! `template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE`.

mod args;
mod eval;
mod fields;
pub(crate) mod print;

use std::fmt::Write as _;

use crate::error::{Error, ErrorKind};
use crate::parse::{Arg, CommandNode};
use crate::parse::{BranchNode, ListNode, Node, PipeNode, TemplateNode, Tree};
use crate::template::Templates;
use crate::value::Value;

/// The deepest nesting of template calls and control structures during one execution. Go allows 100000
/// template calls; this executor recurses on the thread stack and stops far earlier, with Go's message.
pub const MAX_EXEC_DEPTH: usize = 300;

/// How a missing map key is treated (Go's `missingkey` option).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingKey {
    /// `missingkey=default` / `invalid`: the value is invalid and prints as `<no value>`.
    #[default]
    Invalid,
    /// `missingkey=zero`: the zero value of the map's element type.
    Zero,
    /// `missingkey=error`: execution stops with an error.
    Error,
}

/// The node an error is reported at (Go's `state.node`).
#[derive(Clone, Copy)]
pub(crate) enum At<'t> {
    None,
    Node(&'t Node),
    Arg(&'t Arg),
    Pipe(&'t PipeNode),
    Cmd(&'t CommandNode),
}

impl At<'_> {
    fn pos(&self) -> usize {
        match self {
            At::None => 0,
            At::Node(n) => node_pos(n),
            At::Arg(a) => a.pos(),
            At::Pipe(p) => p.pos,
            At::Cmd(c) => c.pos,
        }
    }

    fn context(&self) -> String {
        match self {
            At::None => String::new(),
            At::Node(n) => n.to_string(),
            At::Arg(a) => a.to_string(),
            At::Pipe(p) => p.to_string(),
            At::Cmd(c) => c.to_string(),
        }
    }
}

fn node_pos(n: &Node) -> usize {
    match n {
        Node::Text(t) => t.pos,
        Node::Action(a) => a.pos,
        Node::If(b) | Node::Range(b) | Node::With(b) => b.pos,
        Node::Template(t) => t.pos,
        Node::Break(p) | Node::Continue(p) => *p,
        Node::Comment(c) => c.pos,
    }
}

/// Why the walk stopped early.
pub(crate) enum Stop {
    Error(Error),
    Break,
    Continue,
}

pub(crate) type R<T> = Result<T, Stop>;

/// One execution in progress (Go's `state`).
pub(crate) struct State<'t, 'a, 'o> {
    set: &'t Templates,
    tree: &'t Tree,
    out: &'o mut String,
    vars: Vec<(&'t str, Value<'a>)>,
    /// A stack of evaluated call arguments, shared by nested calls to avoid an allocation per call.
    args: Vec<Value<'a>>,
    depth: usize,
    node: At<'t>,
    /// Whether the last field chain ended on a nil interface value found in a container (Go distinguishes it
    /// from an invalid value in a few messages, e.g. `len`).
    nil_iface: bool,
    /// Lookups of field names in host JSON objects already done in this execution.
    json_cache: JsonCache<'a>,
    /// Fields of host objects already read in this execution.
    field_cache: fields::FieldCache<'a>,
}

/// Slots of the JSON lookup cache (a power of two).
const JSON_CACHE_SLOTS: usize = 128;

/// A direct-mapped cache of `object[name]` for host JSON objects, keyed by the object's address and the address
/// of the (parser-shared) field name. Host data is borrowed immutably for the whole execution and the templates
/// outlive it, so an address pair names the same lookup for as long as the cache lives.
pub(crate) struct JsonCache<'a> {
    slots: [(usize, usize, Option<&'a serde_json::Value>); JSON_CACHE_SLOTS],
}

impl<'a> JsonCache<'a> {
    fn new() -> Self {
        JsonCache {
            slots: [(0, 0, None); JSON_CACHE_SLOTS],
        }
    }

    /// `obj.get(name)`, remembered.
    pub(crate) fn get(
        &mut self,
        obj: &'a serde_json::Map<String, serde_json::Value>,
        name: &std::sync::Arc<str>,
    ) -> Option<&'a serde_json::Value> {
        let o = std::ptr::from_ref(obj) as usize;
        let n = std::sync::Arc::as_ptr(name).cast::<u8>() as usize;
        let h = (((o ^ n) as u64 >> 3).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57) as usize;
        let slot = &mut self.slots[h % JSON_CACHE_SLOTS];
        if slot.0 == o && slot.1 == n {
            return slot.2;
        }
        let v = obj.get(&**name);
        *slot = (o, n, v);
        v
    }
}

/// Executes `tree` of `set` with `data` as dot, appending to `out`.
pub(crate) fn execute<'t, 'a>(
    set: &'t Templates,
    tree: &'t Tree,
    data: &Value<'a>,
    out: &mut String,
) -> Result<(), Error> {
    let mut s = State {
        set,
        tree,
        out,
        vars: vec![("$", data.clone())],
        args: Vec::with_capacity(16),
        depth: 0,
        node: At::None,
        nil_iface: false,
        json_cache: JsonCache::new(),
        field_cache: fields::FieldCache::new(),
    };
    match s.walk_list(data, &tree.root) {
        Ok(()) => Ok(()),
        Err(Stop::Error(e)) => Err(e),
        // The parser only accepts break/continue inside range, which catches them.
        Err(Stop::Break | Stop::Continue) => Ok(()),
    }
}

impl<'t, 'a> State<'t, 'a, '_> {
    fn at(&mut self, at: At<'t>) {
        self.node = at;
    }

    /// Go's `state.errorf`: the message prefixed with the location and context of the current node.
    pub(crate) fn error(&self, msg: impl std::fmt::Display) -> Stop {
        let name = &self.tree.name;
        let text = match self.node {
            At::None => format!("template: {name}: {msg}"),
            at => {
                let pos = at.pos().min(self.tree.text.len());
                let before = self.tree.text.get(..pos).unwrap_or("");
                let line = 1 + before.matches('\n').count();
                let col = match before.rfind('\n') {
                    Some(i) => pos - (i + 1),
                    None => pos,
                };
                let mut s = String::new();
                let _ = write!(
                    s,
                    "template: {}:{}:{}: executing {} at <{}>: {}",
                    self.tree.parse_name,
                    line,
                    col,
                    crate::parse::quote::quote(name),
                    at.context(),
                    msg
                );
                s
            }
        };
        Stop::Error(Error::new(ErrorKind::Exec, text))
    }

    fn mark(&self) -> usize {
        self.vars.len()
    }

    fn pop(&mut self, mark: usize) {
        self.vars.truncate(mark);
    }

    fn set_var(&mut self, name: &str, value: Value<'a>) -> R<()> {
        match self.vars.iter_mut().rev().find(|(n, _)| *n == name) {
            Some(slot) => {
                slot.1 = value;
                Ok(())
            }
            None => Err(self.error(format_args!("undefined variable: {name}"))),
        }
    }

    fn set_top_var(&mut self, n: usize, value: Value<'a>) {
        let len = self.vars.len();
        if let Some(slot) = self.vars.get_mut(len.wrapping_sub(n)) {
            slot.1 = value;
        }
    }

    fn var_value(&self, name: &str) -> R<Value<'a>> {
        match self.vars.iter().rev().find(|(n, _)| *n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => Err(self.error(format_args!("undefined variable: {name}"))),
        }
    }

    fn enter(&mut self) -> R<()> {
        if self.depth >= MAX_EXEC_DEPTH {
            return Err(self.error(format_args!(
                "exceeded maximum template depth ({MAX_EXEC_DEPTH})"
            )));
        }
        self.depth += 1;
        Ok(())
    }

    fn walk_list(&mut self, dot: &Value<'a>, list: &'t ListNode) -> R<()> {
        for n in &list.nodes {
            self.walk(dot, n)?;
        }
        Ok(())
    }

    fn walk(&mut self, dot: &Value<'a>, node: &'t Node) -> R<()> {
        self.at(At::Node(node));
        match node {
            Node::Text(t) => {
                self.out.push_str(&t.text);
                Ok(())
            }
            Node::Action(a) => {
                let v = self.eval_pipeline(dot, &a.pipe)?;
                if a.pipe.decl.is_empty() {
                    self.at(At::Node(node));
                    self.print_value(&v)?;
                }
                Ok(())
            }
            Node::Break(_) => Err(Stop::Break),
            Node::Continue(_) => Err(Stop::Continue),
            Node::Comment(_) => Ok(()),
            Node::If(b) => self.walk_if_or_with(false, dot, b),
            Node::With(b) => self.walk_if_or_with(true, dot, b),
            Node::Range(b) => self.walk_range(dot, node, b),
            Node::Template(t) => self.walk_template(dot, node, t),
        }
    }

    fn walk_if_or_with(&mut self, with: bool, dot: &Value<'a>, b: &'t BranchNode) -> R<()> {
        self.enter()?;
        let mark = self.mark();
        let r = (|| {
            let val = self.eval_pipeline(dot, &b.pipe)?;
            if val.is_true() {
                if with {
                    self.walk_list(&val, &b.list)
                } else {
                    self.walk_list(dot, &b.list)
                }
            } else if let Some(e) = &b.else_list {
                self.walk_list(dot, e)
            } else {
                Ok(())
            }
        })();
        self.pop(mark);
        self.depth -= 1;
        r
    }

    fn walk_range(&mut self, dot: &Value<'a>, node: &'t Node, r: &'t BranchNode) -> R<()> {
        self.enter()?;
        let mark = self.mark();
        let res = self.walk_range_inner(dot, node, r);
        self.pop(mark);
        self.depth -= 1;
        match res {
            Err(Stop::Break) => Ok(()),
            other => other,
        }
    }

    fn one_iteration(&mut self, r: &'t BranchNode, index: Value<'a>, elem: Value<'a>) -> R<()> {
        let decl = &r.pipe.decl;
        if !decl.is_empty() {
            if r.pipe.is_assign {
                let v = if decl.len() > 1 {
                    index.clone()
                } else {
                    elem.clone()
                };
                self.set_var(&decl[0].ident[0], v)?;
            } else {
                self.set_top_var(1, elem.clone());
            }
        }
        if decl.len() > 1 {
            if r.pipe.is_assign {
                self.set_var(&decl[1].ident[0], elem.clone())?;
            } else {
                self.set_top_var(2, index);
            }
        }
        let mark = self.mark();
        let res = self.walk_list(&elem, &r.list);
        self.pop(mark);
        match res {
            Err(Stop::Continue) => Ok(()),
            other => other,
        }
    }

    /// Errors are reported at the node the pipeline evaluated last, as in Go.
    fn walk_range_inner(&mut self, dot: &Value<'a>, node: &'t Node, r: &'t BranchNode) -> R<()> {
        self.at(At::Node(node));
        let val = self.eval_pipeline(dot, &r.pipe)?;
        let val = val.indirect().clone();
        let mut ran = false;
        match &val {
            Value::Int(n, k) => {
                if r.pipe.decl.len() > 1 {
                    let shown = print::sprint(std::slice::from_ref(&val));
                    return Err(self.error(format_args!(
                        "can't use {shown} to iterate over more than one variable"
                    )));
                }
                for i in 0..(*n).max(0) {
                    ran = true;
                    self.one_iteration(r, Value::Nil, Value::Int(i, *k))?;
                }
            }
            Value::Uint(n, k) => {
                if r.pipe.decl.len() > 1 {
                    let shown = print::sprint(std::slice::from_ref(&val));
                    return Err(self.error(format_args!(
                        "can't use {shown} to iterate over more than one variable"
                    )));
                }
                for i in 0..*n {
                    ran = true;
                    self.one_iteration(r, Value::Nil, Value::Uint(i, *k))?;
                }
            }
            Value::List(l) => {
                for (i, e) in l.iter().enumerate() {
                    ran = true;
                    self.one_iteration(r, Value::int(i as i64), e)?;
                }
            }
            Value::Map(m) if m.json_object().is_some() => {
                // JSON objects iterate in key order already; keys and values are viewed in place.
                for (k, v) in m.json_object().into_iter().flatten() {
                    ran = true;
                    self.one_iteration(r, Value::str(k), Value::from_json(v))?;
                }
            }
            Value::Map(m) => {
                let key_ty = m
                    .go_type()
                    .key()
                    .cloned()
                    .unwrap_or_else(crate::value::GoType::string);
                for (k, v) in m.iter() {
                    ran = true;
                    self.one_iteration(r, k.to_value(&key_ty), v)?;
                }
            }
            Value::Nil => {}
            _ => {
                let shown = print::sprint(std::slice::from_ref(&val));
                return Err(self.error(format_args!("range can't iterate over {shown}")));
            }
        }
        if !ran {
            if let Some(e) = &r.else_list {
                return self.walk_list(dot, e);
            }
        }
        Ok(())
    }

    fn walk_template(&mut self, dot: &Value<'a>, node: &'t Node, t: &'t TemplateNode) -> R<()> {
        self.at(At::Node(node));
        let Some(tree) = self.set.lookup(&t.name) else {
            return Err(self.error(format_args!(
                "template {} not defined",
                crate::parse::quote::quote(&t.name)
            )));
        };
        self.enter()?;
        let res = (|| {
            let new_dot = match &t.pipe {
                Some(p) => self.eval_pipeline(dot, p)?,
                None => Value::Nil,
            };
            let saved_tree = std::mem::replace(&mut self.tree, tree);
            let saved_vars = std::mem::replace(&mut self.vars, vec![("$", new_dot.clone())]);
            let res = self.walk_list(&new_dot, &tree.root);
            self.tree = saved_tree;
            self.vars = saved_vars;
            res
        })();
        self.depth -= 1;
        res
    }

    /// Go's `printValue`: writes the value of an action as `fmt.Print` would.
    fn print_value(&mut self, v: &Value<'a>) -> R<()> {
        if let Err(e) = crate::fmt::print_value(self.out, v) {
            return Err(self.error(format_args!(
                "can't print {} of type {}",
                self.node.context(),
                e.ty
            )));
        }
        Ok(())
    }
}
