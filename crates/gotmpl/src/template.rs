//! A set of associated templates: Go's `text/template` `Template` (`New`, `Funcs`, `Delims`, `Option`, `Parse`,
//! `Lookup`, `ExecuteTemplate`), with Go's redefinition rules across parses.

use std::collections::HashMap;
use std::sync::Arc;

use crate::builtins::Builtin;
use crate::error::{Error, ErrorKind};
use crate::exec::{self, MissingKey};
use crate::func::{Func, FuncMap};
use crate::parse::quote::quote;
use crate::parse::{self, is_empty_tree, ParseConfig, Tree};
use crate::value::Value;

/// A Go template set: trees by name, functions, options and delimiters.
///
/// Parse once, then execute any number of times (also from several threads: execution only reads the set).
#[derive(Debug, Clone, Default)]
pub struct Templates {
    trees: HashMap<Arc<str>, Arc<Tree>>,
    funcs: FuncMap,
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
        Templates::default()
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
        let has_func = |n: &str| self.funcs.contains(n) || Builtin::from_name(n).is_some();
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

    pub(crate) fn user_func(&self, name: &str) -> Option<&Func> {
        self.funcs.get(name)
    }

    pub(crate) fn missing_key(&self) -> MissingKey {
        self.missing_key
    }
}
