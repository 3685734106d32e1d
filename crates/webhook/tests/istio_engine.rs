//! The real engine behind the real server: AdmissionReview v1 and v1beta1 round trips over HTTPS for pods built
//! from Istio's golden cases, with Istio's default settings. The patch served must be exactly the one the engine
//! computes in-process (the engine itself is checked against the goldens in the injector crate), and applying it
//! must add the sidecar.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::*;
use hyper::StatusCode;
use injector::inject::{admit_pod, ClusterFacts, Outcome, PodRequest};
use injector::native::NodeInfo;
use injector::settings::{ProcessSettings, Settings};
use serde_json::{json, Value};
use webhook::IstioEngine;

/// The pod template of a corpus Deployment, as the apiserver would send the pod.
fn pod_from(rel: &str) -> Value {
    let doc = injector::yaml::from_str(&read_corpus(rel)).unwrap();
    let name = doc["metadata"]["name"].as_str().unwrap().to_string();
    let mut pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": doc["spec"]["template"]["metadata"], "spec": doc["spec"]["template"]["spec"]});
    pod["metadata"]["generateName"] = json!(format!("{name}-fake-"));
    pod["metadata"]["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": format!("{name}-fake"), "controller": true}]);
    pod
}

fn nodes() -> Vec<NodeInfo> {
    ["v1.33.0", "v1.34.0"]
        .iter()
        .enumerate()
        .map(|(i, v)| NodeInfo {
            name: format!("node-{}", i + 1),
            kubelet_version: v.to_string(),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corpus_pods_round_trip_through_the_server() {
    let set = istio_default_settings();
    let process =
        ProcessSettings::from_env([("REVISION".to_string(), "default".to_string())]).unwrap();
    let engine = IstioEngine::new(process.clone(), Some(nodes()), Default::default());
    let server = TestServer::start_engine(engine, &config_files(&set), true, true, |_| {}).await;

    let settings = Settings::load(&set.config, &set.values, set.mesh.as_deref(), process).unwrap();
    let node_list = nodes();
    let facts = ClusterFacts {
        nodes: Some(&node_list),
        namespace: None,
    };
    let mut conn = server.connect().await;
    for case in [
        "golden/hello.yaml",
        "golden/hello-probes.yaml",
        "golden/traffic-annotations.yaml",
    ] {
        let pod = pod_from(case);
        let Outcome::Injected(expected) = admit_pod(
            &settings,
            &facts,
            &PodRequest {
                object: &pod,
                namespace: "default",
                path: "/inject",
            },
        ) else {
            panic!("{case}: not injected in-process")
        };
        for api in ["admission.k8s.io/v1", "admission.k8s.io/v1beta1"] {
            let review = json!({"apiVersion": api, "kind": "AdmissionReview",
                "request": {"uid": "u1", "kind": {"group": "", "version": "v1", "kind": "Pod"}, "namespace": "default",
                            "operation": "CREATE", "object": pod}});
            let (status, resp) = conn.review("/inject", &review).await.unwrap();
            assert_eq!(status, StatusCode::OK, "{case} {api}");
            assert_eq!(resp["apiVersion"], api);
            assert_eq!(resp["response"]["allowed"], true, "{case} {api}: {resp}");
            let served = patch_of(&resp);
            let in_process: Value = serde_json::from_slice(&expected.patch()).unwrap();
            assert_eq!(
                served, in_process,
                "{case} {api}: served patch differs from the engine's"
            );

            let mut patched = pod.clone();
            json_patch::patch(
                &mut patched,
                &serde_json::from_value::<json_patch::Patch>(served).unwrap(),
            )
            .unwrap();
            let init_names: Vec<&str> = patched["spec"]["initContainers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap())
                .collect();
            assert!(
                init_names.contains(&"istio-proxy"),
                "{case}: native sidecar injected: {init_names:?}"
            );
        }
    }

    // An opted-out pod is admitted unchanged.
    let mut opted_out = pod_from("golden/hello.yaml");
    opted_out["metadata"]["labels"]["sidecar.istio.io/inject"] = json!("false");
    let review = json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
        "request": {"uid": "u2", "namespace": "default", "object": opted_out}});
    let (status, resp) = conn.review("/inject", &review).await.unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(resp["response"]["allowed"], true);
    assert!(resp["response"].get("patch").is_none());

    server.stop().await;
}

#[test]
fn debug_payload_holds_the_template_context_and_the_patch() {
    use webhook::{Engine, InjectOutcome, InjectRequest};
    let process =
        ProcessSettings::from_env([("REVISION".to_string(), "default".to_string())]).unwrap();
    let engine = IstioEngine::new(process, Some(nodes()), Default::default());
    let settings = engine.load(&istio_default_settings()).unwrap();
    let pod = pod_from("golden/hello.yaml");
    let request = |debug| InjectRequest {
        pod: &pod,
        namespace: "default",
        path: "/inject",
        dry_run: false,
        debug,
    };
    let InjectOutcome::Patched { debug, patch, .. } = engine.inject(&settings, &request(true))
    else {
        panic!("not injected");
    };
    let debug = debug.unwrap();
    let ctx = &debug["context"];
    // The owner is ReplicaSet `hello-fake` without a pod-template-hash label: the workload is that ReplicaSet.
    assert_eq!(ctx["DeploymentMeta"]["Name"], "hello-fake");
    assert_eq!(ctx["TypeMeta"]["Kind"], "ReplicaSet");
    assert_eq!(ctx["Revision"], "default");
    assert_eq!(ctx["NativeSidecars"], true, "both nodes run 1.33+");
    assert!(ctx["Values"]["global"]["proxy"].is_object(), "{ctx}");
    assert!(ctx["MeshConfig"]["defaultConfig"].is_object(), "{ctx}");
    assert_eq!(ctx["ProxyConfig"]["statusPort"], 15020);
    assert_eq!(ctx["Spec"]["containers"][0]["name"], "hello");
    assert_eq!(
        debug["patch"],
        serde_json::from_slice::<Value>(&patch).unwrap()
    );
    let InjectOutcome::Patched { debug, .. } = engine.inject(&settings, &request(false)) else {
        panic!("not injected");
    };
    assert!(debug.is_none());
}
