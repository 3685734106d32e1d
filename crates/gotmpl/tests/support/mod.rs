//! Support shared by the corpus-driven test harnesses: locating the corpus, reading its YAML with scalars kept
//! as text, and building [`gotmpl::Value`]s from the corpus data model.
#![allow(dead_code)]

pub mod model;
pub mod yaml;

use std::path::PathBuf;

/// The gotmpl conformance corpus directory: `$GOTMPL_CONFORMANCE_DIR`, else
/// `<workspace root>/../shared/conformance/gotmpl`.
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("GOTMPL_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/gotmpl")
        }
    }
}

/// Loads the corpus file `name` (e.g. `"fmt.yaml"`, `"sprig/lists.yaml"`) as a text-preserving YAML tree.
pub fn load_corpus_file(name: &str) -> Result<yaml_rust2::Yaml, String> {
    let path = corpus_dir().join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    yaml::load_text(&text).map_err(|e| format!("{}: {e}", path.display()))
}
