//! `create_patch` round trips: every generated patch, serialized and applied by the independent `json-patch`
//! crate, must turn the original into exactly the modified document; patches for injection-like changes must
//! stay small.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use injector::merge::merge_pod;
use injector::patch::{create_patch, patch_to_json, PatchOp};
use serde_json::{json, Map, Value};

/// SplitMix64: small, deterministic, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const KEYS: [&str; 8] = ["name", "image", "a/b", "t~x", "env", "value", "ports", ""];

fn scalar(rng: &mut Rng) -> Value {
    match rng.below(5) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(50)),
        2 => json!(rng.below(10)),
        3 => json!(rng.below(1000) as f64 / 8.0),
        _ => json!(format!("s{}", rng.below(6))),
    }
}

fn named(rng: &mut Rng, depth: usize) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(format!("n{}", rng.below(40))));
    for _ in 0..rng.below(3) {
        m.insert(
            KEYS[1 + rng.below(KEYS.len() - 1)].into(),
            gen(rng, depth + 1),
        );
    }
    Value::Object(m)
}

fn gen(rng: &mut Rng, depth: usize) -> Value {
    if depth > 3 {
        return scalar(rng);
    }
    match rng.below(5) {
        0 | 1 => scalar(rng),
        2 => {
            let mut m = Map::new();
            for _ in 0..rng.below(5) {
                m.insert(KEYS[rng.below(KEYS.len())].into(), gen(rng, depth + 1));
            }
            Value::Object(m)
        }
        3 => Value::Array((0..rng.below(6)).map(|_| named(rng, depth)).collect()),
        _ => Value::Array((0..rng.below(6)).map(|_| scalar(rng)).collect()),
    }
}

/// Applies one random edit somewhere inside `v`.
fn mutate(rng: &mut Rng, v: &mut Value, depth: usize) {
    match v {
        Value::Object(m) if !m.is_empty() && rng.chance(60) => {
            let key = m.keys().nth(rng.below(m.len())).cloned().unwrap();
            match rng.below(4) {
                0 => {
                    m.remove(&key);
                }
                1 => {
                    m.insert(KEYS[rng.below(KEYS.len())].into(), gen(rng, depth + 1));
                }
                _ => mutate(rng, m.get_mut(&key).unwrap(), depth + 1),
            }
        }
        Value::Object(m) => {
            m.insert(format!("k{}", rng.below(5)), gen(rng, depth + 1));
        }
        Value::Array(items) => {
            let named_list = items.first().is_some_and(Value::is_object);
            let fresh = |rng: &mut Rng| {
                if named_list {
                    named(rng, depth)
                } else {
                    scalar(rng)
                }
            };
            match rng.below(6) {
                0 if !items.is_empty() => {
                    let i = rng.below(items.len());
                    items.remove(i);
                }
                1 if items.len() > 1 => {
                    let (i, j) = (rng.below(items.len()), rng.below(items.len()));
                    items.swap(i, j);
                }
                2 if !items.is_empty() => {
                    let i = rng.below(items.len());
                    mutate(rng, &mut items[i], depth + 1);
                }
                3 => {
                    let x = fresh(rng);
                    items.insert(0, x);
                }
                _ => {
                    let i = rng.below(items.len() + 1);
                    let x = fresh(rng);
                    items.insert(i, x);
                }
            }
        }
        other => {
            *other = if rng.chance(80) {
                scalar(rng)
            } else {
                gen(rng, depth)
            }
        }
    }
}

/// Serializes the patch, parses it with `json-patch` and applies it.
fn apply_json_patch(original: &Value, ops: &[PatchOp<'_>]) -> Value {
    let bytes = patch_to_json(ops).unwrap();
    let patch: json_patch::Patch = serde_json::from_slice(&bytes).expect("patch parses");
    let mut doc = original.clone();
    json_patch::patch(&mut doc, &patch)
        .unwrap_or_else(|e| panic!("patch failed: {e}\n{}", String::from_utf8_lossy(&bytes)));
    doc
}

#[test]
fn random_documents_round_trip() {
    let mut rng = Rng(0x5eed);
    let mut total_ops = 0;
    for case in 0..3000 {
        let original = gen(&mut rng, 0);
        let mut modified = original.clone();
        let edits = 1 + rng.below(4);
        for _ in 0..edits {
            mutate(&mut rng, &mut modified, 0);
        }
        assert!(create_patch(&original, &original).is_empty());
        let ops = create_patch(&original, &modified);
        total_ops += ops.len();
        let patched = apply_json_patch(&original, &ops);
        assert_eq!(
            patched, modified,
            "case {case}: {original} -> {modified}\nops {ops:?}"
        );
        if original == modified {
            assert!(ops.is_empty(), "case {case}");
        }
    }
    // Each edit touches one place; the diff should not explode.
    assert!(total_ops < 3000 * 6, "{total_ops} ops");
}

#[test]
fn list_insertions_and_removals_cost_one_op_each() {
    let mut rng = Rng(7);
    for case in 0..500 {
        let original: Vec<Value> = (0..rng.below(30))
            .map(|i| json!({"name": format!("c{i}"), "image": format!("i{}", rng.below(3))}))
            .collect();
        let mut modified = original.clone();
        let edits = 1 + rng.below(3);
        for e in 0..edits {
            if !modified.is_empty() && rng.chance(50) {
                let i = rng.below(modified.len());
                modified.remove(i);
            } else {
                let i = rng.below(modified.len() + 1);
                modified.insert(i, json!({"name": format!("new{e}")}));
            }
        }
        let (original, modified) = (Value::Array(original), Value::Array(modified));
        let ops = create_patch(&original, &modified);
        assert_eq!(apply_json_patch(&original, &ops), modified, "case {case}");
        assert!(
            ops.len() <= edits,
            "case {case}: {} ops for {edits} edits: {ops:?}",
            ops.len()
        );
        assert!(
            ops.iter().all(|op| !matches!(op, PatchOp::Replace { .. })),
            "case {case}: {ops:?}"
        );
    }
}

#[test]
fn reordering_only_moves() {
    let mut rng = Rng(99);
    for case in 0..500 {
        let n = 1 + rng.below(25);
        let original: Vec<Value> = (0..n)
            .map(|i| json!({"name": format!("c{i}"), "image": "x"}))
            .collect();
        let mut modified = original.clone();
        let swaps = 1 + rng.below(4);
        for _ in 0..swaps {
            let (i, j) = (rng.below(n), rng.below(n));
            modified.swap(i, j);
        }
        let (original, modified) = (Value::Array(original), Value::Array(modified));
        let ops = create_patch(&original, &modified);
        assert_eq!(apply_json_patch(&original, &ops), modified, "case {case}");
        assert!(
            ops.iter().all(|op| matches!(op, PatchOp::Move { .. })),
            "case {case}: {ops:?}"
        );
        assert!(
            ops.len() <= 2 * swaps,
            "case {case}: {} ops for {swaps} swaps",
            ops.len()
        );
    }
}

fn big_pod(env_count: usize) -> Value {
    let env: Vec<Value> = (0..env_count)
        .map(|i| json!({"name": format!("VAR_{i}"), "value": format!("value-{i}")}))
        .collect();
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "app", "namespace": "default", "labels": {"app": "app"}},
        "spec": {
            "containers": [{"name": "app", "image": "app:1", "env": env, "ports": [{"containerPort": 8080}]}],
            "initContainers": [{"name": "setup", "image": "setup:1"}],
            "volumes": [{"name": "data", "emptyDir": {}}]
        }
    })
}

fn sidecar_template() -> Value {
    json!({
        "metadata": {
            "labels": {"security.istio.io/tlsMode": "istio", "service.istio.io/canonical-name": "app"},
            "annotations": {"sidecar.istio.io/status": "{\"initContainers\":[\"istio-init\"]}"}
        },
        "spec": {
            "initContainers": [{"name": "istio-init", "image": "proxyv2", "args": ["istio-iptables", "-p", "15001"]}],
            "containers": [{"name": "istio-proxy", "image": "proxyv2", "args": ["proxy", "sidecar"],
                "env": [{"name": "ISTIO_META_POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
                "ports": [{"containerPort": 15090, "name": "http-envoy-prom", "protocol": "TCP"}]}],
            "volumes": [{"name": "istio-envoy", "emptyDir": {"medium": "Memory"}}, {"name": "istio-data", "emptyDir": {}}]
        }
    })
}

#[test]
fn injecting_into_a_pod_with_2000_env_vars_is_a_handful_of_ops() {
    let pod = big_pod(2000);
    let injected = merge_pod(pod.clone(), sidecar_template()).unwrap();
    let ops = create_patch(&pod, &injected);
    let mut summary: Vec<String> = ops
        .iter()
        .map(|o| format!("{} {}", o.op(), o.path()))
        .collect();
    // Member order follows map iteration order (serde_json features); array ops keep their order.
    summary.sort();
    assert_eq!(
        summary,
        [
            "add /metadata/annotations",
            "add /metadata/labels/security.istio.io~1tlsMode",
            "add /metadata/labels/service.istio.io~1canonical-name",
            "add /spec/containers/0",
            "add /spec/initContainers/0",
            "add /spec/volumes/0",
            "add /spec/volumes/1",
        ]
    );
    assert_eq!(apply_json_patch(&pod, &ops), injected);
}

#[test]
fn injection_with_probe_rewrite_touches_only_the_probe() {
    let mut pod = big_pod(2000);
    pod["spec"]["containers"][0]["readinessProbe"] =
        json!({"httpGet": {"path": "/ready", "port": 8080}});
    let mut injected = merge_pod(pod.clone(), sidecar_template()).unwrap();
    injected["spec"]["containers"][1]["readinessProbe"]["httpGet"] =
        json!({"path": "/app-health/app/readyz", "port": 15020});
    let ops = create_patch(&pod, &injected);
    let summary: Vec<String> = ops
        .iter()
        .map(|o| format!("{} {}", o.op(), o.path()))
        .collect();
    assert!(
        summary.contains(&"add /spec/containers/0".to_string()),
        "{summary:?}"
    );
    assert!(
        summary.contains(&"replace /spec/containers/1/readinessProbe/httpGet/path".to_string()),
        "{summary:?}"
    );
    assert!(summary.len() <= 10, "{summary:?}");
    assert_eq!(apply_json_patch(&pod, &ops), injected);
}

#[test]
fn changing_one_env_var_among_2000_is_one_op() {
    let pod = big_pod(2000);
    let mut modified = pod.clone();
    modified["spec"]["containers"][0]["env"][1234]["value"] = json!("changed");
    modified["spec"]["containers"][0]["env"]
        .as_array_mut()
        .unwrap()
        .insert(10, json!({"name": "NEW", "value": "x"}));
    let ops = create_patch(&pod, &modified);
    let summary: Vec<String> = ops
        .iter()
        .map(|o| format!("{} {}", o.op(), o.path()))
        .collect();
    assert_eq!(
        summary,
        [
            "add /spec/containers/0/env/10",
            "replace /spec/containers/0/env/1235/value"
        ]
    );
    assert_eq!(apply_json_patch(&pod, &ops), modified);
}

#[test]
fn native_sidecar_prepend_and_reorder() {
    // Istio with native sidecars puts istio-init and istio-proxy first in initContainers.
    let pod = big_pod(3);
    let mut modified = pod.clone();
    let inits = modified["spec"]["initContainers"].as_array_mut().unwrap();
    inits.insert(0, json!({"name": "istio-proxy", "restartPolicy": "Always"}));
    inits.insert(0, json!({"name": "istio-init"}));
    let ops = create_patch(&pod, &modified);
    let summary: Vec<String> = ops
        .iter()
        .map(|o| format!("{} {}", o.op(), o.path()))
        .collect();
    assert_eq!(
        summary,
        ["add /spec/initContainers/0", "add /spec/initContainers/1"]
    );
    assert_eq!(apply_json_patch(&pod, &ops), modified);
}

#[test]
fn large_lists_stay_linear() {
    // 20,000-entry lists: a quadratic merge or diff would take minutes here.
    let env = |range: std::ops::Range<usize>, tag: &str| -> Vec<Value> {
        range
            .map(|i| json!({"name": format!("V{i}"), "value": format!("{tag}{i}")}))
            .collect()
    };
    let original = json!({"name": "c", "env": env(0..20_000, "o")});
    let patch = json!({"name": "c", "env": env(10_000..30_000, "p")});
    let merged = injector::merge::merge_container(original.clone(), patch).unwrap();
    let merged_env = merged["env"].as_array().unwrap();
    assert_eq!(merged_env.len(), 30_000);
    assert_eq!(merged_env[0], json!({"name": "V0", "value": "o0"}));
    assert_eq!(
        merged_env[29_999],
        json!({"name": "V29999", "value": "p29999"})
    );

    let mut modified = original.clone();
    let list = modified["env"].as_array_mut().unwrap();
    for i in (0..20_000).step_by(97) {
        list[i]["value"] = json!("changed");
    }
    list.insert(5_000, json!({"name": "INSERTED"}));
    list.remove(15_000);
    let ops = create_patch(&original, &modified);
    assert_eq!(apply_json_patch(&original, &ops), modified);
}
