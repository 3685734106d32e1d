//! Live reloads against a running server: certificate rotation and configuration swaps while clients keep
//! sending requests (zero failures allowed), a bad configuration rejected while the old one keeps serving,
//! and the readiness latch.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use common::*;
use hyper::StatusCode;
use serde_json::{json, Value};

/// One load client: (successful requests, failure descriptions).
type LoadTask = tokio::task::JoinHandle<(usize, Vec<String>)>;

/// Clients sending reviews until `stop`: half reuse one keep-alive connection, half open a new connection for
/// every request (so they handshake against whatever certificate is current).
fn spawn_load(server: &TestServer, stop: Arc<AtomicBool>) -> Vec<LoadTask> {
    let mut tasks = Vec::new();
    for i in 0..4 {
        let stop = stop.clone();
        let addr = server.addr;
        let connector = server.ca.connector();
        tasks.push(tokio::spawn(async move {
            let fresh_each_time = i % 2 == 1;
            let mut ok = 0;
            let mut failures = Vec::new();
            let mut conn: Option<Conn> = None;
            while !stop.load(Ordering::Relaxed) {
                if conn.is_none() || fresh_each_time {
                    match Conn::try_connect(addr, Some(connector.clone()), true).await {
                        Ok(c) => conn = Some(c),
                        Err(e) => {
                            failures.push(e);
                            continue;
                        }
                    }
                }
                let Some(c) = conn.as_mut() else { continue };
                match c
                    .review("/inject", &review("admission.k8s.io/v1", "load", json!({})))
                    .await
                {
                    Ok((StatusCode::OK, resp))
                        if resp["response"]["allowed"] == true && !injected(&resp).is_empty() =>
                    {
                        ok += 1;
                    }
                    Ok((status, resp)) => failures.push(format!("{status}: {resp}")),
                    Err(e) => failures.push(e),
                }
            }
            (ok, failures)
        }));
    }
    tasks
}

async fn finish_load(stop: Arc<AtomicBool>, tasks: Vec<LoadTask>) -> (usize, Vec<String>) {
    stop.store(true, Ordering::Relaxed);
    let mut ok = 0;
    let mut failures = Vec::new();
    for t in tasks {
        let (n, f) = t.await.unwrap();
        ok += n;
        failures.extend(f);
    }
    (ok, failures)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificate_rotation_under_load() {
    let server = TestServer::start().await;
    let first = server.connect().await.peer_cert.unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let tasks = spawn_load(&server, stop.clone());
    // Let the clients get going, then rotate twice the way the kubelet updates a Secret volume.
    eventually!(
        "load started",
        metric(&server.metrics().await, "sidecar_injection_requests_total") > 0.0
    );
    let mut last = first.clone();
    for cn in ["second", "third"] {
        let leaf = server.ca.leaf(cn);
        kube_atomic_write(
            &server.cert_dir,
            &[("tls.crt", &leaf.cert_pem), ("tls.key", &leaf.key_pem)],
        );
        let want = leaf.der.clone();
        eventually!(
            "new certificate served",
            server.connect().await.peer_cert.as_deref() == Some(&want[..])
        );
        assert_ne!(want, last);
        last = want;
    }
    let (ok, failures) = finish_load(stop, tasks).await;
    assert!(
        failures.is_empty(),
        "{} failed requests: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(ok > 0);
    let m = server.metrics().await;
    assert!(
        metric(
            &m,
            "sidecar_injection_cert_reloads_total{result=\"success\"}"
        ) >= 3.0,
        "{m}"
    );
    // A broken rotation (key does not match) is rejected; the last good certificate keeps serving.
    let a = server.ca.leaf("a");
    let b = server.ca.leaf("b");
    kube_atomic_write(
        &server.cert_dir,
        &[("tls.crt", &a.cert_pem), ("tls.key", &b.key_pem)],
    );
    eventually!(
        "bad certificate counted",
        metric(
            &server.metrics().await,
            "sidecar_injection_cert_reloads_total{result=\"failure\"}"
        ) >= 1.0
    );
    assert_eq!(server.connect().await.peer_cert.unwrap(), last);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_swap_under_load_and_bad_config_rejected() {
    let server = TestServer::start().await;
    let stop = Arc::new(AtomicBool::new(false));
    let tasks = spawn_load(&server, stop.clone());
    let (_, debug_before) = server.admin_get("/debug/inject").await;
    let debug_before: Value = serde_json::from_str(&debug_before).unwrap();
    assert_eq!(debug_before["generation"], 1);
    assert_eq!(debug_before["settings"], json!({"annotation": "v1"}));

    kube_atomic_write(
        &server.config_dir,
        &[("config", "annotation: v2"), ("values", VALUES)],
    );
    let mut c = server.connect().await;
    eventually!(
        "new config in effect",
        injected(
            &c.review("/inject", &review("admission.k8s.io/v1", "x", json!({})))
                .await
                .unwrap()
                .1
        ) == "v2"
    );
    let (ok, failures) = finish_load(stop.clone(), tasks).await;
    assert!(
        failures.is_empty(),
        "{} failed requests: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(ok > 0);
    let (_, debug_after) = server.admin_get("/debug/inject").await;
    let debug_after: Value = serde_json::from_str(&debug_after).unwrap();
    assert_eq!(debug_after["generation"], 2);
    assert_eq!(debug_after["settings"], json!({"annotation": "v2"}));
    assert_ne!(debug_after["version"], debug_before["version"]);

    // Bad sets (config that does not validate; values that do not parse) are rejected and counted while the
    // old set keeps serving.
    let stop = Arc::new(AtomicBool::new(false));
    let tasks = spawn_load(&server, stop.clone());
    for (i, (config, values)) in [("garbage", VALUES), ("annotation: v3", "{not json")]
        .into_iter()
        .enumerate()
    {
        kube_atomic_write(
            &server.config_dir,
            &[("config", config), ("values", values)],
        );
        eventually!(
            "bad config counted",
            metric(
                &server.metrics().await,
                "sidecar_injection_config_reloads_total{result=\"failure\"}"
            ) >= (i + 1) as f64
        );
        let (_, resp) = c
            .review("/inject", &review("admission.k8s.io/v1", "x", json!({})))
            .await
            .unwrap();
        assert_eq!(injected(&resp), "v2");
    }
    let (_, failures) = finish_load(stop, tasks).await;
    assert!(
        failures.is_empty(),
        "{:?}",
        &failures[..failures.len().min(5)]
    );
    let (_, debug_now) = server.admin_get("/debug/inject").await;
    let debug_now: Value = serde_json::from_str(&debug_now).unwrap();
    assert_eq!(debug_now["version"], debug_after["version"]);
    // A mesh file appearing is a change too.
    kube_atomic_write(
        &server.config_dir,
        &[
            ("config", "annotation: v4"),
            ("values", VALUES),
            ("mesh", "{}"),
        ],
    );
    eventually!(
        "mesh-bearing config in effect",
        injected(
            &c.review("/inject", &review("admission.k8s.io/v1", "x", json!({})))
                .await
                .unwrap()
                .1
        ) == "v4"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_latch_needs_config_and_certificate() {
    let mut server = TestServer::start_with(true, false, false, |_| {}).await;
    let (status, why) = server.admin_get("/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(why, "no valid injector configuration loaded");
    assert_eq!(server.admin_get("/healthz").await.0, StatusCode::OK);
    // Without a certificate, TLS handshakes fail (nothing to serve) but the server keeps running.
    assert!(
        Conn::try_connect(server.addr, Some(server.ca.connector()), true)
            .await
            .is_err()
    );

    kube_atomic_write(
        &server.config_dir,
        &[("config", "annotation: v1"), ("values", VALUES)],
    );
    eventually!(
        "config loaded",
        server.admin_get("/readyz").await.1 == "no serving certificate loaded"
    );
    let leaf = server.ca.leaf("late");
    kube_atomic_write(
        &server.cert_dir,
        &[("tls.crt", &leaf.cert_pem), ("tls.key", &leaf.key_pem)],
    );
    eventually!(
        "ready",
        server.admin_get("/readyz").await.0 == StatusCode::OK
    );
    let mut c = server.connect().await;
    assert_eq!(
        c.send("GET", "/readyz", None, bytes::Bytes::new())
            .await
            .unwrap()
            .0,
        StatusCode::OK
    );
    assert_eq!(
        c.send("GET", "/ready", None, bytes::Bytes::new())
            .await
            .unwrap()
            .0,
        StatusCode::OK
    );
    // The latch holds even when the config later turns bad.
    let failures = "sidecar_injection_config_reloads_total{result=\"failure\"}";
    let before = metric(&server.metrics().await, failures);
    kube_atomic_write(
        &server.config_dir,
        &[("config", "garbage"), ("values", VALUES)],
    );
    eventually!(
        "bad config counted",
        metric(&server.metrics().await, failures) > before
    );
    assert_eq!(server.admin_get("/readyz").await.0, StatusCode::OK);
    server.trigger_shutdown();
    server.wait_stopped().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_before_config_are_denied() {
    let server = TestServer::start_with(true, false, true, |_| {}).await;
    let mut c = server.connect().await;
    let (status, resp) = c
        .review(
            "/inject",
            &review("admission.k8s.io/v1", "early", json!({})),
        )
        .await
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(resp["response"]["allowed"], false);
    assert_eq!(
        resp["response"]["status"]["message"],
        "injector configuration is not loaded yet"
    );
    server.stop().await;
}
