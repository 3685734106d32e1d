//! The `functions: istio` cases of the gotmpl conformance corpus (`istio-usage.yaml`): template constructs of
//! Istio's injection templates that need the injector's helper functions layered over Sprig. The gotmpl
//! harness skips them (it has no Istio functions); here they run with
//! [`injector::template::funcs::injection_funcs`] and the corpus data model.
//!
//! The corpus loader is the gotmpl crate's test support, included by path (test code cannot be imported
//! across crates). Prints `gotmpl istio-function cases: N passed, M failed`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(missing_docs, unused_imports)]
#[path = "../../gotmpl/tests/support/mod.rs"]
mod gotmpl_support;

use std::collections::HashMap;
use std::sync::Arc;

use gotmpl::Templates;
use gotmpl_support::model::Model;
use gotmpl_support::yaml::scalar_text;
use injector::template::funcs::injection_funcs;
use yaml_rust2::Yaml;

fn text(node: &Yaml) -> Option<String> {
    scalar_text(node)
}

#[test]
fn istio_function_cases() {
    let file = gotmpl_support::load_corpus_file("istio-usage.yaml").unwrap();
    let model = Model::new(&file);
    let funcs = injection_funcs(Arc::new(HashMap::new()));
    let (mut passed, mut failures) = (0, Vec::new());
    for case in file["cases"].as_vec().unwrap() {
        if text(&case["functions"]).as_deref() != Some("istio") {
            continue;
        }
        let name = text(&case["name"]).unwrap_or_default();
        let mut t = Templates::with_funcs(&funcs);
        let result = t
            .parse("t", &text(&case["template"]).unwrap_or_default())
            .map_err(|e| format!("parse: {e}"))
            .and_then(|_| model.value(&case["data"]).map_err(|e| format!("data: {e}")))
            .and_then(|data| {
                let mut out = String::new();
                t.execute("t", &data, &mut out)
                    .map(|()| out)
                    .map_err(|e| format!("execute: {e}"))
            });
        let want = text(&case["expected"]).unwrap_or_default();
        match result {
            Ok(out) if out == want => passed += 1,
            other => failures.push(format!("{name}: got {other:?}, want {want:?}")),
        }
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    println!(
        "gotmpl istio-function cases: {passed} passed, {} failed",
        failures.len()
    );
    assert!(passed > 0, "no istio-function cases found");
    assert!(failures.is_empty(), "{failures:#?}");
}
