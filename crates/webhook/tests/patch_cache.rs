//! The patch cache behind the real server and the real engine: a repeated pod is answered from the cache with
//! exactly the patch the engine gave it, and anything the engine reads (request namespace, settings, cluster
//! facts) changing means a fresh render. Replicas that differ only in their generated service-account token
//! volume name share an entry once a second render has confirmed it, and get patches equal to uncached ones.
//! Templates reading the clock or randomness, and debug payloads, bypass the cache.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::collections::HashMap;
use std::sync::Arc;

use common::*;
use hyper::StatusCode;
use injector::native::NodeInfo;
use injector::settings::ProcessSettings;
use serde_json::{json, Value};
use webhook::{ClusterState, ConfigSet, IstioEngine, ServerConfig};

fn node(version: &str) -> NodeInfo {
    NodeInfo {
        name: "node-1".into(),
        kubelet_version: version.into(),
    }
}

/// The `hello` pod as its ReplicaSet sends it (no name yet).
fn hello_pod() -> Value {
    json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"generateName": "hello-7d4f9-", "labels": {"app": "hello"},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "hello-7d4f9", "controller": true}]},
        "spec": {"containers": [{"name": "hello", "image": "fake.docker.io/google-samples/hello-go-gke:1.0",
            "ports": [{"name": "http", "containerPort": 80}]}]}})
}

/// `pod` with the token volume the ServiceAccount admission plugin adds, named with `suffix`.
fn with_token(pod: &Value, suffix: &str) -> Value {
    let name = format!("kube-api-access-{suffix}");
    let mut pod = pod.clone();
    pod["spec"]["volumes"] = json!([{"name": name, "projected": {"defaultMode": 420,
        "sources": [{"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}}]}}]);
    pod["spec"]["containers"][0]["volumeMounts"] = json!([{"name": name, "readOnly": true,
        "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]);
    pod
}

fn review(uid: &str, namespace: &str, pod: &Value) -> Value {
    json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
        "request": {"uid": uid, "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "namespace": namespace, "operation": "CREATE", "object": pod}})
}

/// The real engine behind the real server, with Istio's default settings and fixed cluster facts that a test
/// can change.
struct Harness {
    server: TestServer,
    cluster: Arc<ClusterState>,
}

impl Harness {
    async fn start(tweak: impl FnOnce(&mut ServerConfig)) -> Self {
        let process =
            ProcessSettings::from_env([("REVISION".to_string(), "default".to_string())]).unwrap();
        let cluster = Arc::new(ClusterState::fixed(
            Some(vec![node("v1.33.0")]),
            HashMap::new(),
        ));
        let engine = IstioEngine::with_cluster(process, cluster.clone());
        let set = istio_default_settings();
        let server = TestServer::start_engine(engine, &config_files(&set), true, true, tweak).await;
        Harness { server, cluster }
    }

    async fn connect(&self) -> Conn {
        self.server.connect().await
    }

    async fn admin_get(&self, path: &str) -> String {
        let (status, body) = self.server.admin_get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        body
    }

    /// Cache lookups so far: (hit, miss).
    async fn lookups(&self) -> (f64, f64) {
        let [hit, miss, _, _] = self.all_lookups().await;
        (hit, miss)
    }

    /// Cache lookups so far: hit, miss, confirm, refuted.
    async fn all_lookups(&self) -> [f64; 4] {
        let text = self.admin_get("/metrics").await;
        ["hit", "miss", "confirm", "refuted"].map(|r| {
            metric(
                &text,
                &format!("sidecar_injection_patch_cache_lookups_total{{result=\"{r}\"}}"),
            )
        })
    }

    async fn generation(&self) -> u64 {
        let view: Value = serde_json::from_str(&self.admin_get("/debug/inject").await).unwrap();
        view["generation"].as_u64().unwrap_or(0)
    }

    /// Posts the review and returns the uid echoed and the patch served.
    async fn inject(&self, conn: &mut Conn, uid: &str, namespace: &str, pod: &Value) -> Value {
        let (status, resp) = conn
            .review("/inject", &review(uid, namespace, pod))
            .await
            .unwrap();
        assert_eq!(status, StatusCode::OK);
        assert_eq!(resp["response"]["uid"], uid);
        assert_eq!(resp["response"]["allowed"], true, "{resp}");
        patch_of(&resp)
    }

    async fn stop(self) {
        self.server.stop().await;
    }

    /// Replaces the injector config (values and mesh stay Istio's defaults), as a ConfigMap update would.
    fn write_config(&self, config: &str) {
        let set = ConfigSet {
            config: config.to_owned(),
            ..istio_default_settings()
        };
        kube_atomic_write(&self.server.config_dir, &config_files(&set));
    }
}

/// Where the patch puts the proxy: `initContainers` (native sidecar) or `containers`.
fn proxy_list(pod: &Value, patch: &Value) -> &'static str {
    let mut patched = pod.clone();
    json_patch::patch(
        &mut patched,
        &serde_json::from_value::<json_patch::Patch>(patch.clone()).unwrap(),
    )
    .unwrap();
    let holds_proxy = |list: &str| {
        patched["spec"][list]
            .as_array()
            .is_some_and(|cs| cs.iter().any(|c| c["name"] == "istio-proxy"))
    };
    match (holds_proxy("initContainers"), holds_proxy("containers")) {
        (true, false) => "initContainers",
        (false, true) => "containers",
        other => panic!("istio-proxy placement {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_pods_are_answered_from_the_cache_until_an_input_changes() {
    let h = Harness::start(|_| {}).await;
    let mut conn = h.connect().await;
    let pod = hello_pod();

    let first = h.inject(&mut conn, "u1", "demo", &pod).await;
    assert_eq!(h.lookups().await, (0.0, 1.0));
    let second = h.inject(&mut conn, "u2", "demo", &pod).await;
    assert_eq!(h.lookups().await, (1.0, 1.0), "the repeat is a hit");
    assert_eq!(second, first, "the cached patch is the engine's");
    let view: Value = serde_json::from_str(&h.admin_get("/debug/inject").await).unwrap();
    assert_eq!(view["patchCache"]["entries"], 1, "{}", view["patchCache"]);
    assert_eq!(view["settings"]["deterministic"], true);
    let log: Value = serde_json::from_str(&h.admin_get("/debug/requests").await).unwrap();
    let reasons: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap_or(""))
        .collect();
    assert!(reasons.contains(&"cached"), "{reasons:?}");

    // Another namespace is another request.
    h.inject(&mut conn, "u3", "other", &pod).await;
    assert_eq!(h.lookups().await, (1.0, 2.0));

    // A node's kubelet changes: the facts' generation moves, and the next render sees the new facts.
    assert_eq!(proxy_list(&pod, &first), "initContainers");
    h.cluster.set_nodes(vec![node("v1.32.0")]);
    let classic = h.inject(&mut conn, "u4", "demo", &pod).await;
    assert_eq!(h.lookups().await, (1.0, 3.0));
    assert_eq!(proxy_list(&pod, &classic), "containers", "{classic}");
    assert_eq!(
        h.inject(&mut conn, "u5", "demo", &pod).await,
        classic,
        "cached again under the new facts"
    );
    assert_eq!(h.lookups().await, (2.0, 3.0));

    // New settings: the old patch is not served.
    let generation = h.generation().await;
    let config = istio_default_settings().config.replacen(
        "injectedAnnotations:\n",
        "injectedAnnotations:\n  example.com/cache-test: \"2\"\n",
        1,
    );
    assert_ne!(config, istio_default_settings().config);
    h.write_config(&config);
    eventually!("settings reloaded", h.generation().await > generation);
    let reloaded = h.inject(&mut conn, "u6", "demo", &pod).await;
    assert_eq!(h.lookups().await, (2.0, 4.0));
    assert!(
        reloaded.to_string().contains("example.com/cache-test"),
        "{reloaded}"
    );
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_reading_randomness_and_debug_payloads_bypass_the_cache() {
    let h = Harness::start(|_| {}).await;
    let mut conn = h.connect().await;
    // A template that draws random bytes: never cached.
    let rev = r#"istio.io/rev: {{ .Revision | default "default" | quote }},"#;
    let random = istio_default_settings().config.replacen(
        rev,
        &format!("example.com/nonce: {{{{ randAlphaNum 12 | quote }}}}, {rev}"),
        1,
    );
    assert_ne!(random, istio_default_settings().config);
    let generation = h.generation().await;
    h.write_config(&random);
    eventually!("settings reloaded", h.generation().await > generation);
    let view: Value = serde_json::from_str(&h.admin_get("/debug/inject").await).unwrap();
    assert_eq!(view["settings"]["deterministic"], false);
    assert!(view["settings"]["nondeterministicCalls"]
        .as_array()
        .unwrap()
        .contains(&json!("sidecar: randAlphaNum")));
    let pod = hello_pod();
    let a = h.inject(&mut conn, "u1", "demo", &pod).await;
    let b = h.inject(&mut conn, "u2", "demo", &pod).await;
    assert_ne!(a, b, "each render draws a new nonce");
    assert_eq!(h.lookups().await, (0.0, 0.0));
    h.stop().await;

    let h = Harness::start(|cfg| cfg.debug_payloads = true).await;
    let mut conn = h.connect().await;
    h.inject(&mut conn, "u1", "demo", &pod).await;
    h.inject(&mut conn, "u2", "demo", &pod).await;
    assert_eq!(
        h.lookups().await,
        (0.0, 0.0),
        "debug payloads need a render"
    );
    h.stop().await;

    let h = Harness::start(|cfg| cfg.patch_cache_bytes = 0).await;
    let mut conn = h.connect().await;
    h.inject(&mut conn, "u1", "demo", &pod).await;
    h.inject(&mut conn, "u2", "demo", &pod).await;
    assert_eq!(h.lookups().await, (0.0, 0.0), "disabled");
    let view: Value = serde_json::from_str(&h.admin_get("/debug/inject").await).unwrap();
    assert_eq!(view["patchCache"], "disabled");
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_differing_in_their_token_volume_name_share_a_confirmed_patch() {
    let uncached = Harness::start(|cfg| cfg.patch_cache_bytes = 0).await;
    let mut plain = uncached.connect().await;
    let h = Harness::start(|_| {}).await;
    let mut conn = h.connect().await;
    let view: Value = serde_json::from_str(&h.admin_get("/debug/inject").await).unwrap();
    assert_eq!(view["settings"]["tokenVolumeNameOpaque"], true);

    // Results by index: 0 hit, 1 miss, 2 confirm, 3 refuted.
    let mut want = [0.0; 4];
    for (i, (suffix, result)) in [("x7k2p", 1), ("b4c5d", 2), ("zz245", 0), ("x7k2p", 0)]
        .into_iter()
        .enumerate()
    {
        let pod = with_token(&hello_pod(), suffix);
        let uid = format!("u{i}");
        let got = h.inject(&mut conn, &uid, "demo", &pod).await;
        let fresh = uncached.inject(&mut plain, &uid, "demo", &pod).await;
        assert_eq!(
            got, fresh,
            "{suffix}: the served patch is the one a render gives"
        );
        want[result] += 1.0;
        assert_eq!(
            h.all_lookups().await,
            want,
            "after {suffix} (hit, miss, confirm, refuted)"
        );
    }

    // Templates that read volume names keep token pods out of the cache.
    let generation = h.generation().await;
    let reads_volumes = istio_default_settings().config.replacen(
        r#"istio.io/rev: {{ .Revision | default "default" | quote }},"#,
        r#"example.com/volumes: {{ len .Spec.Volumes | quote }}, istio.io/rev: {{ .Revision | default "default" | quote }},"#,
        1,
    );
    h.write_config(&reads_volumes);
    eventually!("settings reloaded", h.generation().await > generation);
    let view: Value = serde_json::from_str(&h.admin_get("/debug/inject").await).unwrap();
    assert_eq!(view["settings"]["tokenVolumeNameOpaque"], false);
    let before = h.all_lookups().await;
    h.inject(&mut conn, "v1", "demo", &with_token(&hello_pod(), "x7k2p"))
        .await;
    h.inject(&mut conn, "v2", "demo", &with_token(&hello_pod(), "b4c5d"))
        .await;
    assert_eq!(h.all_lookups().await, before);

    // A template whose output depends on the name in a way renaming cannot follow (a digest of the spec): the
    // confirming render disagrees, and the entry is never used.
    let generation = h.generation().await;
    let uncached_generation = uncached.generation().await;
    let digests_spec = istio_default_settings().config.replacen(
        r#"istio.io/rev: {{ .Revision | default "default" | quote }},"#,
        r#"example.com/spec: {{ toJson .Spec | sha256sum | quote }}, istio.io/rev: {{ .Revision | default "default" | quote }},"#,
        1,
    );
    h.write_config(&digests_spec);
    uncached.write_config(&digests_spec);
    eventually!("settings reloaded", h.generation().await > generation);
    eventually!(
        "uncached settings reloaded",
        uncached.generation().await > uncached_generation
    );
    let before = h.all_lookups().await;
    for (i, suffix) in ["x7k2p", "b4c5d", "zz245"].into_iter().enumerate() {
        let pod = with_token(&hello_pod(), suffix);
        let uid = format!("d{i}");
        let got = h.inject(&mut conn, &uid, "demo", &pod).await;
        let fresh = uncached.inject(&mut plain, &uid, "demo", &pod).await;
        assert_eq!(got, fresh, "{suffix}");
    }
    let after = h.all_lookups().await;
    let delta: Vec<f64> = after.iter().zip(before).map(|(a, b)| a - b).collect();
    assert_eq!(delta, [0.0, 1.0, 1.0, 1.0], "(hit, miss, confirm, refuted)");
    h.stop().await;
    uncached.stop().await;
}
