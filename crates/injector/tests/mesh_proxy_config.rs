//! Corpus-driven check of the `PROXY_CONFIG` env value (`cleanProxyConfig` + `protoToJSON`): for every case of
//! `cases.yaml`, the value in the golden's `istio-proxy` container computed from `settings/<case>/mesh` and the
//! pod's `proxy.istio.io/config` (`tables/clean_proxy_config.yaml` runs in `tests/tables.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use injector::mesh::{
    apply_mesh_config_defaults, apply_proxy_config, proxy_config_to_json_for_env,
};
use yaml_rust2::{Yaml, YamlLoader};

fn corpus_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("ISTIO_CONFORMANCE_DIR") {
        return PathBuf::from(dir);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let candidates = [
        root.join("../shared/conformance/istio"),
        root.join("../../shared/conformance/istio"),
    ];
    candidates
        .iter()
        .find(|p| p.join("cases.yaml").exists())
        .cloned()
        .unwrap_or_else(|| candidates[0].clone())
}

fn load(path: &Path) -> Vec<Yaml> {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// Every pod template (a map with `metadata` and a `spec.containers` list) inside a document.
fn pod_templates<'a>(y: &'a Yaml, out: &mut Vec<&'a Yaml>) {
    match y {
        Yaml::Hash(h) => {
            if !y["spec"]["containers"].is_badvalue() && !y["metadata"].is_badvalue() {
                out.push(y);
            }
            for v in h.values() {
                pod_templates(v, out);
            }
        }
        Yaml::Array(items) => items.iter().for_each(|i| pod_templates(i, out)),
        _ => {}
    }
}

fn proxy_config_env(template: &Yaml) -> Option<String> {
    let spec = &template["spec"];
    let containers = spec["containers"]
        .as_vec()
        .into_iter()
        .chain(spec["initContainers"].as_vec())
        .flatten();
    for c in containers {
        if c["name"].as_str() != Some("istio-proxy") {
            continue;
        }
        for e in c["env"].as_vec().into_iter().flatten() {
            if e["name"].as_str() == Some("PROXY_CONFIG") {
                return e["value"]
                    .as_str()
                    .map(|s| s.trim_end_matches('\n').to_string());
            }
        }
    }
    None
}

#[test]
fn golden_proxy_config_env() {
    let dir = corpus_dir();
    let manifest = load(&dir.join("cases.yaml"));
    let cases = manifest[0]["cases"].as_vec().unwrap();
    let (mut passed, mut failed) = (0, 0);
    let mut failures = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let Some(golden) = case["golden"].as_str() else {
            continue;
        };
        let settings = case["settings"].as_str().unwrap();
        let mesh_yaml =
            std::fs::read_to_string(dir.join("settings").join(settings).join("mesh")).unwrap();
        let mesh = match apply_mesh_config_defaults(&mesh_yaml) {
            Ok(m) => m,
            Err(e) => {
                failed += 1;
                failures.push(format!("{id}: mesh: {e}"));
                continue;
            }
        };
        for doc in load(&dir.join(golden)) {
            let mut templates = Vec::new();
            pod_templates(&doc, &mut templates);
            for t in templates {
                let Some(expected) = proxy_config_env(t) else {
                    continue;
                };
                let annotation = t["metadata"]["annotations"]["proxy.istio.io/config"].as_str();
                let result = match annotation {
                    Some(a) => apply_proxy_config(a, &mesh),
                    None => Ok(mesh.clone()),
                };
                let got =
                    result.map(|m| proxy_config_to_json_for_env(&m.default_config().unwrap()));
                match got {
                    Ok(got) if got == expected => passed += 1,
                    other => {
                        failed += 1;
                        failures.push(format!("{id}: expected {expected}, got {other:?}"));
                    }
                }
            }
        }
    }
    println!("mesh PROXY_CONFIG: {passed} passed, {failed} failed");
    for f in &failures {
        println!("  {f}");
    }
    assert!(passed > 0);
    assert_eq!(failed, 0, "{failures:#?}");
}
