//! Functions callable from templates: Go's `template.FuncMap`.
//!
//! A function declares its Go signature; the executor converts arguments the way Go's `text/template` does
//! (untyped constants take the parameter's type, values must be assignable, wrong types are reported with Go's
//! messages) before calling the Rust implementation, which therefore receives well-typed values.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::value::{GoType, TypeRef, Value};

/// An error returned by a function, reported by the executor as `error calling NAME: MESSAGE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuncError(pub String);

impl FuncError {
    /// An error with Go's message text.
    pub fn new(msg: impl Into<String>) -> Self {
        FuncError(msg.into())
    }
}

impl fmt::Display for FuncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FuncError {}

/// What a function returns.
pub type FuncResult<'a> = Result<Value<'a>, FuncError>;

/// The Rust side of a template function. It receives arguments already converted to the declared parameter types.
pub type FuncImpl = dyn for<'a> Fn(&[Value<'a>]) -> FuncResult<'a> + Send + Sync;

/// A Go function signature as the executor needs it.
#[derive(Debug, Clone)]
pub struct Signature {
    /// Types of the fixed parameters.
    pub params: Vec<TypeRef>,
    /// Element type of the final variadic parameter (`...T`), if any.
    pub variadic: Option<TypeRef>,
    /// The first result's type (`interface {}` when the function returns values of varying types).
    pub result: TypeRef,
    /// Whether the Go function also returns an `error` (a failing call then stops execution).
    pub returns_error: bool,
}

impl Signature {
    /// `func(params...) result`.
    pub fn new(params: Vec<TypeRef>, result: TypeRef) -> Self {
        Signature {
            params,
            variadic: None,
            result,
            returns_error: false,
        }
    }

    /// Adds a final `...elem` parameter.
    pub fn variadic(mut self, elem: TypeRef) -> Self {
        self.variadic = Some(elem);
        self
    }

    /// Declares a second `error` result.
    pub fn with_error(mut self) -> Self {
        self.returns_error = true;
        self
    }

    /// `n` parameters of type `interface {}`, returning `interface {}`.
    pub fn any(n: usize) -> Self {
        Signature::new(vec![GoType::interface(); n], GoType::interface())
    }
}

/// A named function with its signature and implementation.
#[derive(Clone)]
pub struct Func {
    /// The Go signature.
    pub sig: Signature,
    imp: Arc<FuncImpl>,
    deterministic: bool,
}

impl Func {
    /// A function with signature `sig` implemented by `imp`.
    pub fn new<F>(sig: Signature, imp: F) -> Self
    where
        F: for<'a> Fn(&[Value<'a>]) -> FuncResult<'a> + Send + Sync + 'static,
    {
        Func {
            sig,
            imp: Arc::new(imp),
            deterministic: true,
        }
    }

    /// Marks the function as one whose result may differ between calls with equal arguments (it reads the
    /// clock, a random source or the network), so that callers caching rendered output can tell.
    pub fn nondeterministic(mut self) -> Self {
        self.deterministic = false;
        self
    }

    /// Whether equal arguments always give an equal result (see [`Func::nondeterministic`]).
    pub fn is_deterministic(&self) -> bool {
        self.deterministic
    }

    /// Calls the implementation with converted arguments.
    pub fn call<'a>(&self, args: &[Value<'a>]) -> FuncResult<'a> {
        (self.imp)(args)
    }
}

impl fmt::Debug for Func {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Func")
            .field("sig", &self.sig)
            .field("deterministic", &self.deterministic)
            .finish_non_exhaustive()
    }
}

/// Functions by name. Later insertions replace earlier ones, as Go's `Template.Funcs` does.
#[derive(Debug, Clone, Default)]
pub struct FuncMap {
    funcs: HashMap<String, Func>,
}

impl FuncMap {
    /// An empty map.
    pub fn new() -> Self {
        FuncMap::default()
    }

    /// Adds or replaces `name`.
    pub fn insert(&mut self, name: impl Into<String>, func: Func) -> &mut Self {
        self.funcs.insert(name.into(), func);
        self
    }

    /// Adds every function of `other`, replacing same-named ones.
    pub fn extend(&mut self, other: &FuncMap) -> &mut Self {
        self.funcs
            .extend(other.funcs.iter().map(|(k, v)| (k.clone(), v.clone())));
        self
    }

    /// The function called `name`.
    pub fn get(&self, name: &str) -> Option<&Func> {
        self.funcs.get(name)
    }

    /// Whether `name` is defined.
    pub fn contains(&self, name: &str) -> bool {
        self.funcs.contains_key(name)
    }

    /// The defined names, unordered.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.funcs.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_definitions_replace_earlier_ones() {
        let mut m = FuncMap::new();
        m.insert("f", Func::new(Signature::any(0), |_| Ok(Value::int(1))));
        m.insert("f", Func::new(Signature::any(0), |_| Ok(Value::int(2))));
        let v = m.get("f").map(|f| f.call(&[]));
        assert!(matches!(v, Some(Ok(Value::Int(2, _)))));
    }
}
