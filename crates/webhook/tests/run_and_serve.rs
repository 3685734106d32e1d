//! Istio's `TestRunAndServe` table (`tables/run_and_serve.yaml` of the Istio conformance corpus) against a real
//! server with the test-only fake engine: status codes and `allowed` for each case, then the four counters
//! Istio asserts were recorded. The fake engine stands in for injection, so patch content is not compared
//! (Istio's test does not compare it either).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use bytes::Bytes;
use common::*;
use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn istio_run_and_serve_table() {
    let path = istio_corpus().join("tables/run_and_serve.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = &YamlLoader::load_from_str(&text).unwrap()[0];
    let cases = doc["cases"].as_vec().unwrap();
    assert_eq!(cases.len(), 6);

    let server = TestServer::start().await;
    let mut conn = server.connect().await;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let input = &case["input"];
        assert_eq!(input["method"].as_str(), Some("POST"), "{name}");
        let url = input["url"].as_str().unwrap();
        let path = &url[url.find("/inject").unwrap()..];
        let body = match (&input["body"], &input["body_hex"]) {
            (Yaml::String(s), _) => Bytes::from(s.clone()),
            (_, Yaml::String(h)) => Bytes::from(hex::decode(h).unwrap()),
            _ => panic!("{name}: no body"),
        };
        let content_type = input["content_type"].as_str();
        let (status, resp) = conn.send("POST", path, content_type, body).await.unwrap();
        let want_status = case["expected"]["status_code"].as_i64().unwrap();
        let want_allowed = case["expected"]["allowed"].as_bool().unwrap();
        assert_eq!(i64::from(status.as_u16()), want_status, "{name}");
        if status == hyper::StatusCode::OK {
            let resp: Value = serde_json::from_slice(&resp).unwrap();
            assert_eq!(
                resp["response"]["allowed"].as_bool(),
                Some(want_allowed),
                "{name}: {resp}"
            );
        } else {
            assert!(!want_allowed, "{name}");
        }
    }
    let metrics = server.metrics().await;
    for name in doc["expected_metrics_recorded_at_least_once"]
        .as_vec()
        .unwrap()
    {
        let name = name.as_str().unwrap();
        let recorded = metrics
            .lines()
            .filter(|l| l.starts_with(name) && !l.starts_with('#'))
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .sum::<f64>();
        assert!(recorded >= 1.0, "{name} not recorded:\n{metrics}");
    }
    server.stop().await;
}
