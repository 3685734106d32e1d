//! The template lexer: Go's `text/template/parse` `lex.go` (`lexer.nextItem` and its state functions).
//!
//! The lexer is pulled one item at a time by the parser. It applies trim markers (`{{- ` / ` -}}`) while
//! scanning, so text items already lack the trimmed white space.

use std::fmt;

/// The kind of a lexical item (Go's `itemType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemType {
    /// An error; the item's text is the message.
    Error,
    /// `true` or `false`.
    Bool,
    /// A printable ASCII character not otherwise meaningful (`,`, `@`, …).
    Char,
    /// A character constant such as `'a'`.
    CharConstant,
    /// A comment (only emitted when comments are kept).
    Comment,
    /// A complex constant such as `1+2i`.
    Complex,
    /// `=`.
    Assign,
    /// `:=`.
    Declare,
    /// End of input.
    Eof,
    /// `.Name`.
    Field,
    /// A function name.
    Identifier,
    /// The left delimiter.
    LeftDelim,
    /// `(`.
    LeftParen,
    /// A number, including imaginary ones.
    Number,
    /// `|`.
    Pipe,
    /// A raw string with its back quotes.
    RawString,
    /// The right delimiter.
    RightDelim,
    /// `)`.
    RightParen,
    /// A run of white space inside an action.
    Space,
    /// A quoted string with its quotes.
    String,
    /// Text outside actions.
    Text,
    /// `$` or `$name`.
    Variable,
    /// `block`.
    Block,
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `.` alone.
    Dot,
    /// `define`.
    Define,
    /// `else`.
    Else,
    /// `end`.
    End,
    /// `if`.
    If,
    /// `nil`.
    Nil,
    /// `range`.
    Range,
    /// `template`.
    Template,
    /// `with`.
    With,
}

impl ItemType {
    /// Whether this is a keyword (Go's `typ > itemKeyword`).
    pub fn is_keyword(self) -> bool {
        matches!(
            self,
            ItemType::Block
                | ItemType::Break
                | ItemType::Continue
                | ItemType::Dot
                | ItemType::Define
                | ItemType::Else
                | ItemType::End
                | ItemType::If
                | ItemType::Nil
                | ItemType::Range
                | ItemType::Template
                | ItemType::With
        )
    }

    /// The kind name used by Go's lexer tests (`"left delim"`, `"identifier"`, `"if"`, …).
    pub fn name(self) -> &'static str {
        match self {
            ItemType::Error => "error",
            ItemType::Bool => "bool",
            ItemType::Char => "char",
            ItemType::CharConstant => "charconst",
            ItemType::Comment => "comment",
            ItemType::Complex => "complex",
            ItemType::Assign => "=",
            ItemType::Declare => ":=",
            ItemType::Eof => "EOF",
            ItemType::Field => "field",
            ItemType::Identifier => "identifier",
            ItemType::LeftDelim => "left delim",
            ItemType::LeftParen => "(",
            ItemType::Number => "number",
            ItemType::Pipe => "pipe",
            ItemType::RawString => "raw string",
            ItemType::RightDelim => "right delim",
            ItemType::RightParen => ")",
            ItemType::Space => "space",
            ItemType::String => "string",
            ItemType::Text => "text",
            ItemType::Variable => "variable",
            ItemType::Block => "block",
            ItemType::Break => "break",
            ItemType::Continue => "continue",
            ItemType::Dot => ".",
            ItemType::Define => "define",
            ItemType::Else => "else",
            ItemType::End => "end",
            ItemType::If => "if",
            ItemType::Nil => "nil",
            ItemType::Range => "range",
            ItemType::Template => "template",
            ItemType::With => "with",
        }
    }
}

fn keyword(word: &str) -> Option<ItemType> {
    Some(match word {
        "." => ItemType::Dot,
        "block" => ItemType::Block,
        "break" => ItemType::Break,
        "continue" => ItemType::Continue,
        "define" => ItemType::Define,
        "else" => ItemType::Else,
        "end" => ItemType::End,
        "if" => ItemType::If,
        "range" => ItemType::Range,
        "nil" => ItemType::Nil,
        "template" => ItemType::Template,
        "with" => ItemType::With,
        _ => return None,
    })
}

/// A token or text string returned by the lexer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<'s> {
    /// The kind of item.
    pub typ: ItemType,
    /// Byte offset of the item in the input.
    pub pos: usize,
    /// The item's text (for errors, the message).
    pub val: std::borrow::Cow<'s, str>,
    /// The 1-based line where the item starts.
    pub line: usize,
}

impl fmt::Display for Item<'_> {
    /// Go's `item.String()`, used in "unexpected ..." parse errors.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.typ {
            ItemType::Eof => f.write_str("EOF"),
            ItemType::Error => f.write_str(&self.val),
            t if t.is_keyword() => write!(f, "<{}>", self.val),
            _ => {
                if self.val.chars().count() > 10 {
                    let head: String = self.val.chars().take(10).collect();
                    write!(f, "{}...", super::quote::quote(&head))
                } else {
                    f.write_str(&super::quote::quote(&self.val))
                }
            }
        }
    }
}

/// Lexer options (Go's `lexOptions`).
#[derive(Debug, Clone, Copy, Default)]
pub struct LexOptions {
    /// Emit comment items.
    pub emit_comment: bool,
    /// Recognise `break` as a keyword.
    pub break_ok: bool,
    /// Recognise `continue` as a keyword.
    pub continue_ok: bool,
}

const TRIM_MARKER_LEN: usize = 2;
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";

#[derive(Clone, Copy)]
enum State {
    Text,
    LeftDelim,
    Comment,
    RightDelim,
    InsideAction,
    Space,
    Identifier,
    Field,
    Variable,
    Char,
    Number,
    Quote,
    RawQuote,
}

/// Scans template text into items (Go's `lexer`).
pub struct Lexer<'s> {
    input: &'s str,
    left_delim: &'s str,
    right_delim: &'s str,
    pos: usize,
    start: usize,
    at_eof: bool,
    paren_depth: i32,
    line: usize,
    start_line: usize,
    item: Option<Item<'s>>,
    inside_action: bool,
    options: LexOptions,
}

fn is_space(r: char) -> bool {
    matches!(r, ' ' | '\t' | '\r' | '\n')
}

fn is_alpha_numeric(r: char) -> bool {
    r == '_' || r.is_alphabetic() || r.is_ascii_digit() || is_nd(r)
}

fn is_nd(r: char) -> bool {
    // Common non-ASCII Nd blocks (Arabic-Indic, Devanagari, fullwidth, …): a digit's block starts at a
    // code point ending in 0 and spans ten characters. Approximated by the well-known ranges.
    const RANGES: &[(u32, u32)] = &[
        (0x0660, 0x0669),
        (0x06F0, 0x06F9),
        (0x07C0, 0x07C9),
        (0x0966, 0x096F),
        (0x09E6, 0x09EF),
        (0x0A66, 0x0A6F),
        (0x0AE6, 0x0AEF),
        (0x0B66, 0x0B6F),
        (0x0BE6, 0x0BEF),
        (0x0C66, 0x0C6F),
        (0x0CE6, 0x0CEF),
        (0x0D66, 0x0D6F),
        (0x0E50, 0x0E59),
        (0x0ED0, 0x0ED9),
        (0x0F20, 0x0F29),
        (0x1040, 0x1049),
        (0x17E0, 0x17E9),
        (0x1810, 0x1819),
        (0xFF10, 0xFF19),
    ];
    let c = r as u32;
    RANGES.iter().any(|&(lo, hi)| lo <= c && c <= hi)
}

fn has_left_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(b[1] as char)
}

fn has_right_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(b[0] as char) && b[1] == b'-'
}

fn trim_right_len(s: &str) -> usize {
    s.len() - s.trim_end_matches(is_space).len()
}

fn trim_left_len(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_space).len()
}

/// Go's `%#U` formatting of a rune: `U+0001` or `U+0041 'A'`.
pub(crate) fn format_rune_u(r: char) -> String {
    let code = r as u32;
    let hex = format!("U+{code:04X}");
    if super::quote::is_print(r) {
        format!("{hex} '{r}'")
    } else {
        hex
    }
}

impl<'s> Lexer<'s> {
    /// A lexer over `input` with the given delimiters (empty means `{{` / `}}`).
    pub fn new(input: &'s str, left: &'s str, right: &'s str, options: LexOptions) -> Self {
        Lexer {
            input,
            left_delim: if left.is_empty() { "{{" } else { left },
            right_delim: if right.is_empty() { "}}" } else { right },
            pos: 0,
            start: 0,
            at_eof: false,
            paren_depth: 0,
            line: 1,
            start_line: 1,
            item: None,
            inside_action: false,
            options,
        }
    }

    fn rest(&self) -> &'s str {
        self.input.get(self.pos..).unwrap_or("")
    }

    fn next(&mut self) -> Option<char> {
        match self.rest().chars().next() {
            None => {
                self.at_eof = true;
                None
            }
            Some(r) => {
                self.pos += r.len_utf8();
                if r == '\n' {
                    self.line += 1;
                }
                Some(r)
            }
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.rest().chars().next()
    }

    fn backup(&mut self) {
        if !self.at_eof && self.pos > 0 {
            if let Some(r) = self.input[..self.pos].chars().next_back() {
                self.pos -= r.len_utf8();
                if r == '\n' {
                    self.line -= 1;
                }
            }
        }
    }

    fn this_item(&mut self, typ: ItemType) -> Item<'s> {
        let item = Item {
            typ,
            pos: self.start,
            val: self.input[self.start..self.pos].into(),
            line: self.start_line,
        };
        self.start = self.pos;
        self.start_line = self.line;
        item
    }

    fn emit(&mut self, typ: ItemType) -> Option<State> {
        let item = self.this_item(typ);
        self.emit_item(item)
    }

    fn emit_item(&mut self, item: Item<'s>) -> Option<State> {
        self.item = Some(item);
        None
    }

    fn ignore(&mut self) {
        self.line += self.input[self.start..self.pos].matches('\n').count();
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.next() {
            Some(r) if valid.contains(r) => true,
            _ => {
                self.backup();
                false
            }
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while let Some(r) = self.next() {
            if !valid.contains(r) {
                break;
            }
        }
        self.backup();
    }

    fn errorf(&mut self, msg: String) -> Option<State> {
        self.item = Some(Item {
            typ: ItemType::Error,
            pos: self.start,
            val: msg.into(),
            line: self.start_line,
        });
        self.start = 0;
        self.pos = 0;
        self.input = "";
        None
    }

    /// Returns the next item. After the end of input (or an error) it keeps returning `EOF`.
    pub fn next_item(&mut self) -> Item<'s> {
        self.item = Some(Item {
            typ: ItemType::Eof,
            pos: self.pos,
            val: "EOF".into(),
            line: self.start_line,
        });
        let mut state = if self.inside_action {
            State::InsideAction
        } else {
            State::Text
        };
        loop {
            let next = match state {
                State::Text => self.lex_text(),
                State::LeftDelim => self.lex_left_delim(),
                State::Comment => self.lex_comment(),
                State::RightDelim => self.lex_right_delim(),
                State::InsideAction => self.lex_inside_action(),
                State::Space => self.lex_space(),
                State::Identifier => self.lex_identifier(),
                State::Field => self.lex_field_or_variable(ItemType::Field),
                State::Variable => self.lex_variable(),
                State::Char => self.lex_char(),
                State::Number => self.lex_number(),
                State::Quote => self.lex_quote(),
                State::RawQuote => self.lex_raw_quote(),
            };
            match next {
                Some(s) => state = s,
                None => break,
            }
        }
        self.item.take().unwrap_or(Item {
            typ: ItemType::Eof,
            pos: self.pos,
            val: "".into(),
            line: self.line,
        })
    }

    fn lex_text(&mut self) -> Option<State> {
        if let Some(x) = self.rest().find(self.left_delim) {
            if x > 0 {
                self.pos += x;
                let delim_end = self.pos + self.left_delim.len();
                let mut trim = 0;
                if has_left_trim_marker(&self.input[delim_end..]) {
                    trim = trim_right_len(&self.input[self.start..self.pos]);
                }
                self.pos -= trim;
                self.line += self.input[self.start..self.pos].matches('\n').count();
                let item = self.this_item(ItemType::Text);
                self.pos += trim;
                self.ignore();
                if !item.val.is_empty() {
                    return self.emit_item(item);
                }
            }
            return Some(State::LeftDelim);
        }
        self.pos = self.input.len();
        if self.pos > self.start {
            self.line += self.input[self.start..self.pos].matches('\n').count();
            return self.emit(ItemType::Text);
        }
        self.emit(ItemType::Eof)
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let rest = self.rest();
        if has_right_trim_marker(rest) && rest[TRIM_MARKER_LEN..].starts_with(self.right_delim) {
            return (true, true);
        }
        (rest.starts_with(self.right_delim), false)
    }

    fn lex_left_delim(&mut self) -> Option<State> {
        self.pos += self.left_delim.len();
        let trim = has_left_trim_marker(self.rest());
        let after = if trim { TRIM_MARKER_LEN } else { 0 };
        if self.rest()[after..].starts_with(LEFT_COMMENT) {
            self.pos += after;
            self.ignore();
            return Some(State::Comment);
        }
        let item = self.this_item(ItemType::LeftDelim);
        self.inside_action = true;
        self.pos += after;
        self.ignore();
        self.paren_depth = 0;
        self.emit_item(item)
    }

    fn lex_comment(&mut self) -> Option<State> {
        self.pos += LEFT_COMMENT.len();
        let Some(x) = self.rest().find(RIGHT_COMMENT) else {
            return self.errorf("unclosed comment".into());
        };
        self.pos += x + RIGHT_COMMENT.len();
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.errorf("comment ends before closing delimiter".into());
        }
        self.line += self.input[self.start..self.pos].matches('\n').count();
        let item = self.this_item(ItemType::Comment);
        if trim {
            self.pos += TRIM_MARKER_LEN;
        }
        self.pos += self.right_delim.len();
        if trim {
            self.pos += trim_left_len(self.rest());
        }
        self.ignore();
        if self.options.emit_comment {
            return self.emit_item(item);
        }
        Some(State::Text)
    }

    fn lex_right_delim(&mut self) -> Option<State> {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.pos += TRIM_MARKER_LEN;
            self.ignore();
        }
        self.pos += self.right_delim.len();
        let item = self.this_item(ItemType::RightDelim);
        if trim {
            self.pos += trim_left_len(self.rest());
            self.ignore();
        }
        self.inside_action = false;
        self.emit_item(item)
    }

    fn lex_inside_action(&mut self) -> Option<State> {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return Some(State::RightDelim);
            }
            return self.errorf("unclosed left paren".into());
        }
        let Some(r) = self.next() else {
            return self.errorf("unclosed action".into());
        };
        match r {
            _ if is_space(r) => {
                self.backup();
                Some(State::Space)
            }
            '=' => self.emit(ItemType::Assign),
            ':' => {
                if self.next() != Some('=') {
                    return self.errorf("expected :=".into());
                }
                self.emit(ItemType::Declare)
            }
            '|' => self.emit(ItemType::Pipe),
            '"' => Some(State::Quote),
            '`' => Some(State::RawQuote),
            '$' => Some(State::Variable),
            '\'' => Some(State::Char),
            '.' => {
                if let Some(&b) = self.input.as_bytes().get(self.pos) {
                    if !b.is_ascii_digit() {
                        return Some(State::Field);
                    }
                }
                self.backup();
                Some(State::Number)
            }
            '+' | '-' | '0'..='9' => {
                self.backup();
                Some(State::Number)
            }
            _ if is_alpha_numeric(r) => {
                self.backup();
                Some(State::Identifier)
            }
            '(' => {
                self.paren_depth += 1;
                self.emit(ItemType::LeftParen)
            }
            ')' => {
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    return self.errorf("unexpected right paren".into());
                }
                self.emit(ItemType::RightParen)
            }
            _ if r.is_ascii() && !r.is_ascii_control() => self.emit(ItemType::Char),
            _ => self.errorf(format!(
                "unrecognized character in action: {}",
                format_rune_u(r)
            )),
        }
    }

    fn lex_space(&mut self) -> Option<State> {
        let mut num_spaces = 0;
        while let Some(r) = self.peek() {
            if !is_space(r) {
                break;
            }
            self.next();
            num_spaces += 1;
        }
        let back = &self.input[self.pos - 1..];
        if has_right_trim_marker(back) && back[TRIM_MARKER_LEN..].starts_with(self.right_delim) {
            self.backup();
            if num_spaces == 1 {
                return Some(State::RightDelim);
            }
        }
        self.emit(ItemType::Space)
    }

    fn lex_identifier(&mut self) -> Option<State> {
        loop {
            match self.next() {
                Some(r) if is_alpha_numeric(r) => {}
                r => {
                    self.backup();
                    let word = &self.input[self.start..self.pos];
                    if !self.at_terminator() {
                        return self.bad_character(r);
                    }
                    if let Some(kw) = keyword(word) {
                        if (kw == ItemType::Break && !self.options.break_ok)
                            || (kw == ItemType::Continue && !self.options.continue_ok)
                        {
                            return self.emit(ItemType::Identifier);
                        }
                        return self.emit(kw);
                    }
                    if word.starts_with('.') {
                        return self.emit(ItemType::Field);
                    }
                    if word == "true" || word == "false" {
                        return self.emit(ItemType::Bool);
                    }
                    return self.emit(ItemType::Identifier);
                }
            }
        }
    }

    fn bad_character(&mut self, r: Option<char>) -> Option<State> {
        let desc = match r {
            Some(r) => format_rune_u(r),
            None => "U+FFFFFFFFFFFFFFFF".to_string(),
        };
        self.errorf(format!("bad character {desc}"))
    }

    fn lex_variable(&mut self) -> Option<State> {
        if self.at_terminator() {
            return self.emit(ItemType::Variable);
        }
        self.lex_field_or_variable(ItemType::Variable)
    }

    fn lex_field_or_variable(&mut self, typ: ItemType) -> Option<State> {
        if self.at_terminator() {
            if typ == ItemType::Variable {
                return self.emit(ItemType::Variable);
            }
            return self.emit(ItemType::Dot);
        }
        let mut last;
        loop {
            last = self.next();
            match last {
                Some(r) if is_alpha_numeric(r) => {}
                _ => {
                    self.backup();
                    break;
                }
            }
        }
        if !self.at_terminator() {
            return self.bad_character(last);
        }
        self.emit(typ)
    }

    fn at_terminator(&mut self) -> bool {
        match self.peek() {
            None => true,
            Some(r) if is_space(r) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            Some(_) => self.rest().starts_with(self.right_delim),
        }
    }

    fn lex_char(&mut self) -> Option<State> {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    None | Some('\n') => {
                        return self.errorf("unterminated character constant".into())
                    }
                    _ => {}
                },
                None | Some('\n') => return self.errorf("unterminated character constant".into()),
                Some('\'') => break,
                _ => {}
            }
        }
        self.emit(ItemType::CharConstant)
    }

    fn lex_number(&mut self) -> Option<State> {
        if !self.scan_number() {
            let text = super::quote::quote(&self.input[self.start..self.pos]);
            return self.errorf(format!("bad number syntax: {text}"));
        }
        if let Some('+' | '-') = self.peek() {
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let text = super::quote::quote(&self.input[self.start..self.pos]);
                return self.errorf(format!("bad number syntax: {text}"));
            }
            return self.emit(ItemType::Complex);
        }
        self.emit(ItemType::Number)
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek().is_some_and(is_alpha_numeric) {
            self.next();
            return false;
        }
        true
    }

    fn lex_quote(&mut self) -> Option<State> {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    None | Some('\n') => return self.errorf("unterminated quoted string".into()),
                    _ => {}
                },
                None | Some('\n') => return self.errorf("unterminated quoted string".into()),
                Some('"') => break,
                _ => {}
            }
        }
        self.emit(ItemType::String)
    }

    fn lex_raw_quote(&mut self) -> Option<State> {
        loop {
            match self.next() {
                None => return self.errorf("unterminated raw quoted string".into()),
                Some('`') => break,
                _ => {}
            }
        }
        self.emit(ItemType::RawString)
    }
}

/// Lexes all of `input` into items, ending with `EOF` or an error item.
pub fn lex<'s>(
    input: &'s str,
    left: &'s str,
    right: &'s str,
    options: LexOptions,
) -> Vec<Item<'s>> {
    let mut l = Lexer::new(input, left, right, options);
    let mut items = Vec::new();
    loop {
        let item = l.next_item();
        let done = matches!(item.typ, ItemType::Eof | ItemType::Error);
        items.push(item);
        if done {
            return items;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<(ItemType, String)> {
        lex(input, "", "", LexOptions::default())
            .into_iter()
            .map(|i| (i.typ, i.val.into_owned()))
            .collect()
    }

    #[test]
    fn trims_around_actions() {
        let items = kinds("hello- {{- 3 -}} -world");
        assert_eq!(items[0], (ItemType::Text, "hello-".into()));
        assert_eq!(items[2], (ItemType::Number, "3".into()));
        assert_eq!(items[4], (ItemType::Text, "-world".into()));
    }

    #[test]
    fn errors_end_the_stream() {
        let items = kinds("{{\"abc}}");
        assert_eq!(items.last().map(|i| i.0), Some(ItemType::Error));
        assert_eq!(
            items.last().map(|i| i.1.as_str()),
            Some("unterminated quoted string")
        );
    }
}
