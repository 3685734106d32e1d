//! The canonical text form of parse-tree nodes: Go's `Node.String()` / `writeTo` methods.
//!
//! Error messages quote nodes in this form (`executing "t" at <.X>`). [`ListNode::quoted_string`] prints text
//! nodes Go-quoted, the form Go's parser tests compare.

use std::fmt::{self, Display, Write};

use super::node::*;
use super::quote::quote;

struct W<'o> {
    out: &'o mut dyn Write,
    quote_text: bool,
    left: &'o str,
    right: &'o str,
}

impl W<'_> {
    fn list(&mut self, l: &ListNode) -> fmt::Result {
        for n in &l.nodes {
            self.node(n)?;
        }
        Ok(())
    }

    fn node(&mut self, n: &Node) -> fmt::Result {
        match n {
            Node::Text(t) => {
                if self.quote_text {
                    self.out.write_str(&quote(&t.text))
                } else {
                    self.out.write_str(&t.text)
                }
            }
            Node::Action(a) => {
                self.out.write_str(self.left)?;
                self.pipe(&a.pipe)?;
                self.out.write_str(self.right)
            }
            Node::If(b) => self.branch("if", b),
            Node::Range(b) => self.branch("range", b),
            Node::With(b) => self.branch("with", b),
            Node::Template(t) => {
                self.out.write_str(self.left)?;
                self.out.write_str("template ")?;
                self.out.write_str(&quote(&t.name))?;
                if let Some(p) = &t.pipe {
                    self.out.write_char(' ')?;
                    self.pipe(p)?;
                }
                self.out.write_str(self.right)
            }
            Node::Break(_) => self.keyword("break"),
            Node::Continue(_) => self.keyword("continue"),
            Node::Comment(c) => {
                self.out.write_str(self.left)?;
                self.out.write_str(&c.text)?;
                self.out.write_str(self.right)
            }
        }
    }

    fn branch(&mut self, name: &str, b: &BranchNode) -> fmt::Result {
        self.out.write_str(self.left)?;
        self.out.write_str(name)?;
        self.out.write_char(' ')?;
        self.pipe(&b.pipe)?;
        self.out.write_str(self.right)?;
        self.list(&b.list)?;
        if let Some(e) = &b.else_list {
            self.keyword("else")?;
            self.list(e)?;
        }
        self.keyword("end")
    }

    fn keyword(&mut self, k: &str) -> fmt::Result {
        self.out.write_str(self.left)?;
        self.out.write_str(k)?;
        self.out.write_str(self.right)
    }

    fn pipe(&mut self, p: &PipeNode) -> fmt::Result {
        if !p.decl.is_empty() {
            for (i, v) in p.decl.iter().enumerate() {
                if i > 0 {
                    self.out.write_str(", ")?;
                }
                self.variable(v)?;
            }
            self.out
                .write_str(if p.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in p.cmds.iter().enumerate() {
            if i > 0 {
                self.out.write_str(" | ")?;
            }
            self.command(c)?;
        }
        Ok(())
    }

    fn command(&mut self, c: &CommandNode) -> fmt::Result {
        for (i, a) in c.args.iter().enumerate() {
            if i > 0 {
                self.out.write_char(' ')?;
            }
            if let Arg::Pipe(p) = a {
                self.out.write_char('(')?;
                self.pipe(p)?;
                self.out.write_char(')')?;
            } else {
                self.arg(a)?;
            }
        }
        Ok(())
    }

    fn variable(&mut self, v: &VariableNode) -> fmt::Result {
        for (i, id) in v.ident.iter().enumerate() {
            if i > 0 {
                self.out.write_char('.')?;
            }
            self.out.write_str(id)?;
        }
        Ok(())
    }

    fn arg(&mut self, a: &Arg) -> fmt::Result {
        match a {
            Arg::Identifier(i) => self.out.write_str(&i.ident),
            Arg::Dot(_) => self.out.write_char('.'),
            Arg::Nil(_) => self.out.write_str("nil"),
            Arg::Bool(b) => self.out.write_str(if b.value { "true" } else { "false" }),
            Arg::Number(n) => self.out.write_str(&n.text),
            Arg::String(s) => self.out.write_str(&s.quoted),
            Arg::Variable(v) => self.variable(v),
            Arg::Field(f) => {
                for id in &f.ident {
                    self.out.write_char('.')?;
                    self.out.write_str(id)?;
                }
                Ok(())
            }
            Arg::Chain(c) => {
                if let Arg::Pipe(p) = &c.node {
                    self.out.write_char('(')?;
                    self.pipe(p)?;
                    self.out.write_char(')')?;
                } else {
                    self.arg(&c.node)?;
                }
                for f in &c.field {
                    self.out.write_char('.')?;
                    self.out.write_str(f)?;
                }
                Ok(())
            }
            Arg::Pipe(p) => self.pipe(p),
        }
    }
}

macro_rules! display_via {
    ($ty:ty, $method:ident) => {
        impl Display for $ty {
            /// Go's `String()` form of the node.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                W {
                    out: f,
                    quote_text: false,
                    left: "{{",
                    right: "}}",
                }
                .$method(self)
            }
        }
    };
}

display_via!(ListNode, list);
display_via!(Node, node);
display_via!(PipeNode, pipe);
display_via!(CommandNode, command);
display_via!(Arg, arg);
display_via!(VariableNode, variable);

impl ListNode {
    /// The `String()` form with text nodes written Go-quoted (as Go's parser tests print trees).
    pub fn quoted_string(&self) -> String {
        let mut s = String::new();
        let _ = W {
            out: &mut s,
            quote_text: true,
            left: "{{",
            right: "}}",
        }
        .list(self);
        s
    }

    /// The `String()` form written with the given action delimiters (as Go prints trees parsed with custom
    /// delimiters).
    pub fn string_with_delims(&self, left: &str, right: &str) -> String {
        let mut s = String::new();
        let _ = W {
            out: &mut s,
            quote_text: false,
            left,
            right,
        }
        .list(self);
        s
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use crate::parse::{parse, ParseConfig};

    #[test]
    fn round_trips_canonical_form() {
        let text = "a{{if .X}}{{$x := 1 | printf \"%d\"}}{{else}}{{(.Y).Z}}{{end}}";
        let trees = parse("t", text, &ParseConfig::new(&|_| true)).unwrap();
        let t = trees.iter().find(|t| &*t.name == "t").unwrap();
        assert_eq!(
            t.root.to_string(),
            "a{{if .X}}{{$x := 1 | printf \"%d\"}}{{else}}{{(.Y).Z}}{{end}}"
        );
        assert_eq!(
            t.root.quoted_string(),
            "\"a\"{{if .X}}{{$x := 1 | printf \"%d\"}}{{else}}{{(.Y).Z}}{{end}}"
        );
    }
}
