//! Admission round trips and every bad-input class, against a real server on 127.0.0.1 over HTTPS
//! (HTTP/2 and HTTP/1.1 via ALPN) and plain HTTP, with the test-only fake engine.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use bytes::Bytes;
use common::*;
use hyper::StatusCode;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v1_and_v1beta1_round_trips_over_h2_and_h1() {
    let server = TestServer::start().await;
    let mut h2 = server.connect().await;
    assert!(h2.is_h2(), "ALPN should pick h2");
    let mut h1 = server.connect_h1().await;
    assert!(!h1.is_h2());
    assert_eq!(h1.alpn.as_deref(), Some(&b"http/1.1"[..]));
    for conn in [&mut h2, &mut h1] {
        for api in ["admission.k8s.io/v1", "admission.k8s.io/v1beta1"] {
            let (status, resp) = conn
                .review("/inject", &review(api, "uid-1", json!({})))
                .await
                .unwrap();
            assert_eq!(status, StatusCode::OK);
            assert_eq!(resp["apiVersion"], api);
            assert_eq!(resp["kind"], "AdmissionReview");
            assert_eq!(resp["response"]["uid"], "uid-1");
            assert_eq!(resp["response"]["allowed"], true);
            assert_eq!(resp["response"]["patchType"], "JSONPatch");
            let patch = patch_of(&resp);
            assert_eq!(patch[0]["value"]["fake/injected"], "v1");
            assert_eq!(patch[0]["value"]["fake/namespace"], "demo");
            assert_eq!(patch[0]["value"]["fake/path"], "/inject");
            assert!(resp.get("request").is_none(), "the request is not echoed");
        }
    }
    // The path (with its env segments) reaches the engine.
    let (_, resp) = h2
        .review(
            "/inject/cluster/c1/net/n1",
            &review("admission.k8s.io/v1", "u", json!({})),
        )
        .await
        .unwrap();
    assert_eq!(
        patch_of(&resp)[0]["value"]["fake/path"],
        "/inject/cluster/c1/net/n1"
    );
    // dryRun is passed through.
    let mut dry = review("admission.k8s.io/v1", "u", json!({}));
    dry["request"]["dryRun"] = json!(true);
    let (_, resp) = h2.review("/inject", &dry).await.unwrap();
    assert_eq!(patch_of(&resp)[0]["value"]["fake/dry-run"], "true");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skip_and_failure() {
    let server = TestServer::start().await;
    let mut c = server.connect().await;
    let (status, resp) = c
        .review(
            "/inject",
            &review(
                "admission.k8s.io/v1",
                "s",
                json!({"sidecar.istio.io/inject": "false"}),
            ),
        )
        .await
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(resp["response"], json!({"uid": "s", "allowed": true}));
    let (status, resp) = c
        .review(
            "/inject",
            &review("admission.k8s.io/v1", "f", json!({"fail": "true"})),
        )
        .await
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(resp["response"]["allowed"], false);
    assert_eq!(resp["response"]["uid"], "f");
    assert_eq!(
        resp["response"]["status"]["message"],
        "fake engine refused the pod"
    );
    assert!(resp["response"].get("patch").is_none());
    let m = server.metrics().await;
    assert_eq!(
        metric(&m, "sidecar_injection_skip_total{reason=\"label_false\"}"),
        1.0
    );
    assert_eq!(
        metric(
            &m,
            "sidecar_injection_failure_total{reason=\"fake_failure\"}"
        ),
        1.0
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_inputs() {
    let server = TestServer::start_with(true, true, true, |cfg| cfg.body_limit = 4096).await;
    let mut c = server.connect().await;
    let good =
        Bytes::from(serde_json::to_vec(&review("admission.k8s.io/v1", "u", json!({}))).unwrap());

    // Wrong or missing Content-Type (a charset suffix also fails, as in Istio).
    for ct in [
        Some("application/yaml"),
        Some("application/json; charset=utf-8"),
        None,
    ] {
        let (status, body) = c.send("POST", "/inject", ct, good.clone()).await.unwrap();
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{ct:?}");
        assert_eq!(&body[..], b"invalid Content-Type, want `application/json`");
    }
    // Empty body.
    let (status, body) = c
        .send("POST", "/inject", Some("application/json"), Bytes::new())
        .await
        .unwrap();
    assert_eq!(
        (status, &body[..]),
        (StatusCode::BAD_REQUEST, &b"no body found"[..])
    );
    // Body over the limit.
    let big = Bytes::from(vec![b' '; 5000]);
    let (status, _) = c
        .send("POST", "/inject", Some("application/json"), big)
        .await
        .unwrap();
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // Malformed JSON, wrong envelope, non-Pod objects: 200 with allowed=false and a message.
    let cases: Vec<(Bytes, &str)> = vec![
        (Bytes::from_static(b"\x00\x01\x02\x03"), "could not decode body"),
        (Bytes::from_static(b"{\"apiVersion\":"), "could not decode body"),
        (Bytes::from_static(b"[1,2]"), "could not decode body"),
        (Bytes::from(json!({"apiVersion": "v1", "kind": "AdmissionReview"}).to_string()), "unsupported apiVersion"),
        (Bytes::from(json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"}).to_string()), "no request"),
        (
            Bytes::from(
                json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                    "request": {"uid": "x", "kind": {"group": "", "version": "v1", "kind": "Service"}, "object": {"kind": "Service"}}})
                .to_string(),
            ),
            "expected a Pod",
        ),
        (
            Bytes::from(
                json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "x", "object": "pod"}})
                    .to_string(),
            ),
            "not a JSON object",
        ),
    ];
    for (body, want) in cases {
        let (status, resp) = c
            .send("POST", "/inject", Some("application/json"), body.clone())
            .await
            .unwrap();
        assert_eq!(status, StatusCode::OK, "{body:?}");
        let resp: Value = serde_json::from_slice(&resp).unwrap();
        assert_eq!(resp["response"]["allowed"], false, "{body:?}");
        let msg = resp["response"]["status"]["message"].as_str().unwrap();
        assert!(msg.contains(want), "{msg:?} should contain {want:?}");
    }
    // Other methods and paths.
    let (status, _) = c.send("GET", "/inject", None, Bytes::new()).await.unwrap();
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let (status, _) = c
        .send("POST", "/injectx", Some("application/json"), good.clone())
        .await
        .unwrap();
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Debug and metrics endpoints are not on the webhook port.
    for path in ["/debug/inject", "/debug/requests", "/metrics"] {
        let (status, _) = c.send("GET", path, None, Bytes::new()).await.unwrap();
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    // The connection survived everything above.
    let (status, resp) = c
        .send("POST", "/inject", Some("application/json"), good)
        .await
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_slice::<Value>(&resp).unwrap()["response"]["allowed"],
        true
    );
    let m = server.metrics().await;
    for reason in [
        "content_type",
        "no_body",
        "body_too_large",
        "decode",
        "method",
    ] {
        assert!(
            metric(
                &m,
                &format!("sidecar_injection_failure_total{{reason=\"{reason}\"}}")
            ) >= 1.0,
            "{reason}\n{m}"
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apiserver_timeout_is_honoured() {
    let server = TestServer::start().await;
    let mut c = server.connect().await;
    // The engine takes 3 s; the apiserver allows 1 s: the answer is a denial, well before the engine finishes.
    let slow = review("admission.k8s.io/v1", "slow", json!({"sleep-ms": "3000"}));
    let started = std::time::Instant::now();
    let (status, resp) = c.review("/inject?timeout=1s", &slow).await.unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(resp["response"]["uid"], "slow");
    assert_eq!(resp["response"]["allowed"], false);
    assert!(resp["response"]["status"]["message"]
        .as_str()
        .unwrap()
        .contains("did not complete"));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "answered before the engine finished"
    );
    let m = server.metrics().await;
    assert_eq!(
        metric(&m, "sidecar_injection_failure_total{reason=\"timeout\"}"),
        1.0
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_mode() {
    let server = TestServer::start_with(false, true, false, |_| {}).await;
    let mut c = server.connect_h1().await;
    let (status, resp) = c
        .review("/inject", &review("admission.k8s.io/v1", "u", json!({})))
        .await
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(injected(&resp), "v1");
    // Ready without a certificate in plain-HTTP mode.
    assert_eq!(server.admin_get("/readyz").await.0, StatusCode::OK);
    server.stop().await;
}

/// Send raw bytes on a plain-HTTP connection and return the status line of the reply.
async fn raw_status_line(addr: std::net::SocketAddr, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(request).await.unwrap();
    let mut buf = vec![0u8; 512];
    let n = tokio::time::timeout(std::time::Duration::from_secs(20), s.read(&mut buf))
        .await
        .unwrap()
        .unwrap();
    String::from_utf8_lossy(&buf[..n])
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chunked_body_over_limit_and_garbage_http() {
    let server = TestServer::start_with(false, true, false, |cfg| cfg.body_limit = 1024).await;
    // No Content-Length: the limit is enforced while streaming.
    let mut req = b"POST /inject HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        .to_vec();
    for _ in 0..4 {
        req.extend_from_slice(b"400\r\n");
        req.extend_from_slice(&[b' '; 0x400]);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    assert_eq!(
        raw_status_line(server.addr, &req).await,
        "HTTP/1.1 413 Payload Too Large"
    );
    // Not HTTP at all: the connection gets a 400 from the HTTP layer and the server carries on.
    assert!(raw_status_line(server.addr, b"\x16\x03\x01garbage\r\n\r\n")
        .await
        .contains("400"));
    let mut c = server.connect_h1().await;
    let (status, _) = c
        .review("/inject", &review("admission.k8s.io/v1", "u", json!({})))
        .await
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrency_is_bounded() {
    let server =
        TestServer::start_with(true, true, true, |cfg| cfg.max_concurrent_requests = 1).await;
    let mut slow_conn = server.connect().await;
    let slow = tokio::spawn(async move {
        slow_conn
            .review(
                "/inject",
                &review_named(
                    "admission.k8s.io/v1",
                    "slow",
                    "slow-bounded",
                    json!({"sleep-ms": "2500"}),
                ),
            )
            .await
    });
    // Wait until the slow request holds the only slot (the engine is working on it).
    eventually!(
        "slow request in the engine",
        engine_busy_with("slow-bounded")
    );
    let mut c = server.connect().await;
    let (status, resp) = c
        .review(
            "/inject?timeout=500ms",
            &review("admission.k8s.io/v1", "queued", json!({})),
        )
        .await
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(resp["response"]["allowed"], false, "{resp}");
    assert!(
        resp["response"]["status"]["message"]
            .as_str()
            .unwrap()
            .contains("overloaded"),
        "{resp}"
    );
    let (status, resp) = slow.await.unwrap().unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(injected(&resp), "v1");
    // The slot is free again.
    let (_, resp) = c
        .review(
            "/inject",
            &review("admission.k8s.io/v1", "after", json!({})),
        )
        .await
        .unwrap();
    assert_eq!(injected(&resp), "v1");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls12_and_tls13_are_offered() {
    let server = TestServer::start().await;
    for (version, want) in [
        (&rustls::version::TLS12, rustls::ProtocolVersion::TLSv1_2),
        (&rustls::version::TLS13, rustls::ProtocolVersion::TLSv1_3),
    ] {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(server.ca.der.clone()).unwrap();
        let cfg = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_protocol_versions(&[version])
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
        let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(cfg));
        let tcp = tokio::net::TcpStream::connect(server.addr).await.unwrap();
        let name = rustls_pki_types::ServerName::try_from("localhost").unwrap();
        let tls = connector.connect(name, tcp).await.unwrap();
        assert_eq!(tls.get_ref().1.protocol_version(), Some(want));
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_are_bounded() {
    let server = TestServer::start_with(true, true, true, |cfg| cfg.max_connections = 1).await;
    let mut first = server.connect_h1().await;
    let (status, _) = first
        .review("/inject", &review("admission.k8s.io/v1", "1", json!({})))
        .await
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    // A second connection is not served while the first is open...
    let (addr, connector) = (server.addr, server.ca.connector_h1());
    let second = tokio::spawn(async move {
        let mut c = Conn::try_connect(addr, Some(connector), false).await?;
        c.review("/inject", &review("admission.k8s.io/v1", "2", json!({})))
            .await
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !second.is_finished(),
        "second connection served despite the limit"
    );
    // ...admin stays reachable...
    assert_eq!(server.admin_get("/healthz").await.0, StatusCode::OK);
    // ...and is served once the first closes.
    drop(first);
    let (status, resp) = tokio::time::timeout(std::time::Duration::from_secs(20), second)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(resp["response"]["uid"], "2");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn engine_panic_and_overrun_in_both_execution_modes() {
    for isolate in [true, false] {
        let server =
            TestServer::start_with(true, true, true, |cfg| cfg.isolate_engine = isolate).await;
        let mut c = server.connect().await;
        let (status, resp) = c
            .review(
                "/inject",
                &review("admission.k8s.io/v1", "p", json!({"panic": "true"})),
            )
            .await
            .unwrap();
        assert_eq!(status, StatusCode::OK, "isolate={isolate}");
        assert_eq!(resp["response"]["allowed"], false);
        assert!(
            resp["response"]["status"]["message"]
                .as_str()
                .unwrap()
                .contains("crashed"),
            "{resp}"
        );
        // An overrun is reported as a timeout (inline: once the call returns).
        let (_, resp) = c
            .review(
                "/inject?timeout=300ms",
                &review("admission.k8s.io/v1", "s", json!({"sleep-ms": "600"})),
            )
            .await
            .unwrap();
        assert_eq!(resp["response"]["allowed"], false, "isolate={isolate}");
        assert!(resp["response"]["status"]["message"]
            .as_str()
            .unwrap()
            .contains("did not complete"));
        // The server carries on.
        let (_, resp) = c
            .review("/inject", &review("admission.k8s.io/v1", "ok", json!({})))
            .await
            .unwrap();
        assert_eq!(injected(&resp), "v1", "isolate={isolate}");
        let m = server.metrics().await;
        assert_eq!(
            metric(
                &m,
                "sidecar_injection_failure_total{reason=\"engine_panic\"}"
            ),
            1.0
        );
        assert_eq!(
            metric(&m, "sidecar_injection_failure_total{reason=\"timeout\"}"),
            1.0
        );
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bind_fails_cleanly_when_the_port_is_taken() {
    let taken = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dir = temp_dir("bind");
    let mut cfg = test_config(&dir, &dir);
    cfg.webhook_addr = taken.local_addr().unwrap();
    match webhook::Server::bind(FakeEngine, cfg).await {
        Err(webhook::ServerError::Bind { addr, .. }) => {
            assert_eq!(addr, taken.local_addr().unwrap())
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("bind should fail"),
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
