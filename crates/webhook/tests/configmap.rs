//! The Kubernetes-API ConfigMap source (`kube` feature) against an in-process fake apiserver
//! (a tower service answering the watcher's list and watch requests): updates are picked up, bad ones and
//! deletion keep the last good set, and Istio's `TestNewConfigMapWatcher` table
//! (`tables/configmap_watcher.yaml`) holds step by step.
#![cfg(feature = "kube")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use common::*;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use webhook::config_source::{ConfigFiles, ConfigSource, Multicast};
use webhook::configmap_source::{watch_configmap, ConfigMapRef, MeshConfigMapRef};
use webhook::health::Health;
use webhook::metrics::Metrics;
use webhook::watch::FileTrigger;
use webhook::{ConfigSet, Engine, InjectOutcome, InjectRequest};
use yaml_rust2::YamlLoader;

/// A fake apiserver for the injector ConfigMap: see [`fake_apiserver_for`].
fn fake_apiserver(initial: Option<Value>) -> (kube::Client, mpsc::UnboundedSender<Value>) {
    let (client, mut senders) = fake_apiserver_for(vec![("istio-sidecar-injector", initial)]);
    (client, senders.remove(0))
}

/// A fake apiserver serving field-selected ConfigMaps of `istio-system` by name: the list holds the initial object
/// (if any); the senders, in the order of `names`, feed each name's first watch.
fn fake_apiserver_for(
    names: Vec<(&'static str, Option<Value>)>,
) -> (kube::Client, Vec<mpsc::UnboundedSender<Value>>) {
    let order: Vec<String> = names.iter().map(|(n, _)| n.to_string()).collect();
    let collections = names
        .into_iter()
        .map(|(name, initial)| {
            let items: Vec<Value> = initial.into_iter().collect();
            let list = json!({"apiVersion": "v1", "kind": "ConfigMapList",
                              "metadata": {"resourceVersion": "1"}, "items": items});
            (name.to_string(), list)
        })
        .collect();
    let known = order.clone();
    let (client, mut senders) = fake_api::fake_apiserver(collections, move |path, query| {
        assert!(
            path.ends_with("/namespaces/istio-system/configmaps"),
            "{path}"
        );
        let selected = query
            .split('&')
            .find_map(|p| p.strip_prefix("fieldSelector=metadata.name%3D"))?;
        known.iter().find(|n| n.as_str() == selected).cloned()
    });
    let senders = order.iter().map(|n| senders.remove(n).unwrap()).collect();
    (client, senders)
}

fn configmap(rv: &str, data: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": "istio-sidecar-injector", "namespace": "istio-system", "resourceVersion": rv},
           "data": data})
}

fn event(kind: &str, cm: Value) -> Value {
    json!({"type": kind, "object": cm})
}

struct Harness<E: Engine> {
    multicast: Arc<Multicast<E::Settings>>,
    metrics: Arc<Metrics>,
    dir: PathBuf,
}

fn start<E: Engine>(engine: E, client: kube::Client) -> Harness<E> {
    start_with_mesh(engine, client, None)
}

fn start_with_mesh<E: Engine>(
    engine: E,
    client: kube::Client,
    mesh_cm: Option<MeshConfigMapRef>,
) -> Harness<E> {
    let dir = temp_dir("configmap");
    let multicast = Arc::new(Multicast::default());
    let metrics = Arc::new(Metrics::new());
    let files = ConfigFiles {
        config: dir.join("config"),
        values: dir.join("values"),
        mesh: Some(dir.join("mesh")),
    };
    let source = ConfigSource::new(
        Arc::new(engine),
        files,
        multicast.clone(),
        metrics.clone(),
        Arc::new(Health::new(false)),
    );
    let mesh = dir.join("mesh");
    let trigger = FileTrigger::new(
        &[&mesh],
        std::time::Duration::from_millis(10),
        std::time::Duration::from_secs(3600),
    );
    tokio::spawn(watch_configmap(
        client,
        ConfigMapRef::istio("istio-system", ""),
        mesh_cm,
        source,
        trigger,
    ));
    Harness {
        multicast,
        metrics,
        dir,
    }
}

fn events_seen(m: &Metrics) -> f64 {
    metric(&m.encode(), "sidecar_injection_configmap_events_total")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follows_the_configmap_and_keeps_the_last_good_set() {
    let good = |v: &str| {
        configmap(
            "1",
            json!({"config": format!("annotation: {v}"), "values": VALUES}),
        )
    };
    let (client, tx) = fake_apiserver(Some(good("v1")));
    let h = start(FakeEngine, client);
    let current =
        |h: &Harness<FakeEngine>| h.multicast.current().map(|s| s.settings.annotation.clone());
    eventually!("initial list loaded", current(&h).as_deref() == Some("v1"));

    tx.send(event("MODIFIED", good("v2"))).unwrap();
    eventually!("update loaded", current(&h).as_deref() == Some("v2"));
    let bad_steps = [
        event(
            "MODIFIED",
            configmap("3", json!({"config": "annotation: v3"})),
        ),
        event(
            "MODIFIED",
            configmap("4", json!({"config": "garbage", "values": VALUES})),
        ),
        event("DELETED", good("v2")),
    ];
    for (i, step) in bad_steps.into_iter().enumerate() {
        tx.send(step).unwrap();
        eventually!("event processed", events_seen(&h.metrics) >= (i + 2) as f64);
        assert_eq!(current(&h).as_deref(), Some("v2"), "step {i}");
    }
    let failures = metric(
        &h.metrics.encode(),
        "sidecar_injection_config_reloads_total{result=\"failure\"}",
    );
    assert_eq!(failures, 3.0);
    tx.send(event("ADDED", good("v5"))).unwrap();
    eventually!(
        "re-added ConfigMap loaded",
        current(&h).as_deref() == Some("v5")
    );
    // The mesh file is part of the set.
    std::fs::write(h.dir.join("mesh"), "{}").unwrap();
    eventually!(
        "mesh change published",
        h.multicast.current().unwrap().generation == 4
    );
    std::fs::remove_dir_all(&h.dir).unwrap();
}

/// TEST-ONLY engine for Istio's table: a config must be a `key: value` line (so `bad yaml` is refused);
/// settings are the raw (config, values) pair.
struct PairEngine;

impl Engine for PairEngine {
    type Settings = (String, String);
    fn load(&self, files: &ConfigSet) -> Result<(String, String), String> {
        if !files.config.contains(": ") {
            return Err(format!("cannot parse config {:?}", files.config));
        }
        Ok((files.config.clone(), files.values.clone()))
    }
    fn inject(&self, _: &(String, String), _: &InjectRequest<'_>) -> InjectOutcome {
        InjectOutcome::Skipped {
            reason: "unused".into(),
        }
    }
    fn describe(&self, s: &(String, String)) -> Value {
        json!([s.0, s.1])
    }
}

fn yaml_to_json(y: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match y {
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Hash(h) => Value::Object(
            h.iter()
                .map(|(k, v)| (k.as_str().unwrap().to_string(), yaml_to_json(v)))
                .collect(),
        ),
        Yaml::Array(a) => Value::Array(a.iter().map(yaml_to_json).collect()),
        Yaml::Null | Yaml::BadValue => Value::Null,
        other => panic!("unexpected YAML {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn istio_configmap_watcher_table() {
    let dir = std::env::var_os("ISTIO_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/istio")
        });
    let text = std::fs::read_to_string(dir.join("tables/configmap_watcher.yaml")).unwrap();
    let doc = &YamlLoader::load_from_str(&text).unwrap()[0];
    let cases = doc["cases"].as_vec().unwrap();
    assert_eq!(cases.len(), 10);
    let (client, tx) = fake_apiserver(None);
    let h = start(PairEngine, client);
    for (i, case) in cases.iter().enumerate() {
        let input = &case["input"];
        let raw = yaml_to_json(&input["configmap"]);
        let cm = configmap(
            raw["resourceVersion"].as_str().unwrap(),
            raw["data"].clone(),
        );
        let kind = match input["action"].as_str().unwrap() {
            "add" => "ADDED",
            "update" => "MODIFIED",
            "delete" => "DELETED",
            other => panic!("unknown action {other}"),
        };
        tx.send(event(kind, cm)).unwrap();
        eventually!("step processed", events_seen(&h.metrics) >= (i + 1) as f64);
        let snap = h.multicast.current().expect("a good set is active");
        let expected = &case["expected"];
        assert_eq!(
            snap.settings.1,
            expected["handler_values"].as_str().unwrap(),
            "{}",
            case["name"].as_str().unwrap()
        );
        let policy = expected["handler_config"]["policy"].as_str().unwrap();
        assert_eq!(
            snap.settings.0,
            format!("policy: {policy}"),
            "{}",
            case["name"].as_str().unwrap()
        );
    }
    std::fs::remove_dir_all(&h.dir).unwrap();
}

/// TEST-ONLY engine that keeps the mesh text (and refuses a mesh containing `bad`).
struct MeshEngine;

impl Engine for MeshEngine {
    type Settings = Option<String>;
    fn load(&self, files: &ConfigSet) -> Result<Option<String>, String> {
        match &files.mesh {
            Some(m) if m.contains("bad") => Err("bad mesh".into()),
            m => Ok(m.clone()),
        }
    }
    fn inject(&self, _: &Option<String>, _: &InjectRequest<'_>) -> InjectOutcome {
        InjectOutcome::Skipped {
            reason: "unused".into(),
        }
    }
    fn describe(&self, s: &Option<String>) -> Value {
        json!(s)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mesh_config_from_the_istio_configmap() {
    let injector = configmap("1", json!({"config": "annotation: v1", "values": VALUES}));
    let mesh_cm = |rv: &str, mesh: &str| {
        json!({"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "istio", "namespace": "istio-system", "resourceVersion": rv},
               "data": {"mesh": mesh}})
    };
    let (client, senders) = fake_apiserver_for(vec![
        ("istio-sidecar-injector", Some(injector)),
        ("istio", Some(mesh_cm("1", "trustDomain: one"))),
    ]);
    let h = start_with_mesh(
        MeshEngine,
        client,
        Some(MeshConfigMapRef::istio("istio-system", "default")),
    );
    let mesh = |h: &Harness<MeshEngine>| h.multicast.current().and_then(|s| s.settings.clone());
    eventually!(
        "initial mesh",
        mesh(&h).as_deref() == Some("trustDomain: one")
    );

    let tx = &senders[1];
    tx.send(event("MODIFIED", mesh_cm("2", "trustDomain: two")))
        .unwrap();
    eventually!(
        "mesh update",
        mesh(&h).as_deref() == Some("trustDomain: two")
    );
    // A bad mesh is refused; the last good set keeps serving.
    tx.send(event("MODIFIED", mesh_cm("3", "bad"))).unwrap();
    eventually!("bad mesh seen", events_seen(&h.metrics) >= 2.0);
    assert_eq!(mesh(&h).as_deref(), Some("trustDomain: two"));
    // Without the mesh ConfigMap, Istio's defaults apply (no mesh text).
    tx.send(event("DELETED", mesh_cm("4", "bad"))).unwrap();
    eventually!(
        "mesh deleted",
        h.multicast.current().is_some_and(|s| s.settings.is_none())
    );
    // A mesh file in the directory is not consulted while the ConfigMap is watched.
    std::fs::write(h.dir.join("mesh"), "trustDomain: file").unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(mesh(&h), None);
    std::fs::remove_dir_all(&h.dir).unwrap();
}
