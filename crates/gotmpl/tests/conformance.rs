//! The Go `text/template` + Sprig conformance corpus (`$GOTMPL_CONFORMANCE_DIR`, default
//! `<workspace>/../shared/conformance/gotmpl`, format in its README) run against this crate.
//!
//! Every file is covered: `lex.yaml` (token streams), `parse.yaml` (tree `String()` forms and parse errors),
//! `exec.yaml`, `fmt.yaml`, `sprig/*.yaml` and `istio-usage.yaml` (execution: output or error substring).
//!
//! Cases are skipped only when their `requires` names a Go-only feature this crate deliberately does not model:
//! `funcs` (func values, `call` of a function), `channels`, `complex`, `iterators`, `unsafe`, `go_types`
//! (values of Go library types), `go_type_names` (Go package-qualified type names in output), `methods` (Go
//! methods on corpus data), `interfaces` (non-empty interface types, typed nil in interfaces), `named_types`,
//! `slice_capacity`, and `istio_funcs` (the Istio helpers live in the injector crate). `pointers` and
//! `unexported` are supported and run.
//!
//! Errors must contain the case's `error` substring, occur in the phase Go reports (`error_phase`), and match
//! Go's full message (`go_error`) exactly where the corpus records it.
//!
//! Failing cases must be listed in `tests/expected-failures.txt` as `file: case name  # reason`; the test
//! fails when an unlisted case fails or a listed case passes. `GOTMPL_UPDATE_EXPECTED=1` rewrites the list from
//! the current results.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;

use gotmpl::parse::lex::{lex, LexOptions};
use gotmpl::parse::{is_empty_tree, parse, ParseConfig};
use gotmpl::value::{Key, Map};
use gotmpl::{Func, FuncError, FuncMap, GoType, Kind, Signature, Templates, Value};
use support::model::Model;
use support::yaml::scalar_text;
use yaml_rust2::Yaml;

const UNSUPPORTED: &[&str] = &[
    "funcs",
    "channels",
    "complex",
    "iterators",
    "unsafe",
    "go_types",
    "go_type_names",
    "methods",
    "interfaces",
    "named_types",
    "slice_capacity",
    "istio_funcs",
];

const FILES: &[&str] = &[
    "lex",
    "parse",
    "exec",
    "fmt",
    "istio-usage",
    "sprig/conversion",
    "sprig/crypto",
    "sprig/date",
    "sprig/defaults",
    "sprig/dicts",
    "sprig/encoding",
    "sprig/flow",
    "sprig/lists",
    "sprig/numeric",
    "sprig/paths",
    "sprig/reflect",
    "sprig/regex",
    "sprig/semver",
    "sprig/strings",
    "sprig/url",
];

enum Outcome {
    Pass,
    Fail(String),
    Skip,
}

fn text(node: &Yaml) -> Option<String> {
    match node {
        Yaml::Null => Some(String::new()),
        n => scalar_text(n),
    }
}

fn str_list(node: &Yaml) -> Vec<String> {
    node.as_vec()
        .map(|v| v.iter().filter_map(text).collect())
        .unwrap_or_default()
}

/// The Sprig functions.
fn sprig_funcs() -> FuncMap {
    gotmpl::sprig::funcs()
}

fn helper_funcs() -> FuncMap {
    let mut m = FuncMap::new();
    let any = GoType::interface;
    let s = GoType::string;
    m.insert(
        "add",
        Func::new(
            Signature::new(vec![], GoType::int()).variadic(GoType::int()),
            |a| {
                Ok(Value::int(
                    a.iter()
                        .map(|v| match v {
                            Value::Int(i, _) => *i,
                            _ => 0,
                        })
                        .sum(),
                ))
            },
        ),
    );
    m.insert(
        "dddArg",
        Func::new(
            Signature::new(vec![GoType::int()], s()).variadic(s()),
            |a| {
                let n = match a.first() {
                    Some(Value::Int(i, _)) => *i,
                    _ => 0,
                };
                let rest: Vec<&str> = a[1..].iter().filter_map(|v| v.as_str()).collect();
                Ok(Value::string(format!("{n} [{}]\n", rest.join(" "))))
            },
        ),
    );
    m.insert(
        "die",
        Func::new(Signature::new(vec![], GoType::bool()).with_error(), |_| {
            Err(FuncError::new("die"))
        }),
    );
    m.insert(
        "echo",
        Func::new(Signature::new(vec![any()], any()), |a| {
            Ok(a.first().cloned().unwrap_or(Value::Nil))
        }),
    );
    m.insert(
        "makemap",
        Func::new(
            Signature::new(vec![], GoType::map_string_string()).variadic(s()),
            |a| {
                if a.len() % 2 != 0 {
                    return Err(FuncError::new("bad makemap"));
                }
                let mut entries = BTreeMap::new();
                for pair in a.chunks(2) {
                    let k = pair[0].as_str().unwrap_or("");
                    entries.insert(Key::from(k), pair[1].clone());
                }
                Ok(Value::Map(Map::new(entries, GoType::map_string_string())))
            },
        ),
    );
    m.insert(
        "mapOfThree",
        Func::new(Signature::new(vec![], any()), |_| {
            let mut entries = BTreeMap::new();
            entries.insert(Key::from("three"), Value::int(3));
            let ty = Arc::new(GoType::Map(GoType::string(), GoType::int()));
            Ok(Value::Map(Map::new(entries, ty)))
        }),
    );
    m.insert(
        "oneArg",
        Func::new(Signature::new(vec![s()], s()), |a| {
            Ok(Value::string(format!(
                "oneArg={}",
                a[0].as_str().unwrap_or("")
            )))
        }),
    );
    m.insert(
        "returnInt",
        Func::new(Signature::new(vec![], GoType::int()), |_| Ok(Value::int(7))),
    );
    m.insert(
        "twoArgs",
        Func::new(Signature::new(vec![s(), s()], s()), |a| {
            Ok(Value::string(format!(
                "twoArgs={}{}",
                a[0].as_str().unwrap_or(""),
                a[1].as_str().unwrap_or("")
            )))
        }),
    );
    m.insert(
        "typeOf",
        Func::new(Signature::new(vec![any()], s()), |a| {
            Ok(Value::string(match a.first().and_then(Value::go_type) {
                Some(t) => t.to_string(),
                None => "<nil>".to_string(),
            }))
        }),
    );
    m.insert(
        "valueString",
        Func::new(Signature::new(vec![s()], s()), |_| {
            Ok(Value::str("value is ignored"))
        }),
    );
    let v = support::model::struct_type("V");
    m.insert(
        "vfunc",
        Func::new(
            Signature::new(vec![v.clone(), Arc::new(GoType::Pointer(v))], s()),
            |_| Ok(Value::str("vfunc")),
        ),
    );
    m.insert(
        "zeroArgs",
        Func::new(Signature::new(vec![], s()), |_| Ok(Value::str("zeroArgs"))),
    );
    let _ = Kind::Int;
    m
}

fn run_lex(case: &Yaml) -> Outcome {
    let input = text(&case["input"]).unwrap_or_default();
    let delims = str_list(&case["delims"]);
    let (l, r) = match delims.as_slice() {
        [l, r] => (l.as_str(), r.as_str()),
        _ => ("", ""),
    };
    let opts = LexOptions {
        emit_comment: true,
        break_ok: true,
        continue_ok: true,
    };
    let items = lex(&input, l, r, opts);
    let want = case["items"].as_vec().cloned().unwrap_or_default();
    let mut got_s = String::new();
    let mut want_s = String::new();
    for it in &items {
        let _ = write!(got_s, "[{} {:?}]", it.typ.name(), it.val);
    }
    let mut with_pos = false;
    for w in &want {
        match w {
            Yaml::Array(kv) => {
                let _ = write!(
                    want_s,
                    "[{} {:?}]",
                    text(&kv[0]).unwrap_or_default(),
                    text(&kv[1]).unwrap_or_default()
                );
            }
            h => {
                with_pos = true;
                let _ = write!(
                    want_s,
                    "[{} {:?} {} {}]",
                    text(&h["kind"]).unwrap_or_default(),
                    text(&h["text"]).unwrap_or_default(),
                    text(&h["pos"]).unwrap_or_default(),
                    text(&h["line"]).unwrap_or_default()
                );
            }
        }
    }
    if with_pos {
        got_s.clear();
        for it in &items {
            let val = if it.typ == gotmpl::parse::lex::ItemType::Eof {
                ""
            } else {
                &it.val
            };
            let _ = write!(
                got_s,
                "[{} {:?} {} {}]",
                it.typ.name(),
                val,
                it.pos,
                it.line
            );
        }
    }
    if got_s == want_s {
        Outcome::Pass
    } else {
        Outcome::Fail(format!("got {got_s}"))
    }
}

fn run_parse(case: &Yaml) -> Outcome {
    let name = text(&case["template_name"]).unwrap_or_else(|| "t".into());
    let tmpl = text(&case["template"]).unwrap_or_default();
    let delims = str_list(&case["delims"]);
    let extra = str_list(&case["funcs"]);
    let has = |n: &str| {
        gotmpl::builtins::Builtin::from_name(n).is_some()
            || n == "contains"
            || extra.iter().any(|f| f == n)
    };
    let mut cfg = ParseConfig::new(&has);
    if let [l, r] = delims.as_slice() {
        cfg.left_delim = l;
        cfg.right_delim = r;
    }
    match text(&case["mode"]).as_deref() {
        Some("parse_comments") => cfg.parse_comments = true,
        Some("skip_func_check") => cfg.skip_func_check = true,
        _ => {}
    }
    if let Some(d) = text(&case["max_expression_depth"]).and_then(|d| d.parse().ok()) {
        cfg.max_expression_depth = d;
    }
    let ok = matches!(case["ok"], Yaml::Boolean(true));
    match parse(&name, &tmpl, &cfg) {
        Ok(trees) => {
            if !ok {
                return Outcome::Fail("parsed, want error".into());
            }
            let Some(t) = trees.iter().find(|t| *t.name == *name) else {
                return Outcome::Fail("no tree".into());
            };
            if let Some(want) = text(&case["tree"]) {
                let got = match delims.as_slice() {
                    [l, r] => t.root.string_with_delims(l, r),
                    _ => t.root.to_string(),
                };
                if got != want {
                    return Outcome::Fail(format!("tree {got:?}"));
                }
            }
            if let Some(want) = text(&case["tree_quoted"]) {
                let got = t.root.quoted_string();
                if got != want {
                    return Outcome::Fail(format!("tree_quoted {got:?}"));
                }
            }
            if let Yaml::Boolean(want) = case["empty_tree"] {
                if is_empty_tree(&t.root) != want {
                    return Outcome::Fail("empty_tree".into());
                }
            }
            Outcome::Pass
        }
        Err(e) => {
            if ok {
                return Outcome::Fail(format!("error {e}"));
            }
            check_error(case, &e)
        }
    }
}

/// The error must contain the case's `error` substring and, where the corpus records Go's full message
/// (`go_error`), equal it exactly.
fn check_error(case: &Yaml, msg: &str) -> Outcome {
    if let Some(go) = text(&case["go_error"]) {
        if go != msg {
            return Outcome::Fail(format!("message {msg:?}, Go says {go:?}"));
        }
    }
    match &case["error"] {
        Yaml::Boolean(true) => Outcome::Pass,
        e => {
            let want = text(e).unwrap_or_default();
            if msg.contains(&want) {
                Outcome::Pass
            } else {
                Outcome::Fail(format!("error {msg:?}"))
            }
        }
    }
}

fn run_exec(case: &Yaml, model: &Model<'_>, base: &FuncMap) -> Outcome {
    let mut t = Templates::with_funcs(base);
    let delims = str_list(&case["delims"]);
    if let [l, r] = delims.as_slice() {
        t.set_delims(l, r);
    }
    for opt in str_list(&case["options"]) {
        if let Err(e) = t.set_option(&opt) {
            return Outcome::Fail(format!("option: {e}"));
        }
    }
    let name = text(&case["template_name"]).unwrap_or_else(|| "t".into());
    let want_err = !matches!(case["error"], Yaml::BadValue);
    let want_parse_err = text(&case["error_phase"]).as_deref() == Some("parse");
    let mut parse_all = || -> Result<(), gotmpl::Error> {
        for s in case["setup"].as_vec().into_iter().flatten() {
            let n = text(&s["name"]).unwrap_or_default();
            t.parse(&n, &text(&s["text"]).unwrap_or_default())?;
        }
        t.parse(&name, &text(&case["template"]).unwrap_or_default())?;
        for s in case["after"].as_vec().into_iter().flatten() {
            let n = text(&s["name"]).unwrap_or_default();
            t.parse(&n, &text(&s["text"]).unwrap_or_default())?;
        }
        Ok(())
    };
    if let Err(e) = parse_all() {
        if want_parse_err {
            return check_error(case, e.message());
        }
        return Outcome::Fail(format!("parse error {e}"));
    }
    if want_parse_err {
        return Outcome::Fail("parsed, want a parse error".into());
    }
    let data = match model.value(&case["data"]) {
        Ok(d) => d,
        Err(e) => return Outcome::Fail(format!("data: {e}")),
    };
    let exec_name = text(&case["execute"]).unwrap_or(name);
    let mut out = String::new();
    match t.execute(&exec_name, &data, &mut out) {
        Ok(()) => {
            if want_err {
                return Outcome::Fail(format!("no error; output {out:?}"));
            }
            let want = text(&case["expected"]).unwrap_or_default();
            if out == want {
                Outcome::Pass
            } else {
                Outcome::Fail(format!("got {out:?}"))
            }
        }
        Err(e) => {
            if want_err {
                check_error(case, e.message())
            } else {
                Outcome::Fail(format!("error {e}"))
            }
        }
    }
}

fn truncate(s: &str) -> String {
    let one_line = s.replace('\n', "\\n");
    if one_line.chars().count() > 120 {
        let mut t: String = one_line.chars().take(117).collect();
        t.push_str("...");
        t
    } else {
        one_line
    }
}

#[test]
fn conformance() {
    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let helpers = helper_funcs();
    let sprig = sprig_funcs();
    for file in FILES {
        let doc = support::load_corpus_file(&format!("{file}.yaml"))
            .unwrap_or_else(|e| panic!("loading {file}: {e}"));
        let model = Model::new(&doc);
        let mut base = FuncMap::new();
        match *file {
            "exec" => {
                base.extend(&helpers);
            }
            "fmt" | "lex" | "parse" => {}
            _ => {
                base.extend(&sprig);
            }
        }
        let (mut p, mut f, mut s) = (0, 0, 0);
        for case in doc["cases"].as_vec().into_iter().flatten() {
            let name = text(&case["name"]).unwrap_or_default();
            let requires = str_list(&case["requires"]);
            let outcome = if requires.iter().any(|r| UNSUPPORTED.contains(&r.as_str())) {
                Outcome::Skip
            } else {
                match *file {
                    "lex" => run_lex(case),
                    "parse" => run_parse(case),
                    _ => run_exec(case, &model, &base),
                }
            };
            match outcome {
                Outcome::Pass => p += 1,
                Outcome::Skip => s += 1,
                Outcome::Fail(reason) => {
                    f += 1;
                    failures.insert(format!("{file}: {name}"), truncate(&reason));
                }
            }
        }
        println!("{file}: {p} passed, {f} failed, {s} skipped");
        passed += p;
        failed += f;
        skipped += s;
    }
    println!("gotmpl conformance: {passed} passed, {failed} failed, {skipped} skipped");

    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected-failures.txt");
    if std::env::var_os("GOTMPL_UPDATE_EXPECTED").is_some() {
        let mut out = String::from(
            "# Conformance cases known to fail: `file: case name  # reason`. Regenerate with GOTMPL_UPDATE_EXPECTED=1.\n",
        );
        for (k, reason) in &failures {
            let _ = writeln!(out, "{k}  # {reason}");
        }
        std::fs::write(&path, out).expect("writing expected failures");
        return;
    }
    let listed: BTreeSet<String> = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once("  # ").map_or(l, |(k, _)| k).to_string())
        .collect();
    let unexpected: Vec<_> = failures
        .iter()
        .filter(|(k, _)| !listed.contains(*k))
        .map(|(k, r)| format!("{k}  # {r}"))
        .collect();
    let fixed: Vec<_> = listed
        .iter()
        .filter(|k| !failures.contains_key(*k))
        .cloned()
        .collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "unexpected failures:\n{}\nlisted but passing:\n{}",
        unexpected.join("\n"),
        fixed.join("\n")
    );
}
