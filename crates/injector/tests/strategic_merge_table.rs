//! Istio's `TestStrategicMerge` table (`tables/strategic_merge.yaml` of the Istio conformance corpus), run
//! through the merge stage only. Its template has no template actions, so its rendered output is the
//! template text itself. The expected pod also went through post-processing (Prometheus annotations, the
//! status annotation), which is not the merge's job: annotations are left to the integrated pipeline and
//! everything else is compared exactly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use injector::merge::merge_pod;
use serde_json::{Map, Value};
use std::path::PathBuf;
use yaml_rust2::{Yaml, YamlLoader};

fn corpus_dir() -> PathBuf {
    std::env::var_os("ISTIO_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/istio")
        })
}

/// YAML → JSON for the plain documents of this table (strings, ints, floats, bools, maps, lists).
fn to_json(y: &Yaml) -> Value {
    match y {
        Yaml::Null => Value::Null,
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Real(r) => r
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap(),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Hash(h) => {
            let mut m = Map::new();
            for (k, v) in h {
                m.insert(k.as_str().expect("string keys").to_owned(), to_json(v));
            }
            Value::Object(m)
        }
        other => panic!("unsupported YAML node {other:?}"),
    }
}

fn parse(text: &str) -> Value {
    let docs = YamlLoader::load_from_str(text).unwrap();
    docs.first().map(to_json).unwrap_or(Value::Null)
}

#[test]
fn istio_strategic_merge_table() {
    let path = corpus_dir().join("tables/strategic_merge.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let table = &YamlLoader::load_from_str(&text).unwrap()[0];
    let templates = &table["fixed_inputs"]["injector_config"]["templates"];
    let default_templates = table["fixed_inputs"]["injector_config"]["defaultTemplates"]
        .as_vec()
        .unwrap();
    let cases = table["cases"].as_vec().unwrap();
    assert!(!cases.is_empty());
    let mut ran = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let mut pod = parse(case["input"]["pod_yaml"].as_str().unwrap());
        for template_name in default_templates {
            let template = templates[template_name.as_str().unwrap()].as_str().unwrap();
            assert!(
                !template.contains("{{"),
                "{name}: template needs the template engine"
            );
            pod = merge_pod(pod, parse(template)).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let mut want = parse(case["expected"]["pod_yaml"].as_str().unwrap());
        for doc in [&mut pod, &mut want] {
            doc["metadata"]
                .as_object_mut()
                .unwrap()
                .remove("annotations");
        }
        assert_eq!(pod, want, "{name}");
        ran += 1;
    }
    assert_eq!(ran, cases.len());
}
