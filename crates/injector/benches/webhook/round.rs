//! The webhook round trip both injection benches time: AdmissionReview v1 JSON bytes in → AdmissionReview
//! response bytes out (decode, [`admit_pod`], JSON patch, base64, encode), with the corpus's default settings.
//!
//! The envelope is decoded and encoded the way `crates/webhook` (`admission.rs`) does it: small typed structs
//! around the pod, which stays a lossless `serde_json::Value`.
//!
//! - `<group>/hello`: the `hello` Deployment's pod (corpus `golden/hello.yaml`);
//! - `<group>/env-2000`: the pod of Istio's `BenchmarkInjection` (one container with 2,000 env vars).
//!
//! Before timing, the allocations of one injection are counted (the bench's counting global allocator) and
//! printed. The corpus is located like the tests do (`ISTIO_CONFORMANCE_DIR`).

use std::alloc::GlobalAlloc;
use std::path::PathBuf;

use base64::Engine as _;
use criterion::{black_box, Criterion};
use injector::inject::{admit_pod, ClusterFacts, Outcome, PodRequest};
use injector::settings::{ProcessSettings, Settings};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use stats_alloc::{Region, StatsAlloc};

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

#[derive(Deserialize)]
struct InReview {
    #[serde(rename = "apiVersion")]
    api_version: String,
    request: InRequest,
}

#[derive(Deserialize)]
struct InRequest {
    uid: String,
    #[serde(default)]
    namespace: String,
    object: Value,
}

#[derive(Serialize)]
struct OutReview<'a> {
    #[serde(rename = "apiVersion")]
    api_version: &'a str,
    kind: &'static str,
    response: OutResponse<'a>,
}

#[derive(Serialize)]
struct OutResponse<'a> {
    uid: &'a str,
    allowed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<OutStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    patch: Option<String>,
    #[serde(rename = "patchType", skip_serializing_if = "Option::is_none")]
    patch_type: Option<&'static str>,
}

#[derive(Serialize)]
struct OutStatus {
    message: String,
}

/// The patched response as the webhook writes it (`crates/webhook/src/admission.rs`): the base64 patch encoded
/// straight into the body.
fn patched_response(api_version: &str, uid: &str, patch: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(160 + uid.len() + patch.len().div_ceil(3) * 4);
    out.extend_from_slice(b"{\"apiVersion\":");
    serde_json::to_writer(&mut out, api_version).unwrap();
    out.extend_from_slice(b",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":");
    serde_json::to_writer(&mut out, uid).unwrap();
    out.extend_from_slice(b",\"allowed\":true,\"patch\":\"");
    let start = out.len();
    out.resize(start + patch.len().div_ceil(3) * 4, 0);
    let n = base64::engine::general_purpose::STANDARD
        .encode_slice(patch, &mut out[start..])
        .unwrap();
    out.truncate(start + n);
    out.extend_from_slice(b"\",\"patchType\":\"JSONPatch\"}}");
    out
}

/// One webhook round: request bytes → response bytes.
pub fn serve(settings: &Settings, body: &[u8]) -> Vec<u8> {
    let review: InReview = serde_json::from_slice(body).unwrap();
    let request = &review.request;
    let req = PodRequest {
        object: &request.object,
        namespace: &request.namespace,
        path: "/inject",
    };
    let mut response = OutResponse {
        uid: &request.uid,
        allowed: true,
        status: None,
        patch: None,
        patch_type: None,
    };
    match admit_pod(settings, &ClusterFacts::default(), &req) {
        Outcome::Injected(inj) => {
            return patched_response(&review.api_version, &request.uid, &inj.patch());
        }
        Outcome::Skipped(_) => {}
        Outcome::Failed(e) => {
            response.allowed = false;
            response.status = Some(OutStatus {
                message: e.to_string(),
            });
        }
    }
    serde_json::to_vec(&OutReview {
        api_version: &review.api_version,
        kind: "AdmissionReview",
        response,
    })
    .unwrap()
}

/// Counts the allocations of one round per case, then times the rounds as `<group>/<case>`.
pub fn bench<A: GlobalAlloc>(c: &mut Criterion, group: &str, alloc: &'static StatsAlloc<A>) {
    let settings = default_settings();
    let cases = [
        ("hello", review(&hello_pod(), "default")),
        ("env-2000", review(&env_pod(2000), "bar")),
    ];
    for (case, body) in &cases {
        let name = format!("{group}/{case}");
        let out = serve(&settings, body);
        assert!(
            String::from_utf8_lossy(&out).contains("\"patch\""),
            "{name}: not injected"
        );
        let region = Region::new(alloc);
        black_box(serve(&settings, body));
        let stats = region.change();
        println!(
            "{name}: {} allocations ({} bytes), {} reallocations per injection",
            stats.allocations, stats.bytes_allocated, stats.reallocations
        );
        c.bench_function(&name, |b| b.iter(|| serve(&settings, black_box(body))));
    }
}
