//! Go's `text/template` language and the Sprig v3 function library, implemented in Rust with Go's exact
//! semantics and output.

pub mod func;
pub mod parse;
pub mod sprig;
pub mod value;

pub use func::{Func, FuncError, FuncMap, FuncResult, Signature};
pub use value::{GoType, Kind, Value};
