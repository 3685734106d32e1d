//! Parsing template text into trees: the lexer, the parser and the parse tree (Go's `text/template/parse`).

pub mod node;
