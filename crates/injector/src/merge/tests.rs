//! Cases checked against apimachinery v0.36.1 `StrategicMergeMapPatchUsingLookupPatchMeta` with
//! `PatchMetaFromStruct(corev1.Pod / corev1.Container)`: `testdata/apimachinery_cases.json` holds our inputs
//! with the result (or error text) that the Go code produced for them.

use super::*;
use serde_json::{json, Value};

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    schema: String,
    original: Value,
    patch: Value,
    expected: Option<Value>,
    error: Option<String>,
}

fn run(case_schema: &str, original: Value, patch: Value) -> Result<Value, MergeError> {
    match case_schema {
        "container" => merge_container(original, patch),
        _ => merge_pod(original, patch),
    }
}

#[test]
fn matches_apimachinery_outputs() {
    check_cases(include_str!("testdata/apimachinery_cases.json"), 120);
}

/// Random pods and patches (containers, env, ports, resources, volumes, finalizers, with `$patch`,
/// `$retainKeys`, `$setElementOrder` and `$deleteFromPrimitiveList` sprinkled in) and apimachinery's answers.
#[test]
fn matches_apimachinery_on_random_patches() {
    check_cases(include_str!("testdata/apimachinery_fuzz.json"), 150);
}

fn check_cases(json_text: &str, min_cases: usize) {
    let cases: Vec<Case> = serde_json::from_str(json_text).unwrap();
    assert!(cases.len() >= min_cases, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let got = run(&case.schema, case.original, case.patch);
        match (&case.expected, &case.error, got) {
            (Some(want), None, Ok(got)) if same_json(want, &got) => {}
            (None, Some(want), Err(err)) if *want == err.to_string() => {}
            (want, want_err, got) => {
                failures.push(format!(
                    "{}: want {want:?} / {want_err:?}, got {got:?}",
                    case.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// JSON equality with numbers compared as `float64` (Go decodes every number as one).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn rejects_non_object_documents() {
    assert_eq!(merge_pod(json!([]), json!({})), Err(MergeError::BadJsonDoc));
    assert_eq!(
        merge_pod(json!({}), json!("x")),
        Err(MergeError::BadJsonDoc)
    );
    assert_eq!(merge_pod(Value::Null, Value::Null), Ok(json!({})));
}

#[test]
fn null_list_element_is_an_error_not_a_panic() {
    let err = merge_pod(
        json!({"metadata": {"finalizers": [null]}}),
        json!({"metadata": {"finalizers": ["a"]}}),
    );
    assert!(
        matches!(err, Err(MergeError::NullListElement(_))),
        "{err:?}"
    );
    let err = merge_pod(
        json!({"metadata": {"finalizers": ["a"]}}),
        json!({"metadata": {"finalizers": [null]}}),
    );
    assert!(
        matches!(err, Err(MergeError::MixedElementTypes(_))),
        "{err:?}"
    );
}

#[test]
fn istio_template_overlay_puts_injected_containers_first() {
    let pod = json!({"metadata": {"name": "hello", "labels": {"key": "value"}},
        "spec": {"containers": [{"name": "hello", "image": "fake.docker.io/google-samples/hello-go-gke:1.0"}]}});
    let template = json!({"metadata": {"labels": {"$patch": "replace", "foo": "bar"}},
        "spec": {"containers": [{"name": "injected", "image": "fake.docker.io/google-samples/hello-go-gke:1.1"}]}});
    let merged = merge_pod(pod, template).unwrap();
    assert_eq!(merged["metadata"]["labels"], json!({"foo": "bar"}));
    assert_eq!(merged["spec"]["containers"][0]["name"], "injected");
    assert_eq!(merged["spec"]["containers"][1]["name"], "hello");
}
