//! Go's `text/template` language and the Sprig v3 function library, implemented in Rust with Go's exact
//! semantics and output.
//!
//! A [`Templates`] set holds parsed templates and the functions they may call (Go's builtins always; Sprig's
//! from [`sprig::funcs`]; the host's own as [`Func`]s in a [`FuncMap`]). Parse once, then execute as often as
//! needed: execution borrows the data as a [`Value`] (host JSON through [`Value::from_json`], host objects
//! through [`value::Object`]) and never copies it.
//!
//! ```
//! use gotmpl::{Func, FuncMap, GoType, Signature, Templates, Value};
//!
//! let mut funcs = gotmpl::sprig::funcs();
//! funcs.insert(
//!     "shout",
//!     Func::new(Signature::new(vec![GoType::string()], GoType::string()), |args| {
//!         Ok(Value::string(format!("{}!", args[0].as_str().unwrap_or(""))))
//!     }),
//! );
//! let mut t = Templates::with_funcs(&funcs);
//! t.parse(
//!     "greeting",
//!     r#"{{- range $i, $n := .names }}{{ if $i }}, {{ end }}{{ $n | upper | shout }}{{ end }} ({{ len .names }})"#,
//! )?;
//!
//! let data = serde_json::json!({ "names": ["ada", "grace"] });
//! let mut out = String::new();
//! t.execute("greeting", &Value::from_json(&data), &mut out)?;
//! assert_eq!(out, "ADA!, GRACE! (2)");
//!
//! // Errors carry Go's text.
//! let err = t.parse("bad", "{{ .x").unwrap_err();
//! assert_eq!(err.to_string(), "template: bad:1: unclosed action");
//! # Ok::<(), gotmpl::Error>(())
//! ```
//!
//! Modules: [`parse`] (lexer and parser, Go's `text/template/parse`), [`exec`] (the executor), [`builtins`]
//! (`and`, `index`, `printf`, …), [`fmt`] (Go's `fmt` verbs), [`value`] (the value model), [`sprig`] (Sprig v3),
//! [`json`] (Go's `encoding/json` output). See the crate's README for the Go features deliberately left out.

pub mod builtins;
pub mod error;
pub mod exec;
pub mod fmt;
pub mod func;
pub mod json;
pub mod parse;
pub mod sprig;
pub mod template;
pub mod value;

pub use error::{Error, ErrorKind};
pub use func::{Func, FuncError, FuncMap, FuncResult, Signature};
pub use template::Templates;
pub use value::{GoType, Kind, Value};
