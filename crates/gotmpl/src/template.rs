//! A set of associated templates: Go's `text/template` `Template` (`New`, `Funcs`, `Delims`, `Option`, `Parse`,
//! `Lookup`, `ExecuteTemplate`), with Go's redefinition rules across parses.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use crate::builtins::Builtin;
use crate::error::{Error, ErrorKind};
use crate::exec::{self, MissingKey};
use crate::func::{Func, FuncMap};
use crate::parse::quote::quote;
use crate::parse::{self, is_empty_tree, ParseConfig, Tree};
use crate::value::Value;

/// FNV-1a: function names are short and trusted (they come from the program, not from input).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

impl Default for Templates {
    fn default() -> Self {
        Templates::new()
    }
}

/// What a function name resolves to: a user function (which shadows a builtin) or a builtin.
#[derive(Debug, Clone)]
pub(crate) enum Resolved {
    User(Func),
    Builtin(Builtin),
}

/// A Go template set: trees by name, functions, options and delimiters.
///
/// Parse once, then execute any number of times (also from several threads: execution only reads the set).
#[derive(Debug, Clone)]
pub struct Templates {
    trees: HashMap<Arc<str>, Arc<Tree>>,
    funcs: FuncMap,
    resolved: HashMap<Box<str>, Resolved, BuildHasherDefault<Fnv>>,
    left: String,
    right: String,
    missing_key: MissingKey,
    parse_comments: bool,
    skip_func_check: bool,
    first_name: Option<String>,
}

impl Templates {
    /// A set with the builtin functions only.
    pub fn new() -> Self {
        let mut t = Templates {
            trees: HashMap::new(),
            funcs: FuncMap::new(),
            resolved: HashMap::default(),
            left: String::new(),
            right: String::new(),
            missing_key: MissingKey::default(),
            parse_comments: false,
            skip_func_check: false,
            first_name: None,
        };
        t.resolve();
        t
    }

    fn resolve(&mut self) {
        self.resolved.clear();
        for name in Builtin::names() {
            if let Some(b) = Builtin::from_name(name) {
                self.resolved.insert(name.into(), Resolved::Builtin(b));
            }
        }
        for name in self.funcs.names() {
            if let Some(f) = self.funcs.get(name) {
                self.resolved.insert(name.into(), Resolved::User(f.clone()));
            }
        }
    }

    /// A set with the builtins, then `funcs` (replacing same-named builtins).
    pub fn with_funcs(funcs: &FuncMap) -> Self {
        let mut t = Templates::new();
        t.add_funcs(funcs);
        t
    }

    /// Adds functions (Go's `Funcs`); later ones replace earlier ones of the same name.
    pub fn add_funcs(&mut self, funcs: &FuncMap) -> &mut Self {
        self.funcs.extend(funcs);
        self.resolve();
        self
    }

    /// Sets the action delimiters used by later parses (empty strings mean `{{` and `}}`).
    pub fn set_delims(&mut self, left: &str, right: &str) -> &mut Self {
        self.left = left.to_string();
        self.right = right.to_string();
        self
    }

    /// Applies an option (Go's `Option`): `missingkey=default|invalid|zero|error`.
    pub fn set_option(&mut self, opt: &str) -> Result<&mut Self, Error> {
        self.missing_key = match opt {
            "missingkey=default" | "missingkey=invalid" => MissingKey::Invalid,
            "missingkey=zero" => MissingKey::Zero,
            "missingkey=error" => MissingKey::Error,
            "" => return Err(Error::new(ErrorKind::Usage, "empty option string")),
            _ => {
                return Err(Error::new(
                    ErrorKind::Usage,
                    format!("unrecognized option: {opt}"),
                ))
            }
        };
        Ok(self)
    }

    /// Keeps comments in parsed trees (Go's `parse.ParseComments` mode).
    pub fn set_parse_comments(&mut self, on: bool) -> &mut Self {
        self.parse_comments = on;
        self
    }

    /// Skips the check that called functions exist (Go's `parse.SkipFuncCheck` mode).
    pub fn set_skip_func_check(&mut self, on: bool) -> &mut Self {
        self.skip_func_check = on;
        self
    }

    /// Parses `text` as the template `name` of this set (Go's `set.New(name).Parse(text)`), adding it and every
    /// template it defines. An existing template is replaced unless the new definition is empty.
    pub fn parse(&mut self, name: &str, text: &str) -> Result<&mut Self, Error> {
        let has_func = |n: &str| self.resolved.contains_key(n);
        let mut cfg = ParseConfig::new(&has_func);
        cfg.left_delim = &self.left;
        cfg.right_delim = &self.right;
        cfg.parse_comments = self.parse_comments;
        cfg.skip_func_check = self.skip_func_check;
        let trees = parse::parse(name, text, &cfg).map_err(|m| Error::new(ErrorKind::Parse, m))?;
        for tree in trees {
            let replace = match self.trees.get(&tree.name) {
                Some(_) => !is_empty_tree(&tree.root),
                None => true,
            };
            if replace {
                self.trees.insert(tree.name.clone(), Arc::new(tree));
            }
        }
        if self.first_name.is_none() {
            self.first_name = Some(name.to_string());
        }
        Ok(self)
    }

    /// The tree of the template called `name`.
    pub fn lookup(&self, name: &str) -> Option<&Tree> {
        self.trees.get(name).map(|t| &**t)
    }

    /// The names of the defined templates, unordered.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.trees.keys().map(|k| &**k)
    }

    /// Executes the template `name` with `data` as dot, appending the output to `out`
    /// (Go's `ExecuteTemplate`). On error, `out` may hold partial output.
    pub fn execute<'a>(&self, name: &str, data: &Value<'a>, out: &mut String) -> Result<(), Error> {
        let Some(tree) = self.trees.get(name) else {
            let root = self.first_name.as_deref().unwrap_or(name);
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "template: no template {} associated with template {}",
                    quote(name),
                    quote(root)
                ),
            ));
        };
        exec::execute(self, tree, data, out)
    }

    pub(crate) fn resolve_func(&self, name: &str) -> Option<&Resolved> {
        self.resolved.get(name)
    }

    pub(crate) fn missing_key(&self) -> MissingKey {
        self.missing_key
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn run(text: &str, data: &Value<'_>) -> Result<String, Error> {
        let mut t = Templates::new();
        t.parse("t", text)?;
        let mut out = String::new();
        t.execute("t", data, &mut out)?;
        Ok(out)
    }

    #[test]
    fn recursion_is_bounded() {
        let err = run(
            r#"{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}"#,
            &Value::Nil,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("exceeded maximum template depth"),
            "{err}"
        );
    }

    #[test]
    fn deepest_accepted_nesting_executes() {
        let depth = crate::parse::MAX_CONTROL_NESTING;
        let text = format!("{}x{}", "{{if 1}}".repeat(depth), "{{end}}".repeat(depth));
        assert_eq!(run(&text, &Value::Nil).unwrap(), "x");
        let depth = crate::parse::DEFAULT_MAX_EXPRESSION_DEPTH;
        let text = format!("{{{{{}1{}}}}}", "(".repeat(depth), ")".repeat(depth));
        let r = run(&text, &Value::Nil);
        assert!(r.is_ok() || r.unwrap_err().to_string().contains("depth"));
    }

    #[test]
    fn redefinition_rules_follow_go() {
        let mut t = Templates::new();
        t.parse("a", r#"{{define "x"}}one{{end}}"#).unwrap();
        t.parse("b", r#"{{define "x"}}  {{end}}"#).unwrap();
        let mut out = String::new();
        t.execute("x", &Value::Nil, &mut out).unwrap();
        assert_eq!(out, "one");
        t.parse("c", r#"{{define "x"}}two{{end}}"#).unwrap();
        out.clear();
        t.execute("x", &Value::Nil, &mut out).unwrap();
        assert_eq!(out, "two");
        assert!(t
            .parse("d", r#"{{define "y"}}1{{end}}{{define "y"}}2{{end}}"#)
            .is_err());
    }

    #[test]
    fn errors_read_like_go() {
        let err = run("{{.X.Y}}", &Value::int(1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "template: t:1:4: executing \"t\" at <.X.Y>: can't evaluate field X in type int"
        );
    }
}
