//! Parsing template text into trees: the lexer, the parser and the parse tree (Go's `text/template/parse`).

mod display;
pub mod lex;
pub mod node;
mod number;
mod parser;
pub(crate) mod quote;

pub use node::*;
pub use parser::{
    is_empty_tree, parse, ParseConfig, DEFAULT_MAX_EXPRESSION_DEPTH, MAX_CONTROL_NESTING,
};
