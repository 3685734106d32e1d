//! Admin listener (metrics with Istio's names, health, `/debug/inject`, `/debug/requests`) and graceful shutdown.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::time::Duration;

use common::*;
use hyper::StatusCode;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_names_and_debug_endpoints() {
    let server = TestServer::start_with(true, true, true, |cfg| {
        cfg.debug_history = 2;
        cfg.debug_payloads = true;
    })
    .await;
    let mut c = server.connect().await;
    for labels in [
        json!({}),
        json!({"sidecar.istio.io/inject": "false"}),
        json!({"fail": "true"}),
    ] {
        c.review("/inject", &review("admission.k8s.io/v1", "u", labels))
            .await
            .unwrap();
    }
    let (status, text) = server.admin_get("/metrics").await;
    assert_eq!(status, StatusCode::OK);
    for line in [
        "# TYPE sidecar_injection_requests counter",
        "sidecar_injection_requests_total 3",
        "sidecar_injection_success_total 3",
        "sidecar_injection_skip_total{reason=\"label_false\"} 1",
        "sidecar_injection_failure_total{reason=\"fake_failure\"} 1",
        "# TYPE sidecar_injection_time_seconds histogram",
        "sidecar_injection_time_seconds_count 3",
        "sidecar_injection_config_reloads_total{result=\"success\"} 1",
        "sidecar_injection_cert_reloads_total{result=\"success\"} 1",
        "sidecar_injection_config_generation 1",
    ] {
        assert!(text.lines().any(|l| l == line), "missing {line:?}:\n{text}");
    }
    assert!(text.contains("sidecar_injection_time_seconds_bucket{le=\"0.0001\"}"));

    let (status, body) = server.admin_get("/debug/inject").await;
    assert_eq!(status, StatusCode::OK);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["loaded"], true);
    assert_eq!(v["settings"], json!({"annotation": "v1"}));
    assert_eq!(v["version"].as_str().unwrap().len(), 16);
    assert!(v["loadedAt"].as_str().unwrap().ends_with('Z'));

    let (_, body) = server.admin_get("/debug/requests").await;
    let records: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(records.len(), 2, "ring keeps the last 2");
    assert_eq!(records[0]["outcome"], "skipped");
    assert_eq!(records[0]["reason"], "label_false");
    assert_eq!(records[0]["pod"], "demo/p");
    assert_eq!(records[1]["outcome"], "failed");
    c.review("/inject", &review("admission.k8s.io/v1", "u", json!({})))
        .await
        .unwrap();
    let (_, body) = server.admin_get("/debug/requests").await;
    let records: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(records[1]["outcome"], "patched");
    // The server's phases, then the engine's own.
    let phases: Vec<&str> = records[1]["timings_us"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_str().unwrap())
        .collect();
    assert_eq!(phases, ["read", "decode", "queue", "engine", "render"]);
    assert_eq!(records[1]["timings_us"][4], json!(["render", 3]));
    assert_eq!(records[0]["timings_us"].as_array().unwrap().len(), 4);
    assert_eq!(
        records[1]["debug"],
        json!({"context": {"annotation": "v1"}})
    );
    assert!(records[1]["patch_bytes"].as_u64().unwrap() > 0);

    for path in ["/healthz", "/readyz"] {
        assert_eq!(server.admin_get(path).await.0, StatusCode::OK, "{path}");
    }
    assert_eq!(
        server.admin_get("/inject").await.0,
        StatusCode::NOT_FOUND,
        "no admission on the admin port"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_payloads_off_by_default() {
    let server = TestServer::start().await;
    let mut c = server.connect().await;
    c.review("/inject", &review("admission.k8s.io/v1", "u", json!({})))
        .await
        .unwrap();
    let (_, body) = server.admin_get("/debug/requests").await;
    let records: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(records.len(), 1);
    assert!(records[0].get("debug").is_none());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_drains_in_flight() {
    let mut server = TestServer::start().await;
    let addr = server.addr;
    let mut c = server.connect().await;
    let slow = tokio::spawn(async move {
        c.review(
            "/inject",
            &review_named(
                "admission.k8s.io/v1",
                "slow",
                "drain-me",
                json!({"sleep-ms": "500"}),
            ),
        )
        .await
    });
    // Wait until the slow request is inside the engine, then signal shutdown.
    eventually!("request in flight", engine_busy_with("drain-me"));
    server.trigger_shutdown();
    let (status, resp) = tokio::time::timeout(Duration::from_secs(30), slow)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(injected(&resp), "v1");
    server.wait_stopped().await;
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "listener closed after shutdown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_delay_reports_not_ready_while_still_serving() {
    let mut server = TestServer::start_with(true, true, true, |cfg| {
        cfg.shutdown_delay = Duration::from_millis(800)
    })
    .await;
    assert_eq!(server.admin_get("/readyz").await.0, StatusCode::OK);
    server.trigger_shutdown();
    eventually!(
        "not ready after the signal",
        server.admin_get("/readyz").await.0 == StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(server.admin_get("/readyz").await.1, "shutting down");
    // Still accepting new connections and admitting pods during the delay.
    let mut c = server.connect().await;
    let (status, resp) = c
        .review("/inject", &review("admission.k8s.io/v1", "late", json!({})))
        .await
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(injected(&resp), "v1");
    let addr = server.addr;
    server.wait_stopped().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
