//! Load generator: a real server on 127.0.0.1 with the test-only fake engine, driven by keep-alive HTTPS
//! clients (TLS 1.3; HTTP/1.1 connections, one per client, and one multiplexed HTTP/2 connection) at
//! concurrency 1, 16 and 64. Prints throughput and latency percentiles. First, the in-process cost of the
//! `/inject` handler alone (decode, engine call off the async workers, encode, metrics, decision log). Run with
//! `cargo bench -p webhook --bench load` (optionally `-- <seconds per level>`).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use common::*;
use serde_json::json;

async fn drive(server: &TestServer, clients: usize, h2: bool, secs: f64) -> (usize, Vec<u32>) {
    let body = Bytes::from(
        serde_json::to_vec(&review("admission.k8s.io/v1", "bench", json!({"app": "x"}))).unwrap(),
    );
    let until = Instant::now() + Duration::from_secs_f64(secs);
    let shared_h2 = if h2 {
        Some(Arc::new(tokio::sync::Mutex::new(server.connect().await)))
    } else {
        None
    };
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let body = body.clone();
        // HTTP/2: every client task clones the one connection's sender (multiplexed streams).
        let mut conn = match &shared_h2 {
            Some(_) => None,
            None => Some(server.connect_h1().await),
        };
        let h2_conn = shared_h2.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(100_000);
            let mut own = match h2_conn {
                Some(c) => Some(c.lock().await.clone_sender()),
                None => None,
            };
            while Instant::now() < until {
                let t = Instant::now();
                let c = conn.as_mut().or(own.as_mut()).unwrap();
                let (status, resp) = c
                    .send("POST", "/inject", Some("application/json"), body.clone())
                    .await
                    .unwrap();
                assert!(status.is_success() && resp.len() > 50);
                lat.push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX));
            }
            lat
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort_unstable();
    (all.len(), all)
}

/// Mean time of `InjectHandler::handle` for one request, without network or TLS.
async fn in_process(iterations: usize, isolate_engine: bool) -> Duration {
    use webhook::config_source::{Multicast, Snapshot};
    use webhook::debug::DecisionLog;
    use webhook::inject_handler::{InjectHandler, InjectLimits};
    use webhook::metrics::Metrics;
    use webhook::{ConfigSet, Engine};

    let engine = Arc::new(FakeEngine);
    let settings = engine
        .load(&ConfigSet {
            config: "annotation: v1".into(),
            values: VALUES.into(),
            mesh: None,
        })
        .unwrap();
    let config = Arc::new(Multicast::default());
    config.publish(Arc::new(Snapshot {
        settings,
        version: String::new(),
        loaded_at: std::time::SystemTime::now(),
        generation: 1,
    }));
    let limits = InjectLimits {
        body_limit: 6 << 20,
        request_timeout: Duration::from_secs(30),
        debug_payloads: false,
        isolate_engine,
        patch_cache_bytes: 0,
    };
    let handler = InjectHandler::new(
        engine,
        config,
        Arc::new(Metrics::new()),
        Arc::new(DecisionLog::new(100)),
        64,
        limits,
    );
    let body = Bytes::from(
        serde_json::to_vec(&review("admission.k8s.io/v1", "bench", json!({"app": "x"}))).unwrap(),
    );
    let request = || {
        hyper::Request::post("/inject?timeout=10s")
            .header("content-type", "application/json")
            .body(http_body_util::Full::new(body.clone()))
            .unwrap()
    };
    for _ in 0..1000 {
        handler.handle(request()).await;
    }
    let t = Instant::now();
    for _ in 0..iterations {
        let resp = handler.handle(request()).await;
        assert!(resp.status().is_success());
    }
    t.elapsed() / iterations as u32
}

fn pct(sorted: &[u32], p: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let secs: f64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(3.0);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        for isolate in [true, false] {
            let per = in_process(20_000, isolate).await;
            println!("in-process /inject handler (fake engine, isolate_engine={isolate}): {per:?} per request");
        }
        println!(
            "fake engine, TLS 1.3, {secs} s per level, {} worker threads",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
        println!(
            "{:<8} {:<12} {:>11} {:>10} {:>8} {:>8} {:>8} {:>8}",
            "isolate", "mode", "concurrency", "req/s", "p50 µs", "p90 µs", "p99 µs", "max µs"
        );
        for isolate in [true, false] {
            let server = TestServer::start_with(true, true, true, |cfg| {
                cfg.max_concurrent_requests = 256;
                cfg.debug_history = 100;
                cfg.isolate_engine = isolate;
            })
            .await;
            for h2 in [false, true] {
                for clients in [1usize, 16, 64] {
                    let (n, lat) = drive(&server, clients, h2, secs).await;
                    println!(
                        "{:<8} {:<12} {:>11} {:>10.0} {:>8} {:>8} {:>8} {:>8}",
                        isolate,
                        if h2 { "h2 (1 conn)" } else { "http/1.1" },
                        clients,
                        n as f64 / secs,
                        pct(&lat, 0.5),
                        pct(&lat, 0.9),
                        pct(&lat, 0.99),
                        lat.last().copied().unwrap_or(0)
                    );
                }
            }
            server.stop().await;
        }
    });
}
