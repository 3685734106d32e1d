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
    /// Function names seen by the parser, by slot (see [`crate::parse::IdentifierNode::slot`]).
    slot_names: Vec<Arc<str>>,
    slot_index: HashMap<Arc<str>, usize, BuildHasherDefault<Fnv>>,
    /// What each slot's name resolves to with the current functions.
    slots: Vec<Option<Resolved>>,
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
            slot_names: Vec::new(),
            slot_index: HashMap::default(),
            slots: Vec::new(),
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
        self.slots = self
            .slot_names
            .iter()
            .map(|n| self.resolved.get(&**n).cloned())
            .collect();
    }

    /// Gives every function name in `tree` a slot of this set.
    fn assign_slots(&mut self, tree: &mut Tree) {
        tree.root.for_each_identifier_mut(&mut |id| {
            let slot = match self.slot_index.get(&id.ident) {
                Some(s) => *s,
                None => {
                    let s = self.slot_names.len();
                    self.slot_names.push(id.ident.clone());
                    self.slot_index.insert(id.ident.clone(), s);
                    self.slots.push(self.resolved.get(&*id.ident).cloned());
                    s
                }
            };
            id.slot = slot;
        });
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
        for mut tree in trees {
            let replace = match self.trees.get(&tree.name) {
                Some(_) => !is_empty_tree(&tree.root),
                None => true,
            };
            if replace {
                self.assign_slots(&mut tree);
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

    /// The functions the parsed templates may call that are marked [`Func::nondeterministic`], sorted: when this is
    /// empty, executing a template twice with equal data gives equal output.
    pub fn nondeterministic_functions(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .slot_names
            .iter()
            .zip(&self.slots)
            .filter(|(_, r)| matches!(r, Some(Resolved::User(f)) if !f.is_deterministic()))
            .map(|(n, _)| &**n)
            .collect();
        names.sort_unstable();
        names
    }

    /// Every field name the parsed templates read (`.Spec.Volumes` reads `Spec` and `Volumes`), sorted.
    /// Values a template passes whole to a function are not followed.
    pub fn field_names(&self) -> std::collections::BTreeSet<&str> {
        let mut names = std::collections::BTreeSet::new();
        for tree in self.trees.values() {
            tree.root.for_each_field_name(&mut |n| {
                names.insert(n);
            });
        }
        names
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

    pub(crate) fn resolve_func(&self, name: &str, slot: usize) -> Option<&Resolved> {
        match self.slots.get(slot) {
            Some(r) => r.as_ref(),
            None => self.resolved.get(name),
        }
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
    fn lists_the_field_names_templates_read() {
        let mut t = Templates::new();
        t.parse(
            "a",
            "{{ .A.B }}{{ range $c := .C }}{{ $c.D }}{{ end }}{{ define \"x\" }}{{ (index . 0).E }}{{ if .F }}{{ end }}{{ end }}",
        )
        .unwrap();
        let names: Vec<&str> = t.field_names().into_iter().collect();
        assert_eq!(names, ["A", "B", "C", "D", "E", "F"]);
    }

    #[test]
    fn reports_the_nondeterministic_functions_templates_call() {
        use crate::func::Signature;
        let mut funcs = FuncMap::new();
        funcs.insert(
            "stamp",
            Func::new(Signature::any(0), |_| Ok(Value::Nil)).nondeterministic(),
        );
        funcs.insert("same", Func::new(Signature::any(0), |_| Ok(Value::Nil)));
        let mut t = Templates::with_funcs(&funcs);
        t.parse("a", "{{same}}{{len .}}").unwrap();
        assert!(t.nondeterministic_functions().is_empty());
        t.parse("b", "{{define \"c\"}}{{stamp}}{{end}}").unwrap();
        assert_eq!(t.nondeterministic_functions(), ["stamp"]);
    }

    #[test]
    fn sets_are_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Templates>();
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod robustness {
    use super::*;
    use std::collections::BTreeMap;

    /// A small deterministic generator (xorshift) so the test needs no extra crates.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    const PIECES: &[&str] = &[
        "{{",
        "}}",
        "{{- ",
        " -}}",
        "if",
        "else",
        "end",
        "range",
        "with",
        "define",
        "block",
        "template",
        "break",
        "continue",
        " ",
        ".",
        ".X",
        ".Y.Z",
        "$",
        "$x",
        ":=",
        "=",
        "|",
        "(",
        ")",
        "\"s\"",
        "`r`",
        "'c'",
        "1",
        "-2.5",
        "0x1F",
        "1e3",
        "nil",
        "true",
        "and",
        "or",
        "not",
        "len",
        "index",
        "slice",
        "print",
        "printf",
        "\"%v %d\"",
        "eq",
        "lt",
        "html",
        "js",
        "urlquery",
        "call",
        ",",
        "/*",
        "*/",
        "\n",
        "é",
        "x",
    ];

    const INNER: &[&str] = &[
        ".",
        ".X",
        ".X.Y",
        ".Y.Z",
        "$",
        "$.X",
        "1",
        "-1",
        "2.5",
        "\"a\"",
        "nil",
        "true",
        "(index . \"X\")",
        "(len .X)",
        "(slice .X 1)",
        "(index .X 3)",
        "(print . 1)",
        "(eq . 1)",
        "(lt 1 2.5)",
        "(and . 0)",
        "(or .X .Y)",
        "(not .)",
        "(printf \"%d\" .)",
        "(html .)",
        "(call .)",
        "| len",
        "| print",
        "(index .X 1 2)",
        "(slice \"abc\" 1 2)",
        "(index .Y \"Z\")",
        ".X.Y.Z.W",
    ];

    fn action(rng: &mut Rng) -> String {
        let k = 1 + (rng.next() % 3) as usize;
        let args: Vec<&str> = (0..k)
            .map(|_| INNER[(rng.next() % INNER.len() as u64) as usize])
            .collect();
        let body = args.join(" ");
        match rng.next() % 8 {
            0 => format!("{{{{if {body}}}}}a{{{{else}}}}b{{{{end}}}}"),
            1 => format!("{{{{range $i, $e := {body}}}}}{{{{$i}}}}{{{{$e}}}}{{{{.}}}}{{{{end}}}}"),
            2 => format!("{{{{with {body}}}}}{{{{.}}}}{{{{end}}}}"),
            3 => format!("{{{{$v := {body}}}}}{{{{$v}}}}"),
            4 => format!("{{{{range {body}}}}}{{{{break}}}}{{{{end}}}}"),
            _ => format!("{{{{{body}}}}}"),
        }
    }

    #[test]
    fn random_actions_never_panic() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let json = serde_json::json!({"X": [1, "a", null, {"Y": {"Z": 2}}], "Y": {"Z": null}});
        let data = [
            Value::Nil,
            Value::from_json(&json),
            Value::int(3),
            Value::str("abc"),
        ];
        let mut ran = 0;
        for i in 0..3000 {
            let n = 1 + (rng.next() % 4) as usize;
            let text: String = (0..n).map(|_| action(&mut rng)).collect();
            let mut t = Templates::new();
            if i % 3 == 0 {
                let _ = t.set_option("missingkey=zero");
            }
            if t.parse("t", &text).is_ok() {
                ran += 1;
                let mut out = String::new();
                let _ = t.execute("t", &data[i % data.len()], &mut out);
            }
        }
        assert!(ran > 1000, "only {ran} generated templates parsed");
    }

    #[test]
    fn random_templates_never_panic() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let json = serde_json::json!({"X": [1, "a", null, {"Y": {"Z": 2}}], "Y": {"Z": null}});
        let mut m = BTreeMap::new();
        m.insert(crate::value::Key::from("X"), Value::int(3));
        let data = [Value::Nil, Value::from_json(&json), Value::map(m)];
        for i in 0..4000 {
            let n = 1 + (rng.next() % 24) as usize;
            let text: String = (0..n)
                .map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize])
                .collect();
            let mut t = Templates::new();
            if i % 3 == 0 {
                let _ = t.set_option("missingkey=error");
            }
            if t.parse("t", &text).is_ok() {
                let mut out = String::new();
                let _ = t.execute("t", &data[i % data.len()], &mut out);
            }
        }
    }
}
