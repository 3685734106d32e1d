//! Go's `text/template` language and the Sprig v3 function library, implemented in Rust with Go's exact
//! semantics and output.

pub mod builtins;
pub mod error;
pub mod exec;
pub mod fmt;
pub mod func;
pub mod parse;
pub mod sprig;
pub mod template;
pub mod value;

pub use error::{Error, ErrorKind};
pub use func::{Func, FuncError, FuncMap, FuncResult, Signature};
pub use template::Templates;
pub use value::{GoType, Kind, Value};
