//! The cluster-fact reflectors (`kube` feature) against an in-process fake apiserver: the node list and the
//! namespaces are unknown (and the engine not ready) until listed, watch events keep them current, and the real
//! engine's native-sidecar decision follows the nodes' kubelet versions without a restart.
#![cfg(feature = "kube")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use common::{fake_api, istio_default_settings};
use injector::native::NodeInfo;
use injector::settings::ProcessSettings;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use webhook::cluster_watch::{watch_namespaces, watch_nodes};
use webhook::{ClusterState, Engine, InjectOutcome, InjectRequest, IstioEngine};

/// A fake apiserver serving `/api/v1/<resource>` lists and watches (see [`fake_api::fake_apiserver`]).
fn fake_apiserver(
    collections: Vec<(&'static str, Value)>,
) -> (kube::Client, HashMap<String, mpsc::UnboundedSender<Value>>) {
    let collections = collections
        .into_iter()
        .map(|(resource, list)| (resource.to_string(), list))
        .collect();
    fake_api::fake_apiserver(collections, |path, _| {
        path.strip_prefix("/api/v1/").map(str::to_owned)
    })
}

fn node(name: &str, kubelet: &str, rv: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Node",
           "metadata": {"name": name, "resourceVersion": rv, "labels": {"kubernetes.io/hostname": name}},
           "status": {"nodeInfo": {"kubeletVersion": kubelet, "architecture": "amd64", "bootID": "",
               "containerRuntimeVersion": "", "kernelVersion": "", "kubeProxyVersion": "", "machineID": "",
               "operatingSystem": "linux", "osImage": "", "systemUUID": ""}}})
}

fn namespace_meta(name: &str, annotations: Value, rv: &str) -> Value {
    json!({"apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadata",
           "metadata": {"name": name, "resourceVersion": rv, "annotations": annotations}})
}

fn list(kind: &str, items: Vec<Value>) -> Value {
    json!({"apiVersion": "v1", "kind": kind, "metadata": {"resourceVersion": "1"}, "items": items})
}

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..200 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

fn versions(state: &ClusterState) -> Vec<(String, String)> {
    state
        .nodes()
        .map(|n| {
            n.iter()
                .map(|n| (n.name.clone(), n.kubelet_version.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the engine injects the proxy as a native sidecar into an unbound pod.
fn injects_native(engine: &IstioEngine, settings: &<IstioEngine as Engine>::Settings) -> bool {
    let pod = json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "app", "namespace": "default"},
        "spec": {"containers": [{"name": "app", "image": "app:1"}]}});
    let req = InjectRequest {
        pod: &pod,
        namespace: "default",
        path: "/inject",
        dry_run: false,
        debug: false,
    };
    let InjectOutcome::Patched { patch, .. } = engine.inject(settings, &req) else {
        panic!("not injected");
    };
    let patch: Value = serde_json::from_slice(&patch).unwrap();
    let mut patched = pod.clone();
    let patch: json_patch::Patch = serde_json::from_value(patch).unwrap();
    json_patch::patch(&mut patched, &patch).unwrap();
    let in_init = patched["spec"]["initContainers"]
        .as_array()
        .is_some_and(|c| c.iter().any(|c| c["name"] == "istio-proxy"));
    let in_containers = patched["spec"]["containers"]
        .as_array()
        .is_some_and(|c| c.iter().any(|c| c["name"] == "istio-proxy"));
    assert!(in_init != in_containers, "{patched}");
    in_init
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_reflector_drives_native_sidecars() {
    let (client, tx) = fake_apiserver(vec![(
        "nodes",
        list("NodeList", vec![node("node-b", "v1.32.4", "1")]),
    )]);
    let state = Arc::new(ClusterState::default());
    let process =
        ProcessSettings::from_env([("REVISION".to_string(), "default".to_string())]).unwrap();
    let engine = IstioEngine::with_cluster(process, state.clone());
    let settings = engine.load(&istio_default_settings()).unwrap();

    // From the start of the watch until the first list nothing is known: not ready, classic sidecars.
    let watch = watch_nodes(client, state.clone());
    assert!(engine.not_ready_reason().is_some());
    assert!(!injects_native(&engine, &settings));
    tokio::spawn(watch);
    eventually("the node list", || engine.not_ready_reason().is_none()).await;
    assert_eq!(versions(&state), [("node-b".into(), "v1.32.4".into())]);
    assert!(!injects_native(&engine, &settings));

    let nodes = &tx["nodes"];
    nodes
        .send(json!({"type": "ADDED", "object": node("node-a", "v1.33.1", "2")}))
        .unwrap();
    eventually("node-a", || versions(&state).len() == 2).await;
    assert_eq!(state.nodes().unwrap()[0].name, "node-a", "sorted by name");
    assert!(!injects_native(&engine, &settings), "node-b is still 1.32");

    // node-b's kubelet is upgraded: every node now runs 1.33+, so new pods get native sidecars.
    nodes
        .send(json!({"type": "MODIFIED", "object": node("node-b", "v1.33.0", "3")}))
        .unwrap();
    eventually("node-b upgraded", || {
        state.has_node(&NodeInfo {
            name: "node-b".into(),
            kubelet_version: "v1.33.0".into(),
        })
    })
    .await;
    assert!(injects_native(&engine, &settings));

    nodes
        .send(json!({"type": "DELETED", "object": node("node-a", "v1.33.1", "4")}))
        .unwrap();
    eventually("node-a deleted", || versions(&state).len() == 1).await;
    let described = engine.describe(&settings);
    assert_eq!(described["cluster"]["nodes"]["source"], "watched");
    assert_eq!(
        described["cluster"]["nodes"]["items"][0]["kubeletVersion"],
        "v1.33.0"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespace_reflector_serves_lookups() {
    let uid = json!({"openshift.io/sa.scc.uid-range": "1000620000/10000"});
    let (client, tx) = fake_apiserver(vec![(
        "namespaces",
        list(
            "PartialObjectMetadataList",
            vec![namespace_meta("team-a", uid.clone(), "1")],
        ),
    )]);
    let state = Arc::new(ClusterState::default());
    // Not ready from the call on; the spawned reflector may list at once, so check before spawning it.
    let watching = watch_namespaces(client, state.clone());
    assert!(state.not_ready_reason().is_some());
    tokio::spawn(watching);
    eventually("the namespace list", || state.not_ready_reason().is_none()).await;
    let ns = state.namespace("team-a").unwrap();
    assert_eq!(ns["kind"], "Namespace");
    assert_eq!(ns["metadata"]["annotations"], uid);
    assert_eq!(state.namespace("team-b"), None);

    let namespaces = &tx["namespaces"];
    namespaces
        .send(json!({"type": "ADDED", "object": namespace_meta("team-b", json!({}), "2")}))
        .unwrap();
    eventually("team-b", || state.namespace("team-b").is_some()).await;
    namespaces
        .send(json!({"type": "DELETED", "object": namespace_meta("team-a", uid, "3")}))
        .unwrap();
    eventually("team-a deleted", || state.namespace("team-a").is_none()).await;
    assert_eq!(state.describe()["namespaces"]["count"], 1);
}
