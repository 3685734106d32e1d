//! Round-trips every document of the Istio golden `*.injected` files through
//! `injector::yaml::from_str` and `injector::yaml::to_string`: the output must be the input,
//! byte for byte (those files are `sigs.k8s.io/yaml.Marshal` output). Documents listed in
//! `yaml-expected-failures.txt` must fail; all others must pass.
//!
//! The input `*.yaml` files are hand-written, so Go re-formats most of them; exactly the ones
//! Go reproduces (listed in `yaml-input-identical.txt`) must round-trip here.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use injector::yaml;

fn corpus_dir() -> PathBuf {
    match std::env::var_os("ISTIO_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/istio"),
    }
}

/// `name#index` → reason.
fn expected_failures() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/yaml-expected-failures.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((id, reason)) => (id.to_string(), reason.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// Round-trips one document; `Err` describes the first difference.
fn round_trip(text: &str) -> Result<(), String> {
    let value = yaml::from_str(text).map_err(|e| format!("parse error: {e}"))?;
    let out = yaml::to_string(&value);
    if out == text {
        return Ok(());
    }
    let line = out
        .lines()
        .zip(text.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| out.lines().count().min(text.lines().count()));
    Err(format!(
        "differs at line {}:\n  want: {:?}\n  got:  {:?}",
        line + 1,
        text.lines().nth(line).unwrap_or("<eof>"),
        out.lines().nth(line).unwrap_or("<eof>")
    ))
}

fn files_with_suffix(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

#[test]
fn golden_injected_documents_round_trip() {
    let golden = corpus_dir().join("golden");
    let expected = expected_failures();
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for path in files_with_suffix(&golden, ".injected") {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).expect("readable golden file");
        for (i, doc) in yaml::split_documents(&text)
            .expect("golden file splits")
            .iter()
            .enumerate()
        {
            let id = format!("{name}#{i}");
            seen.push(id.clone());
            let result = round_trip(&doc.text);
            match (&result, expected.contains_key(&id)) {
                (Ok(()), false) => passed += 1,
                (Err(_), true) => failed += 1,
                (Ok(()), true) => {
                    passed += 1;
                    problems.push(format!("{id}: listed as expected failure but passes"));
                }
                (Err(why), false) => {
                    failed += 1;
                    problems.push(format!("{id} (line {}): {why}", doc.start_line));
                }
            }
        }
    }
    for id in expected.keys() {
        if !seen.contains(id) {
            problems.push(format!(
                "{id}: listed as expected failure but not in the corpus"
            ));
        }
    }
    println!("yaml round-trip: {passed} passed, {failed} failed");
    assert!(
        passed > 0,
        "no golden documents found under {}",
        golden.display()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The hand-written inputs: every document must parse, and exactly the documents Go
/// reproduces byte for byte (listed in `yaml-input-identical.txt`) must come back unchanged.
#[test]
fn golden_input_documents_round_trip_where_go_does() {
    let golden = corpus_dir().join("golden");
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/yaml-input-identical.txt");
    let identical: Vec<String> = std::fs::read_to_string(list)
        .expect("readable list")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .map(str::to_string)
        .collect();
    let (mut same, mut reformatted) = (0usize, 0usize);
    let mut problems = Vec::new();
    for path in files_with_suffix(&golden, ".yaml") {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).expect("readable input file");
        for (i, doc) in yaml::split_documents(&text)
            .expect("input file splits")
            .iter()
            .enumerate()
        {
            let id = format!("{name}#{i}");
            match yaml::from_str(&doc.text) {
                Ok(v) => {
                    let unchanged = yaml::to_string(&v) == doc.text;
                    if unchanged {
                        same += 1;
                    } else {
                        reformatted += 1;
                    }
                    if unchanged != identical.contains(&id) {
                        problems.push(format!(
                            "{id}: unchanged here: {unchanged}, unchanged by Go: {}",
                            identical.contains(&id)
                        ));
                    }
                }
                Err(e) => problems.push(format!("{id}: {e}")),
            }
        }
    }
    println!("yaml inputs: {same} identical after round-trip, {reformatted} re-formatted");
    assert!(same + reformatted > 0, "no input documents found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
