//! Istio's injection golden cases (`cases.yaml` of the conformance corpus), run the way Istio's `TestInjection`
//! runs them (see the header of `cases.yaml`):
//!
//! - webhook path: each workload of the input becomes a Pod (with the synthetic owner references Istio's test
//!   adds), goes through [`admit_pod`], the JSON patch is applied, and the result is compared with the golden as
//!   typed Pods; then the patched pod is admitted again and the second patch must be empty (idempotence).
//!
//! - kube-inject path: the input stream goes through [`kube_inject_stream`]; the output must equal the golden
//!   semantically (README rule (a)) and, separately, byte for byte (rule (b)); expected errors and warnings are
//!   checked.
//!
//! Prints `istio conformance (kube-inject): N passed, M failed`, `istio conformance (webhook): ...`,
//! `istio conformance (byte-exact kube-inject): ...` and `istio conformance (idempotent): ...`. Failing
//! cases must be listed in `tests/istio-expected-failures.txt` with a reason; the test fails when an unlisted case
//! fails or a listed case passes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use injector::inject::{admit_pod, ClusterFacts, Outcome, PodRequest};
use injector::kube_inject::kube_inject_stream;
use injector::native::NodeInfo;
use injector::settings::{ProcessSettings, Settings};
use serde_json::{json, Value};
use support::{apply_patch, strip_status, typed_pod};

const WORKLOAD_KINDS: [&str; 9] = [
    "Deployment",
    "DeploymentConfig",
    "DaemonSet",
    "StatefulSet",
    "Job",
    "ReplicaSet",
    "ReplicationController",
    "CronJob",
    "Pod",
];

fn read(rel: &str) -> String {
    std::fs::read_to_string(support::corpus_dir().join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Pieces of a file cut at every "\n---", parsed, kept when they are workloads (List items included).
fn workloads(text: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for piece in text.split("\n---") {
        let Ok(doc) = injector::yaml::from_str(piece) else {
            continue;
        };
        collect(doc, &mut out);
    }
    out
}

fn collect(doc: Value, out: &mut Vec<Value>) {
    match doc.get("kind").and_then(Value::as_str) {
        Some("List") => {
            for item in doc["items"].as_array().cloned().unwrap_or_default() {
                collect(item, out);
            }
        }
        Some(k) if WORKLOAD_KINDS.contains(&k) => out.push(doc),
        _ => {}
    }
}

/// Istio's test conversion of a workload into the pod the apiserver would send.
fn to_pod(obj: &Value) -> Value {
    let kind = obj["kind"].as_str().unwrap_or("");
    let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
    if kind == "Pod" {
        return obj.clone();
    }
    let template = if kind == "CronJob" {
        obj["spec"]["jobTemplate"]["spec"]["template"].clone()
    } else {
        obj["spec"]["template"].clone()
    };
    let mut pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": template.get("metadata").cloned().unwrap_or(json!({})), "spec": template["spec"]});
    let meta = pod["metadata"].as_object_mut().unwrap();
    match kind {
        "Deployment" => {
            meta.insert("generateName".into(), json!(format!("{name}-fake-")));
            let labels = meta.entry("labels").or_insert(json!({}));
            labels["pod-template-hash"] = json!("fake");
            meta.insert(
                "ownerReferences".into(),
                json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": format!("{name}-fake"), "controller": true}]),
            );
        }
        "CronJob" => {
            meta.insert("generateName".into(), json!(name));
            meta.insert(
                "ownerReferences".into(),
                json!([{"apiVersion": obj["apiVersion"], "kind": kind, "name": name, "controller": true}]),
            );
        }
        _ => {
            meta.insert("generateName".into(), json!(name));
            meta.insert(
                "ownerReferences".into(),
                json!([{"apiVersion": obj["apiVersion"], "kind": kind, "name": name, "controller": true}]),
            );
        }
    }
    pod
}

fn clear_field_ref_api_version(pod: &mut Value) {
    for c in pod
        .pointer_mut("/spec/containers")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        for e in c
            .get_mut("env")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            if let Some(fr) = e
                .pointer_mut("/valueFrom/fieldRef")
                .and_then(Value::as_object_mut)
            {
                fr.remove("apiVersion");
            }
        }
    }
}

fn process(case: &Value) -> ProcessSettings {
    let mut env: Vec<(String, String)> = Vec::new();
    let native = case["native_sidecars"].as_str().unwrap_or("auto");
    env.push(("ENABLE_NATIVE_SIDECARS".into(), native.into()));
    if let Some(p) = case["compliance_policy"].as_str() {
        env.push(("COMPLIANCE_POLICY".into(), p.into()));
    }
    if case["platform"].as_str() == Some("openshift") {
        env.push(("PLATFORM".into(), "openshift".into()));
    }
    env.push((
        "REVISION".into(),
        case["revision"].as_str().unwrap_or("default").into(),
    ));
    ProcessSettings::from_env(env).unwrap()
}

fn load_settings(case: &Value) -> Result<Settings, String> {
    let dir = format!(
        "settings/{}",
        case["settings"].as_str().unwrap_or("default")
    );
    let cfg = read(&format!("{dir}/config"));
    let values = read(&format!("{dir}/values"));
    let mesh = read(&format!("{dir}/mesh"));
    Settings::load(&cfg, &values, Some(&mesh), process(case)).map_err(|e| e.to_string())
}

fn nodes(case: &Value) -> Vec<NodeInfo> {
    case["node_kubelet_versions"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, v)| NodeInfo {
            name: format!("node-{}", i + 1),
            kubelet_version: v.as_str().unwrap_or("").into(),
        })
        .collect()
}

struct Results {
    kube_inject: BTreeMap<String, Result<(), String>>,
    webhook: BTreeMap<String, Result<(), String>>,
    byte_exact: BTreeMap<String, Result<(), String>>,
    idempotent: BTreeMap<String, Result<(), String>>,
}

/// README rule (a): drop nulls and empty maps, bottom-up; lists keep their elements.
fn prune(v: &Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::Object(m) => {
            let out: serde_json::Map<String, Value> = m
                .iter()
                .filter_map(|(k, x)| prune(x).map(|x| (k.clone(), x)))
                .collect();
            (!out.is_empty()).then_some(Value::Object(out))
        }
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .map(|x| prune(x).unwrap_or(Value::Null))
                .collect(),
        )),
        Value::String(s) => {
            let t = s.trim();
            if t.starts_with('{') || t.starts_with('[') {
                if let Ok(j) = serde_json::from_str::<Value>(t) {
                    return Some(json!({"$json": j}));
                }
            }
            Some(v.clone())
        }
        other => Some(other.clone()),
    }
}

fn stream_docs(text: &str) -> Result<Vec<Value>, String> {
    let docs = injector::yaml::split_documents(text).map_err(|e| e.to_string())?;
    docs.iter()
        .map(|d| injector::yaml::from_str(&d.text).map_err(|e| e.to_string()))
        .filter(|d| !matches!(d, Ok(Value::Null)))
        .map(|d| d.map(|v| prune(&v).unwrap_or(Value::Null)))
        .collect()
}

/// Runs the kube-inject path; returns (semantic, byte-exact) results.
fn run_kube_inject_case(
    case: &Value,
    settings: &Settings,
) -> (Result<(), String>, Result<(), String>) {
    let input = read(case["input"].as_str().unwrap());
    let node_list = nodes(case);
    let result = kube_inject_stream(settings, Some(&node_list), &input);
    if let Some(want) = case["expected_error"].as_str() {
        return match result {
            Err(e) if e.to_string().to_lowercase().contains(want) => (Ok(()), Ok(())),
            Err(e) => (
                Err(format!("error {e:?} lacks {want:?}")),
                Err("n/a".into()),
            ),
            Ok(_) => (
                Err(format!("expected an error containing {want:?}")),
                Err("n/a".into()),
            ),
        };
    }
    let out = match result {
        Ok(o) => o,
        Err(e) => return (Err(format!("kube-inject failed: {e}")), Err("n/a".into())),
    };
    if let Some(want) = case["expected_log"].as_str() {
        if !out.warnings.iter().any(|w| w.contains(want)) {
            return (
                Err(format!("no warning contains {want:?}: {:?}", out.warnings)),
                Err("n/a".into()),
            );
        }
    }
    let golden = read(case["golden"].as_str().unwrap());
    let semantic = match (stream_docs(&out.yaml), stream_docs(&golden)) {
        (Ok(got), Ok(want)) if got == want => Ok(()),
        (Ok(got), Ok(want)) if got.len() != want.len() => {
            Err(format!("{} documents, want {}", got.len(), want.len()))
        }
        (Ok(got), Ok(want)) => {
            let i = got.iter().zip(&want).position(|(g, w)| g != w).unwrap_or(0);
            Err(format!(
                "document {i}: {}",
                first_difference(&want[i], &got[i], "")
            ))
        }
        (Err(e), _) => Err(format!("output does not parse: {e}")),
        (_, Err(e)) => Err(format!("golden does not parse: {e}")),
    };
    let byte_exact = if out.yaml.trim() == golden.trim() {
        Ok(())
    } else {
        let (g, w) = (out.yaml.trim(), golden.trim());
        let line = g
            .lines()
            .zip(w.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(g.lines().count().min(w.lines().count()));
        Err(format!(
            "line {}: got {:?}, want {:?}",
            line + 1,
            g.lines().nth(line).unwrap_or("<eof>"),
            w.lines().nth(line).unwrap_or("<eof>")
        ))
    };
    (semantic, byte_exact)
}

fn run_webhook_case(case: &Value, settings: &Settings) -> (Result<(), String>, Result<(), String>) {
    let input = workloads(&read(case["input"].as_str().unwrap()));
    let golden = workloads(&read(case["golden"].as_str().unwrap()));
    if input.len() != golden.len() {
        return (
            Err(format!(
                "{} input workloads vs {} golden",
                input.len(),
                golden.len()
            )),
            Err("n/a".into()),
        );
    }
    let node_list = nodes(case);
    let namespaces: HashMap<String, Value> = case["namespaces"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| {
            (
                n["metadata"]["name"].as_str().unwrap_or("").to_string(),
                n.clone(),
            )
        })
        .collect();
    let lookup = |name: &str| namespaces.get(name).cloned();
    let facts = ClusterFacts {
        nodes: Some(&node_list),
        namespace: Some(&lookup),
    };
    let mut idem: Result<(), String> = Ok(());
    for (i, (inp, gold)) in input.iter().zip(&golden).enumerate() {
        let pod = to_pod(inp);
        let ns = inp["metadata"]["namespace"].as_str().unwrap_or("");
        let req = PodRequest {
            object: &pod,
            namespace: ns,
            path: "",
        };
        let result = match admit_pod(settings, &facts, &req) {
            Outcome::Injected(inj) => match apply_patch(&pod, &inj.patch()) {
                Ok(v) => v,
                Err(e) => {
                    return (
                        Err(format!("workload {i}: patch does not apply: {e}")),
                        Err("n/a".into()),
                    )
                }
            },
            Outcome::Skipped(_) => pod.clone(),
            Outcome::Failed(e) => {
                return (
                    Err(format!("workload {i}: injection failed: {e}")),
                    Err("n/a".into()),
                )
            }
        };
        // Idempotence: admitting the injected pod again changes nothing.
        let again = PodRequest {
            object: &result,
            namespace: ns,
            path: "",
        };
        if let Outcome::Injected(inj) = admit_pod(settings, &facts, &again) {
            let patch = inj.patch();
            if patch != b"[]" && idem.is_ok() {
                // Not idempotent: the third injection must at least settle (Istio's own non-idempotent case does).
                let third = apply_patch(&result, &patch).map(|twice| {
                    let req = PodRequest {
                        object: &twice,
                        namespace: ns,
                        path: "",
                    };
                    match admit_pod(settings, &facts, &req) {
                        Outcome::Injected(inj) => inj.patch(),
                        _ => b"[]".to_vec(),
                    }
                });
                idem = Err(format!(
                    "workload {i}: re-injection patch {}; {}",
                    String::from_utf8_lossy(&patch),
                    match third {
                        Ok(p) if p == b"[]" => "a third injection is a no-op".to_string(),
                        Ok(p) => format!(
                            "{NOT_CONVERGING}: third patch {}",
                            String::from_utf8_lossy(&p)
                        ),
                        Err(e) => format!("{NOT_CONVERGING}: second patch does not apply: {e}"),
                    }
                ));
            }
        }
        let mut got = typed_pod(&result);
        let mut want = typed_pod(&to_pod(gold));
        strip_status(&mut got);
        strip_status(&mut want);
        clear_field_ref_api_version(&mut got);
        if got != want {
            return (
                Err(format!(
                    "workload {i}: {}",
                    first_difference(&want, &got, "")
                )),
                idem,
            );
        }
    }
    (Ok(()), idem)
}

/// The first path where two JSON values differ, with both sides.
fn first_difference(want: &Value, got: &Value, path: &str) -> String {
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) if x == y => {}
                    (Some(x), Some(y)) => return first_difference(x, y, &format!("{path}/{k}")),
                    (x, y) => return format!("{path}/{k}: want {x:?}, got {y:?}"),
                }
            }
            String::new()
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                if x != y {
                    return first_difference(x, y, &format!("{path}/{i}"));
                }
            }
            String::new()
        }
        _ => {
            let short = |v: &Value| {
                let s = v.to_string();
                if s.len() > 300 {
                    format!("{}…", &s[..300])
                } else {
                    s
                }
            };
            format!("{path}: want {}, got {}", short(want), short(got))
        }
    }
}

fn expected_failures() -> BTreeMap<String, String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/istio-expected-failures.txt"
    );
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once("  ") {
            Some((k, r)) => (k.trim().to_string(), r.trim().to_string()),
            None => (l.trim().to_string(), String::new()),
        })
        .collect()
}

#[test]
fn istio_conformance() {
    let manifest = injector::yaml::from_str(&read("cases.yaml")).unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    let mut results = Results {
        kube_inject: BTreeMap::new(),
        webhook: BTreeMap::new(),
        byte_exact: BTreeMap::new(),
        idempotent: BTreeMap::new(),
    };
    for case in cases {
        let id = case["id"].as_str().unwrap().to_string();
        let settings = load_settings(case);
        if case["kube_inject"].as_bool() == Some(true) {
            let (semantic, exact) = match &settings {
                Ok(settings) => run_kube_inject_case(case, settings),
                Err(e) => (Err(format!("settings: {e}")), Err("n/a".into())),
            };
            results.kube_inject.insert(id.clone(), semantic);
            if case["expected_error"].is_null() {
                results.byte_exact.insert(id.clone(), exact);
            }
        }
        if case["webhook"].as_bool() == Some(true) {
            let (webhook, idem) = match &settings {
                Ok(settings) => run_webhook_case(case, settings),
                Err(e) => (Err(format!("settings: {e}")), Err("n/a".into())),
            };
            results.webhook.insert(id.clone(), webhook);
            results.idempotent.insert(id, idem);
        }
    }

    let expected = expected_failures();
    let mut unexpected = Vec::new();
    for (label, map) in [
        ("kube-inject", &results.kube_inject),
        ("webhook", &results.webhook),
        ("byte-exact kube-inject", &results.byte_exact),
        ("idempotent", &results.idempotent),
    ] {
        let failed: Vec<_> = map.iter().filter(|(_, r)| r.is_err()).collect();
        for (id, r) in &failed {
            let key = format!("{label}: {id}");
            if std::env::var_os("ISTIO_CONFORMANCE_VERBOSE").is_some()
                || !expected.contains_key(&key)
            {
                println!(
                    "FAIL {key}: {}",
                    r.as_ref().err().map(String::as_str).unwrap_or("")
                );
            }
            if !expected.contains_key(&key) {
                unexpected.push(key);
            }
        }
        for (id, r) in map {
            let key = format!("{label}: {id}");
            if r.is_ok() && expected.contains_key(&key) {
                unexpected.push(format!("{key} (listed as failing but passes)"));
            }
        }
        println!(
            "istio conformance ({label}): {} passed, {} failed",
            map.len() - failed.len(),
            failed.len()
        );
    }
    assert!(unexpected.is_empty(), "unexpected results: {unexpected:#?}");
    let diverging: Vec<_> = results
        .idempotent
        .iter()
        .filter(|(_, r)| r.as_ref().is_err_and(|e| e.contains(NOT_CONVERGING)))
        .map(|(id, _)| id)
        .collect();
    assert!(
        diverging.is_empty(),
        "re-injection never settles (listed or not): {diverging:?}"
    );
}

/// Marks an idempotence failure where even a third injection changes the pod.
const NOT_CONVERGING: &str = "does not converge";
