//! Webhook-path injection benchmarks: AdmissionReview v1 JSON bytes in → AdmissionReview response bytes out
//! (parse, [`admit_pod`], JSON patch, base64), with the corpus's default settings.
//!
//! - `webhook/hello`: the `hello` Deployment's pod (corpus `golden/hello.yaml`);
//! - `webhook/env-2000`: the pod of Istio's `BenchmarkInjection` (one container with 2,000 env vars).
//!
//! Before timing, the allocations of one injection are counted (a counting global allocator) and printed.
//! The corpus is located like the tests do (`ISTIO_CONFORMANCE_DIR`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::alloc::System;
use std::path::PathBuf;

use base64::Engine as _;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use injector::inject::{admit_pod, ClusterFacts, Outcome, PodRequest};
use injector::settings::{ProcessSettings, Settings};
use serde_json::{json, Value};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn corpus_dir() -> PathBuf {
    match std::env::var_os("ISTIO_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/istio"),
    }
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(corpus_dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn default_settings() -> Settings {
    let process = ProcessSettings::from_env([("REVISION".to_string(), "default".to_string())])
        .expect("process settings");
    Settings::load(
        &read("settings/default/config"),
        &read("settings/default/values"),
        Some(&read("settings/default/mesh")),
        process,
    )
    .expect("default settings")
}

/// The pod of the `hello` Deployment, as Istio's golden test sends it.
fn hello_pod() -> Value {
    let deployment = injector::yaml::from_str(&read("golden/hello.yaml")).expect("hello.yaml");
    let template = &deployment["spec"]["template"];
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "generateName": "hello-fake-",
            "labels": template["metadata"]["labels"],
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "hello-fake", "controller": true}],
        },
        "spec": template["spec"],
    })
}

/// Istio's `podWithEnv(2000)`.
fn env_pod(count: usize) -> Value {
    let env: Vec<Value> = (0..count)
        .map(|i| json!({"name": format!("something-{i}"), "value": "blah"}))
        .collect();
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "foo", "namespace": "bar"},
        "spec": {"containers": [{"name": "app", "image": "fake", "env": env}]},
    })
}

fn review(pod: &Value, namespace: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "request": {
            "uid": "6b1d2f0e-4a0c-4c57-9c6e-2f3b8f9a1d00",
            "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "operation": "CREATE",
            "namespace": namespace,
            "object": pod,
        },
    }))
    .unwrap()
}

/// One webhook round: request bytes → response bytes.
fn serve(settings: &Settings, body: &[u8]) -> Vec<u8> {
    let review: Value = serde_json::from_slice(body).unwrap();
    let request = &review["request"];
    let req = PodRequest {
        object: &request["object"],
        namespace: request["namespace"].as_str().unwrap_or(""),
        path: "/inject",
    };
    let mut response = json!({"uid": request["uid"], "allowed": true});
    match admit_pod(settings, &ClusterFacts::default(), &req) {
        Outcome::Injected(inj) => {
            let patch = base64::engine::general_purpose::STANDARD.encode(inj.patch());
            response["patch"] = Value::from(patch);
            response["patchType"] = Value::from("JSONPatch");
        }
        Outcome::Skipped(_) => {}
        Outcome::Failed(e) => {
            response["allowed"] = Value::Bool(false);
            response["status"] = json!({"message": e.to_string()});
        }
    }
    serde_json::to_vec(&json!({
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "response": response,
    }))
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let settings = default_settings();
    let cases = [
        ("webhook/hello", review(&hello_pod(), "default")),
        ("webhook/env-2000", review(&env_pod(2000), "bar")),
    ];
    for (name, body) in &cases {
        let out = serve(&settings, body);
        assert!(
            String::from_utf8_lossy(&out).contains("\"patch\""),
            "{name}: not injected"
        );
        let region = Region::new(GLOBAL);
        black_box(serve(&settings, body));
        let stats = region.change();
        println!(
            "{name}: {} allocations ({} bytes), {} reallocations per injection",
            stats.allocations, stats.bytes_allocated, stats.reallocations
        );
        c.bench_function(name, |b| b.iter(|| serve(&settings, black_box(body))));
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
