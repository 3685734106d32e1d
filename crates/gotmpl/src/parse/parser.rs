//! The template parser: Go's `text/template/parse` `parse.go` (`Tree.Parse` and its recursive-descent helpers),
//! with Go's error messages (`template: NAME:LINE: ...`).

use std::fmt;
use std::sync::Arc;

use super::lex::{Item, ItemType, LexOptions, Lexer};
use super::node::*;
use super::number::new_number;
use super::quote::{quote, unquote};

/// The default limit on nested parenthesised expressions. Go allows 10000; this parser recurses per level and
/// stays within a 2 MiB thread stack (even unoptimised) with 300.
pub const DEFAULT_MAX_EXPRESSION_DEPTH: usize = 150;

/// The deepest nesting of control structures (`if`, `range`, `with`, `block`) accepted. Go has no such limit;
/// it keeps the recursive parser (and executor) within a thread's stack on hostile input.
pub const MAX_CONTROL_NESTING: usize = 100;

/// How to parse a template text.
pub struct ParseConfig<'c> {
    /// The left delimiter (empty: `{{`).
    pub left_delim: &'c str,
    /// The right delimiter (empty: `}}`).
    pub right_delim: &'c str,
    /// Keep comments in the tree (Go's `parse.ParseComments`).
    pub parse_comments: bool,
    /// Do not check that called functions exist (Go's `parse.SkipFuncCheck`).
    pub skip_func_check: bool,
    /// The limit on nested parentheses.
    pub max_expression_depth: usize,
    /// Whether a function of this name is defined.
    pub has_func: &'c dyn Fn(&str) -> bool,
}

impl<'c> ParseConfig<'c> {
    /// Default delimiters and modes, with `has_func` telling which function names exist.
    pub fn new(has_func: &'c dyn Fn(&str) -> bool) -> Self {
        ParseConfig {
            left_delim: "",
            right_delim: "",
            parse_comments: false,
            skip_func_check: false,
            max_expression_depth: DEFAULT_MAX_EXPRESSION_DEPTH,
            has_func,
        }
    }
}

/// Go's `parse.IsEmptyTree`: whether a list holds only white space, comments (and, at top level, definitions,
/// which are not part of the list).
pub fn is_empty_tree(list: &ListNode) -> bool {
    list.nodes.iter().all(|n| match n {
        Node::Text(t) => t.text.trim().is_empty(),
        Node::Comment(_) => true,
        _ => false,
    })
}

type PResult<T> = Result<T, String>;

/// A statement or one of the markers ending a list.
enum Parsed {
    Node(Node),
    End,
    Else(Pos),
}

impl fmt::Display for Parsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Parsed::Node(n) => n.fmt(f),
            Parsed::End => f.write_str("{{end}}"),
            Parsed::Else(_) => f.write_str("{{else}}"),
        }
    }
}

struct Parser<'s, 'c> {
    lex: Lexer<'s>,
    token: [Item<'s>; 3],
    peek_count: usize,
    vars: Vec<Arc<str>>,
    range_depth: usize,
    stack_depth: usize,
    nesting: usize,
    action_line: usize,
    parse_name: Arc<str>,
    text: Arc<str>,
    cfg: &'c ParseConfig<'c>,
    trees: Vec<Tree>,
    /// Field names shared between nodes, so the executor can compare them by address.
    names: std::collections::HashSet<Arc<str>>,
}

fn eof_item<'s>() -> Item<'s> {
    Item {
        typ: ItemType::Eof,
        pos: 0,
        val: "".into(),
        line: 1,
    }
}

/// Parses `text` as the template `name`, returning every tree it defines: the top-level one (named `name`)
/// and those of `{{define}}` and `{{block}}`, after Go's redefinition rules within one text.
/// The error is Go's message, e.g. `template: t:1: unexpected "}" in operand`.
pub fn parse(name: &str, text: &str, cfg: &ParseConfig<'_>) -> Result<Vec<Tree>, String> {
    let has = cfg.has_func;
    let options = LexOptions {
        emit_comment: cfg.parse_comments,
        break_ok: !has("break"),
        continue_ok: !has("continue"),
    };
    let mut p = Parser {
        lex: Lexer::new(text, cfg.left_delim, cfg.right_delim, options),
        token: [eof_item(), eof_item(), eof_item()],
        peek_count: 0,
        vars: vec![Arc::from("$")],
        range_depth: 0,
        stack_depth: 0,
        nesting: 0,
        action_line: 0,
        parse_name: Arc::from(name),
        text: Arc::from(text),
        cfg,
        trees: Vec::new(),
        names: std::collections::HashSet::new(),
    };
    let root = p.parse_top()?;
    p.add(Arc::from(name), root)?;
    Ok(p.trees)
}

impl<'s> Parser<'s, '_> {
    fn next(&mut self) -> Item<'s> {
        if self.peek_count > 0 {
            self.peek_count -= 1;
        } else {
            self.token[0] = self.lex.next_item();
        }
        self.token[self.peek_count].clone()
    }

    fn backup(&mut self) {
        self.peek_count += 1;
    }

    fn backup2(&mut self, t1: Item<'s>) {
        self.token[1] = t1;
        self.peek_count = 2;
    }

    fn backup3(&mut self, t2: Item<'s>, t1: Item<'s>) {
        self.token[1] = t1;
        self.token[2] = t2;
        self.peek_count = 3;
    }

    fn peek(&mut self) -> Item<'s> {
        if self.peek_count > 0 {
            return self.token[self.peek_count - 1].clone();
        }
        self.peek_count = 1;
        self.token[0] = self.lex.next_item();
        self.token[0].clone()
    }

    fn next_non_space(&mut self) -> Item<'s> {
        loop {
            let t = self.next();
            if t.typ != ItemType::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item<'s> {
        let t = self.next_non_space();
        self.backup();
        t
    }

    fn errorf<T>(&self, msg: impl fmt::Display) -> PResult<T> {
        Err(format!(
            "template: {}:{}: {}",
            self.parse_name, self.token[0].line, msg
        ))
    }

    fn expect(&mut self, expected: ItemType, context: &str) -> PResult<Item<'s>> {
        let t = self.next_non_space();
        if t.typ != expected {
            return self.unexpected(&t, context);
        }
        Ok(t)
    }

    fn unexpected<T>(&self, token: &Item<'_>, context: &str) -> PResult<T> {
        if token.typ == ItemType::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != token.line {
                extra = format!(
                    " in action started at {}:{}",
                    self.parse_name, self.action_line
                );
                if token.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.errorf(format_args!("{token}{extra}"));
        }
        self.errorf(format_args!("unexpected {token} in {context}"))
    }

    fn has_function(&self, name: &str) -> bool {
        (self.cfg.has_func)(name)
    }

    fn add(&mut self, name: Arc<str>, root: ListNode) -> PResult<()> {
        match self.trees.iter().position(|t| t.name == name) {
            Some(i) if !is_empty_tree(&self.trees[i].root) => {
                if !is_empty_tree(&root) {
                    return self.errorf(format_args!(
                        "template: multiple definition of template {}",
                        quote(&name)
                    ));
                }
            }
            Some(i) => self.trees[i].root = root,
            None => self.trees.push(Tree {
                name,
                parse_name: self.parse_name.clone(),
                root,
                text: self.text.clone(),
            }),
        }
        Ok(())
    }

    fn parse_top(&mut self) -> PResult<ListNode> {
        let mut root = ListNode {
            pos: self.peek().pos,
            nodes: Vec::new(),
        };
        while self.peek().typ != ItemType::Eof {
            if self.peek().typ == ItemType::LeftDelim {
                let delim = self.next();
                if self.next_non_space().typ == ItemType::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.backup2(delim);
            }
            match self.text_or_action()? {
                Parsed::Node(n) => root.nodes.push(n),
                other => return self.errorf(format_args!("unexpected {other}")),
            }
        }
        Ok(root)
    }

    /// Runs `f` as the body of a new tree (`define`/`block`): fresh variables and range depth.
    fn in_new_tree<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        let vars = std::mem::replace(&mut self.vars, vec![Arc::from("$")]);
        let range_depth = std::mem::replace(&mut self.range_depth, 0);
        let r = f(self);
        self.vars = vars;
        self.range_depth = range_depth;
        r
    }

    fn parse_definition(&mut self) -> PResult<()> {
        const CONTEXT: &str = "define clause";
        let name = self.next_non_space();
        if name.typ != ItemType::String && name.typ != ItemType::RawString {
            return self.unexpected(&name, CONTEXT);
        }
        let Some(name) = unquote(&name.val) else {
            return self.errorf("invalid syntax");
        };
        self.expect(ItemType::RightDelim, CONTEXT)?;
        let root = self.in_new_tree(|p| {
            let (root, end) = p.item_list()?;
            if !matches!(end, Parsed::End) {
                return p.errorf(format_args!("unexpected {end} in {CONTEXT}"));
            }
            Ok(root)
        })?;
        self.add(Arc::from(name), root)
    }

    fn item_list(&mut self) -> PResult<(ListNode, Parsed)> {
        let mut list = ListNode {
            pos: self.peek_non_space().pos,
            nodes: Vec::new(),
        };
        while self.peek_non_space().typ != ItemType::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => list.nodes.push(n),
                other => return Ok((list, other)),
            }
        }
        self.errorf("unexpected EOF")
    }

    fn text_or_action(&mut self) -> PResult<Parsed> {
        let token = self.next_non_space();
        match token.typ {
            ItemType::Text => Ok(Parsed::Node(Node::Text(TextNode {
                pos: token.pos,
                text: Arc::from(&*token.val),
            }))),
            ItemType::LeftDelim => {
                self.action_line = token.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            ItemType::Comment => Ok(Parsed::Node(Node::Comment(CommentNode {
                pos: token.pos,
                text: Arc::from(&*token.val),
            }))),
            _ => self.unexpected(&token, "input"),
        }
    }

    fn action(&mut self) -> PResult<Parsed> {
        let token = self.next_non_space();
        match token.typ {
            ItemType::Block => return self.block_control().map(Parsed::Node),
            ItemType::Break | ItemType::Continue => {
                let what = if token.typ == ItemType::Break {
                    "{{break}}"
                } else {
                    "{{continue}}"
                };
                let t = self.next_non_space();
                if t.typ != ItemType::RightDelim {
                    return self.unexpected(&t, what);
                }
                if self.range_depth == 0 {
                    return self.errorf(format_args!("{what} outside {{{{range}}}}"));
                }
                return Ok(Parsed::Node(if token.typ == ItemType::Break {
                    Node::Break(token.pos)
                } else {
                    Node::Continue(token.pos)
                }));
            }
            ItemType::Else => return self.else_control(),
            ItemType::End => {
                self.expect(ItemType::RightDelim, "end")?;
                return Ok(Parsed::End);
            }
            ItemType::If => return self.if_control().map(Parsed::Node),
            ItemType::Range => {
                let b = self.parse_control("range")?;
                return Ok(Parsed::Node(Node::Range(b)));
            }
            ItemType::Template => return self.template_control().map(Parsed::Node),
            ItemType::With => return self.with_control().map(Parsed::Node),
            _ => {}
        }
        self.backup();
        let token = self.peek();
        let pipe = self.pipeline("command", ItemType::RightDelim)?;
        Ok(Parsed::Node(Node::Action(ActionNode {
            pos: token.pos,
            pipe,
        })))
    }

    fn if_control(&mut self) -> PResult<Node> {
        Ok(Node::If(self.parse_control("if")?))
    }

    fn with_control(&mut self) -> PResult<Node> {
        Ok(Node::With(self.parse_control("with")?))
    }

    fn pipeline(&mut self, context: &str, end: ItemType) -> PResult<PipeNode> {
        let token = self.peek_non_space();
        let mut pipe = PipeNode {
            pos: token.pos,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        'decls: loop {
            let v = self.peek_non_space();
            if v.typ != ItemType::Variable {
                break;
            }
            self.next();
            let after = self.peek();
            let next = self.peek_non_space();
            if next.typ == ItemType::Assign || next.typ == ItemType::Declare {
                pipe.is_assign = next.typ == ItemType::Assign;
                self.next_non_space();
                pipe.decl.push(self.new_variable(v.pos, &v.val));
                self.vars.push(Arc::from(&*v.val));
            } else if next.typ == ItemType::Char && next.val == "," {
                self.next_non_space();
                pipe.decl.push(self.new_variable(v.pos, &v.val));
                self.vars.push(Arc::from(&*v.val));
                if context == "range" && pipe.decl.len() < 2 {
                    match self.peek_non_space().typ {
                        ItemType::Variable | ItemType::RightDelim | ItemType::RightParen => {
                            continue 'decls
                        }
                        _ => return self.errorf("range can only initialize variables"),
                    }
                }
                return self.errorf(format_args!("too many declarations in {context}"));
            } else if after.typ == ItemType::Space {
                self.backup3(v, after);
            } else {
                self.backup2(v);
            }
            break;
        }
        loop {
            let token = self.next_non_space();
            match token.typ {
                t if t == end => {
                    self.check_pipeline(&pipe, context)?;
                    return Ok(pipe);
                }
                ItemType::Bool
                | ItemType::CharConstant
                | ItemType::Complex
                | ItemType::Dot
                | ItemType::Field
                | ItemType::Identifier
                | ItemType::Number
                | ItemType::Nil
                | ItemType::RawString
                | ItemType::String
                | ItemType::Variable
                | ItemType::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return self.unexpected(&token, context),
            }
        }
    }

    fn check_pipeline(&self, pipe: &PipeNode, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return self.errorf(format_args!("missing value for {context}"));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args.first(),
                Some(Arg::Bool(_) | Arg::Dot(_) | Arg::Nil(_) | Arg::Number(_) | Arg::String(_))
            ) {
                return self.errorf(format_args!(
                    "non executable command in pipeline stage {}",
                    i + 1
                ));
            }
        }
        Ok(())
    }

    fn parse_control(&mut self, context: &str) -> PResult<BranchNode> {
        if self.nesting >= MAX_CONTROL_NESTING {
            return self.errorf("max nesting depth exceeded");
        }
        self.nesting += 1;
        let mark = self.vars.len();
        let r = self.parse_control_inner(context);
        self.vars.truncate(mark);
        self.nesting -= 1;
        r
    }

    fn parse_control_inner(&mut self, context: &str) -> PResult<BranchNode> {
        let pipe = self.pipeline(context, ItemType::RightDelim)?;
        let is_range = context == "range";
        if is_range {
            self.range_depth += 1;
        }
        let r = self.item_list();
        if is_range {
            self.range_depth -= 1;
        }
        let (list, next) = r?;
        let mut else_list = None;
        if let Parsed::Else(else_pos) = next {
            if context == "if" && self.peek().typ == ItemType::If {
                self.next();
                let n = self.if_control()?;
                else_list = Some(ListNode {
                    pos: else_pos,
                    nodes: vec![n],
                });
            } else if context == "with" && self.peek().typ == ItemType::With {
                self.next();
                let n = self.with_control()?;
                else_list = Some(ListNode {
                    pos: else_pos,
                    nodes: vec![n],
                });
            } else {
                let (l, next) = self.item_list()?;
                if !matches!(next, Parsed::End) {
                    return self.errorf(format_args!("expected end; found {next}"));
                }
                else_list = Some(l);
            }
        }
        Ok(BranchNode {
            pos: pipe.pos,
            pipe,
            list,
            else_list,
        })
    }

    fn else_control(&mut self) -> PResult<Parsed> {
        let peek = self.peek_non_space();
        if peek.typ == ItemType::If || peek.typ == ItemType::With {
            return Ok(Parsed::Else(peek.pos));
        }
        let token = self.expect(ItemType::RightDelim, "else")?;
        Ok(Parsed::Else(token.pos))
    }

    fn block_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "block clause";
        let token = self.next_non_space();
        let name = self.parse_template_name(&token, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, ItemType::RightDelim)?;
        if self.nesting >= MAX_CONTROL_NESTING {
            return self.errorf("max nesting depth exceeded");
        }
        self.nesting += 1;
        let root = self.in_new_tree(|p| {
            let (root, end) = p.item_list()?;
            if !matches!(end, Parsed::End) {
                return p.errorf(format_args!("unexpected {end} in {CONTEXT}"));
            }
            Ok(root)
        });
        self.nesting -= 1;
        let name: Arc<str> = Arc::from(name);
        self.add(name.clone(), root?)?;
        Ok(Node::Template(TemplateNode {
            pos: token.pos,
            name,
            pipe: Some(pipe),
        }))
    }

    fn template_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "template clause";
        let token = self.next_non_space();
        let name = self.parse_template_name(&token, CONTEXT)?;
        let mut pipe = None;
        if self.next_non_space().typ != ItemType::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(CONTEXT, ItemType::RightDelim)?);
        }
        Ok(Node::Template(TemplateNode {
            pos: token.pos,
            name: Arc::from(name),
            pipe,
        }))
    }

    fn parse_template_name(&self, token: &Item<'_>, context: &str) -> PResult<String> {
        match token.typ {
            ItemType::String | ItemType::RawString => match unquote(&token.val) {
                Some(s) => Ok(s),
                None => self.errorf("invalid syntax"),
            },
            _ => self.unexpected(token, context),
        }
    }

    fn command(&mut self) -> PResult<CommandNode> {
        let mut cmd = CommandNode {
            pos: self.peek_non_space().pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.args.push(op);
            }
            let token = self.next();
            match token.typ {
                ItemType::Space => continue,
                ItemType::RightDelim | ItemType::RightParen => self.backup(),
                ItemType::Pipe => {}
                _ => return self.unexpected(&token, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.errorf("empty command");
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().typ != ItemType::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let mut fields: Vec<Arc<str>> = Vec::new();
        while self.peek().typ == ItemType::Field {
            let f = self.next();
            fields.push(self.name(&f.val[1..]));
        }
        Ok(Some(match node {
            Arg::Field(mut f) => {
                f.ident.extend(fields);
                f.pos = chain_pos;
                Arg::Field(f)
            }
            Arg::Variable(mut v) => {
                v.ident.extend(fields);
                v.pos = chain_pos;
                Arg::Variable(v)
            }
            Arg::Bool(_) | Arg::String(_) | Arg::Number(_) | Arg::Nil(_) | Arg::Dot(_) => {
                return self.errorf(format_args!(
                    "unexpected . after term {}",
                    quote(&node.to_string())
                ));
            }
            node => Arg::Chain(Box::new(ChainNode {
                pos: chain_pos,
                node,
                field: fields,
            })),
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let token = self.next_non_space();
        let arg = match token.typ {
            ItemType::Identifier => {
                if !self.cfg.skip_func_check && !self.has_function(&token.val) {
                    return self.errorf(format_args!("function {} not defined", quote(&token.val)));
                }
                Arg::Identifier(IdentifierNode {
                    pos: token.pos,
                    ident: Arc::from(&*token.val),
                    slot: UNRESOLVED,
                })
            }
            ItemType::Dot => Arg::Dot(token.pos),
            ItemType::Nil => Arg::Nil(token.pos),
            ItemType::Variable => {
                let v = self.new_variable(token.pos, &token.val);
                if !self.vars.iter().any(|name| *name == v.ident[0]) {
                    return self.errorf(format_args!("undefined variable {}", quote(&v.ident[0])));
                }
                Arg::Variable(v)
            }
            ItemType::Field => Arg::Field(FieldNode {
                pos: token.pos,
                ident: token.val[1..].split('.').map(|n| self.name(n)).collect(),
            }),
            ItemType::Bool => Arg::Bool(BoolNode {
                pos: token.pos,
                value: token.val == "true",
            }),
            ItemType::CharConstant | ItemType::Complex | ItemType::Number => {
                match new_number(token.pos, &token.val, token.typ) {
                    Ok(n) => Arg::Number(Box::new(n)),
                    Err(e) => return self.errorf(e),
                }
            }
            ItemType::LeftParen => {
                if self.stack_depth >= self.cfg.max_expression_depth {
                    return self.errorf("max expression depth exceeded");
                }
                self.stack_depth += 1;
                let p = self.pipeline("parenthesized pipeline", ItemType::RightParen);
                self.stack_depth -= 1;
                Arg::Pipe(Box::new(p?))
            }
            ItemType::String | ItemType::RawString => match unquote(&token.val) {
                Some(s) => Arg::String(StringNode {
                    pos: token.pos,
                    quoted: Arc::from(&*token.val),
                    text: Arc::from(s),
                }),
                None => return self.errorf("invalid syntax"),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        };
        Ok(Some(arg))
    }
}

impl Parser<'_, '_> {
    /// The shared copy of a field or variable name.
    fn name(&mut self, n: &str) -> Arc<str> {
        if let Some(a) = self.names.get(n) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(n);
        self.names.insert(a.clone());
        a
    }

    fn new_variable(&mut self, pos: Pos, name: &str) -> VariableNode {
        VariableNode {
            pos,
            ident: name.split('.').map(|n| self.name(n)).collect(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn builtin(name: &str) -> bool {
        matches!(name, "printf" | "len" | "index" | "eq")
    }

    fn err(text: &str) -> String {
        parse("t", text, &ParseConfig::new(&builtin)).unwrap_err()
    }

    #[test]
    fn reports_go_errors() {
        assert_eq!(err("{{}}"), "template: t:1: missing value for command");
        assert_eq!(err("{{$x}}"), "template: t:1: undefined variable \"$x\"");
        assert_eq!(
            err("{{nope}}"),
            "template: t:1: function \"nope\" not defined"
        );
        assert_eq!(err("{{end}}"), "template: t:1: unexpected {{end}}");
        assert_eq!(err("{{if .X}}"), "template: t:1: unexpected EOF");
        assert_eq!(
            err("{{break}}"),
            "template: t:1: {{break}} outside {{range}}"
        );
    }

    #[test]
    fn nested_controls_are_bounded() {
        let text = "{{if 1}}".repeat(MAX_CONTROL_NESTING + 1);
        assert!(err(&text).contains("max nesting depth exceeded"));
    }

    #[test]
    fn deep_parentheses_do_not_overflow() {
        let depth = DEFAULT_MAX_EXPRESSION_DEPTH + 1;
        let text = format!("{{{{{}1{}}}}}", "(".repeat(depth), ")".repeat(depth));
        assert!(err(&text).contains("max expression depth exceeded"));
    }
}
